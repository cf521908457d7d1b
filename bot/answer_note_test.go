package bot_test

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// TestNoteWithoutPunctuation: a remark typed straight after a figure, with
// no comma, as officials type on a phone, is kept as the note when a
// remark word opens it (已, 均, 全部, 含, 其中, 同比 …); the unit stays the
// figure's, a following clause that is the sentence's own (办结40件,
// 参加考试) is no note, and what was refused before is still refused.
func TestNoteWithoutPunctuation(t *testing.T) {
	qs := map[string]*bot.Question{
		"docs":   {ID: "docs", Prompt: "全年制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "381件"},
		"study":  {ID: "study", Prompt: "常务会会前学法多少次？", Kind: bot.KindCount, Unit: "次", Example: "9次"},
		"recv":   {ID: "recv", Prompt: "收到政府信息公开申请多少件？", Kind: bot.KindCount, Unit: "件", Example: "16件"},
		"events": {ID: "events", Prompt: "举办各类会议活动多少场？", Kind: bot.KindCount, Unit: "场", Example: "336场"},
		"people": {ID: "people", Prompt: "参加法律知识考试多少人？", Kind: bot.KindCount, Unit: "人", Example: "156人"},
		"rate":   {ID: "rate", Prompt: "群众满意率是多少？", Kind: bot.KindPercent, Unit: "%", Example: "96.8%"},
		"fines":  {ID: "fines", Prompt: "罚没款共多少万元？", Kind: bot.KindAmount, Unit: "万元", Example: "36.5万元"},
		"npc":    {ID: "npc", Prompt: "承办人大代表建议多少件？", Kind: bot.KindCount, Unit: "件", Example: "36件"},
	}
	for _, c := range []struct {
		q, typed string
		want     string // the stored answer, or !words of the refusal
		note     string
	}{
		// The four the contacts wrote.
		{"docs", "64件已全部办结", "64件", "已全部办结"},
		{"docs", "64件 全部办结", "64件", "全部办结"},
		{"docs", "230件含电子公文", "230件", "含电子公文"},
		{"study", "共9次均有记录", "9次", "均有记录"},
		// Other remark words reports use after a figure.
		{"docs", "全年发文381件均已按要求办理", "381件", "均已按要求办理"},
		{"docs", "381件不含会议纪要", "381件", "不含会议纪要"},
		{"docs", "420件其中以区政府名义发文86件", "420件", "其中以区政府名义发文86件"},
		{"docs", "381件另有会议纪要45期", "381件", "另有会议纪要45期"},
		{"docs", "381件比上年增加12件", "381件", "比上年增加12件"},
		{"npc", "36件按期办复", "36件", "按期办复"},
		{"npc", "承办36件全部按时办理完毕并答复", "36件", "全部按时办理完毕并答复"},
		{"npc", "36件当年全部办结", "36件", "当年全部办结"},
		{"recv", "42件均在法定期限内答复", "42件", "均在法定期限内答复"},
		{"recv", "共收到42件尚有2件结转下年", "42件", "尚有2件结转下年"},
		{"study", "9次由司法局讲解", "9次", "由司法局讲解"},
		{"study", "会前学法9次每次一个专题", "9次", "每次一个专题"},
		{"events", "6场次均有签到记录", "6场", "均有签到记录"},
		{"rate", "满意率96.8%较上年提高1.2个百分点", "96.8%", "较上年提高1.2个百分点"},
		{"fines", "罚没款36.5万元已全部上缴国库", "36.5万元", "已全部上缴国库"},
		{"docs", "六十四件已办结", "64件", "已办结"},
		// A bare number: the remark is no unknown unit.
		{"docs", "230含电子公文", "230件", "含电子公文"},
		{"docs", "64已全部办结", "64件", "已全部办结"},
		// With punctuation, as before; a second figure after a remark
		// word is read as with a comma (the chat's batch flow offers it
		// for its own question first).
		{"docs", "64件，已全部办结", "64件", "已全部办结"},
		{"recv", "收到42件已办结40件", "42件", "已办结40件"},
		// Not notes: the sentence's own words, a remark too short to say
		// anything, a qualifier.
		{"people", "156人参加考试", "156人", ""},
		{"docs", "64件已", "64件", ""},
		{"docs", "64件全部", "64件", ""},
		{"docs", "400件左右", "400件左右", ""},
		{"study", "9次学习了行政复议法", "9次", ""},
		{"npc", "36件办结率100%", "36件", ""},
		// Still refused: two figures for two things, a unit that is not
		// the question's, an unknown unit before a remark, a second
		// figure right after the first.
		{"recv", "42件办结40件", "!2 个数字", ""},
		{"docs", "64件 12件", "!2 个数字", ""},
		{"study", "共9场均有记录", "!单位是“次”", ""},
		{"docs", "381只已全部办结", "!没有看懂“只”", ""},
	} {
		q := qs[c.q]
		a, err := bot.ParseAnswer(q, c.typed)
		if refusal, ok := strings.CutPrefix(c.want, "!"); ok {
			if err == nil {
				t.Errorf("%s %q: stored %q (note %q), want a refusal", c.q, c.typed, bot.FormatAnswer(q, a), a.Note)
			} else if !strings.Contains(bot.ErrorMessage(err), refusal) {
				t.Errorf("%s %q: refusal %q lacks %q", c.q, c.typed, bot.ErrorMessage(err), refusal)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: refused: %v", c.q, c.typed, err)
			continue
		}
		if got := bot.FormatAnswer(q, a); got != c.want || a.Note != c.note {
			t.Errorf("%s %q: stored %q note %q, want %q note %q", c.q, c.typed, got, a.Note, c.want, c.note)
		}
	}
}
