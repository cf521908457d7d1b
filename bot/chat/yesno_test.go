package chat_test

import (
	"strconv"
	"testing"

	"reportbot/bot/seedtest"
)

// TestYesNoInChat: the gate question answered in contacts' words: 不涉及
// on a yes/no that must be answered is 否 (the gated questions are
// skipped), a count above zero is 是 with the count kept as the note.
func TestYesNoInChat(t *testing.T) {
	form, _ := seedtest.Load(t)
	gate := form.For(seedtest.Kinds).Question("has_disputes")
	if gate == nil {
		t.Fatal("the seed department's form has no has_disputes")
	}
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	at := "修改 " + strconv.Itoa(gate.Number)
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
