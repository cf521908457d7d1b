package chat_test

import (
	"strconv"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/seedtest"
)

// expect sends text and fails unless the reply has every want.
func (h *harness) expect(user, text string, want ...string) string {
	h.t.Helper()
	got := h.say(user, text)
	for _, w := range want {
		if !strings.Contains(got, w) {
			h.t.Fatalf("%q: reply lacks %q:\n%s", text, w, got)
		}
	}
	return got
}

// TestNoteEditGatedAsksGateFirst: 修改 N on a question behind an unanswered
// yes/no asks the yes/no, then N, then goes back; a refusal re-asks the
// current question and the next message answers it, never another.
func TestNoteEditGatedAsksGateFirst(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.expect("zhangsan", "43%", "第 2/9 题")
	h.expect("zhangsan", "修改 7", "第 7 题要先回答第 6 题", "第 6/9 题")
	h.expect("zhangsan", "是", "已记录：是", "第 7/9 题")
	got := h.expect("zhangsan", "无", "已记录：0件", "不涉及", "第 2/9 题")
	if strings.Contains(got, "。。") {
		t.Errorf("doubled punctuation:\n%s", got)
	}
	if a := h.answers()["cases"]; a == nil || a.Figure == nil || a.Figure.Value != "0" {
		t.Fatalf("cases = %+v, want 0", a)
	}
	if h.answers()["meetings_cut"].Figure.Value != "43" {
		t.Fatal("question 1 changed")
	}
	// Gate answered 否: the refusal says so and asks question 2 again.
	h.expect("zhangsan", "修改 6", "第 6/9 题")
	h.expect("zhangsan", "否", "已记录：否", "第 2/9 题")
	h.expect("zhangsan", "修改 7", "第 7 题无需填写", "回答为“否”", "第 2/9 题")
	h.expect("zhangsan", "无", "已记录：0件", "第 3/9 题")
	if a := h.answers()["docs"]; a == nil || a.Figure.Value != "0" {
		t.Fatalf("docs = %+v", a)
	}
	if a := h.answers()["meetings_cut"]; a.Figure.Value != "43" {
		t.Fatalf("question 1 = %+v", a)
	}
	h.expect("zhangsan", "修改 99", "题号应在 1 到 9 之间", "第 3/9 题")
	h.expect("zhangsan", "撤销", "当前没有可撤销的内容", "第 3/9 题")
	h.expect("zhangsan", "答复率100%", "已记录：100%", "第 4/9 题")
}

// TestNoteEditGatedNo: the gate asked by 修改 N and answered 否 says N is
// not needed and goes back.
func TestNoteEditGatedNo(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.expect("zhangsan", "修改 7", "第 6/9 题")
	h.expect("zhangsan", "否", "第 7 题无需填写", "第 1/9 题")
}

// TestNoteEchoAndReview: a figure with a remark keeps it as the note, shown
// in the echo and in 查看; a synonym is echoed in the form's unit with what
// was written; a text answer ending in 。 is echoed once.
func TestNoteEchoAndReview(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.expect("zhangsan", "会议比上年减少了43%", "已记录：43%", "第 2/9 题")
	h.expect("zhangsan", "今年一共发文64宗，已全部办结。", "已记录：64件（您写的是“64宗”）。备注：已全部办结。", "第 3/9 题")
	a := h.answers()["docs"]
	if a.Note != "已全部办结" || a.Wrote != "64宗" || a.Figure.Unit != "件" {
		t.Fatalf("docs = %+v %+v", a, a.Figure)
	}
	h.expect("zhangsan", "答复率两成", "已记录：20%（您写的是“两成”）。", "第 4/9 题")
	h.expect("zhangsan", "大概九成五", "已记录：约95%（您写的是“大概九成五”）。", "第 5/9 题")
	h.expect("zhangsan", "修改 9", "第 9/9 题")
	got := h.expect("zhangsan", "法治思维运用还不够深入。", "已记录：法治思维运用还不够深入。")
	if strings.Contains(got, "。。") {
		t.Errorf("doubled punctuation:\n%s", got)
	}
	h.expect("zhangsan", "查看", "64件（备注：已全部办结）")
	if audit := h.assignment().Answers["docs"]; audit.Raw != "今年一共发文64宗，已全部办结。" {
		t.Errorf("raw = %q", audit.Raw)
	}
	_ = bot.FormatAnswer
}

// TestNoteBareRemarkChat: a remark run into its figure with no comma is
// echoed and stored as the note, like one set off by a comma; two figures
// for two questions in one unpunctuated message still make one batch to
// confirm, not one answer with a note.
func TestNoteBareRemarkChat(t *testing.T) {
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	docs := mine.Question("docs_issued")
	h.say("zhangsan", "修改 "+strconv.Itoa(docs.Number))
	h.expect("zhangsan", "64件已全部办结", "已记录：64件。备注：已全部办结。")
	if a := h.answers()["docs_issued"]; a == nil || a.Note != "已全部办结" || a.Figure.Value != "64" {
		t.Fatalf("docs_issued = %+v", a)
	}
	rq, hq := mine.Question("disclosure_received"), mine.Question("disclosure_handled")
	h.say("zhangsan", "修改 "+strconv.Itoa(rq.Number))
	h.expect("zhangsan", "收到信息公开申请42件已办结40件", "将记录：第"+strconv.Itoa(rq.Number)+"题 42件；第"+strconv.Itoa(hq.Number)+"题 40件")
	h.say("zhangsan", "是")
	if a := h.answers(); a["disclosure_received"].Figure.Value != "42" || a["disclosure_handled"].Figure.Value != "40" {
		t.Fatalf("stored %+v %+v", a["disclosure_received"], a["disclosure_handled"])
	}
}
