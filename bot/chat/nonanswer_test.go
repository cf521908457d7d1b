package chat_test

import (
	"strings"
	"testing"

	"reportbot/bot/bottest"
	"reportbot/bot/chat"
)

// TestNonAnswerCorpus: chat typed where an answer is due (greetings,
// acknowledgements, putting off, questions about the question) is told
// apart and refused with a reply that says what to do; real short answers
// are still read as answers by the engine's reader.
func TestNonAnswerCorpus(t *testing.T) {
	form := shippedForm(t)
	rows := loadPhrasings(t, "testdata/nonanswers.tsv")
	if len(rows) < 40 {
		t.Fatalf("corpus has %d lines, want at least 40", len(rows))
	}
	var answers, chats int
	for _, p := range rows {
		q := form.Question(p.qid)
		if q == nil {
			t.Fatalf("line %d: no question %q", p.line, p.qid)
		}
		rd := chat.Read(q, p.typed)
		if p.want == "answer" {
			answers++
			if got := chat.ClassifyNonAnswer(p.typed); got != chat.NotNonAnswer {
				t.Errorf("line %d %q: classified %q, want an answer", p.line, p.typed, got)
			}
			if rd.Answer == nil {
				t.Errorf("line %d %s %q: refused (%s), want an answer", p.line, p.qid, p.typed, rd.Refusal)
			}
			continue
		}
		chats++
		if got := chat.ClassifyNonAnswer(p.typed); string(got) != p.want {
			t.Errorf("line %d %q: classified %q, want %q", p.line, p.typed, got, p.want)
		}
		if rd.Answer != nil {
			t.Errorf("line %d %s %q: stored as an answer", p.line, p.qid, p.typed)
			continue
		}
		if string(rd.NonAnswer) != p.want || rd.Refusal == "" || strings.Contains(rd.Refusal, "已记录") {
			t.Errorf("line %d %s %q: reading %+v", p.line, p.qid, p.typed, rd)
		}
	}
	if answers < 20 || chats < 20 {
		t.Errorf("corpus has %d answers and %d non-answers, want at least 20 of each", answers, chats)
	}
}

// TestNonAnswerTurns: in the conversation, chat is answered politely and
// the question asked again, nothing stored; a question about the question
// is explained with its example and how to skip; 明天再填 pauses; an item
// question takes none of it as an item.
func TestNonAnswerTurns(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.expect("zhangsan", "修改 9", "第 9/9 题")
	rows := []struct {
		typed string
		want  []string
	}{
		{"你好", []string{"您好！请直接回复本题的答案", "跳过", "第 9/9 题"}},
		{"好的，收到", []string{"好的。请直接回复本题的答案", "第 9/9 题"}},
		{"这个问题什么意思", []string{"本题问的是：主要不足是什么", "请用一两句话", "例如：法治思维运用还不够深入", "跳过", "如仍有疑问，请联系", "第 9/9 题"}},
		{"不清楚", []string{"没关系", "跳过", "第 9/9 题"}},
		{"版本", []string{"“版本”不是填报时使用的指令", "帮助", "第 9/9 题"}},
	}
	for _, r := range rows {
		got := h.expect("zhangsan", r.typed, r.want...)
		if strings.Contains(got, "已记录") {
			t.Errorf("%q recorded:\n%s", r.typed, got)
		}
	}
	if a := h.answers()["shortcoming"]; a != nil {
		t.Fatalf("shortcoming stored: %+v", a)
	}
	h.expect("zhangsan", "明天再填", "已保存进度", "继续")
	h.expect("zhangsan", "继续", "欢迎回来", "第 9/9 题")
	h.expect("zhangsan", "法治思维运用还不够深入。", "已记录：法治思维运用还不够深入")
	// The items question: chat is not an item, a pending item waits.
	h.expect("zhangsan", "修改 5", "第 5/9 题")
	got := h.expect("zhangsan", "好的", "请用一句话写明一项举措", "第 5/9 题")
	if strings.Contains(got, "请确认这一条") {
		t.Errorf("好的 read as an item:\n%s", got)
	}
	h.expect("zhangsan", "依法公开。区政府网站公开信息1075条", "请确认这一条")
	h.expect("zhangsan", "在吗", "回复“是”记录")
	h.expect("zhangsan", "是", "已记录第 1 条：【依法公开】")
}
