package chat

import (
	"context"
	"fmt"
	"slices"

	"reportbot/bot"
)

// Coordinators are told, each in one short message through the job queue,
// when a department submits, and when its head approves or returns a
// submission. The job key carries the message id of the submission (or
// the head's action), so a callback WeCom retries tells them once.

// coordinators returns who is told of user's submissions: the roster's
// coordinators, except user themselves; none without a job queue.
func (e *Engine) coordinators(user string) []string {
	if e.jobs == nil || e.roster == nil {
		return nil
	}
	var out []string
	for _, u := range e.roster.Get().Coordinators {
		if u != user && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// tellCoordinators queues text to every coordinator under key. The change
// is stored already: a failure is logged, not returned.
func (e *Engine) tellCoordinators(ctx context.Context, key, from, text string) {
	for _, u := range e.coordinators(from) {
		if err := e.jobs.EnqueueSend(ctx, "notify:"+key+":"+u, u, []bot.Reply{{Text: text}}); err != nil {
			e.log.Error("could not queue a message to a coordinator", "user", u, "key", key, "err", err)
		}
	}
}

// submittedNotice is what coordinators read of a submission.
func (e *Engine) submittedNotice(r *bot.Round, ref bot.AssignmentRef, m bot.Message, status bot.AssignmentStatus, done, total int) string {
	who := bot.PersonName(e.roster.Get(), m.User)
	if status == bot.PendingReview {
		return fmt.Sprintf(msgNotifySubmittedReview, r.DeptLabel(ref.Dept), r.Title, who, done, total)
	}
	return fmt.Sprintf(msgNotifySubmitted, r.DeptLabel(ref.Dept), r.Title, who, done, total)
}

// reviewedNotice is what coordinators read of a head's 确认 or 退回.
func (e *Engine) reviewedNotice(r *bot.Round, ref bot.AssignmentRef, m bot.Message, approve bool, reason string) string {
	who := bot.PersonName(e.roster.Get(), m.User)
	if approve {
		return fmt.Sprintf(msgNotifyApproved, r.DeptLabel(ref.Dept), r.Title, who)
	}
	return fmt.Sprintf(msgNotifyReturned, r.DeptLabel(ref.Dept), r.Title, who, reason)
}
