package chat

import (
	"fmt"

	"reportbot/bot"
)

// nonAnswer replies to chat typed where an answer was due (rd.NonAnswer)
// and asks the question again; a message putting the question off (明天再
// 填) pauses, as 暂停 does. Nothing is stored.
func (t *turnState) nonAnswer(q *bot.Question, rd Reading) {
	if rd.NonAnswer == NALater {
		t.cur.Paused = true
		t.curChanged = true
		t.say(msgPaused, t.progressLine())
		return
	}
	reply := rd.Refusal
	if rd.NonAnswer == NAQuestion {
		reply += fmt.Sprintf(msgNAContact, t.round.CoordinatorName())
	}
	t.say("%s", reply)
	t.ask(t.cur.Q, false)
}

// pausedChat handles the first message after 暂停. A command unpauses and
// runs. Anything else answers nothing: the contact may greet or chat
// before going on, so it resumes with where they stand, or, when it puts
// the form off again (明天再填), stays paused. It reports whether the turn
// is over.
func (t *turnState) pausedChat(pc parsedCommand) bool {
	waiting := t.cur.Pending != nil || t.cur.Check != nil || t.cur.Batch != nil
	chat := pc.cmd == cmdAnswer && t.m.File == nil && !waiting && (t.cur.Mode == bot.ModeAsk || t.cur.Mode == bot.ModeDone)
	if chat && ClassifyNonAnswer(t.m.Text) == NALater {
		t.say(msgPaused, t.progressLine())
		return true
	}
	t.cur.Paused = false
	t.curChanged = true
	if chat {
		t.resume()
	}
	return chat
}
