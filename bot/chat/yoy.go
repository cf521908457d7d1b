package chat

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// Year over year: when a round names a Previous round of the same form,
// each question shows the department's answer there ("上年为 381 件"), and a
// figure that moved by more than the round's ratio is shown back for
// confirmation before it is stored.

// farFromLastYear reports whether ans moved from last year's figure by
// more than the round's ratio, with a note such as "上年为 381 件，增加 62.2%".
func (t *turnState) farFromLastYear(q *bot.Question, ans *bot.Answer) (string, bool) {
	ratio := t.round.YoYRatio
	if ratio < 0 || ans.Figure == nil {
		return "", false
	}
	if ratio == 0 {
		ratio = bot.DefaultYoYRatio
	}
	last := t.lastYearOf(q.ID)
	if last == nil || last.Figure == nil || last.Status != bot.Answered {
		return "", false
	}
	oldV, ok1 := figure.DecimalRat(last.Figure.Value)
	newV, ok2 := figure.DecimalRat(ans.Figure.Value)
	if !ok1 || !ok2 || last.Figure.Unit != ans.Figure.Unit || oldV.Cmp(newV) == 0 {
		return "", false
	}
	lastText := bot.FormatAnswer(q, last)
	if oldV.Sign() == 0 {
		return fmt.Sprintf("上年为 %s", lastText), true
	}
	diff := new(big.Rat).Sub(newV, oldV)
	rel := new(big.Rat).Quo(diff, new(big.Rat).Abs(oldV))
	f, _ := rel.Float64()
	if f <= ratio && f >= -ratio {
		return "", false
	}
	word := "增加"
	if f < 0 {
		word, f = "减少", -f
	}
	return fmt.Sprintf("上年为 %s，%s %.1f%%", lastText, word, f*100), true
}

// confirmingCheck handles the answer to a figure shown back for the
// year-over-year check. It reports whether the message was consumed.
func (t *turnState) confirmingCheck(pc parsedCommand) bool {
	ans := t.cur.Check
	t.cur.Check = nil
	t.curChanged = true
	q := t.form.Question(ans.QID)
	switch {
	case pc.cmd == cmdConfirm || isYes(t.m.Text):
		raw := t.m.Text
		t.m.Text = ans.Raw // the audit keeps what the figure was typed as
		t.record(ans, "answer")
		t.m.Text = raw
		t.say("%s", echo(q, ans))
		t.advance()
		return true
	case isNo(t.m.Text):
		t.say(msgYoYDropped)
		t.ask(t.cur.Q, false)
		return true
	}
	return false // anything else is a new answer or a command
}

// lastYear returns a department's answers in round r's Previous round,
// cached per replica: a previous round no longer changes. With no
// previous round, or none for this department, last year's values come
// from the form itself when it was drafted from last year's report
// (last_year).
func (e *Engine) lastYear(ctx context.Context, r *bot.Round, dept string) map[string]*bot.Answer {
	if r.Previous == "" {
		return formLastYear(r.FormFor(dept))
	}
	key := r.Previous + "/" + dept
	now := e.clock.Now()
	e.mu.Lock()
	c, ok := e.prev[key]
	e.mu.Unlock()
	if ok && now.Sub(c.read) < 10*time.Minute && now.Sub(c.read) >= 0 {
		return orFormLastYear(c.answers, r, dept)
	}
	a, err := e.store.Assignment(ctx, bot.AssignmentRef{Round: r.Previous, Dept: dept})
	if err != nil {
		// Last year's values are a help, not a need: go on without them.
		if bot.ErrorCode(err) != bot.ENotFound {
			e.log.Warn("last year's answers unavailable", "round", r.Previous, "dept", dept, "err", err)
		}
		return formLastYear(r.FormFor(dept))
	}
	e.mu.Lock()
	e.prev[key] = cachedAnswers{answers: a.Answers, read: now}
	e.mu.Unlock()
	return orFormLastYear(a.Answers, r, dept)
}

// orFormLastYear is last year's answers, or the form's last_year values
// when the department answered nothing last year.
func orFormLastYear(answers map[string]*bot.Answer, r *bot.Round, dept string) map[string]*bot.Answer {
	if len(answers) > 0 {
		return answers
	}
	return formLastYear(r.FormFor(dept))
}

type cachedAnswers struct {
	answers map[string]*bot.Answer
	read    time.Time
}

// formLastYear reads the last_year values a form carries as answers; nil
// when it carries none, which costs a shipped form no allocation.
func formLastYear(f *bot.Form) map[string]*bot.Answer {
	var out map[string]*bot.Answer
	for _, q := range f.Questions() {
		if q.LastYear == "" {
			continue
		}
		a, err := bot.ParseAnswer(q, q.LastYear)
		if err != nil {
			continue // checked when the form was loaded; a help, not a need
		}
		if out == nil {
			out = map[string]*bot.Answer{}
		}
		out[q.ID] = a
	}
	return out
}
