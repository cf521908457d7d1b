package rounds

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"reportbot/bot"
)

// Reminder is one message the plan says is due.
type Reminder struct {
	Ref   bot.AssignmentRef
	Kind  string // invite, before-3, overdue-20260105, escalate-head, escalate-coordinator
	To    []string
	Reply bot.Reply
	// Deadline is the round's deadline it was due for: a reminder sent
	// again after the deadline moved is a new message.
	Deadline time.Time
}

// ReminderMarks records which reminders went out, shared by replicas.
type ReminderMarks interface {
	// MarkReminder claims kind for ref; false if it was claimed before.
	// Claims other than invitations count as reminders sent.
	MarkReminder(ctx context.Context, ref bot.AssignmentRef, kind string) (bool, error)
	// UnmarkReminder releases a claim whose sending failed, so a later
	// tick tries again.
	UnmarkReminder(ctx context.Context, ref bot.AssignmentRef, kind string) error
	// ReminderCount is how many reminders (not invitations) ref was sent.
	ReminderCount(ctx context.Context, ref bot.AssignmentRef) (int, error)
	// SentReminders returns the kinds of reminder ref was sent.
	SentReminders(ctx context.Context, ref bot.AssignmentRef) (map[string]bool, error)
	// ForgetReminder lets kind be sent to ref again (its deadline moved),
	// still counting it as sent.
	ForgetReminder(ctx context.Context, ref bot.AssignmentRef, kind string) error
}

// ReminderStore is the Store with reminder marks and deferred nudges.
type ReminderStore interface {
	bot.Store
	ReminderMarks
	// DeferNudge keeps a coordinator's 催办 asked for in quiet hours, to be
	// sent by the first tick that may send; by names who asked.
	DeferNudge(ctx context.Context, ref bot.AssignmentRef, by string) error
	// DeferredNudges returns the departments of a round with a deferred
	// 催办, and who asked for each.
	DeferredNudges(ctx context.Context, round string) (map[string]string, error)
	// ClearNudge drops a department's deferred 催办 once it is dealt with.
	ClearNudge(ctx context.Context, ref bot.AssignmentRef) error
}

// PlanFor is the plan round r follows: its own schedule, else the
// installation's plan.
func (rm *Reminders) PlanFor(r *bot.Round) ReminderPlan {
	p := rm.Plan.With(r.Schedule)
	p.Calendar = rm.Calendar.Get()
	if rm.Roster != nil {
		p.CoordinatorUsers = rm.Roster.Get().Coordinators
	}
	return p
}

// Reminders sends what the plan says is due, once per reminder across
// replicas. Call Tick every few minutes.
type Reminders struct {
	Store ReminderStore
	// Jobs, when set, carries each message as a durable send job (retried
	// with backoff, once per reminder and user); else Messenger sends at
	// once.
	Jobs      bot.Jobs
	Messenger bot.Messenger
	Plan      ReminderPlan
	// Roster, when set, names the coordinators told in escalations, as
	// the roster stands when they are sent.
	Roster *bot.LiveRoster
	// Calendar, when set, holds the holiday arrangements reminders keep
	// to; RefreshCalendar reloads it from Store. Unset: the shipped ones.
	Calendar *bot.LiveCalendar
	Clock    bot.Clock
	Log      *slog.Logger
}

// Tick checks every open round and sends the reminders that are due. It
// returns how many messages went out.
func (rm *Reminders) Tick(ctx context.Context) (int, error) {
	now := rm.Clock.Now()
	if err := rm.RefreshCalendar(ctx); err != nil {
		// The last calendar read still tells rest days.
		rm.Log.Warn("holiday calendar not reloaded; keeping the last one", "err", err)
	}
	ids, err := rm.Store.Rounds(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		n, err := rm.TickRound(ctx, id, now)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// RefreshCalendar reloads the holiday arrangements saved in the store (an
// office's entries replace the shipped years), so every replica keeps to
// a year saved on any of them by its next tick.
func (rm *Reminders) RefreshCalendar(ctx context.Context) error {
	hs, ok := rm.Store.(bot.HolidayStore)
	if !ok || rm.Calendar == nil {
		return nil
	}
	years, err := hs.HolidayYears(ctx)
	if err != nil {
		return err
	}
	rm.Calendar.Set(bot.WithBuiltin(years))
	return nil
}

// TickRound sends what is due at now for one round; a round that is not
// open sends nothing. Starting a round calls it so invitations go out at
// once (or at the next allowed hour).
func (rm *Reminders) TickRound(ctx context.Context, id string, now time.Time) (int, error) {
	r, err := rm.Store.Round(ctx, id)
	if err != nil || r.Status != bot.RoundOpen {
		return 0, err
	}
	var deferred map[string]string
	plan := rm.PlanFor(r)
	if plan.allowed(now) {
		if deferred, err = rm.Store.DeferredNudges(ctx, id); err != nil {
			return 0, err
		}
	}
	sent := 0
	var digest []Reminder // departments newly escalated to the coordinator
	for _, d := range r.Departments {
		a, err := rm.Store.Assignment(ctx, bot.AssignmentRef{Round: id, Dept: d.ID})
		if err != nil {
			return sent, err
		}
		if by, ok := deferred[d.ID]; ok {
			n, err := rm.sendDeferred(ctx, r, d, a, by, now)
			sent += n
			if err != nil {
				rm.Log.Warn("deferred 催办 not sent; will retry", "round", id, "dept", d.ID, "err", err)
			}
		}
		for _, rem := range plan.Due(r, d, a, now) {
			if rem.Kind == "escalate-coordinator" {
				digest = append(digest, rem)
				continue
			}
			n, err := rm.send(ctx, rem)
			sent += n
			if err != nil {
				rm.Log.Warn("reminder not sent; will retry", "round", id, "dept", d.ID, "kind", rem.Kind, "err", err)
			}
		}
	}
	n, err := rm.sendDigest(ctx, r, digest, now)
	return sent + n, err
}

// sendDigest tells the coordinators, in one message, about every
// department that has just become overdue by EscalateCoord days: forty late
// departments are one message, not forty. Each department is claimed once,
// so a department appears in one digest only, whichever replica sends it.
func (rm *Reminders) sendDigest(ctx context.Context, r *bot.Round, due []Reminder, now time.Time) (sent int, sentErr error) {
	if len(due) == 0 {
		return 0, nil
	}
	// One digest per round and day: the replica that claims the day
	// gathers every department due; the others leave them to it.
	day := now.In(bot.CST).Format("20060102")
	won, err := rm.Store.MarkReminder(ctx, bot.AssignmentRef{Round: r.ID, Dept: "_digest"}, "digest-"+day)
	if err != nil || !won {
		return 0, err
	}
	var lines []string
	var claimed []Reminder
	for _, rem := range due {
		won, err := rm.Store.MarkReminder(ctx, rem.Ref, rem.Kind)
		if err != nil {
			return 0, err
		}
		if won {
			lines = append(lines, rem.Reply.Text)
			claimed = append(claimed, rem)
		}
	}
	if len(lines) == 0 {
		return 0, nil
	}
	defer func() {
		if len(claimed) > 0 && sentErr != nil {
			rm.Store.UnmarkReminder(ctx, bot.AssignmentRef{Round: r.ID, Dept: "_digest"}, "digest-"+day)
		}
	}()
	text := fmt.Sprintf(msgEscalateCoord, r.Title, bot.FormatDate(r.Deadline), len(lines)) + "\n" + strings.Join(lines, "\n")
	for _, u := range rm.PlanFor(r).CoordinatorUsers {
		key := fmt.Sprintf("escalate:%s:%s:%d:%s", r.ID, day, r.Deadline.Unix(), u)
		var err error
		if rm.Jobs != nil {
			err = rm.Jobs.EnqueueSend(ctx, key, u, []bot.Reply{{Text: text}})
		} else {
			err = rm.Messenger.Send(ctx, u, bot.Reply{Text: text})
		}
		if err != nil {
			for _, c := range claimed {
				rm.Store.UnmarkReminder(ctx, c.Ref, c.Kind)
			}
			return sent, err
		}
		sent++
	}
	rm.Log.Info("escalated to the coordinator", "round", r.ID, "departments", len(lines))
	return sent, nil
}

// NudgeResult says what a coordinator's 催办 did.
type NudgeResult struct {
	Sent     int       // departments reminded now
	Deferred int       // departments to be reminded when sending hours begin
	At       time.Time // when the deferred ones go out
	Quiet    string    // the quiet hours, e.g. 晚 9 点至早 8 点及周末
}

// Text is the answer shown to the coordinator in chat and the console.
func (n NudgeResult) Text() string {
	switch {
	case n.Deferred > 0:
		return fmt.Sprintf(msgNudgeDeferred, n.Quiet, n.Deferred, bot.FormatWhen(n.At))
	case n.Sent > 0:
		return fmt.Sprintf(msgNudged, n.Sent)
	}
	return msgNudgedNone
}

// Nudge sends a reminder now, outside the plan (the coordinator's 催办):
// once per department and day. In quiet hours nothing is sent: each
// department's 催办 is kept and goes out with the first tick of the
// sending hours. Submitted departments are left alone.
func (rm *Reminders) Nudge(ctx context.Context, r *bot.Round, depts []string, by string) (NudgeResult, error) {
	now := rm.Clock.Now()
	var res NudgeResult
	if r.Status != bot.RoundOpen {
		return res, bot.Errorf(bot.EInvalid, "“%s”当前%s，不能催办。", r.Title, r.Status.Label())
	}
	plan := rm.PlanFor(r)
	quiet := !plan.allowed(now)
	if quiet {
		res.At, res.Quiet = plan.NextSend(now), plan.QuietText()
	}
	for _, id := range depts {
		d := r.Department(id)
		if d == nil {
			return res, bot.Errorf(bot.ENotFound, "本轮没有部门“%s”。", id)
		}
		a, err := rm.Store.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: id})
		if err != nil {
			return res, err
		}
		if a.Status == bot.Submitted || a.Status == bot.PendingReview {
			continue
		}
		if quiet {
			if err := rm.Store.DeferNudge(ctx, a.Ref, by); err != nil {
				return res, err
			}
			res.Deferred++
			rm.Log.Info("coordinator nudge deferred to sending hours", "round", r.ID, "dept", id, "by", by, "at", res.At)
			continue
		}
		sent, err := rm.send(ctx, rm.nudge(r, *d, a, now))
		if err != nil {
			return res, err
		}
		if sent > 0 {
			res.Sent++
			rm.Log.Info("coordinator nudged department", "round", r.ID, "dept", id, "by", by)
		}
	}
	return res, nil
}

// nudge is the 催办 reminder of one department on now's day.
func (rm *Reminders) nudge(r *bot.Round, d bot.Department, a *bot.Assignment, now time.Time) Reminder {
	done, total := r.FormFor(d.ID).Progress(a.Answers)
	return Reminder{Ref: a.Ref, Kind: "nudge-" + now.In(bot.CST).Format("20060102"), To: d.Contacts,
		Reply: bot.Reply{Text: fmt.Sprintf(msgNudge, r.Title, bot.FormatDate(r.Deadline), done, total),
			Buttons: startButton(a.Ref)}}
}

// sendDeferred sends a 催办 kept from quiet hours, unless the department
// has submitted since or was already nudged today; either way it is then
// dropped.
func (rm *Reminders) sendDeferred(ctx context.Context, r *bot.Round, d bot.Department, a *bot.Assignment, by string, now time.Time) (int, error) {
	sent := 0
	if a.Status != bot.Submitted && a.Status != bot.PendingReview {
		var err error
		if sent, err = rm.send(ctx, rm.nudge(r, d, a, now)); err != nil {
			return sent, err
		}
		rm.Log.Info("deferred coordinator nudge sent", "round", r.ID, "dept", d.ID, "by", by)
	}
	return sent, rm.Store.ClearNudge(ctx, a.Ref)
}

// send claims rem and hands each message to the queue (or the messenger).
// A failure releases the claim so the next tick tries again; queued jobs
// are keyed so a second try queues nothing twice.
func (rm *Reminders) send(ctx context.Context, rem Reminder) (int, error) {
	won, err := rm.Store.MarkReminder(ctx, rem.Ref, rem.Kind)
	if err != nil || !won {
		return 0, err
	}
	sent := 0
	for _, u := range rem.To {
		if rm.Jobs != nil {
			err = rm.Jobs.EnqueueSend(ctx, fmt.Sprintf("remind:%s:%s:%d:%s", rem.Ref, rem.Kind, rem.Deadline.Unix(), u), u, []bot.Reply{rem.Reply})
		} else {
			err = rm.Messenger.Send(ctx, u, rem.Reply)
		}
		if err != nil {
			if rm.Jobs != nil || sent == 0 {
				rm.Store.UnmarkReminder(ctx, rem.Ref, rem.Kind)
			}
			return sent, err
		}
		sent++
	}
	rm.Log.Info("reminder sent", "round", rem.Ref.Round, "dept", rem.Ref.Dept, "kind", rem.Kind, "to", len(rem.To))
	return sent, nil
}
