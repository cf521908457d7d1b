package chat_test

import (
	"strings"
	"testing"

	"reportbot/bot/bottest"
)

// TestItemsNumberedOneByOne: several measures typed as a numbered list in
// one message are not read as one item (their numbers taken as figures):
// the contact is asked to send them one by one, and nothing is stored
// until each is confirmed.
func TestItemsNumberedOneByOne(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "修改 5")
	for _, typed := range []string{
		"1. 规范会议流程。制定会务细则，会议减少43%\n2. 精简文件。发文同比减少8%",
		"1.规范会议流程，会议减少43%；2.精简文件，发文减少8%",
	} {
		reply := h.say("zhangsan", typed)
		if !strings.Contains(reply, "有 2 条举措") || !strings.Contains(reply, "先发第 1 条") || strings.Contains(reply, "请确认这一条") {
			t.Errorf("%q: %s", typed, reply)
		}
		if a := h.answers()["measures"]; a != nil && len(a.Items) > 0 {
			t.Fatalf("%q stored %+v", typed, a.Items)
		}
	}
	if reply := h.say("zhangsan", "规范会议流程。制定会务细则，会议减少43%"); !strings.Contains(reply, "请确认这一条") {
		t.Errorf("one item: %s", reply)
	}
}

// TestNoMoreOutsideItems: 没有了 (which ends an items list) on another
// question is read as its 无, not refused as a misplaced command; 不涉及
// on a required question is refused the same way by the reader alone.
func TestNoMoreOutsideItems(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "修改 8")
	if reply := h.say("zhangsan", "没有了"); !strings.Contains(reply, "已记录：0场") {
		t.Errorf("没有了 on an optional count: %s", reply)
	}
	if reply := h.say("zhangsan", "修改 9"); !strings.Contains(reply, "主要不足") {
		t.Fatalf("修改 9: %s", reply)
	}
	if reply := h.say("zhangsan", "没有了"); !strings.Contains(reply, "必答题") {
		t.Errorf("没有了 on a required text: %s", reply)
	}
	if a := h.answers()["shortcoming"]; a != nil {
		t.Errorf("stored %+v", a)
	}
}
