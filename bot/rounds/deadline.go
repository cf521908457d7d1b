package rounds

import (
	"context"
	"fmt"
	"strings"
	"time"

	"reportbot/bot"
)

// Texts of a deadline change.
const (
	msgDeadlineMoved   = "截止时间调整：%[1]s\n“%[1]s”的截止时间已调整为 %[2]s（原为 %[3]s）。您已完成 %[4]d/%[5]d 题，点击“开始填报”接着填写。"
	msgDeadlineHoliday = "截止日 %s 是%s，不是工作日，填报人可能来不及完成。如需调整，可在“提醒计划”页修改截止时间。"
)

// DeadlineMoved says what moving a round's deadline did.
type DeadlineMoved struct {
	From, To time.Time
	// Told counts the contacts of departments not yet submitted who were
	// told of the new deadline; Quiet is the quiet hours that kept them
	// from being told now (they hear it in the next reminder).
	Told  int
	Quiet string
}

// Text is the sentence a coordinator reads after the change.
func (m DeadlineMoved) Text() string {
	s := fmt.Sprintf("截止时间已由 %s 调整为 %s，提醒按新的截止时间重新安排。", bot.FormatTime(m.From), bot.FormatTime(m.To))
	switch {
	case m.Quiet != "":
		s += fmt.Sprintf("现在是休息时间（%s），没有通知填报人；新的截止时间会写在此后的提醒中。", m.Quiet)
	case m.Told > 0:
		s += fmt.Sprintf("已通知未提交部门的 %d 位填报人。", m.Told)
	}
	return s
}

// SetDeadline moves round id's deadline to deadline, usually later (延期).
// Reminders before the deadline and escalations already sent for the old
// deadline are sent again for the new one; with tell, the contacts of the
// departments that have not submitted are told at once (outside quiet
// hours). A closed round must be reopened first.
func (ra *RoundAdmin) SetDeadline(ctx context.Context, id string, deadline time.Time, tell bool) (DeadlineMoved, error) {
	now := ra.Clock.Now()
	if !deadline.After(now) {
		return DeadlineMoved{}, bot.Errorf(bot.EInvalid, "新的截止时间 %s 已经过去，请选择今天以后的日期。", bot.FormatTime(deadline))
	}
	var m DeadlineMoved
	var r *bot.Round
	err := ra.Store.UpdateRound(ctx, id, func(x *bot.Round) error {
		if x.Status == bot.RoundClosed {
			return bot.Errorf(bot.EConflict, "“%s”已截止，请先重新开放再调整截止时间。", x.Title)
		}
		if x.Deadline.Equal(deadline) {
			return bot.Errorf(bot.EConflict, "截止时间本来就是 %s。", bot.FormatTime(deadline))
		}
		m.From, m.To = x.Deadline, deadline
		x.Deadline = deadline
		r = x
		return nil
	})
	if err != nil {
		return DeadlineMoved{}, err
	}
	plan := DefaultReminderPlan().With(r.Schedule)
	if ra.Reminders != nil {
		plan = ra.Reminders.PlanFor(r)
	}
	if tell && r.Status == bot.RoundOpen && !plan.Allowed(now) {
		m.Quiet, tell = plan.QuietText(), false
	}
	for _, d := range r.Departments {
		ref := bot.AssignmentRef{Round: id, Dept: d.ID}
		a, err := ra.Store.Assignment(ctx, ref)
		if err != nil {
			return m, err
		}
		if a.Status == bot.Submitted || a.Status == bot.PendingReview {
			continue
		}
		invited, err := ra.forgetDeadlineReminders(ctx, ref)
		if err != nil {
			return m, err
		}
		if !tell || r.Status != bot.RoundOpen || ra.Jobs == nil || (a.Status == bot.NotStarted && !invited) {
			continue // not invited yet: the invitation, sent later, has the new date
		}
		done, total := r.FormFor(d.ID).Progress(a.Answers)
		text := fmt.Sprintf(msgDeadlineMoved, r.Title, bot.FormatDate(deadline), bot.FormatDate(m.From), done, total)
		for _, u := range d.Contacts {
			key := fmt.Sprintf("deadline:%s:%s:%s", id, deadline.UTC().Format("20060102150405"), u)
			if err := ra.Jobs.EnqueueSend(ctx, key, u, []bot.Reply{{Text: text, Buttons: startButton(ref)}}); err != nil {
				return m, err
			}
			m.Told++
		}
	}
	detail := fmt.Sprintf("%s → %s", bot.FormatTime(m.From), bot.FormatTime(m.To))
	if m.Told > 0 {
		detail += fmt.Sprintf("，通知 %d 位填报人", m.Told)
	}
	return m, ra.record(ctx, id, "deadline", detail)
}

// forgetDeadlineReminders releases the marks of the reminders that hang on
// the deadline (before-N, escalations), so the new deadline gets its own;
// it reports whether the department's invitation (with the old date) went
// out. Without reminders it takes the invitation as sent.
func (ra *RoundAdmin) forgetDeadlineReminders(ctx context.Context, ref bot.AssignmentRef) (invited bool, err error) {
	if ra.Reminders == nil {
		return true, nil
	}
	sent, err := ra.Reminders.Store.SentReminders(ctx, ref)
	if err != nil {
		return false, err
	}
	for kind := range sent {
		if strings.HasPrefix(kind, "before-") || strings.HasPrefix(kind, "escalate-") {
			if err := ra.Reminders.Store.ForgetReminder(ctx, ref, kind); err != nil {
				return false, err
			}
		}
	}
	return sent["invite"], nil
}

// DeadlineNote warns when a deadline falls on a public holiday or a
// weekend (as cal tells it), for the coordinator who sets it; "" when it
// is a working day.
func DeadlineNote(cal *bot.Calendar, deadline time.Time) string {
	if cal.Workday(deadline) {
		return ""
	}
	name := map[time.Weekday]string{time.Saturday: "周六", time.Sunday: "周日"}[deadline.In(bot.CST).Weekday()]
	if d, ok := cal.Day(deadline); ok && d.Off && d.Name != "" {
		name = d.Name + "假期"
	}
	return fmt.Sprintf(msgDeadlineHoliday, bot.FormatDate(deadline), name)
}
