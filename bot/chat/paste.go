package chat

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
	"reportbot/bot/match"
)

// Replies of the batch flow: several figures in one message, a pasted
// text, a sent file.
const (
	msgBatchLine      = "将记录：%s。回复“是”记录，回复“否”不记录。"
	msgBatchHead      = "从您发来的材料中找到 %d 项数据（%s）："
	msgBatchHow       = "回复“是”全部记录；回复“序号 数值”更正一行（如“%d %s”）；回复“删 序号”去掉一行；回复“否”全部不记录。"
	msgBatchOther     = "另有 %s 在问卷中没有对应的题目，将作为本部分的“其他数据”一并记录。"
	msgBatchSaved     = "已记录 %d 项：%s。"
	msgBatchDropped   = "好的，这些数据都没有记录。"
	msgBatchUnsaid    = "（上一条待确认的数据没有记录。）"
	msgBatchEmpty     = "表中已没有数据，未记录。"
	msgBatchBadRow    = "没有第 %d 行，表中共 %d 行。"
	msgBatchOldYear   = "这份材料是%d年度的，本次填报的是%d年度，其中的数据不作为本年度的答案记录。请发送%d年度的材料，或继续逐题回答。"
	msgBatchNone      = "没有在您发来的材料中找到能对应问卷题目的数据，请继续逐题回答。"
	msgBatchYoY       = "（%s，请核对）"
	msgBatchUnbound   = "\n另有 %d 个数字没有对应到问卷题目，未列入；需要写入报告的，可在相应题目或“其他举措”中补充。"
	msgBatchLastYear  = "\n这份材料是%d年度的：以下数据将作为上年数据，供填写%d年度数据时比对，不作为本年度的答案。"
	msgBatchLastSaved = "已保存 %d 项上年（%d年度）数据，填写这些题目时会显示上年数值供比对。"
)

// isPaste reports whether a message is a pasted text rather than an
// answer typed for one question: long, or several lines.
func isPaste(text string) bool {
	return utf8.RuneCountInString(text) >= 120 || strings.Count(text, "\n") >= 3
}

// batch reads a message that carries figures for several questions: a
// short message answering the current question and others with it
// (收到信息公开申请42件，办结40件), or a pasted text. It shows what it found
// and waits for 是; it reports whether it took the message.
func (t *turnState) batch() bool {
	text := strings.TrimSpace(t.m.Text)
	q := t.qs[t.cur.Q]
	paste := isPaste(text)
	if q.Kind.Numeric() || paste {
		text = bot.Spread(text) // 人大建议、政协提案各28件: a figure for each
	}
	if !paste && (!q.Kind.Numeric() || len(figure.Find(text)) < 2) {
		return false
	}
	res := match.Text(t.form, text)
	b := &bot.Batch{Paste: paste}
	if paste && res.Year != 0 && t.round.Year != 0 && res.Year != t.round.Year && len(res.Matches) >= 3 {
		if res.Year != t.round.Year-1 {
			t.say(msgBatchOldYear, res.Year, t.round.Year, t.round.Year)
			t.ask(t.cur.Q, false)
			return true
		}
		b.LastYear = res.Year
	}
	if paste && t.improve != nil && len(res.Unmatched) > 0 {
		open := func(q *bot.Question) bool {
			return b.LastYear != 0 || t.applies(q) && t.answers[q.ID] == nil
		}
		if props := t.improve(match.Request(t.form, res, open)); len(props) > 0 {
			res = match.Improve(t.form, text, res, props)
		}
	}
	current := false
	for _, m := range match.Verify(t.form, text, res.Matches) {
		mq := t.form.Question(m.QID)
		if mq == nil || (!t.applies(mq) && b.LastYear == 0) {
			continue
		}
		current = current || m.QID == q.ID
		b.Rows = append(b.Rows, bot.BatchRow{Answer: m.Answer, Sentence: excerpt(m.Sentence, m.Text)})
	}
	switch {
	case paste && !q.Kind.Numeric() && len(b.Rows) < 5:
		return false // a text answer that mentions a few figures
	case paste && len(b.Rows) == 0:
		if q.Kind.Numeric() {
			return false
		}
		t.say("%s", msgBatchNone)
		t.ask(t.cur.Q, false)
		return true
	}
	section := t.form.Sections[q.Section].ID
	for _, u := range res.Unmatched {
		if paste {
			// A whole text's stray figures belong to no one section;
			// they are counted, not kept.
			b.Unbound++
			continue
		}
		if len(b.Other) < 10 && utf8.RuneCountInString(u.Label) >= 2 {
			b.Other = append(b.Other, bot.OtherFigure{Section: section, Label: u.Label, Figure: u.Figure,
				Sentence: excerpt(u.Sentence, u.Text)})
		}
	}
	if !paste && (!current || len(b.Rows)+len(b.Other) < 2) {
		return false
	}
	t.cur.Batch = b
	t.curChanged = true
	t.showBatch(res.Year)
	return true
}

// showBatch writes the batch back: one line for a chat message, a
// numbered table for a pasted text.
func (t *turnState) showBatch(year int) {
	b := t.cur.Batch
	var other []string
	for _, o := range b.Other {
		other = append(other, o.Label+figure.Format(o.Figure))
	}
	if !b.Paste {
		var parts []string
		for _, r := range b.Rows {
			q := t.form.Question(r.Answer.QID)
			parts = append(parts, fmt.Sprintf("第%d题 %s%s", q.Number, bot.FormatAnswer(q, r.Answer), t.yoyNote(q, r.Answer)))
		}
		t.say(msgBatchLine, strings.Join(parts, "；"))
		if len(other) > 0 {
			t.say(msgBatchOther, strings.Join(other, "、"))
		}
		return
	}
	var s strings.Builder
	when := "未注明年度"
	if year != 0 {
		when = fmt.Sprintf("%d年度", year)
	}
	fmt.Fprintf(&s, msgBatchHead, len(b.Rows), when)
	if b.LastYear != 0 {
		fmt.Fprintf(&s, msgBatchLastYear, b.LastYear, b.LastYear+1)
	}
	for i, r := range b.Rows {
		q := t.form.Question(r.Answer.QID)
		fmt.Fprintf(&s, "\n%d. 第%d题 %s：%s%s\n   原文：“%s”", i+1, q.Number, q.Short(), bot.FormatAnswer(q, r.Answer),
			t.yoyNote(q, r.Answer), r.Sentence)
	}
	if b.Unbound > 0 {
		fmt.Fprintf(&s, msgBatchUnbound, b.Unbound)
	}
	t.say("%s", s.String())
	if len(other) > 0 {
		t.say(msgBatchOther, strings.Join(other, "、"))
	}
	if len(b.Rows) > 0 {
		q := t.form.Question(b.Rows[0].Answer.QID)
		t.say(msgBatchHow, 1, bot.FormatAnswer(q, b.Rows[0].Answer))
	}
}

// yoyNote flags an answer far from last year's value.
func (t *turnState) yoyNote(q *bot.Question, ans *bot.Answer) string {
	if note, far := t.farFromLastYear(q, ans); far {
		return fmt.Sprintf(msgBatchYoY, note)
	}
	return ""
}

// rowFix is "3 420件", "3改为420件", "第3行 420件"; rowDrop is "删 3".
var (
	rowFix  = regexp.MustCompile(`^第?\s*(\d{1,3})\s*(?:行|项|条)?\s*(?:改为|改成|更正为|[:：\s])\s*(\S.*)$`)
	rowDrop = regexp.MustCompile(`^(?:删|删除|去掉|去除)\s*第?\s*(\d{1,3})\s*(?:行|项|条)?$`)
)

// confirmingBatch handles the reply to a shown batch: 是 stores every row
// in this one turn, 否 drops them, "N 数值" corrects row N, "删 N" drops
// it. Any other message drops the batch and is read afresh. It reports
// whether the turn is over.
func (t *turnState) confirmingBatch(pc parsedCommand) bool {
	b := t.cur.Batch
	text := strings.TrimSpace(t.m.Text)
	switch {
	case pc.cmd == cmdConfirm || isYes(text):
		t.saveBatch()
		return true
	case isNo(text) || pc.cmd == cmdUndo:
		t.cur.Batch = nil
		t.curChanged = true
		t.say("%s", msgBatchDropped)
		t.askCurrent(false)
		return true
	}
	if m := rowDrop.FindStringSubmatch(text); m != nil && b.Paste {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(b.Rows) {
			t.say(msgBatchBadRow, n, len(b.Rows))
			return true
		}
		b.Rows = append(b.Rows[:n-1], b.Rows[n:]...)
		t.curChanged = true
		t.showBatch(0)
		return true
	}
	if m := rowFix.FindStringSubmatch(text); m != nil && b.Paste {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(b.Rows) {
			t.say(msgBatchBadRow, n, len(b.Rows))
			return true
		}
		q := t.form.Question(b.Rows[n-1].Answer.QID)
		ans, err := bot.ParseAnswer(q, m[2])
		if err != nil {
			t.say("第 %d 行：%s", n, bot.ErrorMessage(err))
			return true
		}
		b.Rows[n-1] = bot.BatchRow{Answer: ans, Sentence: "您更正为：" + bot.Clip(m[2], 20)}
		t.curChanged = true
		t.showBatch(0)
		return true
	}
	t.cur.Batch = nil
	t.curChanged = true
	t.say("%s", msgBatchUnsaid)
	return false
}

// saveBatch stores every row of the batch in this turn, then asks the
// current question if it is still open, else the next open one.
func (t *turnState) saveBatch() {
	b := t.cur.Batch
	t.cur.Batch = nil
	t.curChanged = true
	if len(b.Rows) == 0 {
		t.say("%s", msgBatchEmpty)
		t.askCurrent(false)
		return
	}
	trial := make(map[string]*bot.Answer, len(t.answers)+len(b.Rows))
	for k, v := range t.answers {
		trial[k] = v
	}
	for _, r := range b.Rows {
		trial[r.Answer.QID] = r.Answer
	}
	if err := bot.CheckRules(t.form, trial); err != nil {
		t.cur.Batch = b // keep it for a correction by row
		t.say("%s", bot.ErrorMessage(err))
		return
	}
	if b.LastYear != 0 {
		t.saveLastYear(b)
		return
	}
	typed := t.m.Text
	var parts []string
	for _, r := range b.Rows {
		q := t.form.Question(r.Answer.QID)
		t.m.Text = r.Sentence // the audit keeps where the figure came from
		t.record(r.Answer, "batch")
		if _, far := t.farFromLastYear(q, r.Answer); far {
			// 是 on the table confirmed the value shown with its note.
			t.change.Audit[len(t.change.Audit)-1].Event = "batch-yoy"
		}
		parts = append(parts, fmt.Sprintf("第%d题 %s", q.Number, bot.FormatAnswer(q, r.Answer)))
	}
	t.m.Text = typed
	t.recordOther(b.Other)
	t.say(msgBatchSaved, len(b.Rows), strings.Join(parts, "；"))
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 {
		t.advance()
		return
	}
	if t.answers[t.qs[t.cur.Q].ID] != nil {
		t.advance()
		return
	}
	t.askCurrent(false)
}

// excerpt is the part of sentence around the figure text: enough words
// before it to show what it counts.
func excerpt(sentence, fig string) string {
	i := strings.Index(sentence, fig)
	if i < 0 {
		return bot.Clip(sentence, 40)
	}
	before := []rune(sentence[:i])
	if len(before) > 24 {
		before = append([]rune("…"), before[len(before)-24:]...)
	}
	after := []rune(sentence[i+len(fig):])
	if len(after) > 8 {
		after = append(after[:8], []rune("…")...)
	}
	return string(before) + fig + string(after)
}

// recordOther keeps figures no question asks for as 其他数据 of their
// section, one item each, beside what the section holds already.
func (t *turnState) recordOther(list []bot.OtherFigure) {
	for _, o := range list {
		qid := bot.OtherQID(o.Section)
		ans := &bot.Answer{QID: qid, Status: bot.Answered, By: t.m.User, At: t.m.At}
		if prev := t.answers[qid]; prev != nil {
			ans.Items = append(ans.Items, prev.Items...)
		}
		value := figure.Format(o.Figure)
		ans.Items = append(ans.Items, bot.Item{Title: o.Label, Text: o.Sentence, Figures: []bot.Figure{o.Figure}})
		t.own()
		t.answers[qid] = ans
		t.change.Answers = appendAnswer(t.change.Answers, ans)
		t.change.Audit = append(t.change.Audit, bot.AuditEntry{User: t.m.User, At: t.m.At, MsgID: t.m.ID, QID: qid,
			New: o.Label + value, Raw: o.Sentence, Event: "other"})
	}
}

// saveLastYear keeps the batch's rows as last year's values
// (LastYearQID), for the year-over-year check, in this one turn.
func (t *turnState) saveLastYear(b *bot.Batch) {
	for _, r := range b.Rows {
		q := t.form.Question(r.Answer.QID)
		ans := *r.Answer
		ans.QID = bot.LastYearQID(q.ID)
		ans.By, ans.At, ans.Raw = t.m.User, t.m.At, r.Sentence
		t.own()
		t.answers[ans.QID] = &ans
		t.change.Answers = appendAnswer(t.change.Answers, &ans)
		t.change.Audit = append(t.change.Audit, bot.AuditEntry{User: t.m.User, At: t.m.At, MsgID: t.m.ID, QID: ans.QID,
			New: bot.FormatAnswer(q, &ans), Raw: r.Sentence, Event: "lastyear"})
	}
	t.change.UpdatedAt = t.m.At
	t.say(msgBatchLastSaved, len(b.Rows), b.LastYear)
	t.askCurrent(false)
}

// lastYearOf is last year's answer to qid: the previous round's, or else
// the figure the contact pasted from last year's report (LastYearQID),
// nil if neither. Looked up per question: a turn asks about one or two,
// and walking every answer for pasted ones cost more than the rest of
// the turn's reading.
func (t *turnState) lastYearOf(qid string) *bot.Answer {
	if last := t.lastYear[qid]; last != nil && last.Status == bot.Answered {
		return last
	}
	if pasted := t.answers[bot.LastYearQID(qid)]; pasted != nil {
		cp := *pasted
		cp.QID = qid
		return &cp
	}
	return t.lastYear[qid]
}

// lastYearAll is every answer lastYearOf gives, as one map (for the
// arithmetic rules, which may name any question of last year).
func (t *turnState) lastYearAll() map[string]*bot.Answer {
	return withPastedLastYear(t.lastYear, t.answers)
}

// withPastedLastYear is last year's answers with the values a contact
// pasted from last year's report filling the questions they leave open.
// The map given is shared (cached) and never changed.
func withPastedLastYear(last map[string]*bot.Answer, answers map[string]*bot.Answer) map[string]*bot.Answer {
	out := last
	for k, v := range answers {
		qid, ok := strings.CutPrefix(k, "lastyear.")
		if !ok || (last[qid] != nil && last[qid].Status == bot.Answered) {
			continue
		}
		cp := *v
		cp.QID = qid
		out = withAnswer(out, qid, &cp)
	}
	return out
}

// withAnswer returns a copy of m with qid set to a.
func withAnswer(m map[string]*bot.Answer, qid string, a *bot.Answer) map[string]*bot.Answer {
	out := make(map[string]*bot.Answer, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	cp := *a
	cp.QID = qid
	out[qid] = &cp
	return out
}

// pasteAtStart reads a pasted text or file sent as the very first
// message, after the greeting, instead of dropping it.
func (t *turnState) pasteAtStart() {
	if t.cur.Q >= 0 && t.cur.Mode != bot.ModeDone && isPaste(strings.TrimSpace(t.m.Text)) {
		t.batch()
	}
}

// matchTimeout bounds the model's matching inside a chat turn, which
// WeCom expects answered within 5 s; past it the rules' table is shown.
const matchTimeout = 3 * time.Second

// memoImprove returns the model's matching for one message, or nil with
// no model: a turn retried after a conflict reuses the first answer
// instead of asking again. A failed call proposes nothing.
func (e *Engine) memoImprove(ctx context.Context) func(bot.MatchRequest) []bot.MatchProposal {
	if e.fm == nil {
		return nil
	}
	var (
		done  bool
		props []bot.MatchProposal
	)
	return func(req bot.MatchRequest) []bot.MatchProposal {
		if !done {
			done = true
			cctx, cancel := context.WithTimeout(ctx, matchTimeout)
			var err error
			props, err = e.fm.MatchFigures(cctx, req)
			cancel()
			if err != nil {
				e.log.Warn("model matching failed, rules only", "err", err)
				props = nil
			}
		}
		return props
	}
}

// otherSummary lists the 其他数据 kept for each section, for 查看.
func (t *turnState) otherSummary() string {
	var b strings.Builder
	for _, s := range t.form.Sections {
		a := t.answers[bot.OtherQID(s.ID)]
		if a == nil || len(a.Items) == 0 {
			continue
		}
		var parts []string
		for _, it := range a.Items {
			for _, f := range it.Figures {
				parts = append(parts, it.Title+figure.Format(f))
			}
		}
		fmt.Fprintf(&b, "\n\n其他数据（%s、%s）：%s", s.Number, t.heading(s), strings.Join(parts, "；"))
	}
	return b.String()
}
