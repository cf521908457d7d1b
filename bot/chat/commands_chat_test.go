package chat_test

import (
	"strconv"
	"testing"
)

// TestCommandsTypedInChat: commands in contacts' own words act as commands,
// a correction carrying its value stores the value on the question it
// names (the audit keeps what was typed), and none of them is ever stored
// as an answer.
func TestCommandsTypedInChat(t *testing.T) {
	h, qs := seedStarted(t, "docs_issued", "rules_made")
	docs, rules := qs[0], qs[1]
	h.say("zhangsan", "10%")
	h.expect("zhangsan", "381件", "已记录：381件")
	h.expect("zhangsan", "第"+strconv.Itoa(docs.Number)+"题改成390件", "已记录：390件")
	if a := h.answers()["docs_issued"]; a == nil || a.Figure.Value != "390" || a.Raw != "第"+strconv.Itoa(docs.Number)+"题改成390件" {
		t.Fatalf("after the correction: %+v", a)
	}
	// Back at the question after it: 上一题 with its value.
	h.expect("zhangsan", "上一题写错了，应该是391件", "已记录：391件")
	if a := h.answers()["docs_issued"]; a == nil || a.Figure.Value != "391" {
		t.Fatalf("after 上一题 with a value: %+v", a)
	}
	// On a text question, commands in a contact's words store nothing.
	h.say("zhangsan", "修改 "+strconv.Itoa(rules.Number))
	for _, text := range []string{"先跳过", "这个先不填", "看一下", "提交吧", "回到上一题"} {
		h.say("zhangsan", "修改 "+strconv.Itoa(rules.Number))
		h.say("zhangsan", text)
		if a := h.answers()["rules_made"]; a != nil && a.Text == text {
			t.Fatalf("%q was stored as the answer to %s", text, rules.ID)
		}
	}
	h.say("zhangsan", "修改 "+strconv.Itoa(rules.Number))
	h.expect("zhangsan", "这个不涉及", "已记录：不涉及")
	// 改成 on a question asked again by 修改 N answers it.
	h.say("zhangsan", "修改 "+strconv.Itoa(docs.Number))
	h.expect("zhangsan", "改成400件", "已记录：400件")
	if a := h.answers()["docs_issued"]; a == nil || a.Figure.Value != "400" {
		t.Fatalf("after 修改 N, 改成: %+v", a)
	}
}

// TestCorrectionJustAfterAnAnswer: 改成 or 不对，是 typed right after the bot
// recorded an answer and asked the next question corrects the answer just
// recorded, not the question now asked.
func TestCorrectionJustAfterAnAnswer(t *testing.T) {
	h, qs := seedStarted(t, "docs_issued", "upper_docs")
	docs, upper := qs[0], qs[1]
	if upper.Number != docs.Number+1 {
		t.Fatalf("upper_docs is not the question after docs_issued: %d, %d", docs.Number, upper.Number)
	}
	h.say("zhangsan", "10%")
	h.expect("zhangsan", "381件", "已记录：381件")
	h.expect("zhangsan", "不对，是390件", "已记录：390件")
	if a := h.answers()["docs_issued"]; a == nil || a.Figure.Value != "390" {
		t.Fatalf("docs_issued after the correction: %+v", a)
	}
	if a := h.answers()["upper_docs"]; a != nil {
		t.Fatalf("the correction was stored on the next question: %+v", a)
	}
}
