package match_test

import (
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/match"
	"reportbot/bot/seedtest"
)

// seedFigures returns the seed's figure answers by question: the numeric
// questions the contact answers with a figure of the report.
func seedFigures(t *testing.T) (*bot.Form, map[string]string) {
	form, seed := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	want := map[string]string{}
	for qid, e := range seed {
		q := mine.Question(qid)
		if q.Kind.Numeric() && e.Typed != "无" && e.Typed != "不涉及" {
			want[qid] = e.Want
		}
	}
	return mine, want
}

// TestPasteMatchSeed binds the seed report's 20 figures to their questions
// with no wrong value.
func TestPasteMatchSeed(t *testing.T) {
	form, want := seedFigures(t)
	if len(want) != len(seedtest.Figures) {
		t.Fatalf("seed has %d figure answers, want %d", len(want), len(seedtest.Figures))
	}
	res := match.Text(form, seedtest.Report)
	if res.Year != 2025 {
		t.Errorf("year = %d, want 2025", res.Year)
	}
	got := map[string]string{}
	for _, m := range res.Matches {
		q := form.Question(m.QID)
		got[m.QID] = bot.FormatAnswer(q, m.Answer)
		if !strings.Contains(seedtest.Report, m.Sentence) {
			t.Errorf("%s: sentence %q not in the text", m.QID, m.Sentence)
		}
		if !strings.Contains(m.Sentence, m.Text) {
			t.Errorf("%s: figure %q not in its sentence %q", m.QID, m.Text, m.Sentence)
		}
	}
	for qid, w := range want {
		if got[qid] != w {
			t.Errorf("%s = %q, want %q", qid, got[qid], w)
		}
	}
	for qid, g := range got {
		if _, ok := want[qid]; !ok {
			t.Errorf("%s = %q, a value the seed does not give", qid, g)
		}
	}
	for _, u := range res.Unmatched {
		t.Logf("unmatched: %s %s (%s)", u.Label, u.Text, u.Sentence)
	}
}

// TestMultiMatchMessage binds the figures of one chat message to two
// questions and leaves a figure no question asks for as unmatched.
func TestMultiMatchMessage(t *testing.T) {
	form, _ := seedFigures(t)
	for _, c := range []struct {
		text      string
		want      map[string]string
		unmatched string
	}{
		{"收到信息公开申请42件，办结40件", map[string]string{"disclosure_received": "42件", "disclosure_handled": "40件"}, ""},
		{"制发文件381件，办理上级文件一千三百五十二件", map[string]string{"docs_issued": "381件", "upper_docs": "1352件"}, ""},
		{"承办人大代表建议45宗、政协委员提案85件，答复率、满意率均达100%",
			map[string]string{"npc_suggestions": "45件", "cppcc_proposals": "85件", "reply_rate": "100%", "satisfaction_rate": "100%"}, ""},
		{"组织常务会会前学法15次，开展应急演练6次", map[string]string{"pre_meeting_study": "15次"}, "6次"},
		{"组织应急演练6场，参演320人次", map[string]string{"emergency_drills": "6场", "drill_participants": "320人次"}, ""},
		{"组织常务会会前学法15次，另外开展消防检查6次", map[string]string{"pre_meeting_study": "15次"}, "6次"},
		{"12345热线工单满意率98.5%", map[string]string{"hotline_satisfaction": "98.5%"}, ""},
		{"依法办理信息公开15件。2026年计划制发文件400件", map[string]string{"disclosure_handled": "15件", "docs_issued": "400件"}, ""},
	} {
		res := match.Text(form, c.text)
		got := map[string]string{}
		for _, m := range res.Matches {
			got[m.QID] = bot.FormatAnswer(form.Question(m.QID), m.Answer)
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: matched %v, want %v", c.text, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %s = %q, want %q (all: %v)", c.text, k, got[k], v, got)
			}
		}
		var un []string
		for _, u := range res.Unmatched {
			un = append(un, u.Text)
		}
		if strings.Join(un, ",") != c.unmatched {
			t.Errorf("%q: unmatched %v, want %q", c.text, un, c.unmatched)
		}
	}
}

// TestPasteNoWrongValues reads a text in the manner of other offices'
// reports, full of figures the form does not ask for next to words it
// does use: what is bound must be right, and the traps stay unbound.
func TestPasteNoWrongValues(t *testing.T) {
	form, _ := seedFigures(t)
	text := `区政府办公室2025年度工作总结
一、主要工作
2025年，办公室共制发文件412件，办理上级来文1500余件，比上一年度增长21%。
新收到政府信息公开申请38件，答复依申请公开政府信息35件，结转下年度继续办理3件，办结率92%。
全年在区政府门户网站主动公开各类信息共计10130余条，发布政策解读8篇，组织“在线访谈”4期。
召开区政府常务会议24次，会前学法12次；区长热线电话023-61471099。
承办人大代表建议52件、政协提案61件，按期办结率100%。
二、2026年工作计划
计划制发文件400件，组织常务会会前学法15次。
三、下一年度主要安排
力争承办人大代表建议60件，全年向上级报送政务信息100条。`
	res := match.Text(form, text)
	got := map[string]string{}
	for _, m := range res.Matches {
		got[m.QID] = bot.FormatAnswer(form.Question(m.QID), m.Answer)
	}
	want := map[string]string{
		"docs_issued":         "412件",
		"disclosure_received": "38件",
		"web_published":       "10,130余条",
		"pre_meeting_study":   "12次",
		"npc_suggestions":     "52件",
		"cppcc_proposals":     "61件",
	}
	// upper_docs may be bound (1500余件 of 上级来文) or left; anything else
	// bound is a wrong value.
	allowed := map[string]string{"upper_docs": "1500余件"}
	for qid, g := range got {
		if w, ok := want[qid]; ok && g != w {
			t.Errorf("%s = %q, want %q", qid, g, w)
		}
		if _, ok := want[qid]; !ok && allowed[qid] != g {
			t.Errorf("%s = %q: a wrong value", qid, g)
		}
	}
	for qid, w := range want {
		if got[qid] == "" {
			t.Logf("%s not bound (want %s)", qid, w)
		}
	}
	if res.Year != 2025 {
		t.Errorf("year %d", res.Year)
	}
}

// TestPasteVerify drops a binding whose value the text does not state.
func TestPasteVerify(t *testing.T) {
	form, _ := seedFigures(t)
	text := "制发文件381件，办理上级文件1352件"
	res := match.Text(form, text)
	if got := match.Verify(form, text, res.Matches); len(got) != 2 {
		t.Fatalf("verified %d of the rules' 2 bindings", len(got))
	}
	q := form.Question("docs_issued")
	forged, err := bot.ParseAnswer(q, "391件")
	if err != nil {
		t.Fatal(err)
	}
	bad := []match.Match{{QID: "docs_issued", Answer: forged, Text: "381件"}, {QID: "docs_issued", Answer: forged, Text: "391件"}}
	if got := match.Verify(form, text, bad); len(got) != 0 {
		t.Errorf("a value not in the text passed: %+v", got)
	}
}

// TestPasteImproveRefusesInventions keeps a model's proposal only for an
// unmatched figure of the text, a question still free, and a fitting unit.
func TestPasteImproveRefusesInventions(t *testing.T) {
	form, _ := seedFigures(t)
	text := "全年制发文件412件。今年常务会开会前都安排了学法，共12次。"
	res := match.Text(form, text)
	if len(res.Matches) != 1 || len(res.Unmatched) != 1 {
		t.Fatalf("rules: %d matches, %d unmatched", len(res.Matches), len(res.Unmatched))
	}
	req := match.Request(form, res, func(*bot.Question) bool { return true })
	if len(req.Figures) != 1 || req.Figures[0].Text != "12次" {
		t.Fatalf("request figures %+v", req.Figures)
	}
	for _, q := range req.Questions {
		if q.ID == "docs_issued" {
			t.Errorf("a bound question offered to the model")
		}
	}
	got := match.Improve(form, text, res, []bot.MatchProposal{
		{Figure: 9, QID: "pre_meeting_study"},    // no such figure
		{Figure: 1, QID: "docs_issued"},          // taken, and 次 is not 件
		{Figure: 1, QID: "meeting_cut"},          // a percent question
		{Figure: 1, QID: "no_such_question"},     // not in the form
		{Figure: 1, QID: "pre_meeting_study"},    // the one good proposal
		{Figure: 1, QID: "leadership_law_study"}, // the figure is used
	})
	if len(got.Matches) != 2 || len(got.Unmatched) != 0 {
		t.Fatalf("improved: %+v", got)
	}
	for _, m := range got.Matches {
		if m.QID == "pre_meeting_study" && m.Answer.Figure.Value != "12" {
			t.Errorf("pre_meeting_study = %s", m.Answer.Figure.Value)
		}
		if m.QID != "pre_meeting_study" && m.QID != "docs_issued" {
			t.Errorf("kept a bad proposal: %s", m.QID)
		}
	}
}
