package chat

import (
	"context"
	"fmt"
	"strings"

	"reportbot/bot"
)

// Department heads review submissions when a round has HeadConfirm: the
// contact's 提交 leaves the assignment bot.PendingReview and sends the head the
// answers and a card with 确认 and 退回. Both actions are turns on the
// assignment, keyed by the head's message id, so a callback WeCom retries
// takes effect once.

// Card keys of the review buttons; the assignment follows a space.
const (
	keyApprove = "审核通过"
	keyReturn  = "审核退回"
)

// askReview queues the review request to the department head.
func (e *Engine) askReview(ctx context.Context, r *bot.Round, ref bot.AssignmentRef, m bot.Message, summary string) {
	d := r.Department(ref.Dept)
	if e.jobs == nil || d == nil || d.Head == "" {
		e.log.Warn("submission waits for review but no head can be told", "round", ref.Round, "dept", ref.Dept)
		return
	}
	_, total := r.FormFor(ref.Dept).Progress(nil)
	done := 0
	if a, err := e.store.Assignment(ctx, ref); err == nil {
		done, total = r.FormFor(ref.Dept).Progress(a.Answers)
	}
	card := bot.Reply{Text: fmt.Sprintf(msgReviewRequest, d.Name, bot.PersonName(e.roster.Get(), m.User), r.Title, done, total),
		Buttons: []bot.Button{{Key: keyApprove + " " + ref.String(), Text: "确认"}, {Key: keyReturn + " " + ref.String(), Text: "退回"}}}
	if err := e.jobs.EnqueueSend(ctx, "review:"+ref.String()+":"+m.ID, d.Head, []bot.Reply{{Text: summary}, card}); err != nil {
		e.log.Error("could not queue the review request", "round", ref.Round, "dept", ref.Dept, "err", err)
	}
}

// Review applies a head's 确认 (approve) or 退回 with a reason to a
// submission waiting for review. Only the department's head may.
func (e *Engine) Review(ctx context.Context, m bot.Message, ref bot.AssignmentRef, approve bool, reason string) ([]bot.Reply, error) {
	if m.At.IsZero() {
		m.At = e.clock.Now()
	}
	r, err := e.Round(ctx, ref.Round)
	if err != nil {
		return nil, err
	}
	d := r.Department(ref.Dept)
	if d == nil || d.Head != m.User {
		e.log.Warn("review refused: not the head", "user", m.User, "round", ref.Round, "dept", ref.Dept)
		return []bot.Reply{{Text: fmt.Sprintf(msgReviewNotHead, r.DeptLabel(ref.Dept))}}, nil
	}
	var entry bot.AuditEntry
	var toContacts string
	return e.transact(ctx, ref, m, "review", nil, func(a *bot.Assignment) (*bot.Change, []bot.Reply) {
		if a.Status != bot.PendingReview {
			return nil, []bot.Reply{{Text: fmt.Sprintf(msgReviewDone, d.Name, a.Status.Label())}}
		}
		ch := &bot.Change{UpdatedAt: m.At}
		entry = bot.AuditEntry{User: m.User, At: m.At, MsgID: m.ID, Old: string(a.Status), Raw: m.Text}
		var reply string
		if approve {
			ch.Status, entry.New, entry.Event = bot.Submitted, string(bot.Submitted), "approve"
			reply, toContacts = fmt.Sprintf(msgReviewApproved, d.Name), fmt.Sprintf(msgReviewApprovedTo, d.Name)
		} else {
			ch.Status, entry.New, entry.Event = bot.Returned, string(bot.Returned), "return"
			ch.Note = "部门负责人：" + reason
			reply, toContacts = fmt.Sprintf(msgReviewReturned, d.Name, reason), fmt.Sprintf(msgReviewReturnedTo, d.Name, reason)
		}
		ch.Audit = []bot.AuditEntry{entry}
		return ch, []bot.Reply{{Text: reply}}
	}, func(a *bot.Assignment) {
		e.log.Info("submission reviewed", "round", ref.Round, "dept", ref.Dept, "head", m.User, "event", entry.Event)
		e.tellContacts(ctx, d, "reviewed:"+ref.String()+":"+m.ID, toContacts)
		e.tellCoordinators(ctx, "reviewed:"+ref.String()+":"+m.ID, m.User, e.reviewedNotice(r, ref, m, approve, reason))
		if approve {
			e.queueDraft(ctx, ref, a.Version+1)
		}
	})
}

// tellContacts queues a message to every contact of d under key.
func (e *Engine) tellContacts(ctx context.Context, d *bot.Department, key, text string) {
	if e.jobs == nil {
		return
	}
	for _, u := range d.Contacts {
		if err := e.jobs.EnqueueSend(ctx, key+":"+u, u, []bot.Reply{{Text: text}}); err != nil {
			e.log.Error("could not queue a message to a contact", "user", u, "key", key, "err", err)
		}
	}
}

// PendingReviews lists the submissions in open rounds that wait for user's
// review as department head.
func (e *Engine) PendingReviews(ctx context.Context, user string) (refs []bot.AssignmentRef, isHead bool, err error) {
	ids, err := e.store.Rounds(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, id := range ids {
		r, err := e.Round(ctx, id)
		if err != nil {
			return nil, false, err
		}
		if r.Status != bot.RoundOpen || !r.HeadConfirm {
			continue
		}
		for _, d := range r.Departments {
			if d.Head != user {
				continue
			}
			isHead = true
			ref := bot.AssignmentRef{Round: id, Dept: d.ID}
			a, err := e.store.Assignment(ctx, ref)
			if err != nil {
				return nil, true, err
			}
			if a.Status == bot.PendingReview {
				refs = append(refs, ref)
			}
		}
	}
	return refs, isHead, nil
}

// parseReviewKey reads a review button's key: "审核通过 round/dept".
func parseReviewKey(text string) (ref bot.AssignmentRef, approve, ok bool) {
	for _, k := range []struct {
		key     string
		approve bool
	}{{keyApprove, true}, {keyReturn, false}} {
		rest, found := strings.CutPrefix(strings.TrimSpace(text), k.key+" ")
		if !found {
			continue
		}
		round, dept, found := strings.Cut(strings.TrimSpace(rest), "/")
		if found && round != "" && dept != "" {
			return bot.AssignmentRef{Round: round, Dept: dept}, k.approve, true
		}
	}
	return bot.AssignmentRef{}, false, false
}
