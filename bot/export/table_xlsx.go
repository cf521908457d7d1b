package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
)

// TableWorkbook is the pre-formatted .xlsx a contact fills the form's
// tables in: one sheet per table question laid out as the template (row
// labels, grouped headers, totals greyed), and a hidden sheet that ties
// each sheet to its question, so the returned file is read back exactly.
type TableWorkbook struct{}

var _ bot.TableWorkbook = TableWorkbook{}

const idSheet = "reportbot"

// tableSheetName is 表二-1, 表二-2 … for several tables in one part, 表三
// for one.
func tableSheetName(f *bot.Form, q *bot.Question) string {
	n, k := 0, 0
	for _, o := range f.Questions() {
		if o.Kind == bot.KindTable && o.Section == q.Section {
			n++
			if o == q {
				k = n
			}
		}
	}
	name := "表" + f.Sections[q.Section].Number
	if n > 1 {
		name += fmt.Sprintf("-%d", k)
	}
	return name
}

// tableLayout is where a table's cells stand on its sheet.
type tableLayout struct {
	depth    int // header rows
	firstRow int // the first data row (1-based)
}

func layoutOf(t *bot.Table) tableLayout {
	depth := 1
	for _, c := range t.Columns {
		if len(c.Group)+1 > depth {
			depth = len(c.Group) + 1
		}
	}
	return tableLayout{depth: depth, firstRow: 3 + depth}
}

// Blank writes the workbook: a sheet per table question with the answers
// so far (or empty cells to fill).
func (TableWorkbook) Blank(f *bot.Form, title string, answers map[string]*bot.Answer) (*bot.File, error) {
	x := excelize.NewFile()
	defer x.Close()
	first := true
	x.SetSheetName("Sheet1", idSheet)
	x.SetCellValue(idSheet, "A1", f.ID)
	row := 2
	head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: borders(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	body, _ := x.NewStyle(&excelize.Style{Border: borders(), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	total, _ := x.NewStyle(&excelize.Style{Border: borders(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEEEEE"}}})
	none, _ := x.NewStyle(&excelize.Style{Border: borders(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BFBFBF"}}})
	for _, q := range f.Questions() {
		if q.Kind != bot.KindTable || q.Table == nil {
			continue
		}
		t := q.Table
		name := tableSheetName(f, q)
		x.NewSheet(name)
		if first {
			x.SetActiveSheet(1)
			first = false
		}
		x.SetCellValue(idSheet, fmt.Sprintf("A%d", row), name)
		x.SetCellValue(idSheet, fmt.Sprintf("B%d", row), q.ID)
		row++
		lay := layoutOf(t)
		last, _ := excelize.CoordinatesToCellName(len(t.Columns)+1, 1)
		x.SetCellValue(name, "A1", title+" · "+q.Prompt)
		x.MergeCell(name, "A1", last)
		x.SetCellValue(name, "A2", fmt.Sprintf("单位：%s。请在白色格子里填数字，没有的填 0 或留空；灰色的总计可以不填，由系统计算。填好后把本文件直接发回对话。", q.Unit))
		x.MergeCell(name, "A2", strings.Replace(last, "1", "2", 1))
		x.SetColWidth(name, "A", "A", 46)
		x.SetColWidth(name, "B", colName(len(t.Columns)+1), 12)
		// Header: the corner, then each column's groups and label, with
		// equal neighbours merged.
		corner := t.Corner
		if corner == "" {
			corner = t.Caption
		}
		top, _ := excelize.CoordinatesToCellName(1, 3)
		bottom, _ := excelize.CoordinatesToCellName(1, 2+lay.depth)
		x.SetCellValue(name, top, corner)
		x.MergeCell(name, top, bottom)
		x.SetCellStyle(name, top, bottom, head)
		for level := 0; level < lay.depth; level++ {
			for j := 0; j < len(t.Columns); {
				lab, span := headerAt(t, j, level)
				k := j + 1
				for k < len(t.Columns) && span != "" && sameHeader(t, j, k, level) {
					k++
				}
				from, _ := excelize.CoordinatesToCellName(j+2, 3+level)
				to, _ := excelize.CoordinatesToCellName(k+1, 3+level)
				if lab != "" {
					x.SetCellValue(name, from, lab)
				}
				down := 3 + level
				if span == "" { // a leaf: it reaches down to the last header row
					down = 2 + lay.depth
				}
				to, _ = excelize.CoordinatesToCellName(k+1, down)
				if from != to && (lab != "" || span != "") {
					x.MergeCell(name, from, to)
				}
				x.SetCellStyle(name, from, to, head)
				j = k
			}
		}
		var grid map[string]string
		if a := answers[q.ID]; a != nil && a.Status == bot.Answered {
			grid = a.Grid
		}
		for i, r := range t.Rows {
			y := lay.firstRow + i
			lc, _ := excelize.CoordinatesToCellName(1, y)
			x.SetCellValue(name, lc, strings.TrimSpace(strings.Join(append(append([]string{}, r.Group...), r.Label), " ")))
			x.SetCellStyle(name, lc, lc, body)
			for j, c := range t.Columns {
				cc, _ := excelize.CoordinatesToCellName(j+2, y)
				switch {
				case !t.HasCell(&t.Rows[i], c.ID):
					x.SetCellValue(name, cc, "—")
					x.SetCellStyle(name, cc, cc, none)
				default:
					if v, ok := grid[bot.CellKey(r.ID, c.ID)]; ok {
						x.SetCellValue(name, cc, number(v))
					}
					st := body
					if r.Total || c.Total {
						st = total
					}
					x.SetCellStyle(name, cc, cc, st)
				}
			}
		}
	}
	x.SetSheetVisible(idSheet, false)
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, bot.WrapError(bot.EInternal, "export: table workbook", err)
	}
	return &bot.File{Name: title + "（统计表填报）.xlsx", Data: buf.Bytes()}, nil
}

// number writes a canonical decimal as a spreadsheet number.
func number(v string) any {
	var f float64
	if _, err := fmt.Sscan(v, &f); err == nil {
		return f
	}
	return v
}

func colName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

func borders() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "000000", Style: 1})
	}
	return b
}

// headerAt is column j's header at level: a group name (span non-empty:
// it may merge with equal neighbours), its label at its own level, or ""
// below a label already written.
func headerAt(t *bot.Table, j, level int) (label, span string) {
	c := t.Columns[j]
	switch {
	case level < len(c.Group):
		return c.Group[level], strings.Join(c.Group[:level+1], "/")
	case level == len(c.Group):
		return c.Label, ""
	}
	return "", ""
}

func sameHeader(t *bot.Table, j, k, level int) bool {
	_, a := headerAt(t, j, level)
	_, b := headerAt(t, k, level)
	return a != "" && a == b
}

// Read reads the grids back from a returned workbook. Empty cells are 0;
// totals left empty are computed by the form's rules.
func (TableWorkbook) Read(f *bot.Form, data []byte) (map[string]map[string]string, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, bot.Errorf(bot.EInvalid, "这个文件打不开，请发送我发给您的 Excel 表（.xlsx）填好后的文件。")
	}
	defer x.Close()
	ids, _ := x.GetRows(idSheet)
	if len(ids) == 0 || len(ids[0]) == 0 || ids[0][0] != f.ID {
		return nil, bot.Errorf(bot.EInvalid, "这不是本问卷的统计表文件，请回复“表格文件”重新领取，填好后发回。")
	}
	out := map[string]map[string]string{}
	for _, line := range ids[1:] {
		if len(line) < 2 {
			continue
		}
		name, q := line[0], f.Question(line[1])
		if q == nil || q.Table == nil {
			continue
		}
		t := q.Table
		lay := layoutOf(t)
		grid := bot.ZeroGrid(t)
		given := map[string]bool{}
		for i, r := range t.Rows {
			y := lay.firstRow + i
			lc, _ := excelize.CoordinatesToCellName(1, y)
			if got, _ := x.GetCellValue(name, lc); !strings.HasSuffix(strings.TrimSpace(got), strings.TrimSpace(r.Label)) {
				return nil, bot.Errorf(bot.EInvalid, "“%s”表第 %d 行的行名被改动了（应为“%s”），请不要增删或移动行列。", name, y, r.Label)
			}
			for j, c := range t.Columns {
				if !t.HasCell(&t.Rows[i], c.ID) {
					continue
				}
				cc, _ := excelize.CoordinatesToCellName(j+2, y)
				raw, _ := x.GetCellValue(name, cc)
				if strings.TrimSpace(raw) == "" {
					continue
				}
				v, err := bot.ParseCell(q, c.ID, raw)
				if err != nil {
					return nil, bot.Errorf(bot.EInvalid, "“%s”表 %s 格（%s）：%s", name, cc, t.CellLabel(r.ID, c.ID), bot.ErrorMessage(err))
				}
				grid[bot.CellKey(r.ID, c.ID)] = v
				given[bot.CellKey(r.ID, c.ID)] = true
			}
		}
		bot.FillTotals(f, q, grid, given)
		out[q.ID] = grid
	}
	if len(out) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "文件里没有找到统计表，请回复“表格文件”重新领取。")
	}
	return out, nil
}

// FillCells sets cells of the sheet for question qid in a workbook made by
// Blank, as a contact would type them: "row.col" → text. Tests use it to
// play the contact.
func FillCells(f *bot.Form, data []byte, qid string, cells map[string]string) ([]byte, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer x.Close()
	q := f.Question(qid)
	name := tableSheetName(f, q)
	lay := layoutOf(q.Table)
	for key, v := range cells {
		row, col := bot.SplitCellKey(key)
		ri, ci := -1, -1
		for i, r := range q.Table.Rows {
			if r.ID == row {
				ri = i
			}
		}
		for j, c := range q.Table.Columns {
			if c.ID == col {
				ci = j
			}
		}
		if ri < 0 || ci < 0 {
			return nil, fmt.Errorf("no cell %s", key)
		}
		cc, _ := excelize.CoordinatesToCellName(ci+2, lay.firstRow+ri)
		x.SetCellValue(name, cc, v)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
