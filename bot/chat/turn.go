package chat

import (
	"fmt"
	"maps"
	"strings"

	"reportbot/bot"
)

// turnState is one turn's working copy: the assignment as loaded, this
// user's cursor, the change being built and the reply being written.
type turnState struct {
	round   *bot.Round
	form    *bot.Form
	qs      []*bot.Question
	a       *bot.Assignment
	m       bot.Message
	typed   string // what the contact typed, kept as each answer's Raw (m.Text may be the answer cut out of it)
	cur     *bot.Cursor
	answers map[string]*bot.Answer // loaded answers with this turn's changes applied
	owned   bool                   // answers is this turn's copy, no longer the loaded map
	change  *bot.Change
	out     []string
	buttons []bot.Button

	curChanged bool
	submitted  bool
	coordsTold bool // coordinators are told of a submission (set by the Engine)
	extract    func(string) (bot.Item, error)
	improve    func(bot.MatchRequest) []bot.MatchProposal // nil: rules only
	wb         bot.TableWorkbook                          // nil: no table files
	file       *bot.File                                  // a file sent after the text
	// lastYear holds the department's answers in the round's Previous
	// round (or the form's last_year values), shared and read-only; nil
	// if none. Read it through lastYearOf, which adds the figures the
	// contact pasted from last year's report.
	lastYear map[string]*bot.Answer
}

func newTurnState(e *Engine, r *bot.Round, a *bot.Assignment, m bot.Message) *turnState {
	form := r.FormFor(a.Ref.Dept)
	// answers starts as the loaded map, which is shared and read-only;
	// the turn copies it before its first write (own).
	t := &turnState{round: r, form: form, qs: form.Questions(), a: a, m: m, typed: m.Text, answers: a.Answers, change: &bot.Change{}}
	if c := a.Cursors[m.User]; c != nil {
		cp := *c
		t.cur = &cp
	}
	return t
}

// say adds a paragraph to the reply; a sentence never ends twice (。。)
// whatever an answer or a note ended with.
func (t *turnState) say(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for strings.Contains(s, "。。") {
		s = strings.ReplaceAll(s, "。。", "。")
	}
	t.out = append(t.out, s)
}

// replies assembles the turn's reply; prefix, if any, opens it.
func (t *turnState) replies(prefix string) []bot.Reply {
	parts := t.out
	if prefix != "" {
		parts = append([]string{prefix}, parts...)
	}
	if t.curChanged {
		if t.change.Cursors == nil {
			t.change.Cursors = map[string]*bot.Cursor{}
		}
		t.change.Cursors[t.m.User] = t.cur
		t.change.UpdatedAt = t.m.At
	}
	out := []bot.Reply{{Text: strings.Join(parts, "\n\n"), Buttons: t.buttons}}
	if t.file != nil {
		out = append(out, bot.Reply{File: t.file})
	}
	return out
}

// run decides what the message does.
func (t *turnState) run(pc parsedCommand) {
	if t.gated(pc) {
		return
	}
	if t.cur == nil && (pc.cmd == cmdReview || pc.cmd == cmdReviewAll) {
		// 查看 (or a contact's 进度) before the first question starts nothing.
		t.notStarted()
		return
	}
	if t.cur == nil {
		t.begin()
		t.pasteAtStart()
		return
	}
	if t.cur.Notice != "" && t.told(pc) {
		return
	}
	if t.cur.Paused && pc.cmd != cmdPause && t.pausedChat(pc) {
		return
	}
	if t.cur.Mode == bot.ModeConfirmSubmit && t.confirming(pc) {
		return
	}
	if t.cur.Pending != nil && t.confirmingItem(pc) {
		return
	}
	if t.cur.Check != nil && t.confirmingCheck(pc) {
		return
	}
	if t.cur.Batch != nil && t.confirmingBatch(pc) {
		return
	}
	if t.m.File != nil && t.isTableFile() {
		t.tableFile()
		return
	}
	if pc.cmd != cmdAnswer && t.tableDraft() != nil && !t.tableDraft().Broken {
		t.setDraft(nil) // a command leaves row-by-row answering
	}
	switch pc.cmd {
	case cmdHelp:
		t.say("%s", msgHelp)
		t.askCurrent(false)
	case cmdStart, cmdResume:
		t.resume()
	case cmdPause:
		t.cur.Paused = true
		t.curChanged = true
		t.say(msgPaused, t.progressLine())
	case cmdSkip, cmdNext:
		t.skip()
	case cmdPrev:
		if t.prev(pc.value == "") && pc.value != "" {
			t.answerWith(pc.value) // 上一题写错了，应该是15件
		}
	case cmdReview:
		t.say("%s", t.review())
	case cmdReviewAll:
		t.say("%s", t.summary())
	case cmdEdit:
		if t.edit(pc.arg, pc.value == "") && pc.value != "" {
			t.answerWith(pc.value) // 第三题改成12件
		}
	case cmdSubmit, cmdConfirm:
		t.askSubmit()
	case cmdDone:
		t.done()
	case cmdUndo:
		t.undo()
	case cmdNotApply:
		t.notApply()
	default:
		if pc.value != "" {
			t.correct(pc.value)
			return
		}
		t.answer()
	}
}

// correct takes a corrected value typed alone (改成12件, 不对，是12件). On a
// question that has an answer (asked again by 修改 N) it is the new answer;
// on one not yet answered it corrects the answer just recorded, which the
// echo showed a moment ago: the previous question's.
func (t *turnState) correct(value string) {
	if t.cur.Mode != bot.ModeDone && t.cur.Q >= 0 && t.cur.Q < len(t.qs) {
		if a := t.answers[t.qs[t.cur.Q].ID]; a != nil && (a.Status == bot.Answered || a.Status == bot.NotApply) {
			t.answerWith(value)
			return
		}
	}
	if t.prev(false) {
		t.answerWith(value)
	}
}

// answerWith takes text, cut out of the message (第三题改成12件 → 12件), as
// the answer to the question at the cursor; the audit keeps what was typed.
func (t *turnState) answerWith(text string) {
	t.m.Text = text
	t.answer()
}

// told says the notice left at the cursor (a table the contact was filling
// in was saved meanwhile in the console), once. An answer sent on that
// table was meant for the dropped draft: it is not taken, the question is
// asked again. It reports whether the turn is over.
func (t *turnState) told(pc parsedCommand) bool {
	t.say("%s", t.cur.Notice)
	t.cur.Notice = ""
	t.curChanged = true
	onTable := t.cur.Mode == bot.ModeAsk && t.cur.Q >= 0 && t.cur.Q < len(t.qs) && t.qs[t.cur.Q].Kind == bot.KindTable
	if pc.cmd == cmdAnswer && t.m.File == nil && onTable {
		t.askCurrent(false)
		return true
	}
	return false
}

// gated answers messages that the round's or assignment's state refuses.
// It reports whether the turn is over.
func (t *turnState) gated(pc parsedCommand) bool {
	switch t.round.Status {
	case bot.RoundClosed:
		t.say(msgRoundClosed, t.round.Title, t.round.CoordinatorName())
		return true
	case bot.RoundPaused:
		t.say(msgRoundPaused, t.round.Title)
		return true
	case bot.RoundDraft:
		t.say(msgRoundNotStarted, t.round.Title)
		return true
	}
	if t.a.Status == bot.Submitted || t.a.Status == bot.PendingReview {
		switch {
		case pc.cmd == cmdReview:
			t.say("%s", t.review())
		case pc.cmd == cmdReviewAll:
			t.say("%s", t.summary())
		case t.a.Status == bot.PendingReview:
			t.say(msgPendingReview, t.round.DeptLabel(t.a.Ref.Dept), bot.FormatTime(t.a.SubmittedAt))
		default:
			t.say(msgReadOnly, t.round.DeptLabel(t.a.Ref.Dept), bot.FormatTime(t.a.SubmittedAt))
		}
		return true
	}
	return false
}

// begin greets a contact on their first message and asks the first
// question; the message itself is not taken as an answer, since the contact
// has not seen a question yet.
func (t *turnState) begin() {
	t.cur = &bot.Cursor{Q: t.nextOpen(0)}
	t.curChanged = true
	if t.a.Status == bot.NotStarted || t.a.Status == "" {
		t.change.Status = bot.InProgress
	}
	c := t.tally()
	gated := droppedNote(c) // another contact may have answered a gate already
	if n := t.gatedOpen(); n > 0 {
		gated = fmt.Sprintf(msgGreetingGated, n) + gated
	}
	t.say(msgGreeting, t.round.Title, t.round.DeptLabel(t.a.Ref.Dept), c.Total, t.sections(), gated, bot.FormatDate(t.round.Deadline))
	if t.a.Status == bot.Returned && t.a.Note != "" {
		t.say(msgReturnedNote, t.a.Note)
	}
	if t.cur.Q < 0 {
		t.finish()
		return
	}
	t.ask(t.cur.Q, true)
}

// resume re-asks where the contact stands, with the section heading.
func (t *turnState) resume() {
	if t.a.Status == bot.Returned && t.a.Note != "" {
		t.say(msgReturnedNote, t.a.Note)
	}
	if t.cur.Mode == bot.ModeDone {
		t.sayAllDone()
		return
	}
	t.say(msgResume, t.progressLine())
	t.askCurrent(true)
}

// askCurrent re-asks the cursor's question, or says all is done.
func (t *turnState) askCurrent(withSection bool) {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 || t.cur.Q >= len(t.qs) {
		t.sayAllDone()
		return
	}
	t.ask(t.cur.Q, withSection)
}

// answer takes the message as the answer to the current question.
func (t *turnState) answer() {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 {
		t.sayAllDone()
		return
	}
	q := t.qs[t.cur.Q]
	if t.batch() {
		return
	}
	if q.Kind == bot.KindItems {
		t.addItem(q)
		return
	}
	if q.Kind == bot.KindTable {
		t.answerTable(q)
		return
	}
	rd := ReadInForm(t.form, q, t.m.Text)
	if rd.NonAnswer != NotNonAnswer {
		t.nonAnswer(q, rd)
		return
	}
	if rd.Answer != nil && rd.Answer.Status == bot.NotApply {
		t.notApply()
		return
	}
	ans := rd.Answer
	var err error
	if ans == nil {
		err = &bot.Error{Code: bot.EInvalid, Message: rd.Refusal}
	} else {
		err = t.checkRules(ans)
	}
	if err != nil {
		t.say("%s", bot.ErrorMessage(err))
		t.ask(t.cur.Q, false)
		return
	}
	if note, far := t.farFromLastYear(q, ans); far {
		t.cur.Check = ans
		t.curChanged = true
		t.say(msgYoYCheck, bot.FormatAnswer(q, ans), note)
		return
	}
	dropped := t.tally().Dropped
	t.record(ans, "answer")
	t.say("%s", rd.Echo)
	t.gateNote(q, dropped)
	t.advance()
}

// checkRules applies the form's cross-field rules as if ans were stored.
func (t *turnState) checkRules(ans *bot.Answer) error {
	return bot.CheckRulesWith(t.form, t.answers, ans)
}

// own gives the turn its own copy of the answers before it changes them
// (the loaded assignment is shared with other turns).
func (t *turnState) own() {
	if t.owned {
		return
	}
	// maps.Clone copies the table as it is; filling a new map key by key
	// hashed every key again and was most of a turn's own CPU.
	cp := maps.Clone(t.answers)
	if cp == nil {
		cp = map[string]*bot.Answer{}
	}
	t.answers, t.owned = cp, true
}

// record stores ans in the change and writes its audit entry.
func (t *turnState) record(ans *bot.Answer, event string) {
	q := t.form.Question(ans.QID)
	ans.Raw = bot.Truncate(t.typed, 2000)
	ans.By = t.m.User
	ans.At = t.m.At
	old := ""
	if prev := t.answers[ans.QID]; prev != nil {
		old = bot.FormatAnswer(q, prev)
	}
	t.own()
	t.answers[ans.QID] = ans
	t.change.Answers = appendAnswer(t.change.Answers, ans)
	t.change.UpdatedAt = t.m.At
	t.change.Audit = append(t.change.Audit, bot.AuditEntry{User: t.m.User, At: t.m.At, MsgID: t.m.ID, QID: ans.QID,
		Old: old, New: bot.FormatAnswer(q, ans), Raw: ans.Raw, Event: event})
}

// appendAnswer adds ans, replacing an earlier change to the same question.
func appendAnswer(list []*bot.Answer, ans *bot.Answer) []*bot.Answer {
	for i, a := range list {
		if a.QID == ans.QID {
			list[i] = ans
			return list
		}
	}
	return append(list, ans)
}

// skip marks the current question skipped, or moves on past one already
// dealt with, keeping its answer.
func (t *turnState) skip() {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 {
		t.sayAllDone()
		return
	}
	q := t.qs[t.cur.Q]
	if t.answers[q.ID] != nil {
		// 跳过 or 下一题 on a question already dealt with keeps its answer.
		t.say(msgKept, q.Number)
		t.advance()
		return
	}
	t.record(&bot.Answer{QID: q.ID, Status: bot.Skipped}, "skip")
	t.say(msgSkipped, q.Number)
	t.advance()
}

// notApply records 不涉及 for an optional question.
func (t *turnState) notApply() {
	if t.cur.Mode == bot.ModeDone || t.cur.Q < 0 {
		t.sayAllDone()
		return
	}
	q := t.qs[t.cur.Q]
	if !q.Optional && q.Kind == bot.KindYesNo {
		t.answer() // 不涉及 on a yes/no that must be answered is 否
		return
	}
	if !q.Optional {
		t.say("%s", msgRequired)
		t.ask(t.cur.Q, false)
		return
	}
	dropped := t.tally().Dropped
	t.record(&bot.Answer{QID: q.ID, Status: bot.NotApply}, "na")
	t.say(msgRecorded, "不涉及")
	t.gateNote(q, dropped)
	t.advance()
}

// advance moves past the current question: back to where 修改 N started,
// else to the next question not yet dealt with.
func (t *turnState) advance() {
	t.curChanged = true
	if then := t.cur.Then; then > 0 {
		t.cur.Then = 0
		if q := t.qs[then-1]; t.applies(q) {
			t.move(then - 1)
			t.ask(then-1, false)
			return
		} else if ga := t.answers[q.AskIf]; ga != nil && ga.Status == bot.Answered {
			t.say(msgGateNo, then)
		}
	}
	next := -1
	if t.cur.Return > 0 {
		next = t.nextOpen(t.cur.Return - 1)
		t.cur.Return = 0
	} else {
		next = t.nextOpen(t.cur.Q + 1)
	}
	if next < 0 {
		t.finish()
		return
	}
	section := t.cur.Q < 0 || t.cur.Q >= len(t.qs) || t.qs[t.cur.Q].Section != t.qs[next].Section
	t.move(next)
	t.ask(next, section)
}

// finish says every question is dealt with and offers to submit.
func (t *turnState) finish() {
	t.cur.Mode = bot.ModeDone
	t.cur.Q = -1
	t.curChanged = true
	t.sayAllDone()
	t.buttons = []bot.Button{{Key: "查看", Text: "查看汇总"}, {Key: "提交", Text: "提交"}}
}

// nextOpen returns the first question at or after from (wrapping to the
// start) that applies and has not been dealt with, or -1.
func (t *turnState) nextOpen(from int) int {
	if from < 0 {
		from = 0
	}
	for pass := 0; pass < 2; pass++ {
		lo, hi := from, len(t.qs)
		if pass == 1 {
			lo, hi = 0, from
		}
		for j := lo; j < hi; j++ {
			if t.applies(t.qs[j]) && t.answers[t.qs[j].ID] == nil {
				return j
			}
		}
	}
	return -1
}

// applies reports whether q is asked given the gate questions' answers.
func (t *turnState) applies(q *bot.Question) bool {
	if q.AskIf == "" {
		return true
	}
	g := t.answers[q.AskIf]
	return g != nil && g.Status == bot.Answered && g.Text == "是"
}
