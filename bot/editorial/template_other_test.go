package editorial_test

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/factlock"
)

// TestTemplateOtherDataAndNotes: the template writer writes each figure's
// note after it (with a comma, the figures then set apart by semicolons)
// and the section's 其他数据 after its own figures (此外，…); the model's
// blocks carry the 其他数据 too; every figure of the draft, those in notes
// and 其他数据 included, has its source. A section with no 其他数据 reads
// as before.
func TestTemplateOtherDataAndNotes(t *testing.T) {
	f := &bot.Form{ID: "t", Title: "t", Version: "1", Sections: []bot.Section{{ID: "measures", Number: "一", Heading: "{year}年度举措",
		Template: "measures", Subsections: []bot.Subsection{
			{ID: "process", Heading: "规范流程，提升服务效能", Questions: []bot.Question{
				{ID: "docs", Prompt: "制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "1件", Prose: "制发文件{value}"},
				{ID: "upper", Prompt: "办理上级文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "1件", Prose: "办理上级文件{value}"}}},
		}, Questions: []bot.Question{
			{ID: "study", Prompt: "会前学法多少次？", Kind: bot.KindCount, Unit: "次", Example: "9次", Prose: "常务会会前学法{value}"},
			{ID: "hearings", Prompt: "听证多少次？", Kind: bot.KindCount, Unit: "次", Example: "1次", Prose: "组织听证{value}"}}},
		{ID: "plans", Number: "二", Heading: "下一年度安排", Template: "plans", Questions: []bot.Question{
			{ID: "plan", Prompt: "明年安排？", Kind: bot.KindText, Example: "文字"}}}}}
	f.Index()
	answer := func(q, text string) *bot.Answer {
		a, err := bot.ParseAnswer(f.Question(q), text)
		if err != nil {
			t.Fatalf("%s %q: %v", q, text, err)
		}
		return a
	}
	answers := map[string]*bot.Answer{
		"docs":     answer("docs", "64件已全部办结"),
		"upper":    answer("upper", "1352件"),
		"study":    answer("study", "9次，其中专题学法3次"),
		"hearings": answer("hearings", "2次"),
		"plan":     answer("plan", "深化行政复议体制改革"),
		bot.OtherQID("measures"): {QID: bot.OtherQID("measures"), Status: bot.Answered, Items: []bot.Item{
			{Title: "开展消防检查", Text: "另外开展消防检查6次", Figures: []bot.Figure{{Value: "6", Unit: "次"}}},
			{Title: "开展应急演练", Text: "开展应急演练2场", Figures: []bot.Figure{{Value: "2", Unit: "场"}}}}},
	}
	if answers["docs"].Note != "已全部办结" {
		t.Fatalf("docs note = %q", answers["docs"].Note)
	}
	r := &bot.Round{ID: "r", Year: 2025, Form: f, Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}}
	a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "r", Dept: "zfb"}, Answers: answers}
	draft := func(si int) (string, bot.DraftRequest) {
		req := editorial.DraftRequestFor(r, a, si)
		res, err := editorial.TemplateWriter{}.Draft(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if lock := factlock.Check(res.Text, req.Facts, req.Facts, r.Year); !lock.OK || len(lock.Unsourced) > 0 {
			t.Errorf("section %d: unsourced %v flags %+v in\n%s", si, lock.Unsourced, lock.Flags, res.Text)
		}
		return res.Text, req
	}
	got, req := draft(0)
	want := "全年常务会会前学法9次，其中专题学法3次；组织听证2次。此外，开展消防检查6次，开展应急演练2场。\n" +
		"（一）规范流程，提升服务效能。制发文件64件，已全部办结；办理上级文件1352件。"
	if got != want {
		t.Errorf("draft:\n%s\nwant:\n%s", got, want)
	}
	own := req.Blocks[len(req.Blocks)-1]
	var others []string
	for _, fact := range own.Facts {
		if _, ok := bot.SectionOf(fact.QID); ok {
			others = append(others, fact.Prose)
		}
	}
	if own.Heading != "" || strings.Join(others, "、") != "开展消防检查6次、开展应急演练2场" {
		t.Errorf("the model's blocks lack the 其他数据: %+v", req.Blocks)
	}
	// Without notes and 其他数据 the figures read as before, one list.
	delete(answers, bot.OtherQID("measures"))
	answers["docs"] = answer("docs", "64件")
	answers["study"] = answer("study", "9次")
	got, _ = draft(0)
	want = "全年常务会会前学法9次，组织听证2次。\n（一）规范流程，提升服务效能。制发文件64件，办理上级文件1352件。"
	if got != want {
		t.Errorf("plain draft:\n%s\nwant:\n%s", got, want)
	}
	// 其他数据 alone, in a section whose own questions say nothing.
	answers[bot.OtherQID("plans")] = &bot.Answer{QID: bot.OtherQID("plans"), Status: bot.Answered, Items: []bot.Item{
		{Title: "计划开展培训", Figures: []bot.Figure{{Value: "4", Unit: "场"}}}}}
	if got, _ = draft(1); !strings.Contains(got, "计划开展培训4场。") || strings.Contains(got, "此外") {
		t.Errorf("plans draft:\n%s", got)
	}
}
