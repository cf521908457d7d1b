package rounds

import (
	"sort"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
)

// calendar2026 is the shipped 2026 arrangement.
func calendar2026(t *testing.T) *bot.Calendar {
	t.Helper()
	c := bot.WithBuiltin(nil)
	if !c.Known(2026) {
		t.Fatal("2026 is not shipped")
	}
	return c
}

// TestRemindHolidays: reminders keep to the State Council's arrangement:
// nothing goes out during the National Day week, the weekend worked in
// exchange is a sending day, and overdue reminders count sending days.
func TestRemindHolidays(t *testing.T) {
	p := DefaultReminderPlan()
	p.Calendar = calendar2026(t)
	at := func(m, d, h, min int) time.Time { return time.Date(2026, time.Month(m), d, h, min, 0, 0, bot.CST) }

	for _, c := range []struct {
		now, want time.Time
	}{
		{at(9, 30, 21, 0), at(10, 8, 8, 0)},   // the evening before National Day → the Thursday after it
		{at(10, 3, 10, 0), at(10, 8, 8, 0)},   // a holiday Saturday
		{at(10, 10, 9, 0), at(10, 10, 9, 0)},  // Saturday 10 October is worked
		{at(10, 10, 22, 0), at(10, 12, 8, 0)}, // its evening → Monday, not Sunday
		{at(9, 19, 12, 0), at(9, 20, 8, 0)},   // Saturday → Sunday 20 September, worked
	} {
		if got := p.NextSend(c.now); !got.Equal(c.want) {
			t.Errorf("NextSend(%s) = %s, want %s", c.now.Format("01-02 Mon 15:04"), got.Format("01-02 Mon 15:04"), c.want.Format("01-02 Mon 15:04"))
		}
	}
	// A reminder 3 days before a deadline of Friday 9 October falls on the
	// holiday of the 6th: it goes out on the 8th, the first working day.
	if got := p.nextAllowedDay(at(10, 6, 0, 0)); got.Day() != 8 {
		t.Errorf("before-3 day moved to %s", got.Format("01-02"))
	}
	// Overdue after a deadline of 30 September, every second sending day:
	// the first is the 8th, then the 10th (the worked Saturday), then the 13th.
	p.OverdueEvery = 2
	deadline := at(9, 30, 18, 0)
	var days []string
	for d := at(10, 1, 0, 0); d.Before(at(10, 15, 0, 0)); d = d.AddDate(0, 0, 1) {
		if p.overdueDay(deadline, d) {
			days = append(days, d.Format("01-02"))
		}
	}
	if got := strings.Join(days, " "); got != "10-08 10-10 10-13" {
		t.Errorf("overdue days = %s", got)
	}
	// Without the calendar only weekends rest.
	p.Calendar = nil
	if got := p.NextSend(at(10, 1, 10, 0)); !got.Equal(at(10, 1, 10, 0)) {
		t.Errorf("without a calendar National Day is %s", got)
	}
	p.Calendar = calendar2026(t)
	p.AllowWeekends = true
	if got := p.NextSend(at(10, 1, 10, 0)); !got.Equal(at(10, 1, 10, 0)) {
		t.Errorf("with rest days allowed: %s", got)
	}
}

// TestRemindHolidaysUpcoming: the list a coordinator sees beside the
// schedule skips the holiday: a round due on 9 October 2026 with a
// reminder 3 and 1 days before sends them on the 8th only (the latest),
// not during the National Day week.
func TestRemindHolidaysUpcoming(t *testing.T) {
	p := DefaultReminderPlan()
	p.Calendar = calendar2026(t)
	r := &bot.Round{ID: "r", Status: bot.RoundOpen, Form: &bot.Form{}, Deadline: time.Date(2026, 10, 9, 18, 0, 0, 0, bot.CST)}
	d := bot.Department{ID: "d", Name: "区司法局", Contacts: []string{"u"}}
	a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "r", Dept: "d"}, Status: bot.InProgress}
	now := time.Date(2026, 9, 29, 12, 0, 0, 0, bot.CST)
	var got []string
	for _, pl := range p.planned(r, d, a, nil, now, r.Deadline) {
		got = append(got, pl.At.Format("01-02 ")+pl.Label())
	}
	if strings.Join(got, "; ") != "10-08 截止前 1 天提醒" {
		t.Errorf("planned: %q", got)
	}
	// Tick by tick, the morning of the 8th sends one reminder, not two.
	var sent []string
	marks := map[string]bool{}
	for at := time.Date(2026, 10, 1, 0, 0, 0, 0, bot.CST); at.Before(r.Deadline); at = at.Add(5 * time.Minute) {
		for _, rem := range p.Due(r, d, a, at) {
			if !marks[rem.Kind] {
				marks[rem.Kind] = true
				sent = append(sent, at.Format("01-02 ")+rem.Kind)
			}
		}
	}
	if len(sent) != 1 || !strings.HasPrefix(sent[0], "10-08 before-1") {
		t.Errorf("sent: %q", sent)
	}
}

// TestRemindPlannedMatchesDue: what the schedule page lists is what the
// ticks send, to the minute, across a holiday and weekends; an escalation
// goes out after the day's overdue reminder (the contacts hear first), off
// the hour, and the coordinator's lines of one round at one time.
func TestRemindPlannedMatchesDue(t *testing.T) {
	p := DefaultReminderPlan()
	p.Calendar = calendar2026(t)
	p.CoordinatorUsers = []string{"co"}
	r := &bot.Round{ID: "rx", Status: bot.RoundOpen, Form: &bot.Form{}, Deadline: time.Date(2026, 9, 28, 23, 59, 0, 0, bot.CST)}
	start := time.Date(2026, 9, 20, 8, 0, 0, 0, bot.CST) // a Sunday worked in exchange
	until := time.Date(2026, 10, 20, 0, 0, 0, 0, bot.CST)
	var planned, sent []string
	coordAt := map[string]bool{}
	for i, id := range []string{"d1", "d2", "d3"} {
		d := bot.Department{ID: id, Name: id, Contacts: []string{"u" + id}, Head: "h" + id}
		a := &bot.Assignment{Ref: bot.AssignmentRef{Round: r.ID, Dept: id}, Status: bot.InProgress}
		if i == 0 {
			a.Status = bot.NotStarted
		}
		for _, pl := range p.planned(r, d, a, nil, start, until) {
			planned = append(planned, id+" "+pl.Kind+" "+pl.At.Format("01-02 15:04"))
		}
		marks := map[string]bool{}
		overdueAt := map[string]time.Time{}
		for at := start; at.Before(until); at = at.Add(time.Minute) {
			for _, rem := range p.Due(r, d, a, at) {
				if marks[rem.Kind] {
					continue
				}
				marks[rem.Kind] = true
				sent = append(sent, id+" "+rem.Kind+" "+at.Format("01-02 15:04"))
				if day, ok := p.Calendar.Day(at); ok && day.Off {
					t.Errorf("%s %s sent on %s", id, rem.Kind, day.Name)
				}
				if strings.HasPrefix(rem.Kind, "overdue-") {
					overdueAt[at.Format("0102")] = at
				}
				if strings.HasPrefix(rem.Kind, "escalate-") {
					if at.Minute() == 0 {
						t.Errorf("%s %s on the hour: %s", id, rem.Kind, at.Format("01-02 15:04"))
					}
					if o, ok := overdueAt[at.Format("0102")]; !ok || !o.Before(at) {
						t.Errorf("%s %s at %s before the day's overdue reminder (%s)", id, rem.Kind, at.Format("01-02 15:04"), o.Format("15:04"))
					}
				}
				if rem.Kind == "escalate-coordinator" {
					coordAt[at.Format("01-02 15:04")] = true
				}
			}
		}
	}
	sort.Strings(planned)
	sort.Strings(sent)
	if strings.Join(planned, "\n") != strings.Join(sent, "\n") {
		t.Errorf("planned:\n%s\nsent:\n%s", strings.Join(planned, "\n"), strings.Join(sent, "\n"))
	}
	if len(coordAt) != 1 {
		t.Errorf("the coordinator's lines go out at %d times: %v", len(coordAt), coordAt)
	}
}
