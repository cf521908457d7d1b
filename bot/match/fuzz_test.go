package match_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"reportbot/bot/match"
	"reportbot/bot/seedtest"
	"reportbot/prompts"
)

// FuzzPasteText runs the paste parser on any text: it never panics, every
// value it binds is a figure of the text standing in the sentence it
// reports, each question gets at most one value, and only figure
// questions get one.
func FuzzPasteText(f *testing.F) {
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		f.Fatal(err)
	}
	mine := form.For(seedtest.Kinds)
	f.Add(seedtest.Report)
	f.Add("收到信息公开申请42件，办结40件")
	f.Add("答复率、满意率均达100%；12345热线工单满意率98.5%")
	f.Add("一、2026年主要安排\n计划制发文件400件")
	f.Add("制发文件：381\n办理上级文件 一千三百五十二件\n其中电子公文30件")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		res := match.Text(mine, text)
		seen := map[string]bool{}
		for _, m := range res.Matches {
			q := mine.Question(m.QID)
			if q == nil || !q.Kind.Numeric() {
				t.Fatalf("bound to %q, not a figure question", m.QID)
			}
			if seen[m.QID] {
				t.Fatalf("question %s bound twice", m.QID)
			}
			seen[m.QID] = true
			if m.Answer == nil || m.Answer.Figure == nil {
				t.Fatalf("%s: no figure", m.QID)
			}
			if !strings.Contains(m.Sentence, m.Text) || !strings.Contains(text, m.Sentence) {
				t.Fatalf("%s: value %q not found in its sentence %q of the text", m.QID, m.Text, m.Sentence)
			}
		}
		for _, u := range res.Unmatched {
			if !strings.Contains(u.Sentence, u.Text) || !strings.Contains(text, u.Sentence) {
				t.Fatalf("unmatched %q not found in its sentence %q of the text", u.Text, u.Sentence)
			}
		}
	})
}
