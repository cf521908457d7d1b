package editorial_test

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/prompts"
)

// TestDisclosureTableFactLock: table answers are the sources of the text
// parts: a draft of part three states the totals, and a figure of the
// tables quoted in part one must agree with them.
func TestDisclosureTableFactLock(t *testing.T) {
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	grid, _, err := bot.ParseGrid(form, form.Question("t3"),
		"一、本年新收政府信息公开申请数量 58 7 0 0 1 0\n（一）予以公开 40 6 0 0 1 0\n四、结转下年度继续办理 18 1 0 0 0 0")
	if err != nil {
		t.Fatal(err)
	}
	a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "x", Dept: "zfb"}, Answers: map[string]*bot.Answer{
		"t3":          {QID: "t3", Status: bot.Answered, Grid: grid},
		"active_work": {QID: "active_work", Status: bot.Answered, Text: "全年主动公开政府信息356条。"},
	}}
	r := &bot.Round{ID: "x", Title: "2025年政府信息公开工作年度报告", Year: 2025, Form: form,
		Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}}
	three := form.SectionIndex("requests")
	res, err := editorial.TemplateWriter{}.Draft(context.Background(), editorial.DraftRequestFor(r, a, three))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "全年新收政府信息公开申请66件，予以公开47件，结转下年度继续办理19件。") || !strings.Contains(res.Text, "予以公开47件") || strings.Contains(res.Text, "科研机构") {
		t.Errorf("part three drafts %q", res.Text)
	}
	if lock := editorial.LockText(r, a, three, res.Text); !lock.OK {
		t.Errorf("the draft fails its own lock: %+v", lock.Flags)
	}
	one := form.SectionIndex("overview")
	if lock := editorial.LockText(r, a, one, "全年主动公开政府信息356条，全年收到政府信息公开申请66件，其中予以公开47件。"); !lock.OK {
		t.Errorf("figures of the tables quoted in part one are flagged: %+v", lock.Flags)
	}
	if lock := editorial.LockText(r, a, one, "全年主动公开政府信息356条，全年收到政府信息公开申请68件。"); lock.OK {
		t.Error("a figure that is in no table passed the lock")
	}
}

// TestDisclosureDistrictGrids: the district summary sums the departments'
// tables cell by cell, states the totals, and checks the same rules on
// them.
func TestDisclosureDistrictGrids(t *testing.T) {
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	q := form.Question("t3")
	grid := func(text string) map[string]string {
		g, _, err := bot.ParseGrid(form, q, text)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	a := grid("一、本年新收政府信息公开申请数量 4 1 0 0 0 0\n（一）予以公开 4 1 0 0 0 0")
	b := grid("一、本年新收政府信息公开申请数量 2 0 0 0 0 0\n2.重复申请 2 0 0 0 0 0")
	r := &bot.Round{ID: "x", Year: 2025, Form: form}
	answers := map[string]map[string]*bot.Answer{"zfb": {"t3": {Status: bot.Answered, Grid: a}}, "sfj": {"t3": {Status: bot.Answered, Grid: b}}}
	facts, _ := editorial.DistrictFacts(r, answers)
	var prose []string
	for _, f := range facts {
		if f.Prose != "" {
			prose = append(prose, f.Prose)
		}
	}
	if got := strings.Join(prose, "，"); got != "新收政府信息公开申请7件，予以公开5件，重复申请2件" {
		t.Errorf("district prose %q", got)
	}
	if bs := editorial.DistrictTableBreaks(r, answers); len(bs) != 0 {
		t.Errorf("consistent departments, yet %v", bs)
	}
	b["total.natural"] = "3" // kept by 区司法局 with an explanation
	bs := editorial.DistrictTableBreaks(r, answers)
	if len(bs) == 0 || !strings.Contains(strings.Join(bs, "\n"), "全区合计：【各行“总计”应等于自然人与各类法人或其他组织之和】") {
		t.Errorf("district breaks %v", bs)
	}
	if r.Form.Title != "政府信息公开工作年度报告" {
		t.Fatal(r.Form.Title)
	}
}
