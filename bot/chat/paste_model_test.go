package chat_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/llm"
	"reportbot/bot/llm/llmtest"
	"reportbot/bot/seedtest"
)

// modelText is a summary with a figure no rule binds: the words before
// 12次 are not the question's words.
const modelText = "2025年度工作总结\n全年制发文件412件。\n今年常务会开会前都安排了学法，共12次。\n参加应急演练的干部职工320人次。"

// TestPasteModelImproves lets the model bind what the rules left, and
// keeps none of what it makes up: an Inventor's figure that is not in the
// text, and its percent for a count, are dropped.
func TestPasteModelImproves(t *testing.T) {
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	for _, b := range []llmtest.Behaviour{llmtest.Faithful, llmtest.Inventor} {
		model := llmtest.NewServer(b)
		defer model.Close()
		w, err := llm.New(llm.Config{BaseURL: model.BaseURL(), APIKey: "sk-test", Model: "fake",
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, form)
		h.eng = chat.NewEngine(chat.EngineConfig{Store: h.st, Clock: bottest.NewClock(bottest.Monday), Matcher: w})
		h.say("zhangsan", "开始")
		r := h.say("zhangsan", modelText)
		if !strings.Contains(r, "找到 3 项数据") {
			t.Fatalf("behaviour %d: reply:\n%s", b, r)
		}
		if model.Calls() != 1 {
			t.Errorf("behaviour %d: %d model calls, want 1", b, model.Calls())
		}
		h.say("zhangsan", "是")
		a := h.answers()
		for qid, want := range map[string]string{"docs_issued": "412件", "pre_meeting_study": "12次", "drill_participants": "320人次"} {
			if got := a[qid]; got == nil || bot.FormatAnswer(mine.Question(qid), got) != want {
				t.Errorf("behaviour %d: %s = %v, want %s", b, qid, got, want)
			}
		}
		if len(a) != 3 {
			t.Errorf("behaviour %d: %d answers stored, want 3: %v", b, len(a), a)
		}
	}
	// Without a model the rules alone bind the figures they are sure of.
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	if r := h.say("zhangsan", modelText); !strings.Contains(r, "找到 2 项数据") || !strings.Contains(r, "另有 1 个数字") {
		t.Fatalf("rules only:\n%s", r)
	}
}
