package llm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/bot/llm/llmtest"
	"reportbot/store/storetest"
)

const itemText = "规范流程，提升服务效能。深化基层减负，全区性会议同比减少43%，制发文件381件。"

// TestExtractItemThroughModel: the model's split is used, and a figure it
// adds that the contact never typed is dropped.
func TestExtractItemThroughModel(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Faithful)
	defer srv.Close()
	w := newWriter(t, srv, 5*time.Second)
	it, err := w.ExtractItem(context.Background(), itemText)
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "规范流程，提升服务效能" || len(it.Figures) != 2 || it.Figures[0].Value != "43" || it.Figures[1].Value != "381" {
		t.Errorf("item = %+v", it)
	}
	srv.Set(llmtest.Inventor)
	it, err = w.ExtractItem(context.Background(), itemText)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range it.Figures {
		if f.Value == "99" {
			t.Errorf("an invented figure survived validation: %+v", it.Figures)
		}
	}
}

// TestExtractInConversation: with the model as the engine's Extractor, an
// item is shown back split into fields and stored only after 是; with the
// model down, the heuristic reading is used and the contact is not kept
// waiting.
func TestExtractInConversation(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Faithful)
	defer srv.Close()
	st := storetest.New(t)
	form := &bot.Form{ID: "t", Title: "t", Version: "1", Sections: []bot.Section{{ID: "s", Number: "一", Heading: "举措", Template: "measures",
		Questions: []bot.Question{{ID: "items", Prompt: "还有哪些举措？", Kind: bot.KindItems, Optional: true, Example: "标题。内容"}}}}}
	form.Index()
	user := storetest.RandomID("u")
	r := storetest.Round(t, st, form, bot.Department{ID: "zfb", Name: "区政府办", Contacts: []string{user}})
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Extractor: newWriter(t, srv, 200*time.Millisecond), Logger: quiet})
	say := func(id, text string) string {
		replies, err := eng.Handle(context.Background(), bot.Message{User: user, ID: id, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return replies[0].Text
	}
	say("1", "开始")
	if got := say("2", itemText); !strings.Contains(got, "请确认这一条") || !strings.Contains(got, "数据：43%、381件") {
		t.Fatalf("shown back: %s", got)
	}
	a, _ := st.Assignment(context.Background(), bot.AssignmentRef{Round: r.ID, Dept: "zfb"})
	if a.Answers["items"] != nil {
		t.Fatal("an item was stored before the contact confirmed it")
	}
	if got := say("3", "是"); !strings.Contains(got, "已记录第 1 条") {
		t.Fatalf("confirm: %s", got)
	}
	srv.Set(llmtest.Down)
	start := time.Now()
	if got := say("4", "依法公开。网站公开信息1705条。"); !strings.Contains(got, "【依法公开】") {
		t.Fatalf("fallback: %s", got)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("the contact waited %s for a model that is down", d)
	}
}
