package chat

import (
	"fmt"
	"strconv"
	"strings"

	"reportbot/bot"
)

// maxOverviewBytes is how long 查看 may be and still list every answer in
// the chat: one WeCom text message (2048 bytes) with room to spare. A
// longer listing is what 查看全部 is for.
const maxOverviewBytes = 1800

// tally counts this turn's answers against the department's form: the
// one count every message uses (bot.Form.Tally).
func (t *turnState) tally() bot.Tally { return t.form.Tally(t.answers) }

// progress is the tally's questions done and to fill in.
func (t *turnState) progress() (done, total int) {
	c := t.tally()
	return c.Done, c.Total
}

// progressLine says where the contact stands: the question at the cursor
// and how many of the questions to fill in are done, with those a yes/no
// ruled out named apart.
func (t *turnState) progressLine() string {
	c := t.tally()
	pos := ""
	if t.cur != nil && t.cur.Mode != bot.ModeDone && t.cur.Q >= 0 && t.cur.Q < len(t.qs) {
		pos = fmt.Sprintf("当前在第 %d 题，", t.qs[t.cur.Q].Number)
	}
	return fmt.Sprintf("%s，%s已完成 %d/%d 题%s", t.round.DeptLabel(t.a.Ref.Dept), pos, c.Done, c.Total, droppedNote(c))
}

// droppedNote names the questions a yes/no ruled out, if any.
func droppedNote(c bot.Tally) string {
	if c.Dropped == 0 {
		return ""
	}
	return fmt.Sprintf(msgDroppedNote, c.Dropped)
}

// sayAllDone is the card at the end of the questions: how many were
// answered and skipped, and what to do next. It says 填写完毕 only when
// nothing is left.
func (t *turnState) sayAllDone() {
	c := t.tally()
	dept := t.round.DeptLabel(t.a.Ref.Dept)
	if c.Skipped == 0 && c.Open == 0 {
		na := ""
		if c.NotApply > 0 {
			na = fmt.Sprintf("，其中不涉及 %d 题", c.NotApply)
		}
		t.say(msgAllDone, dept, c.Total, na, droppedNote(c))
		return
	}
	var left []string
	if c.Skipped > 0 {
		left = append(left, fmt.Sprintf("跳过 %d 题（%s）", c.Skipped, numberList(t.numbers(bot.Skipped), 12)))
	}
	if c.Open > 0 {
		left = append(left, fmt.Sprintf("未填 %d 题（%s）", c.Open, numberList(t.numbers(""), 12)))
	}
	t.say(msgAllThrough, dept, c.Total, c.Done, strings.Join(left, "，"), droppedNote(c))
}

// numbers lists the numbers of the questions still to fill in that are
// skipped (status Skipped) or not answered at all (status "").
func (t *turnState) numbers(status bot.AnswerStatus) []int {
	var out []int
	for _, q := range t.qs {
		if t.form.RuledOut(q, t.answers) {
			continue
		}
		a := t.answers[q.ID]
		if status == "" && a == nil || status != "" && a != nil && a.Status == status {
			out = append(out, q.Number)
		}
	}
	return out
}

// numberList writes question numbers with runs joined: 5、7、12–20. Past
// max entries it ends with 等.
func numberList(ns []int, max int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, "第 "+strconv.Itoa(ns[i])+" 题")
		default:
			parts = append(parts, fmt.Sprintf("第 %d–%d 题", ns[i], ns[j]))
		}
		i = j + 1
	}
	if len(parts) > max {
		return strings.Join(parts[:max], "、") + " 等"
	}
	return strings.Join(parts, "、")
}

// gateNote tells the contact, after a yes/no gate was answered, which
// questions it ruled out or brought in, and the new count. dropped is the
// tally's Dropped before the answer.
func (t *turnState) gateNote(q *bot.Question, dropped int) {
	gated := t.form.GatedBy(q.ID)
	if len(gated) == 0 {
		return
	}
	c := t.tally()
	if c.Dropped == dropped {
		return
	}
	var ns []int
	for _, g := range gated {
		ns = append(ns, g.Number)
	}
	if c.Dropped > dropped {
		t.say(msgGateDropped, q.Number, gateAnswer(q, t.answers[q.ID]), numberList(ns, 12), c.Total)
		return
	}
	t.say(msgGateAdded, numberList(ns, 12), c.Total)
}

// review answers 查看: every answer when the listing fits in one message,
// else an overview (counts, what each section lacks, the next question)
// that points to 查看全部. With nothing filled in it says how to start.
func (t *turnState) review() string {
	c := t.tally()
	if c.Done == 0 && c.Skipped == 0 && len(t.otherSummary()) == 0 {
		how := msgReviewEmptyStart
		if t.cur != nil && t.cur.Mode != bot.ModeDone && t.cur.Q >= 0 && t.cur.Q < len(t.qs) {
			how = fmt.Sprintf(msgReviewEmptyGoOn, t.qs[t.cur.Q].Number)
		}
		if t.readOnly() {
			how = ""
		}
		return fmt.Sprintf(msgReviewEmpty, t.round.DeptLabel(t.a.Ref.Dept), c.Total) + how
	}
	if full := t.summary(); len(full) <= maxOverviewBytes {
		return full
	}
	return t.overview(c)
}

// overview is the short 查看: counts, each section's state, the next
// question and the commands.
func (t *turnState) overview(c bot.Tally) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s · %s】", t.round.Title, t.round.DeptLabel(t.a.Ref.Dept))
	fmt.Fprintf(&b, msgOverviewCounts, c.Total, c.Done)
	if c.NotApply > 0 {
		fmt.Fprintf(&b, msgOverviewNotApply, c.NotApply)
	}
	if c.Skipped > 0 {
		fmt.Fprintf(&b, "，跳过 %d 题", c.Skipped)
	}
	if c.Open > 0 {
		fmt.Fprintf(&b, "，未填 %d 题", c.Open)
	}
	b.WriteString(droppedNote(c) + "。")
	for si, s := range t.form.Sections {
		var n, done int
		var skipped, open []int
		for _, q := range t.qs {
			if q.Section != si || t.form.RuledOut(q, t.answers) {
				continue
			}
			n++
			switch a := t.answers[q.ID]; {
			case a == nil:
				open = append(open, q.Number)
			case a.Status == bot.Skipped:
				skipped = append(skipped, q.Number)
			default:
				done++
			}
		}
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s、%s：", s.Number, t.heading(s))
		if done == n {
			fmt.Fprintf(&b, "已全部填写（%d 题）", n)
			continue
		}
		fmt.Fprintf(&b, "已填 %d/%d 题", done, n)
		if len(skipped) > 0 {
			b.WriteString("，跳过" + numberList(skipped, 6))
		}
		if len(open) > 0 {
			b.WriteString("，未填" + numberList(open, 6))
		}
	}
	if other := t.otherSummary(); other != "" && len(other) < 400 {
		b.WriteString(other)
	}
	if !t.readOnly() && t.cur != nil && t.cur.Mode != bot.ModeDone && t.cur.Q >= 0 && t.cur.Q < len(t.qs) {
		q := t.qs[t.cur.Q]
		fmt.Fprintf(&b, "\n\n下一题：第 %d 题 %s", q.Number, q.Short())
	}
	b.WriteString("\n\n" + msgOverviewAll)
	if !t.readOnly() {
		b.WriteString(msgReviewHint)
	}
	return b.String()
}

// readOnly reports whether the assignment is submitted or waits for the
// head, as loaded or as this turn leaves it.
func (t *turnState) readOnly() bool {
	ro := func(s bot.AssignmentStatus) bool { return s == bot.Submitted || s == bot.PendingReview }
	return ro(t.a.Status) || ro(t.change.Status)
}

// summary is the numbered listing of every answer (查看全部, and what a
// head reviews).
func (t *turnState) summary() string {
	var b strings.Builder
	c := t.tally()
	fmt.Fprintf(&b, "【%s · %s】已完成 %d/%d 题", t.round.Title, t.round.DeptLabel(t.a.Ref.Dept), c.Done, c.Total)
	if c.Skipped > 0 {
		fmt.Fprintf(&b, "，跳过 %d 题", c.Skipped)
	}
	b.WriteString(droppedNote(c))
	section := -1
	for _, q := range t.qs {
		if t.form.RuledOut(q, t.answers) {
			continue
		}
		if q.Section != section {
			section = q.Section
			s := t.form.Sections[section]
			fmt.Fprintf(&b, "\n\n%s、%s", s.Number, t.heading(s))
		}
		val := "（未填）"
		if a := t.answers[q.ID]; a != nil {
			val = bot.FormatAnswerNote(q, a)
		} else if g := t.form.Question(q.AskIf); g != nil && !t.applies(q) {
			val = fmt.Sprintf("（第 %d 题回答“是”时填写）", g.Number)
		}
		fmt.Fprintf(&b, "\n%d. %s：%s", q.Number, q.Short(), val)
	}
	b.WriteString(t.otherSummary())
	if !t.readOnly() {
		b.WriteString("\n\n" + msgReviewHint)
	}
	return b.String()
}

// notStarted answers 查看 (or a contact's 进度) before the contact has
// begun: nothing is started by it.
func (t *turnState) notStarted() {
	t.say("%s", t.review())
}

// sections counts the form's parts that hold a question for this
// department.
func (t *turnState) sections() int {
	seen := map[int]bool{}
	for _, q := range t.qs {
		seen[q.Section] = true
	}
	return len(seen)
}

// gatedOpen counts the questions behind a yes/no not yet answered.
func (t *turnState) gatedOpen() int {
	n := 0
	for _, q := range t.qs {
		if q.AskIf != "" && !t.applies(q) && !t.form.RuledOut(q, t.answers) {
			n++
		}
	}
	return n
}
