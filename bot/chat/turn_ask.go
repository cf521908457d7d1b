package chat

import (
	"fmt"
	"strings"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// ask writes question i, with its section heading when the contact enters
// a new section or resumes.
func (t *turnState) ask(i int, withSection bool) {
	q := t.qs[i]
	var b strings.Builder
	if withSection {
		s := t.form.Sections[q.Section]
		fmt.Fprintf(&b, "【%s、%s】\n", s.Number, t.heading(s))
		if s.Intro != "" && t.firstOfSection(i) {
			b.WriteString(s.Intro + "\n")
		}
	}
	fmt.Fprintf(&b, "第 %d/%d 题：%s", q.Number, len(t.qs), t.round.Vars(t.a.Ref.Dept).Fill(q.Prompt))
	if q.Kind == bot.KindChoice {
		for k, c := range q.Choices {
			fmt.Fprintf(&b, "\n%d. %s", k+1, c)
		}
	}
	if q.Kind == bot.KindItems {
		b.WriteString("\n" + msgItemsHow)
	}
	if q.Kind == bot.KindTable && q.Table != nil {
		t.askTable(&b, q)
	}
	if q.Example != "" {
		fmt.Fprintf(&b, "\n（例如：%s）", q.Example)
	}
	if last := t.lastYearOf(q.ID); last != nil && last.Status == bot.Answered && q.Kind != bot.KindItems {
		fmt.Fprintf(&b, "\n上年为 %s。", bot.TrimSentenceEnd(bot.FormatAnswer(q, last)))
	}
	if prev := t.answers[q.ID]; prev != nil {
		if q.Kind == bot.KindItems {
			if len(prev.Items) > 0 {
				fmt.Fprintf(&b, "\n已记录 %d 条，可继续发送，发完回复“完成”。", len(prev.Items))
			}
		} else {
			fmt.Fprintf(&b, "\n当前答案：%s。回复新答案即可修改，回复“下一题”保留。", bot.TrimSentenceEnd(bot.FormatAnswerNote(q, prev)))
		}
	}
	if q.Optional && q.Kind != bot.KindItems {
		b.WriteString("\n如不涉及，请回复“不涉及”。")
	}
	t.say("%s", b.String())
}

// heading fills {year} and {next_year} in a section heading.
func (t *turnState) heading(s bot.Section) string {
	return t.round.Vars(t.a.Ref.Dept).Fill(s.Heading)
}

func (t *turnState) firstOfSection(i int) bool {
	return i == 0 || t.qs[i-1].Section != t.qs[i].Section
}

// addItem reads one open measure item and shows it back; it is stored
// only when the contact answers 是.
func (t *turnState) addItem(q *bot.Question) {
	text := strings.TrimSpace(t.m.Text)
	if na := ClassifyNonAnswer(text); na != NotNonAnswer {
		t.nonAnswer(q, Reading{Refusal: nonAnswerReply(q, na, text), NonAnswer: na})
		return
	}
	prev := t.answers[q.ID]
	if bot.IsNone(text) && (prev == nil || len(prev.Items) == 0) {
		t.record(&bot.Answer{QID: q.ID, Status: bot.NotApply}, "na")
		t.say(msgRecorded, "无")
		t.advance()
		return
	}
	if parts := bot.NumberedParts(text); len(parts) > 1 {
		// Each item is shown and confirmed on its own; several in one
		// message would be read as one.
		t.say(msgItemsOneByOne, len(parts), bot.Truncate(parts[0], 60))
		return
	}
	it, err := t.extract(text)
	if err != nil {
		t.say("%s", bot.ErrorMessage(err))
		t.ask(t.cur.Q, false)
		return
	}
	t.cur.Pending = &it
	t.curChanged = true
	msg := fmt.Sprintf(msgItemConfirm, it.Title, bot.Truncate(it.Text, 200))
	if len(it.Figures) > 0 {
		var figs []string
		for _, f := range it.Figures {
			figs = append(figs, figure.Format(f))
		}
		msg += "\n数据：" + strings.Join(figs, "、")
	}
	t.say("%s\n%s", msg, msgItemConfirmHint)
}

// confirmingItem handles the answer to a shown item. It reports whether
// the message was consumed.
func (t *turnState) confirmingItem(pc parsedCommand) bool {
	q := t.qs[t.cur.Q]
	switch {
	case pc.cmd == cmdConfirm || isYes(t.m.Text):
		it := *t.cur.Pending
		t.cur.Pending = nil
		t.curChanged = true
		ans := &bot.Answer{QID: q.ID, Status: bot.Answered}
		if prev := t.answers[q.ID]; prev != nil {
			ans.Items = append(ans.Items, prev.Items...)
		}
		ans.Items = append(ans.Items, it)
		t.record(ans, "item")
		t.say(msgItemAdded+"\n%s", len(ans.Items), it.Title, msgItemNext)
		return true
	case isNo(t.m.Text) || pc.cmd == cmdUndo:
		t.cur.Pending = nil
		t.curChanged = true
		t.say("%s", msgItemDropped)
		return true
	case pc.cmd == cmdAnswer && ClassifyNonAnswer(t.m.Text) == NotNonAnswer:
		return false // a corrected item replaces the pending one
	}
	t.say("%s", msgItemConfirmHint)
	return true
}

// done ends an items question (完成).
func (t *turnState) done() {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 {
		t.sayAllDone()
		return
	}
	q := t.qs[t.cur.Q]
	if q.Kind != bot.KindItems && bot.IsNone(t.m.Text) {
		t.answer() // 没有了 on any other question is its 无
		return
	}
	if q.Kind != bot.KindItems {
		t.say(msgNotItems, q.Number)
		t.ask(t.cur.Q, false)
		return
	}
	if prev := t.answers[q.ID]; prev != nil {
		t.say(msgItemsDone, len(prev.Items))
		t.advance()
		return
	}
	t.record(&bot.Answer{QID: q.ID, Status: bot.NotApply}, "na")
	t.say(msgRecorded, "无")
	t.advance()
}

// undo drops the last open item of the current items question.
func (t *turnState) undo() {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 || t.qs[t.cur.Q].Kind != bot.KindItems {
		t.say("%s", msgNothingToUndo)
		t.askCurrent(false)
		return
	}
	q := t.qs[t.cur.Q]
	prev := t.answers[q.ID]
	if prev == nil || len(prev.Items) == 0 {
		t.say("%s", msgNothingToUndo)
		t.askCurrent(false)
		return
	}
	// With no item left the question stays open at the cursor, marked skipped
	// (an answer is never deleted, only superseded).
	ans := &bot.Answer{QID: q.ID, Status: bot.Skipped}
	if len(prev.Items) > 1 {
		ans = &bot.Answer{QID: q.ID, Status: bot.Answered, Items: append([]bot.Item(nil), prev.Items[:len(prev.Items)-1]...)}
	}
	removed := prev.Items[len(prev.Items)-1]
	t.record(ans, "undo")
	t.say(msgItemRemoved, removed.Title, len(ans.Items))
}
