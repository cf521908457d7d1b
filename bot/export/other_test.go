package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/editorial"
)

// TestOtherDataExports: a section's 其他数据 (figures no question asks for)
// reach every export, marked as 其他数据 of their section and never as an
// answer: the workbook's 其他数据 sheet, CSV rows whose 题号 and 状态 say
// 其他数据 (cells still neutralised against formulas), the JSON's Other
// apart from the answers, the audit workbook, and the Word and Markdown
// report (the template writer states them; the report's audit lists them).
func TestOtherDataExports(t *testing.T) {
	r, depts := seedRound(t)
	at := time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)
	sec := r.Form.Sections[0]
	hostile := `=HYPERLINK("http://evil.example","x")`
	depts[0].Assignment.Answers[bot.OtherQID(sec.ID)] = &bot.Answer{QID: bot.OtherQID(sec.ID), Status: bot.Answered, By: "zhangsan", At: at,
		Items: []bot.Item{
			{Title: "开展消防检查", Text: "组织常务会会前学法15次，另外开展消防检查6次", Figures: []bot.Figure{{Value: "6", Unit: "次"}}},
			{Title: hostile, Text: "@SUM(1+1)", Figures: []bot.Figure{{Value: "2", Unit: "场", Qualifier: "约"}}}}}
	names := &bot.Roster{Names: map[string]string{"zhangsan": "张三"}}

	var buf bytes.Buffer
	if err := XLSX(&buf, r, depts, names); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("其他数据")
	if len(rows) != 3 || rows[0][2] != "类别" || rows[1][0] != "区政府办" || !strings.HasPrefix(rows[1][1], "一、") ||
		rows[1][2] != "其他数据（问卷无对应题目）" || rows[1][3] != "开展消防检查" || rows[1][4] != "6次" || rows[1][5] != "6" ||
		rows[1][6] != "次" || rows[1][8] != "组织常务会会前学法15次，另外开展消防检查6次" || rows[1][9] != "张三" || rows[2][4] != "约2场" {
		t.Errorf("其他数据 sheet = %q", rows)
	}
	if v, _ := wb.GetCellValue("其他数据", "F2"); v != "6" {
		t.Errorf("value cell = %q", v)
	}
	for _, s := range wb.GetSheetList() {
		if s == "其他数据" {
			continue
		}
		all, _ := wb.GetRows(s)
		for _, row := range all {
			if strings.Contains(strings.Join(row, "|"), "开展消防检查") {
				t.Errorf("sheet %s shows the 其他数据 as an answer: %q", s, row)
			}
		}
	}

	buf.Reset()
	if err := CSV(&buf, r, depts, names); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var other [][]string
	for _, rec := range recs[1:] {
		for j, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !isNumber(c) {
				t.Errorf("CSV column %d exported as %q", j, c)
			}
		}
		if rec[3] == "其他数据" {
			other = append(other, rec)
		}
	}
	if len(other) != 2 || other[0][0] != "zfb" || other[0][2] != sec.Number || other[0][4] != "开展消防检查" ||
		other[0][5] != "其他数据（问卷无对应题目）" || other[0][6] != "6次" || other[0][7] != "6" || other[0][8] != "次" ||
		other[0][10] != "张三" || other[0][12] != "原话：组织常务会会前学法15次，另外开展消防检查6次" {
		t.Errorf("CSV 其他数据 rows = %q", other)
	}
	if len(other) == 2 && (other[1][4] != "'"+hostile || other[1][9] != "约" || other[1][12] != "原话：@SUM(1+1)") {
		t.Errorf("CSV hostile row = %q", other[1])
	}

	buf.Reset()
	if err := JSON(&buf, r, depts, names); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Departments []struct {
			ID      string
			Answers map[string]json.RawMessage
			Other   []struct{ Section, Number, Label, Value, Unit, Qualifier, Sentence string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	d := out.Departments[0]
	if _, ok := d.Answers[bot.OtherQID(sec.ID)]; ok || len(d.Answers) == 0 {
		t.Errorf("JSON answers hold the 其他数据 (or nothing): %d answers", len(d.Answers))
	}
	if len(d.Other) != 2 || d.Other[0].Section != sec.ID || d.Other[0].Number != "一" || d.Other[0].Label != "开展消防检查" ||
		d.Other[0].Value != "6" || d.Other[0].Unit != "次" || d.Other[1].Qualifier != "约" || !strings.Contains(d.Other[0].Sentence, "另外") {
		t.Errorf("JSON Other = %+v", d.Other)
	}

	// The audit workbook names the entry's place as 其他数据, not a question.
	buf.Reset()
	log := &AuditLog{Round: r, Dept: depts[0].Dept, Assignment: depts[0].Assignment, Entries: []bot.AuditEntry{
		{User: "zhangsan", At: at, QID: bot.OtherQID(sec.ID), New: "开展消防检查6次", Raw: "另外开展消防检查6次", Event: "other"}}}
	if err := AuditXLSX(&buf, log, names); err != nil {
		t.Fatal(err)
	}
	aw, _ := excelize.OpenReader(&buf)
	arows, _ := aw.GetRows("答案修改记录")
	if len(arows) != 2 || arows[1][2] != "一.其他数据" || !strings.Contains(arows[1][3], "其他数据") || arows[1][6] != "开展消防检查6次" {
		t.Errorf("audit rows = %q", arows)
	}

	// Word and Markdown: the report drafted by the template writer states
	// them in their section; its audit lists them as 其他数据.
	a := depts[0].Assignment
	a.Answers[bot.OtherQID(sec.ID)].Items[1].Title = "开展应急演练"
	// The seed's skipped answer would leave 【待补充】, and no final report
	// carries one: it is answered first.
	upper, err := bot.ParseAnswer(r.Form.Question("upper_docs"), "1352件")
	if err != nil {
		t.Fatal(err)
	}
	a.Answers["upper_docs"] = upper
	a.Ref = bot.AssignmentRef{Round: r.ID, Dept: "zfb"}
	secs := map[string]*bot.SectionState{}
	for si, s := range r.Form.Sections {
		res, err := editorial.TemplateWriter{}.Draft(context.Background(), editorial.DraftRequestFor(r, a, si))
		if err != nil {
			t.Fatal(err)
		}
		st := &bot.SectionState{Section: s.ID, Confirmed: true, ConfirmedBy: "editor"}
		st.Add(bot.SectionVersion{Text: res.Text, Source: "template", At: at})
		st.Confirmed = true
		secs[s.ID] = st
	}
	rep, err := editorial.BuildReport(r, a, secs, at, false)
	if err != nil {
		for si, s := range r.Form.Sections {
			t.Logf("%s: %+v\n%s", s.Number, editorial.LockText(r, a, si, secs[s.ID].CurrentVersion().Text).Flags, secs[s.ID].CurrentVersion().Text)
		}
		t.Fatal(err)
	}
	md := rep.Markdown()
	part := md[strings.Index(md, "## 一、"):strings.Index(md, "## 二、")]
	if !strings.Contains(part, "开展消防检查6次，开展应急演练约2场。") {
		t.Errorf("the Markdown report's part 一 lacks the 其他数据:\n%s", part)
	}
	audit := rep.AuditMarkdown()
	if !strings.Contains(audit, "## 其他数据") || !strings.Contains(audit, "| 一 | 开展消防检查 | 6次 | 组织常务会会前学法15次，另外开展消防检查6次 |") {
		t.Errorf("report audit:\n%s", audit)
	}
	buf.Reset()
	if err := DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	text, err := DocxText(buf.Bytes())
	if err != nil || !strings.Contains(text, "开展消防检查6次") {
		t.Errorf("the Word report lacks the 其他数据 (%v):\n%.1500s", err, text)
	}
	buf.Reset()
	if _, err := Zip(&buf, r, depts, map[string]*bot.Report{"zfb": rep}, names); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, "数据核验记录.md") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			found = strings.Contains(string(b), "开展消防检查")
		}
	}
	if !found {
		t.Error("the zip's 数据核验记录.md lacks the 其他数据")
	}
}
