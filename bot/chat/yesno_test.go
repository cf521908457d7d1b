package chat_test

import (
	"strconv"
	"testing"

	"reportbot/bot"
	"reportbot/bot/seedtest"
)

// TestYesNoInChat: the gate question answered in contacts' words: 不涉及
// on a yes/no that must be answered is 否 (the gated questions are
// skipped), a count above zero is 是 with the count kept as the note.
func TestYesNoInChat(t *testing.T) {
	h, qs := seedStarted(t, "has_disputes")
	at := "修改 " + strconv.Itoa(qs[0].Number)
	h.say("zhangsan", at)
	h.expect("zhangsan", "不涉及", "已记录：否")
	if a := h.answers()["has_disputes"]; a == nil || a.Text != "否" {
		t.Fatalf("stored %+v", a)
	}
	h.say("zhangsan", at)
	h.expect("zhangsan", "有1起行政诉讼", "已记录：是")
	if a := h.answers()["has_disputes"]; a == nil || a.Text != "是" || a.Note != "有1起行政诉讼" {
		t.Fatalf("stored %+v", a)
	}
}

// seedStarted is a harness on the seed form whose contact has said 开始,
// with the seed department's questions of ids, in order.
func seedStarted(t *testing.T, ids ...string) (*harness, []*bot.Question) {
	t.Helper()
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	var qs []*bot.Question
	for _, id := range ids {
		q := mine.Question(id)
		if q == nil {
			t.Fatalf("the seed department's form has no %s", id)
		}
		qs = append(qs, q)
	}
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	return h, qs
}
