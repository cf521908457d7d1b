package chat

import (
	"fmt"
	"strings"

	"reportbot/bot"
)

// confirming handles a message while 提交 waits for confirmation. It
// reports whether the message was consumed.
func (t *turnState) confirming(pc parsedCommand) bool {
	switch {
	case pc.cmd == cmdConfirm || pc.cmd == cmdSubmit || isYes(t.m.Text):
		t.submit()
		return true
	case pc.cmd == cmdResume || isNo(t.m.Text):
		t.leaveConfirm()
		t.resume()
		return true
	case pc.cmd == cmdAnswer:
		t.say("%s", msgConfirmHint)
		t.buttons = submitButtons
		return true
	}
	// Any other command leaves the confirmation and runs as usual.
	t.leaveConfirm()
	return false
}

func (t *turnState) leaveConfirm() {
	t.cur.Mode = bot.ModeAsk
	if t.cur.Q < 0 {
		t.cur.Mode = bot.ModeDone
	}
	t.curChanged = true
}

var submitButtons = []bot.Button{{Key: "确认提交", Text: "确认提交"}, {Key: "继续", Text: "继续填写"}}

// askSubmit lists what is missing and asks the contact to confirm.
func (t *turnState) askSubmit() {
	if bs := t.unexplained(); len(bs) > 0 {
		t.refuseArith(bs)
		return
	}
	missing := t.missing()
	var b strings.Builder
	done, total := t.progress()
	fmt.Fprintf(&b, msgSubmitSummary, total, done)
	if len(missing) > 0 {
		fmt.Fprintf(&b, msgSubmitMissing, len(missing))
		for i, q := range missing {
			if i == 15 {
				fmt.Fprintf(&b, "\n……另有 %d 题", len(missing)-15)
				break
			}
			fmt.Fprintf(&b, "\n第 %d 题 %s", q.Number, q.Short())
		}
		b.WriteString("\n\n" + msgSubmitMissingHint)
	} else {
		b.WriteString(msgSubmitReady)
	}
	t.say("%s", b.String())
	if t.cur.Mode != bot.ModeConfirmSubmit {
		if t.cur.Mode == bot.ModeDone {
			t.cur.Q = -1
		}
		t.cur.Mode = bot.ModeConfirmSubmit
		t.curChanged = true
	}
	t.buttons = submitButtons
}

// missing returns the required questions that apply and are unanswered or
// skipped.
func (t *turnState) missing() []*bot.Question {
	var out []*bot.Question
	for _, q := range t.qs {
		if q.Optional || !t.applies(q) {
			continue
		}
		if a := t.answers[q.ID]; a == nil || a.Status == bot.Skipped {
			out = append(out, q)
		}
	}
	return out
}

// needsReview reports whether a submission waits for the head's 确认.
func (t *turnState) needsReview() bool {
	d := t.round.Department(t.a.Ref.Dept)
	return t.round.HeadConfirm && d != nil && d.Head != ""
}

// submit makes the assignment read-only: submitted, or waiting for the
// department head's review when the round asks for it.
func (t *turnState) submit() {
	if bs := t.unexplained(); len(bs) > 0 {
		t.refuseArith(bs)
		return
	}
	to := bot.Submitted
	if t.needsReview() {
		to = bot.PendingReview
	}
	t.change.Status = to
	t.change.SubmittedBy = t.m.User
	t.change.SubmittedAt = t.m.At
	t.change.UpdatedAt = t.m.At
	t.change.Audit = append(t.change.Audit, bot.AuditEntry{User: t.m.User, At: t.m.At, MsgID: t.m.ID,
		Old: string(t.a.Status), New: string(to), Raw: t.m.Text, Event: "submit"})
	t.cur.Mode = bot.ModeDone
	t.cur.Q = -1
	t.curChanged = true
	t.submitted = true
	done, total := t.progress()
	if to == bot.PendingReview {
		t.say(msgSubmittedReview, t.round.DeptLabel(t.a.Ref.Dept), done, total)
		return
	}
	told := ""
	if t.coordsTold {
		told = msgSubmittedTold
	}
	if t.round.HeadConfirm {
		t.say(msgSubmittedNoHead, t.round.DeptLabel(t.a.Ref.Dept), done, total, told)
		return
	}
	t.say(msgSubmitted, t.round.DeptLabel(t.a.Ref.Dept), done, total, told)
}

// refuseArith keeps a submission back while a table breaks a rule with no
// 说明, and puts the cursor on the first such table so 说明：原因 applies.
func (t *turnState) refuseArith(bs []bot.ArithBreak) {
	t.say(msgSubmitArith, breakList(t.form, bs))
	q := t.form.Question(bs[0].QIDs()[0])
	if i := t.indexOf(q.ID); i >= 0 {
		t.move(i)
		if a := t.answers[q.ID]; a != nil {
			t.setDraft(&bot.TableDraft{QID: q.ID, Grid: a.Grid, Broken: true})
		}
	}
}
