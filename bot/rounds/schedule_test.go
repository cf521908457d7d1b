package rounds

import (
	"testing"
	"time"

	"reportbot/bot"
)

// TestScheduleUpcomingMatchesTicks: what the coordinator is shown as the
// upcoming sends is what the reminder ticks send, message for message and
// within a tick of the time shown, for several schedules: the default,
// more reminders before, overdue every other day, weekends and a narrow
// sending window, and no escalation.
func TestScheduleUpcomingMatchesTicks(t *testing.T) {
	start := time.Date(2026, 11, 30, 7, 0, 0, 0, bot.CST) // a Monday
	deadline := time.Date(2026, 12, 11, 23, 59, 59, 0, bot.CST)
	end := deadline.AddDate(0, 0, 10)
	r := &bot.Round{ID: "r1", Title: "2026年度法治政府建设情况报告", Year: 2026, Form: &bot.Form{}, Deadline: deadline, Status: bot.RoundOpen,
		Departments: []bot.Department{{ID: "a", Name: "甲", Contacts: []string{"ca"}, Head: "ha"}, {ID: "b", Name: "乙", Contacts: []string{"cb", "cb2"}},
			{ID: "c", Name: "丙", Contacts: []string{"cc"}}}}
	r.Form.Index()
	base := DefaultReminderPlan()
	base.CoordinatorUsers = []string{"coord"}
	for _, c := range []struct {
		name string
		s    *bot.Schedule
	}{
		{"default", nil},
		{"more before, every other day", &bot.Schedule{BeforeDays: []int{5, 2, 1}, OverdueEvery: 2, EscalateHead: 3, EscalateCoord: 6, SendFrom: 8, SendTo: 21}},
		{"weekends, narrow window", &bot.Schedule{BeforeDays: []int{7, 3}, OverdueEvery: 1, EscalateHead: 1, EscalateCoord: 2, SendFrom: 10, SendTo: 14, Weekends: true}},
		{"no escalation, no overdue", &bot.Schedule{BeforeDays: []int{1}, OverdueEvery: 0, SendFrom: 0, SendTo: 24}},
	} {
		plan := base.With(c.s)
		for _, d := range r.Departments {
			a := &bot.Assignment{Ref: bot.AssignmentRef{Round: r.ID, Dept: d.ID}, Status: bot.NotStarted}
			planned := plan.planned(r, d, a, nil, start, end)
			got := map[string]time.Time{}
			for now := start; !now.After(end); now = now.Add(5 * time.Minute) {
				for _, rem := range plan.Due(r, d, a, now) {
					if _, ok := got[rem.Kind]; !ok {
						got[rem.Kind] = now
					}
				}
			}
			if len(got) != len(planned) {
				t.Errorf("%s, %s: ticks sent %d kinds, the plan shows %d:\nsent %v\nplan %v", c.name, d.Name, len(got), len(planned), got, planned)
			}
			for _, p := range planned {
				at, ok := got[p.Kind]
				if !ok || at.Before(p.At) || !at.Before(p.At.Add(5*time.Minute)) {
					t.Errorf("%s, %s: %s planned at %s, sent at %s", c.name, d.Name, p.Kind, p.At.Format("01-02 15:04"), at.Format("01-02 15:04"))
				}
			}
			if c.s == nil && len(planned) < 10 {
				t.Errorf("%s, %s: only %d sends planned", c.name, d.Name, len(planned))
			}
		}
	}
}

// TestScheduleValidate: a coordinator's schedule is checked with a Chinese
// message for each mistake.
func TestScheduleValidate(t *testing.T) {
	ok := bot.Schedule{BeforeDays: []int{3, 1}, OverdueEvery: 1, EscalateHead: 2, EscalateCoord: 4, SendFrom: 8, SendTo: 21}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []func(*bot.Schedule){
		func(s *bot.Schedule) { s.BeforeDays = []int{3, 3} },
		func(s *bot.Schedule) { s.BeforeDays = []int{0} },
		func(s *bot.Schedule) { s.OverdueEvery = -1 },
		func(s *bot.Schedule) { s.EscalateCoord = 90 },
		func(s *bot.Schedule) { s.SendFrom, s.SendTo = 21, 8 },
		func(s *bot.Schedule) { s.SendFrom, s.SendTo = 8, 10 },
	} {
		s := ok
		s.BeforeDays = append([]int(nil), ok.BeforeDays...)
		bad(&s)
		if err := s.Validate(); bot.ErrorCode(err) != bot.EInvalid || bot.ErrorMessage(err) == "" {
			t.Errorf("%+v: %v", s, err)
		}
	}
	if got := DefaultReminderPlan().With(&ok); got.QuietFrom != 21 || got.QuietTo != 8 || got.FirstHour != 9 {
		t.Errorf("With: %+v", got)
	}
	if s := DefaultReminderPlan().Schedule(); s.SendFrom != 8 || s.SendTo != 21 || s.OverdueEvery != 1 {
		t.Errorf("Schedule: %+v", s)
	}
}
