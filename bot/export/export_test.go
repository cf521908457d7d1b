package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/seedtest"
)

func seedRound(t *testing.T) (*bot.Round, []Dept) {
	form, seed := seedtest.Load(t)
	answers := seedtest.Answers(t, form, seed)
	answers["upper_docs"] = &bot.Answer{QID: "upper_docs", Status: bot.Skipped}
	depts := []Dept{
		{seedtest.Dept("zfb", "区政府办"), &bot.Assignment{Status: bot.Submitted, Answers: answers, SubmittedBy: "zhangsan"}},
		{bot.Department{ID: "sfj", Name: "区司法局", Kinds: []string{"司法行政"}}, &bot.Assignment{Status: bot.NotStarted, Answers: map[string]*bot.Answer{}}},
	}
	r := &bot.Round{ID: "r2025", Title: "2025年度法治政府建设情况报告", Year: 2025, Form: form,
		Departments: []bot.Department{depts[0].Dept, depts[1].Dept}}
	return r, depts
}

// TestExportXLSX writes the workbook and reads it back: figures are numbers,
// skipped and 不涉及 are distinct from zero, units are in the headers, open
// items are rows.
func TestExportXLSX(t *testing.T) {
	r, depts := seedRound(t)
	var buf bytes.Buffer
	names := &bot.Roster{Names: map[string]string{"zhangsan": "张三"}}
	if err := XLSX(&buf, r, depts, names); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 9 || sheets[0] != "填报情况" || sheets[6] != "其他举措" || sheets[7] != "备注" || sheets[8] != "其他数据" || !strings.HasPrefix(sheets[1], "一、2025年度") {
		t.Fatalf("sheets = %v", sheets)
	}
	get := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := get("填报情况", "D2"); got != "张三" {
		t.Errorf("submitted by %q, want the name", got)
	}
	if get("填报情况", "A2") != "区政府办" || get("填报情况", "B2") != "已提交" || get("填报情况", "B3") != "未开始" {
		t.Errorf("status sheet: %s %s %s", get("填报情况", "A2"), get("填报情况", "B2"), get("填报情况", "B3"))
	}
	rows, _ := f.GetRows(sheets[1])
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	at := func(qid string) string {
		i, ok := col[header(r.Form.Question(qid))]
		if !ok {
			t.Fatalf("no column for %s in %v", qid, rows[0])
		}
		return rows[1][i]
	}
	if _, ok := col["2.全年制发文件多少件？（件）"]; !ok {
		t.Errorf("headers = %v", rows[0])
	}
	if at("docs_issued") != "381" || at("upper_docs") != "（跳过）" || at("public_requests") != "103204" {
		t.Errorf("row = %v", rows[1])
	}
	if v := at("normative_issued"); v != "0" {
		t.Errorf("无 should be 0, got %q", v)
	}
	if v := at("law_training_sessions"); v != "不涉及" {
		t.Errorf("不涉及 cell = %q", v)
	}
	typ, _ := f.GetCellType(sheets[1], "C2")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("figures are stored as text (%v)", typ)
	}
	items, _ := f.GetRows("其他举措")
	if len(items) != 3 || items[1][4] != "规范流程，提升服务效能" {
		t.Errorf("items = %v", items)
	}
}

func TestExportCSVAndJSON(t *testing.T) {
	r, depts := seedRound(t)
	var buf bytes.Buffer
	if err := CSV(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+r.FormFor("zfb").Len()+r.FormFor("sfj").Len() {
		t.Errorf("%d rows", len(recs))
	}
	found := false
	for _, rec := range recs {
		if rec[1] == "区政府办" && rec[7] == "103204" && rec[6] == "103,204件" && rec[8] == "件" {
			found = true
		}
	}
	if !found {
		t.Error("103204 not exported exactly")
	}
	buf.Reset()
	if err := JSON(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	var out struct{ Departments []struct{ Name string } }
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil || len(out.Departments) != 2 {
		t.Errorf("json: %v %+v", err, out)
	}
}
