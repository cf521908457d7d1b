package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/prompts"
)

// TestDisclosureGridExport: the Excel export has a sheet per table with
// every department's grid and the district total summed cell by cell; a
// department's explanation shows on the status sheet and beside its grid,
// and a rule the district totals break is written under them.
func TestDisclosureGridExport(t *testing.T) {
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	q := form.Question("t3")
	parse := func(text string) map[string]string {
		g, _, err := bot.ParseGrid(form, q, text)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	good := parse("一、本年新收政府信息公开申请数量 5 1 0 0 0 0\n（一）予以公开 5 1 0 0 0 0")
	odd := parse("一、本年新收政府信息公开申请数量 3 0 0 0 0 0\n（一）予以公开 2 0 0 0 0 0")
	odd["total.natural"] = "3" // kept with an explanation
	r := &bot.Round{ID: "x", Title: "2025年政府信息公开工作年度报告", Year: 2025, Form: form}
	depts := []Dept{
		{Dept: bot.Department{ID: "zfb", Name: "区政府办"}, Assignment: &bot.Assignment{Status: bot.Submitted, Answers: map[string]*bot.Answer{
			"t3": {QID: "t3", Status: bot.Answered, Grid: good}}}},
		{Dept: bot.Department{ID: "sfj", Name: "区司法局"}, Assignment: &bot.Assignment{Status: bot.Submitted, Answers: map[string]*bot.Answer{
			"t3": {QID: "t3", Status: bot.Answered, Grid: odd, Why: "1 件申请撤回，未计入办理结果"}}}},
	}
	var buf bytes.Buffer
	if err := XLSX(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheets := strings.Join(x.GetSheetList(), "|")
	for _, want := range []string{"表二-1", "表二-4", "表三", "表四", "一、总体情况"} {
		if !strings.Contains(sheets, want) {
			t.Errorf("sheets %s lack %s", sheets, want)
		}
	}
	if strings.Contains(sheets, "三、收到和处理") {
		t.Errorf("a part made of tables got a question sheet too: %s", sheets)
	}
	rows, _ := x.GetRows("表三")
	find := func(dept, label string) []string {
		for _, row := range rows {
			if len(row) > 1 && row[0] == dept && row[1] == label {
				return row
			}
		}
		t.Fatalf("no row %s %s", dept, label)
		return nil
	}
	if got := strings.Join(find("全区合计", "一、本年新收政府信息公开申请数量")[2:9], " "); got != "8 1 0 0 0 0 9" {
		t.Errorf("district 本年新收 = %s", got)
	}
	if got := strings.Join(find("全区合计", "（七）总计")[2:9], " "); got != "8 1 0 0 0 0 8" {
		t.Errorf("district 总计 = %s", got)
	}
	if row := find("区司法局", "一、本年新收政府信息公开申请数量"); row[len(row)-1] != "1 件申请撤回，未计入办理结果" {
		t.Errorf("explanation not beside the grid: %v", row)
	}
	all := ""
	for _, row := range rows {
		all += strings.Join(row, " ") + "\n"
	}
	if !strings.Contains(all, "全区合计核对：【各行“总计”应等于自然人与各类法人或其他组织之和】") {
		t.Errorf("the district totals' broken rule is not written:\n%s", all)
	}
	if v, _ := x.GetCellValue("填报情况", "G3"); !strings.Contains(v, "1 件申请撤回") {
		t.Errorf("status sheet G3 = %q", v)
	}
}
