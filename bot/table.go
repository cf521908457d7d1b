package bot

import (
	"fmt"
	"math/big"
	"strings"

	"reportbot/bot/figure"
)

// KindTable is a fixed grid of figures: the statutory tables of the
// 政府信息公开工作年度报告, answered row by row, pasted from Excel or Word,
// or returned as the .xlsx the bot sends.
const KindTable Kind = "table"

// Table is the grid a table question asks for: its rows and columns as
// the national template names them. Cells are counts in the question's
// unit, unless a column or row says otherwise (本年收费金额, 万元).
type Table struct {
	// Caption is the band above the header, such as 第二十条第（一）项.
	Caption string `yaml:"caption" json:"caption,omitempty"`
	// Corner is the header of the row labels' column (信息内容).
	Corner  string     `yaml:"corner" json:"corner,omitempty"`
	Columns []TableCol `yaml:"columns" json:"columns"`
	Rows    []TableRow `yaml:"rows" json:"rows"`
	// Note is printed under the table's corner, such as the template's
	// reminder of how the columns add up.
	Note string `yaml:"note" json:"note,omitempty"`
}

// TableCol is one column of figures.
type TableCol struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
	// Group is the header cells above the label, outermost first
	// (法人或其他组织; 行政诉讼, 未经复议直接起诉); columns next to each
	// other with the same group share merged header cells.
	Group []string `yaml:"group" json:"group,omitempty"`
	// Unit overrides the question's unit for this column (万元 allows
	// decimals).
	Unit string `yaml:"unit" json:"unit,omitempty"`
	// Total marks a column computed from the others by the form's rules;
	// the bot fills it when the contact answers row by row.
	Total bool `yaml:"total" json:"total,omitempty"`
}

// TableRow is one row of figures.
type TableRow struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
	// Group is the row header cells left of the label, outermost first
	// (三、本年度办理结果; （三）不予公开).
	Group []string `yaml:"group" json:"group,omitempty"`
	// Cols limits the row to these columns; empty: every column.
	Cols []string `yaml:"cols" json:"cols,omitempty"`
	// Total marks a row computed from others by the form's rules.
	Total bool `yaml:"total" json:"total,omitempty"`
}

// CellKey names a cell of a table answer's grid: "row.col".
func CellKey(row, col string) string { return row + "." + col }

// SplitCellKey is CellKey undone: the row and column of a cell key.
func SplitCellKey(key string) (row, col string) {
	row, col, _ = strings.Cut(key, ".")
	return row, col
}

// HasCell reports whether row has column col.
func (t *Table) HasCell(row *TableRow, col string) bool {
	if len(row.Cols) == 0 {
		return t.Col(col) != nil
	}
	for _, c := range row.Cols {
		if c == col {
			return true
		}
	}
	return false
}

// Row returns the row with the given id, or nil.
func (t *Table) Row(id string) *TableRow {
	for i := range t.Rows {
		if t.Rows[i].ID == id {
			return &t.Rows[i]
		}
	}
	return nil
}

// Col returns the column with the given id, or nil.
func (t *Table) Col(id string) *TableCol {
	for i := range t.Columns {
		if t.Columns[i].ID == id {
			return &t.Columns[i]
		}
	}
	return nil
}

// RowCols returns the columns a row has, in column order.
func (t *Table) RowCols(row *TableRow) []*TableCol {
	var out []*TableCol
	for i := range t.Columns {
		if t.HasCell(row, t.Columns[i].ID) {
			out = append(out, &t.Columns[i])
		}
	}
	return out
}

// InputRows returns the rows a contact fills in (not totals).
func (t *Table) InputRows() []*TableRow {
	var out []*TableRow
	for i := range t.Rows {
		if !t.Rows[i].Total {
			out = append(out, &t.Rows[i])
		}
	}
	return out
}

// InputCols returns the columns of row a contact fills in (not totals).
func (t *Table) InputCols(row *TableRow) []*TableCol {
	var out []*TableCol
	for _, c := range t.RowCols(row) {
		if !c.Total {
			out = append(out, c)
		}
	}
	return out
}

// CellLabel is how a message names a cell: the row's name (RowName),
// then the column's when the table has more than one column
// （（七）总计·自然人; （三）不予公开 · 1.属于国家秘密·自然人）.
func (t *Table) CellLabel(row, col string) string {
	r, c := t.Row(row), t.Col(col)
	if r == nil || c == nil {
		return CellKey(row, col)
	}
	label := t.RowName(r)
	if len(t.Columns) > 1 {
		cl := c.Label
		if len(c.Group) > 0 && (c.Total || len(c.Group) > 1 || t.sameLabel(c)) {
			cl = c.Group[len(c.Group)-1] + c.Label
		}
		label += "·" + cl
	}
	return label
}

// sameLabel reports whether another column shares c's label (结果维持
// under 行政复议 and under 行政诉讼).
func (t *Table) sameLabel(c *TableCol) bool {
	for i := range t.Columns {
		if &t.Columns[i] != c && t.Columns[i].Label == c.Label {
			return true
		}
	}
	return false
}

// CellUnit is the unit of a cell: the column's, else the question's.
func (q *Question) CellUnit(col string) string {
	if q.Table != nil {
		if c := q.Table.Col(col); c != nil && c.Unit != "" {
			return c.Unit
		}
	}
	return q.Unit
}

// ParseCell reads one cell's figure: a whole non-negative number for a
// count, a non-negative decimal for an amount (万元). It returns the
// canonical decimal string.
func ParseCell(q *Question, col, text string) (string, error) {
	s := strings.TrimSpace(figure.Normalize(text))
	if s == "" || s == "-" || s == "—" || s == "/" || s == "无" || s == "零" {
		return "0", nil
	}
	unit := q.CellUnit(col)
	f, err := figure.Parse(s)
	if err != nil {
		return "", Errorf(EInvalid, "“%s”不是数字。", text)
	}
	if f.Qualifier != "" {
		return "", Errorf(EInvalid, "“%s”不是确切的数字，统计表请填写确切数字。", text)
	}
	if f.Unit == "" && unit == "万元" && (strings.HasSuffix(s, "万") || strings.HasSuffix(s, "千") || strings.HasSuffix(s, "百")) {
		f.Unit = "元" // 12.5万 in a column of 万元 is 12.5万元; 3千 is 3000元
	}
	if f.Unit == "份" && unit == "件" {
		f.Unit = unit // 决定书36份: documents counted as 件
	}
	if f.Unit == "元" && unit == "万元" {
		f.Value, _ = figure.ScaleDecimal(f.Value, -4)
	} else if f.Unit != "" && f.Unit != unit && !figure.SameUnit(f.Unit, unit) {
		return "", Errorf(EInvalid, "“%s”的单位不对，应为%s。", text, unit)
	}
	if f.Unit == "" && unit == "万元" {
		if err := bareWanYuan(f.Value); err != nil {
			return "", err
		}
	}
	v, ok := figure.DecimalRat(f.Value)
	if !ok || v.Sign() < 0 {
		return "", Errorf(EInvalid, "“%s”不能为负数。", text)
	}
	if unit != "万元" && unit != "元" && !v.IsInt() {
		return "", Errorf(EInvalid, "“%s”应为整数（单位：%s）。", text, unit)
	}
	return ratString(v), nil
}

// ratString writes an exact decimal without trailing zeros.
func ratString(v *big.Rat) string {
	if v.IsInt() {
		return v.Num().String()
	}
	s := v.FloatString(6)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// ZeroGrid is a table answer with every cell 0.
func ZeroGrid(t *Table) map[string]string {
	g := map[string]string{}
	for i := range t.Rows {
		for _, c := range t.RowCols(&t.Rows[i]) {
			g[CellKey(t.Rows[i].ID, c.ID)] = "0"
		}
	}
	return g
}

// GridValue returns a cell's value as an exact number; a missing cell is 0.
func GridValue(grid map[string]string, key string) *big.Rat {
	if v, ok := figure.DecimalRat(grid[key]); ok {
		return v
	}
	return new(big.Rat)
}

// FormatGrid writes a table answer as lines of “label：v1 / v2 …”,
// leaving out the rows that are all zero; "全部为 0" when all are.
func FormatGrid(q *Question, grid map[string]string) string {
	t := q.Table
	var lines []string
	for i := range t.Rows {
		r := &t.Rows[i]
		var vals []string
		nonzero := false
		for _, c := range t.RowCols(r) {
			v := grid[CellKey(r.ID, c.ID)]
			if v == "" {
				v = "0"
			}
			if v != "0" {
				nonzero = true
			}
			vals = append(vals, v)
		}
		if nonzero {
			lines = append(lines, fmt.Sprintf("%s：%s", t.RowName(r), strings.Join(vals, " / ")))
		}
	}
	if len(lines) == 0 {
		return "全部为 0"
	}
	return strings.Join(lines, "\n")
}

// TableDraft is a contact's table answer in the making, kept in their
// cursor between messages.
type TableDraft struct {
	QID  string            `json:"q"`
	Grid map[string]string `json:"g,omitempty"`
	// Given are the cells the contact typed (the rest are 0 or totals).
	Given map[string]bool `json:"gv,omitempty"`
	// Typed says Given is known, even when empty; a draft without it
	// (read from a file, or kept before Given was) has its computed
	// totals inferred: those that equal the sum of their parts.
	Typed bool `json:"ty,omitempty"`
	// Picking: the bot asked 哪些结果不是0 and waits for row numbers.
	Picking bool `json:"pk,omitempty"`
	// Rows are the rows still to ask, row by row.
	Rows []string `json:"rows,omitempty"`
	// Broken: the grid breaks a rule; a corrected grid or 说明：原因 follows.
	Broken bool `json:"br,omitempty"`
	// Rest: an answer named some rows of a table of few rows; Rows are
	// the others, still to be answered (UnansweredRows).
	Rest bool `json:"rs,omitempty"`
}

// TableWorkbook writes a form's tables as an .xlsx a contact fills in and
// reads it back (bot/export implements it).
type TableWorkbook interface {
	// Blank is the workbook for a department: one sheet per table
	// question, with its answers so far filled in.
	Blank(f *Form, title string, answers map[string]*Answer) (*File, error)
	// Read returns the grids found in a returned workbook, by question id.
	// Errors are EInvalid with a Chinese sentence naming the sheet and cell.
	Read(f *Form, data []byte) (map[string]map[string]string, error)
}

// GridView is a table answer laid out for a page: the columns' headers
// and a line per row, "—" where a row has no such cell.
type GridView struct {
	Heads []string
	Rows  []GridViewRow
}

// GridViewRow is one row of a GridView.
type GridViewRow struct {
	Label string
	Total bool
	Cells []string
}

// View lays grid out for a page.
func (t *Table) View(grid map[string]string) GridView {
	var v GridView
	for _, c := range t.Columns {
		v.Heads = append(v.Heads, strings.Join(append(append([]string{}, c.Group...), c.Label), "·"))
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		row := GridViewRow{Label: t.RowName(r), Total: r.Total}
		for _, c := range t.Columns {
			val := "—"
			if t.HasCell(r, c.ID) {
				if val = grid[CellKey(r.ID, c.ID)]; val == "" {
					val = "0"
				}
			}
			row.Cells = append(row.Cells, val)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// Explanations lists the reasons a department gave for keeping tables
// that break a rule: 第 10 题：….
func Explanations(f *Form, answers map[string]*Answer) []string {
	var out []string
	for _, q := range f.Questions() {
		if a := answers[q.ID]; a != nil && a.Why != "" {
			out = append(out, fmt.Sprintf("第 %d 题：%s", q.Number, a.Why))
		}
	}
	return out
}
