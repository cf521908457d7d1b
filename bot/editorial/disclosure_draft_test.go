package editorial_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/seedtest"
	"reportbot/prompts"
)

// disclosure is a department's answers to the whole xxgk-annual form.
func disclosure(t *testing.T, t4 string) (*bot.Round, *bot.Assignment) {
	t.Helper()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	b := seedtest.NewAnswers(t, form)
	grid, text, ans := b.Grid, b.Text, b.Map
	text("active_work", "全年在门户网站主动公开政府信息356条，重点公开财政预决算。")
	text("request_work", "严格按照法定时限办理依申请公开，全年按时答复率100%。")
	text("info_management", "落实公开前保密审查，完成规范性文件清理")
	text("platforms", "优化门户网站政府信息公开专栏，政务微信公众号全年发布信息120条。")
	text("oversight", "明确专人负责政务公开工作，组织业务培训2次。")
	grid("t2_docs", "行政规范性文件 5 1 25")
	grid("t2_license", "行政许可 120")
	grid("t2_enforce", "行政处罚 36\n行政强制 0")
	grid("t2_fees", "行政事业性收费 12.5")
	grid("t3", "一、本年新收政府信息公开申请数量 58 7 0 0 1 0\n（一）予以公开 40 6 0 0 1 0\n四、结转下年度继续办理 18 1 0 0 0 0")
	grid("t4", t4)
	text("problems", "部分栏目信息更新不够及时，政策解读形式较为单一。")
	text("improvements", "健全信息发布审核机制，丰富图解、视频等政策解读形式。")
	text("fees_charged", "本年度未收取信息处理费。")
	return &bot.Round{ID: "x", Title: "2025年政府信息公开工作年度报告", Year: 2025, Form: form, Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}},
		&bot.Assignment{Ref: bot.AssignmentRef{Round: "x", Dept: "zfb"}, Answers: ans}
}

// zero is a zero figure in a text.
var zero = regexp.MustCompile(`(^|[^0-9.])0(件|万元)`)

// TestDisclosureTemplateDraft: the template drafts of the 政府信息公开
// report read as 公文: part one a paragraph per part of the work under the
// format's headings, each text answer as written (no 全年全年, no “。，”);
// the table parts state their totals and leave the cells to the tables
// (no cell of another part's table, no zeros); a part whose tables are all
// zero says the tables hold the figures; every figure is sourced.
func TestDisclosureTemplateDraft(t *testing.T) {
	for _, tc := range []struct{ name, t4 string }{{"cases", "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"}, {"no cases", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"}} {
		r, a := disclosure(t, tc.t4)
		drafts := map[string]string{}
		for i, s := range r.Form.Sections {
			res, err := editorial.TemplateWriter{}.Draft(context.Background(), editorial.DraftRequestFor(r, a, i))
			if err != nil {
				t.Fatal(err)
			}
			drafts[s.ID] = res.Text
			if lock := editorial.LockText(r, a, i, res.Text); !lock.OK {
				t.Errorf("%s: part %s is flagged: %+v\n%s", tc.name, s.Number, lock.Flags, res.Text)
			}
			if zero.MatchString(res.Text) {
				t.Errorf("%s: part %s states a zero:\n%s", tc.name, s.Number, res.Text)
			}
			for _, bad := range []string{"全年全年", "。，", "。。", "【？】", "【待补充】", "（一）0", "\n\n"} {
				if strings.Contains(res.Text, bad) {
					t.Errorf("%s: part %s has %q:\n%s", tc.name, s.Number, bad, res.Text)
				}
			}
			if n := strings.Count(res.Text, "\n") + 1; n > 6 {
				t.Errorf("%s: part %s has %d paragraphs:\n%s", tc.name, s.Number, n, res.Text)
			}
		}
		want := map[string]string{
			"overview": "（一）主动公开。全年在门户网站主动公开政府信息356条，重点公开财政预决算。\n" +
				"（二）依申请公开。严格按照法定时限办理依申请公开，全年按时答复率100%。\n" +
				"（三）政府信息管理。落实公开前保密审查，完成规范性文件清理。\n" +
				"（四）政府信息公开平台建设。优化门户网站政府信息公开专栏，政务微信公众号全年发布信息120条。\n" +
				"（五）监督保障。明确专人负责政务公开工作，组织业务培训2次。",
			"requests": "全年新收政府信息公开申请66件，予以公开47件，结转下年度继续办理19件。",
			"problems": "部分栏目信息更新不够及时，政策解读形式较为单一。\n健全信息发布审核机制，丰富图解、视频等政策解读形式。",
			"other":    "本年度未收取信息处理费。",
		}
		if tc.name == "cases" {
			want["appeals"] = "全年行政复议案件1件。"
		} else {
			want["appeals"] = "具体数据详见下表。"
		}
		for id, w := range want {
			if drafts[id] != w {
				t.Errorf("%s: part %s drafts\n%s\nwant\n%s", tc.name, id, drafts[id], w)
			}
		}
		if !strings.Contains(drafts["active"], "全年行政规范性文件制发5件、废止1件、现行有效25件，行政许可120件") || strings.Contains(drafts["active"], "行政强制") {
			t.Errorf("%s: part 二 drafts %s", tc.name, drafts["active"])
		}
	}
}

// TestFactlockTableCells: every cell of the tables is a source under its
// row and column labels, in its unit, for any part of the report: the
// totals and cells quoted in part one are sourced (a zero cell too); a
// figure right after a row's name must be that row's total (予以公开58件
// is not the 予以公开 total 47件), whichever column the other cells hold;
// a figure in no cell is flagged; no cell sources a figure in another
// unit.
func TestFactlockTableCells(t *testing.T) {
	r, a := disclosure(t, "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0")
	one := r.Form.SectionIndex("overview")
	good := "全年收到政府信息公开申请66件，其中自然人申请58件，予以公开47件，结转下年度继续办理19件，属于国家秘密0件。" +
		"因政府信息公开被申请行政复议1件，结果维持1件。本年作出行政许可处理决定120件，行政处罚36件，收取行政事业性收费12.5万元，行政规范性文件现行有效25件。"
	lock := editorial.LockText(r, a, one, good)
	if !lock.OK {
		t.Errorf("cells quoted in part one are flagged: %+v", lock.Flags)
	}
	if lock.Checked != 11 {
		t.Errorf("checked %d figures, want 11", lock.Checked)
	}
	for _, s := range lock.Sourced {
		if len(s.QIDs) != 1 || !strings.HasPrefix(s.QIDs[0], "t") {
			t.Errorf("%s sourced by %v", s.Text, s.QIDs)
		}
	}
	for _, tc := range []struct{ text, flagged, message string }{
		{"全年予以公开58件。", "58件", "“予以公开”的答案为“47件”"},
		{"全年行政复议案件2件。", "2件", "“行政复议案件”的答案为“1件”"},
		{"全年收到政府信息公开申请68件。", "68件", "答案中没有“68件”"},
		{"本年作出行政许可处理决定121件。", "121件", ""},
		{"行政事业性收费12.5亿元。", "12.5亿元", ""},
		{"其他5件。", "5件", "答案中没有“5件”"},
	} {
		lock := editorial.LockText(r, a, one, tc.text)
		if lock.OK || len(lock.Flags) != 1 || lock.Flags[0].Text != tc.flagged || !strings.Contains(lock.Flags[0].Message, tc.message) {
			t.Errorf("%s: flags %+v", tc.text, lock.Flags)
		}
	}
	// A text answer's figure beside a word that names no cell on its own
	// (案件, 其他) is the text's.
	a.Answers["request_work"] = &bot.Answer{QID: "request_work", Status: bot.Answered, Text: "转办信访案件3件，其他5件。"}
	if lock := editorial.LockText(r, a, one, "转办信访案件3件，其他5件。"); !lock.OK {
		t.Errorf("a text answer's own figures: %+v", lock.Flags)
	}
	// The draft of part three is sourced by its own table alone.
	three := r.Form.SectionIndex("requests")
	if lock := editorial.LockText(r, a, three, "全年新收政府信息公开申请66件，予以公开47件，结转下年度继续办理19件。"); !lock.OK {
		t.Errorf("part three: %+v", lock.Flags)
	}
}
