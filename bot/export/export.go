// Package export writes a round's answers for coordinators: an Excel
// workbook (a status sheet, a sheet per section with a row per department
// and a column per question, open items as rows, notes, 其他数据), CSV and
// JSON.
package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// Namer names a person for readers: their name from the roster or the
// WeCom directory, or the user id when none is known. *bot.Roster is one;
// nil names nobody.
type Namer interface {
	Name(user string) string
}

// nameOf is names.Name(user), or user when names is nil.
func nameOf(names Namer, user string) string {
	if names == nil || user == "" {
		return user
	}
	return names.Name(user)
}

// Dept is one department's assignment in a round.
type Dept struct {
	Dept       bot.Department
	Assignment *bot.Assignment
}

// cell is what a spreadsheet shows for an answer: the figure as a number
// (so it sums), text as text, and skipped or not-applicable distinct from
// zero.
func cell(q *bot.Question, a *bot.Answer) any {
	switch {
	case a == nil:
		return ""
	case a.Status == bot.Skipped:
		return "（跳过）"
	case a.Status == bot.NotApply:
		return "不涉及"
	case a.Figure != nil:
		if r, ok := figure.DecimalRat(a.Figure.Value); ok && a.Figure.Qualifier == "" {
			f, _ := r.Float64()
			return f
		}
		return figure.Format(*a.Figure)
	}
	return bot.FormatAnswer(q, a)
}

// header is a question's column title, with its unit.
func header(q *bot.Question) string {
	h := fmt.Sprintf("%d.%s", q.Number, q.Prompt)
	if q.Unit != "" {
		h += "（" + q.Unit + "）"
	}
	return h
}

// sheetName is a section's sheet: 一、2025年度推进法治政府建设的主要举措和成效,
// without the characters Excel forbids, cut to Excel's 31.
func sheetName(s bot.Section, year int) string {
	clean := strings.NewReplacer(":", "", "\\", "", "/", "", "?", "", "*", "", "[", "", "]", "").Replace(bot.FillYear(s.Heading, year))
	name := []rune(s.Number + "、" + clean)
	if len(name) > 31 {
		name = name[:31]
	}
	return string(name)
}

// XLSX writes the workbook; people are written by their names.
func XLSX(w io.Writer, r *bot.Round, depts []Dept, names Namer) error {
	f := excelize.NewFile()
	defer f.Close()
	status := "填报情况"
	f.SetSheetName("Sheet1", status)
	f.SetSheetRow(status, "A1", &[]any{"部门", "状态", "已填/应填", "提交人", "提交时间", "最近填写"})
	for i, d := range depts {
		a := d.Assignment
		done, total := r.FormFor(d.Dept.ID).Progress(a.Answers)
		row := []any{d.Dept.Name, a.Status.Label(), fmt.Sprintf("%d/%d", done, total), nameOf(names, a.SubmittedBy), stamp(a.SubmittedAt), stamp(a.UpdatedAt)}
		f.SetSheetRow(status, fmt.Sprintf("A%d", i+2), &row)
	}
	explainedColumn(f, status, r, depts)
	qs := r.Form.Questions()
	for si, s := range r.Form.Sections {
		name := sheetName(s, r.Year)
		head := []any{"部门"}
		var cols []*bot.Question
		for _, q := range qs {
			if q.Section == si && q.Kind != bot.KindItems && q.Kind != bot.KindTable {
				head = append(head, header(q))
				cols = append(cols, q)
			}
		}
		if len(cols) == 0 {
			continue // a part made of tables: see its table sheets
		}
		f.NewSheet(name)
		f.SetSheetRow(name, "A1", &head)
		for i, d := range depts {
			row := []any{d.Dept.Name}
			mine := r.FormFor(d.Dept.ID)
			for _, q := range cols {
				if mine.Question(q.ID) == nil {
					row = append(row, "—") // not asked of this kind of department
					continue
				}
				row = append(row, cell(q, d.Assignment.Answers[q.ID]))
			}
			f.SetSheetRow(name, fmt.Sprintf("A%d", i+2), &row)
		}
	}
	if err := tableSheets(f, r, depts); err != nil {
		return err
	}
	items := "其他举措"
	f.NewSheet(items)
	f.SetSheetRow(items, "A1", &[]any{"部门", "题号", "题目", "序号", "标题", "具体做法", "数据"})
	row := 2
	for _, d := range depts {
		for _, q := range qs {
			a := d.Assignment.Answers[q.ID]
			if q.Kind != bot.KindItems || a == nil {
				continue
			}
			for k, it := range a.Items {
				var figs string
				for j, fg := range it.Figures {
					if j > 0 {
						figs += "、"
					}
					figs += figure.Format(fg)
				}
				f.SetSheetRow(items, fmt.Sprintf("A%d", row), &[]any{d.Dept.Name, q.Number, q.Prompt, k + 1, it.Title, it.Text, figs})
				row++
			}
		}
	}
	writeNotes(f, r, depts)
	writeOther(f, r, depts, names)
	return f.Write(w)
}

// writeNotes adds the 备注 sheet: every answer that carries a note, so the
// figure columns stay numbers and the remarks are not lost.
func writeNotes(f *excelize.File, r *bot.Round, depts []Dept) {
	notes := "备注"
	f.NewSheet(notes)
	f.SetSheetRow(notes, "A1", &[]any{"部门", "题号", "题目", "答案", "备注"})
	row := 2
	for _, d := range depts {
		for _, q := range r.FormFor(d.Dept.ID).Questions() {
			a := d.Assignment.Answers[q.ID]
			if a == nil || a.Status != bot.Answered || a.Note == "" {
				continue
			}
			f.SetSheetRow(notes, fmt.Sprintf("A%d", row), &[]any{d.Dept.Name, q.Number, q.Prompt, bot.FormatAnswer(q, a), a.Note})
			row++
		}
	}
}

// CSV writes one row per department and question: the long format that
// any tool can pivot. A department's 其他数据 follow its answers, marked
// 其他数据 in the 题号 and 状态 columns.
func CSV(w io.Writer, r *bot.Round, depts []Dept, names Namer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"部门编号", "部门", "部分", "题号", "题目", "状态", "答案", "数值", "单位", "限定词", "填写人", "填写时间", "备注"})
	for _, d := range depts {
		for _, q := range r.FormFor(d.Dept.ID).Questions() {
			a := d.Assignment.Answers[q.ID]
			rec := []string{d.Dept.ID, d.Dept.Name, r.Form.Sections[q.Section].Number, fmt.Sprint(q.Number), q.Prompt, "未填", "", "", q.Unit, "", "", "", ""}
			if a != nil {
				rec[5] = map[bot.AnswerStatus]string{bot.Answered: "已填", bot.Skipped: "跳过", bot.NotApply: "不涉及"}[a.Status]
				rec[6] = bot.FormatAnswer(q, a)
				if a.Figure != nil {
					rec[7], rec[8], rec[9] = a.Figure.Value, a.Figure.Unit, a.Figure.Qualifier
				}
				rec[10], rec[11], rec[12] = nameOf(names, a.By), stamp(a.At), a.Note
			}
			for i := range rec {
				rec[i] = safeCell(rec[i])
			}
			cw.Write(rec)
		}
		for _, rec := range otherCSV(r, d, names) {
			for i := range rec {
				rec[i] = safeCell(rec[i])
			}
			cw.Write(rec)
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSON writes the round, its form as frozen at creation (FormDef, so the
// answers can be read without the installation that asked them) and every
// department's kinds, answers and 其他数据 (Other, apart from the answers). Answers keep user ids, as machines
// read this file; names is unused.
func JSON(w io.Writer, r *bot.Round, depts []Dept, names Namer) error {
	type dept struct {
		ID, Name string
		Kinds    []string `json:",omitempty"`
		Status   bot.AssignmentStatus
		Answers  map[string]*bot.Answer
		// Other are the figures no question asks for (其他数据), by
		// section; they are not answers.
		Other []otherJSON `json:",omitempty"`
	}
	out := struct {
		Round, Title string
		Year         int
		Form         string
		FormDef      *bot.Form
		Departments  []dept
	}{r.ID, r.Title, r.Year, r.Form.ID + " v" + r.Form.Version, r.Form, nil}
	for _, d := range depts {
		out.Departments = append(out.Departments, dept{d.Dept.ID, d.Dept.Name, d.Dept.Kinds, d.Assignment.Status,
			answersOnly(d.Assignment.Answers), otherJSONOf(r, d)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

var cst = time.FixedZone("CST", 8*3600)

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cst).Format("2006-01-02 15:04")
}

// Load reads a round and every department's assignment.
func Load(ctx context.Context, st bot.Store, id string) (*bot.Round, []Dept, error) {
	r, err := st.Round(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	depts := make([]Dept, 0, len(r.Departments))
	for _, d := range r.Departments {
		a, err := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: d.ID})
		if err != nil {
			return nil, nil, err
		}
		depts = append(depts, Dept{Dept: d, Assignment: a})
	}
	return r, depts, nil
}

// XLSXFile renders the round's workbook as a file to send in chat, named
// after the round's title.
func XLSXFile(ctx context.Context, st bot.Store, r *bot.Round, names Namer) (*bot.File, error) {
	r, depts, err := Load(ctx, st, r.ID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := XLSX(&buf, r, depts, names); err != nil {
		return nil, err
	}
	return &bot.File{Name: r.Title + ".xlsx", Data: buf.Bytes()}, nil
}

// safeCell neutralises a CSV cell a spreadsheet would read as a formula
// (starting with = + - @, tab or carriage return) by prefixing an
// apostrophe, as OWASP and the spreadsheet makers advise; a plain decimal
// number such as -5 or +3.5 is left as it is.
func safeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || isNumber(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a plain signed decimal: digits with at most
// one point, nothing a spreadsheet could evaluate.
func isNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, point := 0, false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}
