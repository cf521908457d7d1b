package bot

import (
	"regexp"
	"slices"
	"strings"
)

// table checks a table question: its grid has rows and columns with
// unique ids and labels, a count or amount unit that agrees with its
// columns' units (and with a unit a column's label states), and rows
// limited to columns it has.
func (c *formChecker) table(q *Question, p []any) {
	line := func(path ...any) int { return c.line(at(p, path...)...) }
	t := q.Table
	if t == nil {
		c.fail(c.line(p...), "表格题 %s 缺少表格定义 table（rows 和 columns）。", q.ID)
		return
	}
	amount := func(u string) bool { return slices.Contains(unitsByKind[KindAmount], u) }
	if !CountUnit(q.Unit) && !amount(q.Unit) {
		c.fail(line("unit"), "表格题 %s 的单位“%s”不是计数单位（如 件）或金额单位（如 万元）。", q.ID, q.Unit)
	} else if u, ok := t.onlyColumnUnit(); ok && u != q.Unit {
		c.fail(line("unit"), "表格题 %s 的单位“%s”与各列的单位“%s”不一致（提问时会说“单位：%s”），请把 unit 改为 %s。", q.ID, q.Unit, u, q.Unit, u)
	}
	if len(t.Columns) == 0 {
		c.fail(line("table"), "表格题 %s 没有列 columns。", q.ID)
	}
	if len(t.Rows) == 0 {
		c.fail(line("table"), "表格题 %s 没有行 rows。", q.ID)
	}
	seen := map[string]bool{}
	for i, col := range t.Columns {
		cl := line("table", "columns", i)
		if !idPattern.MatchString(col.ID) || seen["c:"+col.ID] {
			c.fail(cl, "表格题 %s 第 %d 列的编号“%s”为空、格式不对或重复。", q.ID, i+1, col.ID)
		}
		seen["c:"+col.ID] = true
		if strings.TrimSpace(col.Label) == "" {
			c.fail(cl, "表格题 %s 第 %d 列缺少列名 label。", q.ID, i+1)
		}
		if col.Unit != "" && !CountUnit(col.Unit) && !amount(col.Unit) {
			c.fail(line("table", "columns", i, "unit"), "表格题 %s 第 %d 列的单位“%s”既不是计数单位也不是金额单位。", q.ID, i+1, col.Unit)
		}
		if m := labelUnit.FindStringSubmatch(col.Label); m != nil && m[1] != q.CellUnit(col.ID) {
			c.fail(cl, "表格题 %s 第 %d 列的列名写明单位“%s”，但这一列的单位是“%s”，请在该列写 unit: %s。", q.ID, i+1, m[1], q.CellUnit(col.ID), m[1])
		}
	}
	for i, row := range t.Rows {
		rl := line("table", "rows", i)
		if !idPattern.MatchString(row.ID) || seen["r:"+row.ID] {
			c.fail(rl, "表格题 %s 第 %d 行的编号“%s”为空、格式不对或重复。", q.ID, i+1, row.ID)
		}
		seen["r:"+row.ID] = true
		if strings.TrimSpace(row.Label) == "" {
			c.fail(rl, "表格题 %s 第 %d 行缺少行名 label。", q.ID, i+1)
		}
		for _, id := range row.Cols {
			if t.Col(id) == nil {
				c.fail(line("table", "rows", i, "cols"), "表格题 %s 的行 %s 引用的列“%s”不存在。", q.ID, row.ID, id)
			}
		}
	}
}

// labelUnit finds the unit a column's label states: 本年收费金额（单位：万元）.
var labelUnit = regexp.MustCompile(`单位[：:]\s*([^）)\s，,；;]+)`)

// onlyColumnUnit returns the unit every column declares, when they all
// declare the same one: the question's own unit then names no column.
func (t *Table) onlyColumnUnit() (string, bool) {
	u := ""
	for _, c := range t.Columns {
		if c.Unit == "" || u != "" && c.Unit != u {
			return "", false
		}
		u = c.Unit
	}
	return u, u != ""
}

// arithRule checks an "eq" rule: both sides parse, name table questions,
// rows and columns that exist, and expand to at least one set of cells.
func (c *formChecker) arithRule(f *Form, i int, p []any) {
	r := f.Rules[i]
	ok := true
	for _, side := range []struct{ field, expr string }{{"left", r.Left}, {"right", r.Right}} {
		terms, err := ParseSum(side.expr)
		if err != nil {
			c.fail(c.line(at(p, side.field)...), "第 %d 条规则：%s。", i+1, err.Error())
			ok = false
			continue
		}
		for _, t := range terms {
			q := f.Question(t.QID)
			switch {
			case q == nil || q.Table == nil:
				c.fail(c.line(at(p, side.field)...), "第 %d 条规则引用的“%s”不是表格题。", i+1, t.QID)
				ok = false
			case t.Row != "*" && q.Table.Row(t.Row) == nil:
				c.fail(c.line(at(p, side.field)...), "第 %d 条规则引用的行“%s”不在表格题 %s 中。", i+1, t.Row, t.QID)
				ok = false
			case t.Col != "*" && q.Table.Col(t.Col) == nil:
				c.fail(c.line(at(p, side.field)...), "第 %d 条规则引用的列“%s”不在表格题 %s 中。", i+1, t.Col, t.QID)
				ok = false
			}
			if t.Row == "*" && t.Col == "*" {
				c.fail(c.line(at(p, side.field)...), "第 %d 条规则的“%s”行和列不能同时用 *。", i+1, t.String())
				ok = false
			}
		}
	}
	if !ok {
		return
	}
	l, _ := ParseSum(r.Left)
	rt, _ := ParseSum(r.Right)
	if len((ArithRule{Index: i, Rule: r, Left: l, Right: rt}).Instances(f)) == 0 {
		c.fail(c.line(p...), "第 %d 条规则没有一组实际存在的单元格可以核对，请检查行列编号。", i+1)
	}
}
