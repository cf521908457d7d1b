package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// otherSheet names the workbook's sheet of 其他数据.
const otherSheet = "其他数据"

// otherPart is how a 其他数据 entry names its place: the section's number
// and 其他数据, never a question number, so no one reads it as an answer.
func otherPart(r *bot.Round, o bot.OtherDatum) string {
	return o.Number + "、" + bot.FillYear(r.Form.Sections[o.Section].Heading, r.Year)
}

// writeOther adds the 其他数据 sheet: the figures contacts gave that no
// question asks for, one row each, under their section, with the label,
// the figure (a number when it has no qualifier), its unit and the words
// it came from.
func writeOther(f *excelize.File, r *bot.Round, depts []Dept, names Namer) {
	f.NewSheet(otherSheet)
	f.SetSheetRow(otherSheet, "A1", &[]any{"部门", "部分", "类别", "名称", "数据", "数值", "单位", "限定词", "填报人原话", "填写人", "填写时间"})
	row := 2
	for _, d := range depts {
		for _, o := range r.FormFor(d.Dept.ID).OtherData(d.Assignment.Answers) {
			f.SetSheetRow(otherSheet, fmt.Sprintf("A%d", row), &[]any{d.Dept.Name, otherPart(r, o), "其他数据（问卷无对应题目）",
				o.Label, figure.Format(o.Figure), number(o.Figure.Value), o.Figure.Unit, o.Figure.Qualifier, o.Sentence,
				nameOf(names, o.By), stamp(o.At)})
			row++
		}
	}
}

// otherCSV is a department's 其他数据 as CSV rows in the answers' columns:
// 题号 says 其他数据 and 状态 says no question asks for it; the contact's
// words go in 备注.
func otherCSV(r *bot.Round, d Dept, names Namer) [][]string {
	var out [][]string
	for _, o := range r.FormFor(d.Dept.ID).OtherData(d.Assignment.Answers) {
		note := ""
		if o.Sentence != "" {
			note = "原话：" + o.Sentence
		}
		out = append(out, []string{d.Dept.ID, d.Dept.Name, o.Number, "其他数据", o.Label, "其他数据（问卷无对应题目）",
			figure.Format(o.Figure), o.Figure.Value, o.Figure.Unit, o.Figure.Qualifier, nameOf(names, o.By), stamp(o.At), note})
	}
	return out
}

// otherJSON is one 其他数据 entry in the JSON export, apart from the
// answers.
type otherJSON struct {
	Section   string // the section's id
	Number    string // its number: 一
	Label     string
	Value     string
	Unit      string
	Qualifier string `json:",omitempty"`
	Sentence  string `json:",omitempty"`
	By        string `json:",omitempty"`
}

// otherJSONOf lists a department's 其他数据 for the JSON export.
func otherJSONOf(r *bot.Round, d Dept) []otherJSON {
	var out []otherJSON
	for _, o := range r.FormFor(d.Dept.ID).OtherData(d.Assignment.Answers) {
		out = append(out, otherJSON{Section: r.Form.Sections[o.Section].ID, Number: o.Number, Label: o.Label, Value: o.Figure.Value,
			Unit: o.Figure.Unit, Qualifier: o.Figure.Qualifier, Sentence: o.Sentence, By: o.By})
	}
	return out
}

// answersOnly is a department's answers without its 其他数据 entries,
// which the JSON export lists apart (Other), not as answers.
func answersOnly(as map[string]*bot.Answer) map[string]*bot.Answer {
	out := make(map[string]*bot.Answer, len(as))
	for k, a := range as {
		if _, other := bot.SectionOf(k); !other {
			out[k] = a
		}
	}
	return out
}
