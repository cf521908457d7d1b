package chat_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/chat"
)

// FuzzReadAnswer: the engine's reader never panics; it either stores an
// answer and echoes it, or refuses with a sentence, never both; chat it
// tells from an answer is never stored; no echo ends a sentence twice; a
// note, when kept, is echoed whole.
func FuzzReadAnswer(f *testing.F) {
	for _, s := range []string{"381件", "今年一共发文420宗，已全部办结", "一千二百多件", "三十来次", "两成", "大概九成五",
		"收到42件，办结40件", "零投诉", "无", "230件（含电子公文）", "截至11月底已发文350件", "比上年增加12件", "百分之百",
		"每月一次，共12次", "85万", "12345热线转办326件", "三五百件", "😀", "", "。。", "1,2,3",
		"64件已全部办结", "64件 全部办结", "230件含电子公文", "共9次均有记录", "230含电子公文", "381只已全部办结", "64件已",
		"你好", "好的，谢谢", "这个问题什么意思？", "明天再填", "不清楚", "版本"} {
		f.Add(s)
	}
	qs := []*bot.Question{
		{ID: "c", Number: 1, Prompt: "全年制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "381件", Optional: true},
		{ID: "p", Number: 2, Prompt: "满意率是多少？", Kind: bot.KindPercent, Unit: "%", Example: "43%"},
		{ID: "a", Number: 3, Prompt: "罚没款共多少万元？", Kind: bot.KindAmount, Unit: "万元", Example: "12.5万元"},
		{ID: "t", Number: 4, Prompt: "不足是什么？", Kind: bot.KindText, Example: "文字"},
		{ID: "l", Number: 5, Prompt: "哪些活动？", Kind: bot.KindList, Example: "甲、乙", Optional: true},
		{ID: "y", Number: 6, Prompt: "是否？", Kind: bot.KindYesNo, Example: "是"},
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, q := range qs {
			rd := chat.Read(q, s)
			if (rd.Answer == nil) == (rd.Refusal == "") {
				t.Fatalf("%s %q: answer %+v and refusal %q", q.Kind, s, rd.Answer, rd.Refusal)
			}
			if rd.NonAnswer != chat.NotNonAnswer && rd.Answer != nil {
				t.Fatalf("%s %q: a %s stored as %+v", q.Kind, s, rd.NonAnswer, rd.Answer)
			}
			if rd.Answer != nil && (rd.Echo == "" || strings.Contains(rd.Echo, "。。")) {
				t.Fatalf("%s %q: echo %q", q.Kind, s, rd.Echo)
			}
			if a := rd.Answer; a != nil && a.Note != "" && (utf8.RuneCountInString(a.Note) > 200 || !strings.Contains(rd.Echo, "备注："+bot.TrimSentenceEnd(a.Note))) {
				t.Fatalf("%s %q: note %q not echoed: %q", q.Kind, s, a.Note, rd.Echo)
			}
		}
	})
}
