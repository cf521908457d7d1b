package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
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
	fmt.Fprintf(&b, "第 %d/%d 题：%s", q.Number, len(t.qs), q.Prompt)
	if q.Kind == KindChoice {
		for k, c := range q.Choices {
			fmt.Fprintf(&b, "\n%d. %s", k+1, c)
		}
	}
	if q.Kind == KindItems {
		b.WriteString("\n" + msgItemsHow)
	}
	if q.Example != "" {
		fmt.Fprintf(&b, "\n（例如：%s）", q.Example)
	}
	if last := t.lastYear[q.ID]; last != nil && last.Status == Answered && q.Kind != KindItems {
		fmt.Fprintf(&b, "\n上年为 %s。", FormatAnswer(q, last))
	}
	if prev := t.answers[q.ID]; prev != nil {
		if q.Kind == KindItems {
			if len(prev.Items) > 0 {
				fmt.Fprintf(&b, "\n已记录 %d 条，可继续发送，发完回复“完成”。", len(prev.Items))
			}
		} else {
			fmt.Fprintf(&b, "\n当前答案：%s。回复新答案即可修改，回复“下一题”保留。", FormatAnswer(q, prev))
		}
	}
	if q.Optional && q.Kind != KindItems {
		b.WriteString("\n如不涉及，请回复“不涉及”。")
	}
	t.say("%s", b.String())
}

// heading fills {year} and {next_year} in a section heading.
func (t *turnState) heading(s Section) string {
	return FillYear(s.Heading, t.round.Year)
}

// FillYear fills {year} and {next_year} in a heading or title.
func FillYear(s string, year int) string {
	s = strings.ReplaceAll(s, "{year}", fmt.Sprint(year))
	return strings.ReplaceAll(s, "{next_year}", fmt.Sprint(year+1))
}

func (t *turnState) firstOfSection(i int) bool {
	return i == 0 || t.qs[i-1].Section != t.qs[i].Section
}

// addItem reads one open measure item and shows it back; it is stored
// only when the contact answers 是.
func (t *turnState) addItem(q *Question) {
	text := strings.TrimSpace(t.m.Text)
	prev := t.answers[q.ID]
	if isNone(text) && (prev == nil || len(prev.Items) == 0) {
		t.record(&Answer{QID: q.ID, Status: NotApply}, "na")
		t.say(msgRecorded, "无")
		t.advance()
		return
	}
	it, err := t.extract(text)
	if err != nil {
		t.say("%s", ErrorMessage(err))
		t.ask(t.cur.Q, false)
		return
	}
	t.cur.Pending = &it
	t.curChanged = true
	msg := fmt.Sprintf(msgItemConfirm, it.Title, truncateRunes(it.Text, 200))
	if len(it.Figures) > 0 {
		var figs []string
		for _, f := range it.Figures {
			figs = append(figs, FormatFigure(f))
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
		ans := &Answer{QID: q.ID, Status: Answered}
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
	case pc.cmd == cmdAnswer:
		return false // a corrected item replaces the pending one
	}
	t.say("%s", msgItemConfirmHint)
	return true
}

// done ends an items question (完成).
func (t *turnState) done() {
	if t.cur.Mode == ModeDone || t.cur.Q < 0 {
		t.say(msgAllDone, t.progressLine())
		return
	}
	q := t.qs[t.cur.Q]
	if q.Kind != KindItems {
		t.say(msgNotItems, q.Number)
		t.ask(t.cur.Q, false)
		return
	}
	if prev := t.answers[q.ID]; prev != nil {
		t.say(msgItemsDone, len(prev.Items))
		t.advance()
		return
	}
	t.record(&Answer{QID: q.ID, Status: NotApply}, "na")
	t.say(msgRecorded, "无")
	t.advance()
}

// undo drops the last open item of the current items question.
func (t *turnState) undo() {
	if t.cur.Mode == ModeDone || t.cur.Q < 0 || t.qs[t.cur.Q].Kind != KindItems {
		t.say("%s", msgNothingToUndo)
		return
	}
	q := t.qs[t.cur.Q]
	prev := t.answers[q.ID]
	if prev == nil || len(prev.Items) == 0 {
		t.say("%s", msgNothingToUndo)
		return
	}
	// With no item left the question stays open at the cursor, marked skipped
	// (an answer is never deleted, only superseded).
	ans := &Answer{QID: q.ID, Status: Skipped}
	if len(prev.Items) > 1 {
		ans = &Answer{QID: q.ID, Status: Answered, Items: append([]Item(nil), prev.Items[:len(prev.Items)-1]...)}
	}
	removed := prev.Items[len(prev.Items)-1]
	t.record(ans, "undo")
	t.say(msgItemRemoved, removed.Title, len(ans.Items))
}

// summary is the numbered review of every answer (查看).
func (t *turnState) summary() string {
	var b strings.Builder
	done, total := t.progress()
	fmt.Fprintf(&b, "【%s · %s】已完成 %d/%d 题", t.round.Title, deptLabel(t.round, t.a.Ref.Dept), done, total)
	section := -1
	for _, q := range t.qs {
		if !t.applies(q) {
			continue
		}
		if q.Section != section {
			section = q.Section
			s := t.form.Sections[section]
			fmt.Fprintf(&b, "\n\n%s、%s", s.Number, t.heading(s))
		}
		val := "（未填）"
		if a := t.answers[q.ID]; a != nil {
			val = FormatAnswer(q, a)
		}
		fmt.Fprintf(&b, "\n%d. %s：%s", q.Number, shortPrompt(q), val)
	}
	if readOnly := func(s AssignmentStatus) bool { return s == Submitted || s == PendingReview }; !readOnly(t.a.Status) && !readOnly(t.change.Status) {
		b.WriteString("\n\n" + msgReviewHint)
	}
	return b.String()
}

// shortPrompt is a question's prompt cut to a label for lists.
func shortPrompt(q *Question) string {
	if q == nil {
		return ""
	}
	p := strings.TrimRight(q.Prompt, "？?。：:")
	for _, pre := range []string{"请填写", "请问", "请列出", "请简述", "请说明"} {
		p = strings.TrimPrefix(p, pre)
	}
	return truncateRunes(p, 28)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func deptLabel(r *Round, id string) string {
	if d := r.Department(id); d != nil && d.Name != "" {
		return d.Name
	}
	return id
}

func coordinatorName(r *Round) string {
	if r.Coordinator != "" {
		return r.Coordinator
	}
	return "本单位统筹人"
}

var cst = time.FixedZone("CST", 8*3600)

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "未设定"
	}
	t = t.In(cst)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FormatTime writes a time as users see it, in China time.
func FormatTime(t time.Time) string { return formatTime(t) }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(cst)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
}

// formatWhen writes a moment in the coming days as people say it:
// 12月7日（周一）08:00.
func formatWhen(t time.Time) string {
	t = t.In(cst)
	week := [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[t.Weekday()]
	return fmt.Sprintf("%d月%d日（%s）%02d:%02d", t.Month(), t.Day(), week, t.Hour(), t.Minute())
}
