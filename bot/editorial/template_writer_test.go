package editorial_test

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/factlock"
)

// TestSubsectionTemplateDraft: the template writer follows the form's
// subsections: one paragraph each, numbered （一）（二）… in form order
// with no gap where a subsection has nothing to say; a zero is left out
// unless the question says zero is news; an open item titled like a
// subsection joins its paragraph, the others follow, numbered on; the
// department's kinds decide which subsections there are; every figure of
// the draft has its source.
func TestSubsectionTemplateDraft(t *testing.T) {
	f := &bot.Form{ID: "t", Title: "t", Version: "1", Sections: []bot.Section{{ID: "measures", Number: "一", Heading: "{year}年度举措",
		Template: "measures", Lead: "{dept}坚持依法行政。", Subsections: []bot.Subsection{
			{ID: "process", Heading: "规范流程，提升服务效能", Kinds: []string{"政府办"}, Questions: []bot.Question{
				{ID: "docs", Prompt: "制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "1件", Prose: "制发文件{value}"},
				{ID: "rules_made", Prompt: "制定了哪些制度？", Kind: bot.KindList, Example: "《细则》", Prose: "制定完善{value}"}}},
			{ID: "decisions", Heading: "严格程序，推动依法决策", Questions: []bot.Question{
				{ID: "hearings", Prompt: "听证多少次？", Kind: bot.KindCount, Unit: "次", Example: "1次", Prose: "组织听证{value}", Optional: true}}},
			{ID: "disputes", Heading: "依法应诉复议，化解行政争议", Lead: "坚持把依法应诉作为{year}年的重点。", Questions: []bot.Question{
				{ID: "has_disputes", Prompt: "是否涉及诉讼？", Kind: bot.KindYesNo, Example: "是"},
				{ID: "cases", Prompt: "行政诉讼多少件？", Kind: bot.KindCount, Unit: "件", Example: "1件", Prose: "行政应诉案件{value}", AskIf: "has_disputes"},
				{ID: "lost", Prompt: "败诉多少件？", Kind: bot.KindCount, Unit: "件", Example: "0件", Prose: "败诉{value}", ZeroNews: true, AskIf: "has_disputes"},
				{ID: "in_court", Prompt: "负责人出庭多少件？", Kind: bot.KindCount, Unit: "件", Example: "0件", Prose: "负责人出庭应诉{value}", AskIf: "has_disputes"}}},
		}, Questions: []bot.Question{
			{ID: "other", Prompt: "其他举措？", Kind: bot.KindItems, Optional: true, Example: "标题。做法"}}}}}
	f.Index()
	answer := func(q, text string) *bot.Answer {
		a, err := bot.ParseAnswer(f.Question(q), text)
		if err != nil {
			t.Fatalf("%s %q: %v", q, text, err)
		}
		return a
	}
	item := func(text string) bot.Item {
		it, err := bot.ParseItem(text)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	answers := map[string]*bot.Answer{"docs": answer("docs", "381件"), "rules_made": answer("rules_made", "《会务保障实施细则》、《督查检查办法》"),
		"hearings": answer("hearings", "无"), "has_disputes": answer("has_disputes", "是"), "cases": answer("cases", "3件"),
		"lost": answer("lost", "0"), "in_court": answer("in_court", "0"),
		"other": {QID: "other", Status: bot.Answered, Items: []bot.Item{item("规范流程、提升服务效能：深化基层减负，优化会议和文件审批流程。"), item("强化队伍建设。组织业务培训")}}}
	r := &bot.Round{ID: "r", Year: 2025, Form: f, Departments: []bot.Department{
		{ID: "zfb", Name: "区政府办", Kinds: []string{"政府办"}}, {ID: "sfj", Name: "区司法局", Kinds: []string{"司法行政"}}}}
	draft := func(dept string) (string, bot.DraftRequest) {
		a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "r", Dept: dept}, Answers: answers}
		req := editorial.DraftRequestFor(r, a, 0)
		res, err := editorial.TemplateWriter{}.Draft(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if lock := factlock.Check(res.Text, req.Facts, req.Facts, r.Year); !lock.OK || len(lock.Unsourced) > 0 {
			t.Errorf("%s: unsourced figures %v in\n%s", dept, lock.Unsourced, res.Text)
		}
		return res.Text, req
	}
	got, req := draft("zfb")
	want := "区政府办坚持依法行政。\n" +
		"（一）规范流程，提升服务效能。制发文件381件，制定完善《会务保障实施细则》、《督查检查办法》。深化基层减负，优化会议和文件审批流程。\n" +
		"（二）依法应诉复议，化解行政争议。坚持把依法应诉作为2025年的重点。行政应诉案件3件，败诉0件。\n" +
		"（三）强化队伍建设。组织业务培训。"
	if got != want {
		t.Errorf("政府办 draft:\n%s\nwant:\n%s", got, want)
	}
	if len(req.Blocks) != 3 || req.Blocks[0].Heading != "规范流程，提升服务效能" || req.Blocks[2].Heading != "" {
		t.Errorf("blocks = %+v", req.Blocks)
	}
	got, _ = draft("sfj")
	if strings.Contains(got, "规范流程，提升服务效能") || !strings.HasPrefix(got, "区司法局坚持依法行政。\n（一）依法应诉复议，化解行政争议。") ||
		!strings.Contains(got, "（二）规范流程、提升服务效能。深化基层减负") {
		t.Errorf("司法行政 draft (no 政府办 subsection, so the item stands alone):\n%s", got)
	}
}

// TestTemplateSubjectParagraph: the section on the first responsible
// person reads as the report's one paragraph: who (the 职务 answer, marked
// subject), what they did, then the figures; not “（一）政府办党组书记。”
// as a paragraph of its own.
func TestTemplateSubjectParagraph(t *testing.T) {
	f := &bot.Form{ID: "t", Title: "t", Version: "1", Sections: []bot.Section{{ID: "resp", Number: "三", Heading: "第一责任人职责", Template: "responsibility",
		Questions: []bot.Question{
			{ID: "leader_title", Prompt: "职务？", Kind: bot.KindText, Subject: true, Example: "党组书记"},
			{ID: "leader_duties", Prompt: "如何履职？", Kind: bot.KindText, Example: "亲自抓"},
			{ID: "special_study", Prompt: "专题学习多少次？", Kind: bot.KindCount, Unit: "次", Example: "1次", Prose: "开展法治专题学习{value}"},
		}}}}
	f.Index()
	answers := map[string]*bot.Answer{}
	for q, text := range map[string]string{"leader_title": "政府办党组书记", "leader_duties": "将法治建设作为年度重点工作亲自抓、亲自管，各项法治建设任务有力有效推进",
		"special_study": "2次"} {
		a, err := bot.ParseAnswer(f.Question(q), text)
		if err != nil {
			t.Fatal(err)
		}
		answers[q] = a
	}
	r := &bot.Round{ID: "r", Year: 2025, Form: f, Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}}
	req := editorial.DraftRequestFor(r, &bot.Assignment{Ref: bot.AssignmentRef{Round: "r", Dept: "zfb"}, Answers: answers}, 0)
	res, err := editorial.TemplateWriter{}.Draft(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := "政府办党组书记将法治建设作为年度重点工作亲自抓、亲自管，各项法治建设任务有力有效推进。全年开展法治专题学习2次。"
	if res.Text != want {
		t.Errorf("draft:\n%s\nwant:\n%s", res.Text, want)
	}
	if lock := factlock.Check(res.Text, req.Facts, req.Facts, r.Year); !lock.OK || len(lock.Unsourced) > 0 {
		t.Errorf("unsourced %v", lock.Unsourced)
	}
}
