package chat

import "reportbot/bot"

// prev moves back to the previous question that applies and, when ask is
// set, asks it; it reports whether it moved (the caller then answers it
// with a value typed with 上一题).
func (t *turnState) prev(ask bool) bool {
	from := t.cur.Q
	if t.cur.Mode == bot.ModeDone || from < 0 {
		from = len(t.qs)
	}
	t.cur.Then = 0
	for j := from - 1; j >= 0; j-- {
		if t.applies(t.qs[j]) {
			t.move(j)
			if ask {
				t.ask(j, false)
			}
			return true
		}
	}
	t.say("%s", msgFirstQuestion)
	t.askCurrent(false)
	return false
}

// edit jumps to question n (1-based); after it is answered the contact
// returns to where they were. A question behind a yes/no not yet answered
// asks that yes/no first, then n. A refusal asks the current question
// again, so the next message is read against the question last asked.
func (t *turnState) edit(n int, ask bool) bool {
	if n < 1 || n > len(t.qs) {
		t.say(msgBadNumber, len(t.qs))
		t.askCurrent(false)
		return false
	}
	q := t.qs[n-1]
	target := n - 1
	if !t.applies(q) {
		gate := t.form.Question(q.AskIf)
		if gate == nil {
			t.say(msgBadNumber, len(t.qs))
			t.askCurrent(false)
			return false
		}
		if ga := t.answers[q.AskIf]; !t.applies(gate) || ga != nil && (ga.Status == bot.Answered || ga.Status == bot.NotApply) {
			t.say(msgNotApplicable, n, gate.Short(), gateAnswer(gate, ga))
			t.askCurrent(false)
			return false
		}
		target = t.indexOf(gate.ID)
		t.say(msgGateFirst, n, gate.Number)
	}
	if t.cur.Return == 0 && t.cur.Mode != bot.ModeDone && t.cur.Q >= 0 && t.cur.Q != target {
		t.cur.Return = t.cur.Q + 1
	}
	t.move(target)
	t.cur.Then = 0
	if target != n-1 {
		t.cur.Then = n
		t.ask(target, true) // the gate first: a value typed with 修改 N waits for it
		return false
	}
	if ask {
		t.ask(target, true)
	}
	return true
}

// gateAnswer is how a gate's state reads in msgNotApplicable.
func gateAnswer(q *bot.Question, ga *bot.Answer) string {
	if ga == nil {
		return "未回答"
	}
	return bot.FormatAnswer(q, ga)
}

// indexOf returns the index of question id in the form's order, or -1.
func (t *turnState) indexOf(id string) int {
	for i, q := range t.qs {
		if q.ID == id {
			return i
		}
	}
	return -1
}

// move puts the cursor on question i in asking mode.
func (t *turnState) move(i int) {
	t.cur.Q = i
	t.cur.Mode = bot.ModeAsk
	t.curChanged = true
}
