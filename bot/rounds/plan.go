package rounds

import (
	"fmt"
	"hash/fnv"
	"reportbot/bot"
	"time"
)

// ReminderPlan says when contacts are reminded and when the department
// head and the coordinator are told. Times are China time.
type ReminderPlan struct {
	BeforeDays       []int // reminders this many days before the deadline (default 3 and 1)
	OverdueEvery     int   // overdue reminders every this many sending days (default 1; 0: none)
	EscalateHead     int   // days overdue before the head is told (default 2; 0: never)
	EscalateCoord    int   // days overdue before the coordinator is told (default 4; 0: never)
	QuietFrom        int   // no messages from this hour… (default 21)
	QuietTo          int   // …until this hour (default 8)
	AllowWeekends    bool  // send on rest days too: weekends and public holidays
	FirstHour        int   // reminders go out from this hour (default 9), spread over two hours
	CoordinatorUsers []string
	// Calendar tells working days from rest days (public holidays and the
	// weekends worked in exchange); nil knows weekends only.
	Calendar *bot.Calendar
}

// DefaultReminderPlan is 3 days and 1 day before, then every working day
// overdue; the head after 2 days overdue, the coordinator after 4.
func DefaultReminderPlan() ReminderPlan {
	return ReminderPlan{BeforeDays: []int{3, 1}, OverdueEvery: 1, EscalateHead: 2, EscalateCoord: 4, QuietFrom: 21, QuietTo: 8, FirstHour: 9}
}

// With returns the plan a round follows: p, with the round's own schedule
// in place of p's timings when it has one.
func (p ReminderPlan) With(s *bot.Schedule) ReminderPlan {
	if s == nil {
		return p
	}
	p.BeforeDays = append([]int(nil), s.BeforeDays...)
	p.OverdueEvery, p.EscalateHead, p.EscalateCoord = s.OverdueEvery, s.EscalateHead, s.EscalateCoord
	p.QuietTo, p.QuietFrom, p.AllowWeekends = s.SendFrom, s.SendTo, s.Weekends
	if s.SendFrom == 0 && s.SendTo == 24 {
		p.QuietFrom, p.QuietTo = 24, 0
	}
	// Reminders go out over the two hours from FirstHour: keep them inside
	// the sending hours.
	p.FirstHour = min(max(9, s.SendFrom), max(s.SendTo-2, s.SendFrom))
	return p
}

// Schedule is the plan's timings as a coordinator edits them.
func (p ReminderPlan) Schedule() bot.Schedule {
	s := bot.Schedule{BeforeDays: append([]int(nil), p.BeforeDays...), OverdueEvery: p.OverdueEvery, EscalateHead: p.EscalateHead,
		EscalateCoord: p.EscalateCoord, SendFrom: p.QuietTo, SendTo: p.QuietFrom, Weekends: p.AllowWeekends}
	if p.QuietFrom >= 24 && p.QuietTo == 0 {
		s.SendFrom, s.SendTo = 0, 24
	}
	return s
}

// Allowed reports whether messages may be sent at t: outside quiet hours
// and, unless rest days are allowed, on a working day (China time).
func (p ReminderPlan) Allowed(t time.Time) bool { return p.allowed(t) }

// NextSend returns the first moment at or after t when messages may be
// sent: t itself inside the sending hours, else the start of the next
// sending hour.
func (p ReminderPlan) NextSend(t time.Time) time.Time {
	if p.allowed(t) {
		return t
	}
	h := t.In(bot.CST).Truncate(time.Hour)
	for i := 0; i < 24*21; i++ {
		h = h.Add(time.Hour)
		if p.allowed(h) {
			return h
		}
	}
	return t // a plan that never sends; Validate refuses it
}

// QuietText describes when nothing is sent, e.g. 晚 9 点至早 8 点及周末.
func (p ReminderPlan) QuietText() string {
	var s string
	if p.QuietFrom < 24 && p.QuietFrom != p.QuietTo {
		s = fmt.Sprintf("%s至%s", hourWord(p.QuietFrom), hourWord(p.QuietTo))
	}
	if !p.AllowWeekends {
		if s == "" {
			return "周末和节假日"
		}
		s += "及周末、节假日"
	}
	return s
}

// hourWord writes an hour of the day as people say it: 晚 9 点, 早 8 点.
func hourWord(h int) string {
	switch {
	case h == 0 || h == 24:
		return "零点"
	case h < 12:
		return fmt.Sprintf("早 %d 点", h)
	case h == 12:
		return "中午 12 点"
	case h < 18:
		return fmt.Sprintf("下午 %d 点", h-12)
	}
	return fmt.Sprintf("晚 %d 点", h-12)
}

// sendDay reports whether messages may go out on t's day: a working day
// by the calendar, or any day when rest days are allowed.
func (p ReminderPlan) sendDay(t time.Time) bool { return p.AllowWeekends || p.Calendar.Workday(t) }

// allowed reports whether t (China time) is outside quiet hours and, unless
// rest days are allowed, on a working day.
func (p ReminderPlan) allowed(t time.Time) bool {
	t = t.In(bot.CST)
	if !p.sendDay(t) {
		return false
	}
	h := t.Hour()
	return !(h >= p.QuietFrom || h < p.QuietTo)
}

// slot is when a reminder of kind for ref goes out on day: FirstHour plus a
// stable jitter of 7 to 113 minutes that avoids :00 and :30, so a district
// of departments is not messaged all at once.
func (p ReminderPlan) slot(day time.Time, ref bot.AssignmentRef, kind string) time.Time {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%s/%s", ref.Round, ref.Dept, kind)
	m := 7 + int(h.Sum32()%107)
	if m%30 == 0 {
		m++
	}
	d := day.In(bot.CST)
	return time.Date(d.Year(), d.Month(), d.Day(), p.FirstHour, 0, 0, 0, bot.CST).Add(time.Duration(m) * time.Minute)
}

// nextAllowedDay moves day forward to a day reminders may be sent on.
func (p ReminderPlan) nextAllowedDay(day time.Time) time.Time {
	// The longest run of rest days is a holiday of nine days.
	for i := 0; i < 21 && !p.sendDay(day); i++ {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// beforeSlot is when one reminder before the deadline goes out.
type beforeSlot struct {
	at   time.Time
	kind string // before-3
}

// beforeSlots lists the reminders before deadline at their slots. Two that
// rest days move onto the same day (3 and 1 days before a deadline just
// after a holiday) are one reminder, the one nearer the deadline.
func (p ReminderPlan) beforeSlots(deadline time.Time, ref bot.AssignmentRef) []beforeSlot {
	days := map[string]int{} // sending day → smallest n moved onto it
	for _, n := range p.BeforeDays {
		day := p.nextAllowedDay(deadline.AddDate(0, 0, -n)).In(bot.CST).Format("20060102")
		if m, ok := days[day]; !ok || n < m {
			days[day] = n
		}
	}
	var out []beforeSlot
	for _, n := range p.BeforeDays {
		day := p.nextAllowedDay(deadline.AddDate(0, 0, -n))
		if days[day.In(bot.CST).Format("20060102")] != n {
			continue
		}
		kind := fmt.Sprintf("before-%d", n)
		out = append(out, beforeSlot{p.slot(day, ref, kind), kind})
	}
	return out
}

// escalateAt is when an escalation of kind may go out on day: an hour
// after the day's overdue reminder to the department, so its contacts
// hear first; the coordinator's digest at one time for the whole round.
// A sending window too narrow for the hour keeps the reminder's minute.
func (p ReminderPlan) escalateAt(day time.Time, ref bot.AssignmentRef, kind string) time.Time {
	slot, after := p.slot(day, ref, "overdue-"+day.In(bot.CST).Format("20060102")), time.Hour
	if kind == "escalate-coordinator" {
		// After every department's reminder (those end two hours after
		// FirstHour), at the round's own minute.
		slot, after = p.slot(day, bot.AssignmentRef{Round: ref.Round}, kind), 2*time.Hour
	}
	if at := slot.Add(after); p.allowed(at) {
		return at
	}
	return slot.Add(time.Minute)
}

// overdueDay reports whether day, after the deadline, is one on which the
// overdue reminder goes out: every OverdueEvery-th sending day.
func (p ReminderPlan) overdueDay(deadline, day time.Time) bool {
	if p.OverdueEvery <= 0 || !p.sendDay(day) {
		return false
	}
	d := deadline.In(bot.CST)
	first := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, bot.CST).AddDate(0, 0, 1)
	n := 0
	for x := first; !x.After(day); x = x.AddDate(0, 0, 1) {
		if p.sendDay(x) {
			n++
		}
		if n > 400 {
			break
		}
	}
	return n > 0 && (n-1)%p.OverdueEvery == 0
}

// Due lists the reminders due at now for one assignment of an open round;
// the caller sends each whose mark it wins. Submitted departments get none.
func (p ReminderPlan) Due(r *bot.Round, d bot.Department, a *bot.Assignment, now time.Time) []Reminder {
	if r.Status != bot.RoundOpen || a.Status == bot.Submitted || a.Status == bot.PendingReview || !p.allowed(now) {
		return nil
	}
	ref := a.Ref
	done, total := r.FormFor(d.ID).Progress(a.Answers)
	var out []Reminder
	add := func(kind string, to []string, text string, buttons ...bot.Button) {
		if len(to) > 0 {
			out = append(out, Reminder{Ref: ref, Kind: kind, To: to, Reply: bot.Reply{Text: text, Buttons: buttons}, Deadline: r.Deadline})
		}
	}
	start := startButton(ref)
	if a.Status == bot.NotStarted && now.Before(r.Deadline) {
		add("invite", d.Contacts, fmt.Sprintf(msgInvite, r.Title, d.Name, bot.FormatDate(r.Deadline)), start...)
	}
	if now.Before(r.Deadline) {
		// Only the latest due "before" reminder counts: a missed earlier
		// one is not sent late.
		var kind string
		var latest time.Time
		for _, b := range p.beforeSlots(r.Deadline, ref) {
			if !now.Before(b.at) && b.at.Before(r.Deadline) && b.at.After(latest) {
				kind, latest = b.kind, b.at
			}
		}
		if kind != "" {
			add(kind, d.Contacts, fmt.Sprintf(msgRemindBefore, r.Title, bot.FormatDate(r.Deadline), done, total), start...)
		}
		return out
	}
	days := int(now.Sub(r.Deadline).Hours() / 24)
	today := now.In(bot.CST)
	if kind := "overdue-" + today.Format("20060102"); p.overdueDay(r.Deadline, today) && !now.Before(p.slot(today, ref, kind)) {
		add(kind, d.Contacts, fmt.Sprintf(msgRemindOverdue, r.Title, bot.FormatDate(r.Deadline), done, total), start...)
	}
	if p.EscalateHead > 0 && days >= p.EscalateHead && d.Head != "" && !now.Before(p.escalateAt(today, ref, "escalate-head")) {
		add("escalate-head", []string{d.Head}, fmt.Sprintf(msgEscalateHead, d.Name, r.Title, bot.FormatDate(r.Deadline), a.Status.Label(), done, total))
	}
	if p.EscalateCoord > 0 && days >= p.EscalateCoord && !now.Before(p.escalateAt(today, ref, "escalate-coordinator")) {
		// One line of the coordinator's digest (see TickRound).
		add("escalate-coordinator", p.CoordinatorUsers, fmt.Sprintf(msgEscalateCoordLine, d.Name, days, a.Status.Label(), done, total))
	}
	return out
}
