package rounds

import (
	"context"
	"fmt"
	"sort"
	"time"

	"reportbot/bot"
)

// Planned is one message the plan will send, if nothing changes: no
// department submits and nobody edits the schedule.
type Planned struct {
	At   time.Time
	Dept bot.Department
	Kind string   // invite, before-3, overdue-20260105, escalate-head, escalate-coordinator
	To   []string // user ids
}

// Label names the kind of message in Chinese.
func (p Planned) Label() string {
	switch {
	case p.Kind == "invite":
		return "填报邀请"
	case p.Kind == "escalate-head":
		return "告知部门负责人"
	case p.Kind == "escalate-coordinator":
		return "告知统筹人"
	case len(p.Kind) > 8 && p.Kind[:8] == "overdue-":
		return "逾期提醒"
	}
	var n int
	if _, err := fmt.Sscanf(p.Kind, "before-%d", &n); err == nil {
		return fmt.Sprintf("截止前 %d 天提醒", n)
	}
	return p.Kind
}

// planned lists what the plan will send one department from now until
// until, the way Due decides it tick by tick; sent holds the kinds
// already sent.
func (p ReminderPlan) planned(r *bot.Round, d bot.Department, a *bot.Assignment, sent map[string]bool, now, until time.Time) []Planned {
	if r.Status == bot.RoundClosed || a.Status == bot.Submitted || a.Status == bot.PendingReview {
		return nil
	}
	// A round not yet open sends from its start; plan as if it were now.
	var out []Planned
	add := func(at time.Time, kind string, to []string) {
		if len(to) > 0 && !sent[kind] && !at.After(until) {
			out = append(out, Planned{At: at, Dept: d, Kind: kind, To: to})
		}
	}
	ref := a.Ref
	if a.Status == bot.NotStarted && now.Before(r.Deadline) {
		add(p.NextSend(now), "invite", d.Contacts)
	}
	// Before the deadline: each "before" reminder at its slot, unless a
	// later one's slot has passed by the time it could go (Due sends only
	// the latest one due).
	var before []beforeSlot
	for _, b := range p.beforeSlots(r.Deadline, ref) {
		if b.at.Before(r.Deadline) {
			before = append(before, beforeSlot{p.NextSend(b.at), b.kind})
		}
	}
	sort.Slice(before, func(i, j int) bool { return before[i].at.Before(before[j].at) })
	for i, b := range before {
		if b.at.Before(now) || i+1 < len(before) && !before[i+1].at.After(b.at) {
			continue
		}
		add(b.at, b.kind, d.Contacts)
	}
	// After the deadline: overdue reminders on their days, then the head
	// and the coordinator once.
	start := r.Deadline
	if now.After(start) {
		start = now
	}
	day := start.In(bot.CST)
	for i := 0; i < 60 && !day.After(until); i++ {
		kind := "overdue-" + day.Format("20060102")
		if at := p.slot(day, ref, kind); at.After(r.Deadline) && !at.Before(now) && p.allowed(at) && p.overdueDay(r.Deadline, day) {
			add(at, kind, d.Contacts)
		}
		day = day.AddDate(0, 0, 1)
	}
	if p.EscalateHead > 0 && d.Head != "" {
		if at, ok := p.firstEscalation(r.Deadline, ref, "escalate-head", p.EscalateHead, now, until); ok {
			add(at, "escalate-head", []string{d.Head})
		}
	}
	if p.EscalateCoord > 0 {
		if at, ok := p.firstEscalation(r.Deadline, ref, "escalate-coordinator", p.EscalateCoord, now, until); ok {
			add(at, "escalate-coordinator", p.CoordinatorUsers)
		}
	}
	return out
}

// firstEscalation is when Due first sends an escalation of kind after
// days days overdue: the first sending day's escalateAt from then on.
func (p ReminderPlan) firstEscalation(deadline time.Time, ref bot.AssignmentRef, kind string, days int, now, until time.Time) (time.Time, bool) {
	day := maxTime(now, deadline.Add(time.Duration(days)*24*time.Hour)).In(bot.CST)
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, bot.CST)
	for i := 0; i < 60 && !day.After(until); i++ {
		at := p.escalateAt(day, ref, kind)
		if !at.Before(now) && p.allowed(at) && int(at.Sub(deadline).Hours()/24) >= days {
			return at, true
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, false
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Upcoming lists what round r will send from now until until, in time
// order, if no department submits and the schedule stays as it is: what a
// coordinator sees beside the schedule they edit.
func (rm *Reminders) Upcoming(ctx context.Context, r *bot.Round, now, until time.Time) ([]Planned, error) {
	// A year saved on another replica shows at once.
	if err := rm.RefreshCalendar(ctx); err != nil {
		return nil, err
	}
	plan := rm.PlanFor(r)
	var out []Planned
	for _, d := range r.Departments {
		ref := bot.AssignmentRef{Round: r.ID, Dept: d.ID}
		a, err := rm.Store.Assignment(ctx, ref)
		if err != nil {
			return nil, err
		}
		sent, err := rm.Store.SentReminders(ctx, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, plan.planned(r, d, a, sent, now, until)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
