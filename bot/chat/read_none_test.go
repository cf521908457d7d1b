package chat_test

import (
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/prompts"
)

// TestReadNoneStandsFor: a required text question that tells contacts to
// reply 无 takes 无 (and its usual variants) as the sentence the form says
// it stands for; without that, 无 on a required text question is still
// refused with a way forward.
func TestReadNoneStandsFor(t *testing.T) {
	f, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	q := f.Question("fees_charged")
	for _, typed := range []string{"无", "没有", "无。", "没收", "没有收", "不收费", "未收取", "没有了，谢谢", "暂时没有"} {
		rd := chat.Read(q, typed)
		if rd.Answer == nil || rd.Answer.Text != "本年度未收取信息处理费。" || !strings.Contains(rd.Echo, "本年度未收取信息处理费") {
			t.Errorf("%q: %+v", typed, rd)
		}
	}
	for _, real := range []string{"收取信息处理费2笔，共计300元", "不多，共收取300元", "没有按件收，按量收取了120元"} {
		if rd := chat.Read(q, real); rd.Answer == nil || rd.Answer.Text == "本年度未收取信息处理费。" {
			t.Errorf("a real answer %q: %+v", real, rd)
		}
	}
	// An optional text question: the ways people say there is nothing
	// more are 不涉及, not text for the report.
	other := f.Question("other_matters")
	for _, typed := range []string{"没有了", "没有了，谢谢", "暂时没有", "没有其他事项", "无其他需要报告的事项"} {
		if rd := chat.Read(other, typed); rd.Answer == nil || rd.Answer.Status != bot.NotApply {
			t.Errorf("other_matters %q: %+v", typed, rd)
		}
	}
	plain := &bot.Question{ID: "x", Number: 1, Prompt: "存在哪些不足？", Kind: bot.KindText, Example: "不足"}
	if rd := chat.Read(plain, "无"); rd.Answer != nil || !strings.Contains(rd.Refusal, "必答题") {
		t.Errorf("无 on a required text question without none: %+v", rd)
	}
}
