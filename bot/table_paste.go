package bot

import (
	"cmp"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// lineRow is what one line gives for one row: the row (nil: the row
// after the previous one), the figures named by their column, and the
// figures in column order.
type lineRow struct {
	row   *TableRow
	label string // the words that named the row, for messages
	named map[string]string
	order []string // named columns in the order written
	plain []string
}

// resolveLine groups a line's figures by the rows their words name; fixed
// is the row asked for in conversation (nil when pasting).
func resolveLine(q *Question, n *namer, items []lineItem, fixed *TableRow) ([]*lineRow, error) {
	t := q.Table
	var out []*lineRow
	var cur *lineRow
	for i := 0; i < len(items); i++ {
		it := items[i]
		in := fixed
		if cur != nil && cur.row != nil {
			in = cur.row
		}
		ref, err := n.resolveWord(q, in, it.word)
		if err != nil && cur != nil && len(cur.order) > 0 {
			// 结果维持1件，结果纠正1件: a column word ambiguous alone
			// is read in the group of the column named before it.
			if g := t.Col(cur.order[len(cur.order)-1]).Group; len(g) > 0 {
				if r2, err2 := n.resolveWord(q, in, strings.Join(g, "")+it.word); err2 == nil && r2.row == nil && r2.col != nil {
					ref, err = r2, nil
				}
			}
		}
		if err != nil && fixed == nil {
			// 不予公开 0: a heading over several rows, all of them 0.
			if rows := n.rowGroup(it.word); rows != nil {
				nums := []string{it.num}
				for i+1 < len(items) && trimFillers(normLabel(items[i+1].word)) == "" {
					i++
					nums = append(nums, items[i].num)
				}
				if !allZero(q, rows[0], nums) {
					return nil, err
				}
				for _, r := range rows {
					lr := &lineRow{row: r, label: strings.TrimSpace(it.word), named: map[string]string{}}
					for _, c := range t.RowCols(r) {
						if !c.Total {
							lr.put(t, c, "0")
						}
					}
					out = append(out, lr)
				}
				cur = nil
				continue
			}
		}
		if err != nil {
			return nil, err
		}
		if ref.row != nil && fixed != nil && ref.row != fixed {
			return nil, Errorf(EInvalid, "现在填写的是“%s”，您写的是“%s”。请只填写这一行的数字。", t.RowName(fixed), t.RowName(ref.row))
		}
		if cur == nil || ref.row != nil && (cur.row != ref.row || len(cur.named)+len(cur.plain) > 0) {
			cur = &lineRow{row: ref.row, named: map[string]string{}}
			if cur.row == nil {
				cur.row = fixed
			} else {
				cur.label = strings.TrimSpace(it.word)
			}
			out = append(out, cur)
		}
		if ref.group != nil {
			// 行政复议 1 0 0 0 (1): the heading's columns in order, its
			// total after them; 法人0: all of them 0.
			nums := []string{it.num}
			for i+1 < len(items) && trimFillers(normLabel(items[i+1].word)) == "" {
				i++
				nums = append(nums, items[i].num)
			}
			cols, err := groupFigures(q, ref, nums)
			if err != nil {
				return nil, err
			}
			for k, c := range cols {
				if err := cur.put(t, c, nums[min(k, len(nums)-1)]); err != nil {
					return nil, err
				}
			}
			continue
		}
		if ref.col == nil {
			cur.plain = append(cur.plain, it.num)
			continue
		}
		if err := cur.put(t, ref.col, it.num); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// allZero reports whether every figure in nums reads as 0 in row's
// first column.
func allZero(q *Question, row *TableRow, nums []string) bool {
	cols := q.Table.RowCols(row)
	if len(cols) == 0 {
		return false
	}
	for _, n := range nums {
		if v, err := ParseCell(q, cols[0].ID, n); err != nil || v != "0" {
			return false
		}
	}
	return true
}

// put names a figure's column in the row.
func (lr *lineRow) put(t *Table, c *TableCol, num string) error {
	if _, dup := lr.named[c.ID]; dup {
		return Errorf(EInvalid, "“%s”写了两次，请检查。", t.colName(c))
	}
	lr.named[c.ID] = num
	lr.order = append(lr.order, c.ID)
	return nil
}

// groupFigures returns the columns of a heading the figures after it go
// in: its columns in order, or those and its total; one 0 for all of
// them. One other figure, or another count, is asked back.
func groupFigures(q *Question, ref wordRef, nums []string) ([]*TableCol, error) {
	t := q.Table
	var in []*TableCol
	for _, c := range ref.group {
		if !c.Total {
			in = append(in, c)
		}
	}
	switch {
	case len(nums) == 1:
		if v, err := ParseCell(q, in[0].ID, nums[0]); err == nil && v == "0" {
			return in, nil
		}
		fig := strings.TrimSpace(nums[0])
		if v, err := ParseCell(q, in[0].ID, nums[0]); err == nil {
			fig = v
		}
		return nil, t.groupError(ref, 1, fig)
	case len(nums) == len(in):
		return in, nil
	case len(nums) == len(ref.group):
		return ref.group, nil
	}
	return nil, t.groupError(ref, len(nums), "")
}

// cells reads the figures of one row: named ones into their columns (the
// row's other cells stay 0, its totals computed), or as many figures as
// the row has cells (or cells that are not totals), in order. rowMode
// words the count error for a row asked in conversation.
func (lr *lineRow) cells(q *Question, row *TableRow, rowMode bool) (map[string]string, error) {
	t := q.Table
	name := t.RowName(row)
	out := map[string]string{}
	var whole *TableCol
	if len(lr.named) > 0 && len(lr.plain) == 1 {
		// 新收5件，其中自然人3、商业企业2: the one figure without a column
		// is the row's total (checked against its parts like any total).
		for _, c := range t.RowCols(row) {
			if _, named := lr.named[c.ID]; c.Total && !named {
				lr.named[c.ID], lr.plain = lr.plain[0], nil
				lr.order = append(lr.order, c.ID)
				whole = c
				break
			}
		}
	}
	if in := t.askCols(row); len(lr.named) == 0 && len(lr.plain) == 1 && len(in) > 1 {
		// 新收0件: the whole row is 0; 新收1件: which column is asked.
		if v, err := ParseCell(q, in[0].ID, lr.plain[0]); err == nil && v == "0" {
			for _, c := range in {
				out[CellKey(row.ID, c.ID)] = "0"
			}
			return out, nil
		}
		if !rowMode {
			what := "是哪一列"
			if strings.Contains(t.Corner, "申请人") {
				what = "是哪一类申请人"
			}
			return nil, Errorf(EInvalid, "“%s”的 %s %s（%s）？请写明列名，如“%s %s%s”，或按顺序写全 %d 个数。",
				name, strings.TrimSpace(lr.plain[0]), what, t.ColNames(in), name, t.colName(in[0]), strings.TrimSpace(lr.plain[0]), len(in))
		}
	}
	if len(lr.named) > 0 && len(lr.plain) > 0 {
		in := t.askCols(row)
		ex := t.colName(in[0]) + exampleFigure(q, in[0])
		if len(in) > 1 {
			ex += "，" + t.colName(in[1]) + "1"
		}
		return nil, Errorf(EInvalid, "“%s”这一行有的数写了列名、有的没写，分不清是哪一列。请每个数前都写列名，如“%s”，或按顺序写全 %d 个数（%s）。",
			name, ex, len(in), t.ColNames(in))
	}
	read := func(c *TableCol, text string) error {
		v, err := ParseCell(q, c.ID, text)
		if err != nil {
			return Errorf(EInvalid, "“%s”%s", t.CellLabel(row.ID, c.ID), ErrorMessage(err))
		}
		out[CellKey(row.ID, c.ID)] = v
		return nil
	}
	if len(lr.named) > 0 {
		for _, id := range lr.order {
			c := t.Col(id)
			if !t.HasCell(row, id) {
				return nil, Errorf(EInvalid, "“%s”这一行没有“%s”这一列，请检查。", name, t.colName(c))
			}
			if err := read(c, lr.named[id]); err != nil {
				return nil, err
			}
		}
		if whole != nil {
			if err := t.partsShort(q, row, whole, out); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	cols := t.askCols(row)
	if len(lr.plain) != len(cols) {
		if all := t.RowCols(row); len(lr.plain) == len(all) {
			cols = all
		} else if rowMode {
			return nil, Errorf(EInvalid, "这一行需要 %d 个数（%s），收到 %d 个，请按顺序重新填写；也可以只写不是 0 的列，如“%s%s”。",
				len(cols), t.ColNames(cols), len(lr.plain), t.colName(cols[0]), exampleFigure(q, cols[0]))
		} else {
			all := t.RowCols(row)
			return nil, Errorf(EInvalid, "“%s”这一行应有 %d 个数（%s），收到 %d 个，请检查；也可以写明列名，如“%s %s%s”。",
				name, len(all), t.ColNames(all), len(lr.plain), name, t.colName(cols[0]), exampleFigure(q, cols[0]))
		}
	}
	for i, c := range cols {
		if err := read(c, lr.plain[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// partsShort asks where the rest of a row's total goes when the parts
// written after it (新收5件，其中企业2件) come short of it.
func (t *Table) partsShort(q *Question, row *TableRow, whole *TableCol, cells map[string]string) error {
	total := GridValue(cells, CellKey(row.ID, whole.ID))
	sum := new(big.Rat)
	var named, unnamed []*TableCol
	var parts []string
	for _, c := range t.InputCols(row) {
		key := CellKey(row.ID, c.ID)
		if v, ok := cells[key]; ok {
			sum.Add(sum, GridValue(cells, key))
			named = append(named, c)
			parts = append(parts, t.colName(c)+v)
		} else {
			unnamed = append(unnamed, c)
		}
	}
	if len(named) == 0 || len(unnamed) == 0 || sum.Cmp(total) >= 0 {
		return nil
	}
	left := new(big.Rat).Sub(total, sum)
	unit := q.CellUnit(whole.ID)
	return Errorf(EInvalid, "“%s”共 %s %s，写明的%s合计 %s %s，还有 %s %s没有写是哪一列（%s）。请写全，如“%s %s，%s%s”。",
		t.RowName(row), ratString(total), unit, t.ColNames(named), ratString(sum), unit, ratString(left), unit,
		t.ColNames(unnamed), t.RowName(row), strings.Join(parts, "，"), t.colName(unnamed[0]), ratString(left))
}

// askCols are the cells of row a contact types: those that are not
// totals, or all of them when every one is a total.
func (t *Table) askCols(row *TableRow) []*TableCol {
	if in := t.InputCols(row); len(in) > 0 {
		return in
	}
	return t.RowCols(row)
}

// tailError refuses words after a line's last figure that name nothing.
// tailNamesColumn reads a figure whose column is named after it (行政复议1件，
// 维持 · 直接起诉1件，尚未审结): when the words before and after the one
// figure together name a column, they are its words.
func tailNamesColumn(q *Question, n *namer, items []lineItem, tail string) ([]lineItem, string) {
	w := normLabel(tail)
	if len(items) != 1 || trimFillers(w) == "" {
		return items, tail
	}
	for _, s := range []string{"原答复", "原告知", "原决定", "原行政行为"} {
		w = strings.TrimSuffix(w, s) // 维持原答复 (before 为 is taken for a filler)
	}
	w = trimFillers(w)
	for _, s := range []string{"法院判决", "法院", "判决", "复议机关", "结果", "已", "均", "被"} {
		w = strings.TrimPrefix(w, s) // 法院维持, 被纠正
	}
	word := normLabel(items[0].word)
	for _, s := range []string{"被申请", "被提起", "被"} {
		if r, ok := strings.CutPrefix(word, s); ok {
			word = r // 被申请行政复议1件
			break
		}
	}
	if ref, err := n.resolveWord(q, nil, word+w); err == nil && ref.col != nil || strings.Contains(w, "驳回") {
		return []lineItem{{word: word + w, num: items[0].num}}, ""
	}
	return items, tail
}

func tailError(q *Question, tail string) error {
	w := trimFillers(normLabel(tail))
	if w == "" {
		return nil
	}
	return Errorf(EInvalid, "数字后面的“%s”没有看懂。请把行名、列名写在数字前面，如“%s”。", Truncate(strings.TrimSpace(tail), 20), q.Example)
}

// calendarOnly reports whether a line's figures are all dates or years
// (a title such as 2025年…情况表), which a table line never is.
func calendarOnly(items []lineItem) bool {
	for _, it := range items {
		f, err := figure.Parse(it.num)
		if err != nil || !strings.Contains("年月日号", f.Unit) || f.Unit == "" {
			return false
		}
	}
	return true
}

// singleCell returns the one cell of a table that has one cell to type
// (行政许可 本年处理决定数量), nil otherwise.
func (t *Table) singleCell() (*TableRow, *TableCol) {
	rows := t.InputRows()
	if len(rows) != 1 {
		return nil, nil
	}
	cols := t.InputCols(rows[0])
	if len(cols) != 1 {
		return nil, nil
	}
	return rows[0], cols[0]
}

// parseSingle reads the answer of a one-cell table: the one figure in
// the text, whatever words are around it (行政许可120件, 共120件).
func parseSingle(f *Form, q *Question, row *TableRow, col *TableCol, text string) (map[string]string, map[string]bool, error) {
	var nums []lineItem
	n := newNamer(q.Table)
	for _, line := range strings.Split(text, "\n") {
		items, _ := lexLine(n, line)
		for _, it := range items {
			if _, err := n.resolveWord(q, nil, it.word); err != nil && strings.Contains(ErrorMessage(err), "确切") {
				return nil, nil, err
			}
			if !calendarOnly([]lineItem{it}) {
				nums = append(nums, it)
			}
		}
	}
	ex := strings.TrimSpace(row.Label) + " " + exampleFigure(q, col) + q.CellUnit(col.ID)
	switch len(nums) {
	case 0:
		return nil, nil, Errorf(EInvalid, "没有读到数字。本题只需填写一个数字，如“%s”；没有请回复“0”。", ex)
	case 1:
	default:
		return nil, nil, Errorf(EInvalid, "本题只需填写一个数字（%s·%s），收到 %d 个，请只写一个，如“%s”。", strings.TrimSpace(row.Label), col.Label, len(nums), ex)
	}
	if other := otherTableRow(f, q, nums[0].word); other != "" {
		return nil, nil, Errorf(EInvalid, "“%s”是%s的一行，不属于本题。本题只填“%s”的%s，如“%s”。",
			strings.TrimFunc(nums[0].word, isSep), other, strings.TrimSpace(row.Label), strings.TrimSpace(col.Label), ex)
	}
	grid, given := ZeroGrid(q.Table), map[string]bool{}
	v, err := ParseCell(q, col.ID, nums[0].num)
	if err != nil {
		return nil, nil, Errorf(EInvalid, "“%s”填写的%s", q.Table.CellLabel(row.ID, col.ID), ErrorMessage(err))
	}
	key := CellKey(row.ID, col.ID)
	grid[key], given[key] = v, true
	FillTotals(f, q, grid, given)
	return grid, given, nil
}

// datesRE finds a period or a date written inside a table line: in
// brackets (（1月至12月）, (2025年)) or after 截至/截止.
var datesRE = regexp.MustCompile(`[（(][^（）()]*[0-9一二三四五六七八九十]+[年月日][^（）()]*[)）]|截[至止](?:[0-9]{4}年)?[0-9]{1,2}月(?:[0-9]{1,2}[日号])?(?:底|末)?`)

// zeroWords say a row has nothing this year, after its name (规章不涉及,
// 行政强制没有) or before it (没有行政强制).
var zeroWords = []string{"不涉及", "均为0", "都是0", "全为0", "为0", "是0", "没有", "无"}

// rowNoneWords are the words a clause saying rows had nothing ends or
// begins with: the whole-table statement's endings (noneSuffixes), then
// zeroWords.
var rowNoneWords = append(append([]string{}, noneSuffixes...), zeroWords...)

// splitClauses cuts a table answer's line at its commas and stops.
func splitClauses(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune("，,；;。", r) })
}

// comparisonLeads open a clause comparing with another year: a remark on
// the figures before it, not a cell.
var comparisonLeads = []string{"同比", "较上年", "比上年", "较去年", "比去年", "与上年相比", "与去年相比", "环比"}

// dropComparisons takes out of a line its clauses that compare with another
// year (新收申请36件，全部来自自然人，同比上升16%).
func dropComparisons(line string) string {
	if !containsAny(line, comparisonLeads...) {
		return line
	}
	var keep []string
	for _, cl := range splitClauses(line) {
		t := strings.TrimSpace(cl)
		lead := false
		for _, w := range comparisonLeads {
			lead = lead || strings.HasPrefix(t, w)
		}
		if !lead {
			keep = append(keep, cl)
		}
	}
	return strings.Join(keep, "，")
}

// zeroClauses takes out of a line its clauses that say rows have nothing
// (规章不涉及，规范性文件5 1 25 · 处罚36，强制都没有 · 不予公开都没有):
// those rows are 0. It returns the rest of the line and the rows.
func zeroClauses(n *namer, line string) (string, []*TableRow) {
	var keep []string
	var rows []*TableRow
	for _, cl := range splitClauses(line) {
		if named := zeroClause(n, cl); named != nil {
			rows = append(rows, named...)
			continue
		}
		keep = append(keep, cl)
	}
	return strings.Join(keep, "，"), rows
}

// zeroClause returns the rows clause cl says have nothing, nil when it
// says something else (无 alone names no row: the caller reads it).
func zeroClause(n *namer, cl string) []*TableRow {
	w, raw := normLabel(cl), strings.TrimSpace(cl)
	for _, z := range rowNoneWords {
		name, ok := strings.CutSuffix(w, z)
		rawName, _ := strings.CutSuffix(raw, z)
		if !ok {
			name, ok = strings.CutPrefix(w, z)
			rawName, _ = strings.CutPrefix(raw, z)
		}
		for _, one := range []string{"一件", "一个", "一次", "的"} { // 不予公开的一件也没有
			name, rawName = strings.TrimSuffix(name, one), strings.TrimSuffix(rawName, one)
		}
		if !ok || name == "" || strings.ContainsAny(name, "0123456789") || strings.ContainsFunc(name, figure.IsChineseNumeralRune) {
			continue
		}
		if rows, _ := n.matchRows(name); len(rows) == 1 {
			return rows
		}
		// 强制都没有, 不予公开、无法提供均为0: headings or rows, then all.
		if rows := n.rowGroup(rawName); rows != nil {
			return rows
		}
	}
	return nil
}

// otherTableRow names the table of f, other than q's, one of whose rows
// word names exactly (行政许可 typed on the fees question), "" for none.
func otherTableRow(f *Form, q *Question, word string) string {
	w := normLabel(word)
	if w == "" || f == nil {
		return ""
	}
	for _, o := range f.Questions() {
		if o == q || o.ID == q.ID || o.Kind != KindTable || o.Table == nil {
			continue
		}
		for _, r := range o.Table.Rows {
			if normLabel(stripNumbering(r.Label)) == w {
				return cmp.Or(o.Table.Caption, "第 "+strconv.Itoa(o.Number)+" 题")
			}
		}
	}
	return ""
}

// ParseGrid reads a table pasted from Excel or Word, or typed: one line a
// row or several. Each figure may be preceded by words that name its row
// and its column (行政规范性文件：制发5件，废止1件; 予以公开 自然人10);
// figures without column words fill the row's cells in order, all of them
// or those that are not totals. A row's name may be the template's
// wording, with or without numbering and group, or a part of it only one
// row has; a line without a row name is the row after the previous one.
// Figures are read by bot/figure: 120件, 二十五, 12.5万元. Lines without
// figures (headers) are passed over. Rows not given are 0; a row given by
// named columns has 0 in the others; totals not given are computed by the
// form's rules. A table of one cell takes the one figure in the text,
// whatever the words around it. It returns the grid and the cells the
// text gave; what is ambiguous is refused with a Chinese sentence and an
// example.
func ParseGrid(f *Form, q *Question, text string) (map[string]string, map[string]bool, error) {
	t := q.Table
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if row, col := t.singleCell(); row != nil && len(t.Rows) == 1 {
		return parseSingle(f, q, row, col, text)
	}
	grid := ZeroGrid(t)
	given := map[string]bool{}
	next := 0
	seen := map[string]int{}
	lines := strings.Split(text, "\n")
	multi := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			multi++
		}
	}
	rows := 0
	restZero := false
	n := newNamer(t)
	for ln, line := range lines {
		at := describeLine(multi > 1, ln)
		line = datesRE.ReplaceAllString(line, "") // （1月至12月）, 截至12月31日: the period, no cell
		line = SpreadRespectively(line)           // 处罚、强制分别是45和0: each row its figure
		line = dropComparisons(line)              // ，同比上升16%: a remark, no cell
		line, rz := exceptLine(line)
		restZero = restZero || rz
		line, whose := attribution(q, n, line)
		line, none := zeroClauses(n, line)
		for _, row := range none {
			if prev, dup := seen[row.ID]; dup {
				return nil, nil, Errorf(EInvalid, "“%s”出现了两次（第 %d 行和第 %d 行），请检查。", t.RowName(row), prev, ln+1)
			}
			seen[row.ID] = ln + 1
			for _, c := range t.RowCols(row) {
				given[CellKey(row.ID, c.ID)] = true // 0, as ZeroGrid has it
			}
			rows++
		}
		items, tail := lexLine(n, line)
		if len(items) == 0 || calendarOnly(items) {
			continue
		}
		items, tail = bracketCols(q, n, nil, items, tail)
		items = attribute(q, n, items, whose)
		items, tail = tailNamesColumn(q, n, items, tail)
		lrs, err := resolveLine(q, n, items, nil)
		if err == nil {
			err = tailError(q, tail)
		}
		if err != nil {
			return nil, nil, Errorf(EInvalid, "%s%s", at, ErrorMessage(err))
		}
		for _, lr := range lrs {
			row := lr.row
			if row == nil && len(lr.named) > 0 && len(t.Rows) > 1 {
				// Columns named but no row: which row is anyone's guess.
				c := t.Col(lr.order[0])
				if in := t.InputRows(); len(in) <= 4 {
					// 制发 5 件 on 规章 / 行政规范性文件: ask which.
					v := strings.Join(strings.Fields(lr.named[c.ID]), "")
					shown := t.colName(c) + v
					if len(t.askCols(in[0])) == 1 {
						shown = v
					}
					return nil, nil, Errorf(EInvalid, "%s“%s”没有写是哪一行：是%s？请在前面写上行名，如“%s %s”。", at, shown,
						t.rowChoices(in), t.RowName(in[0]), shown)
				}
				return nil, nil, Errorf(EInvalid, "%s“%s%s”没有写是哪一行。请在前面写上行名，如“%s %s%s”。", at, t.colName(c), lr.named[c.ID],
					t.RowName(&t.Rows[0]), t.colName(c), lr.named[c.ID])
			}
			if row == nil {
				if next >= len(t.Rows) {
					return nil, nil, Errorf(EInvalid, "%s粘贴的行数多于表格的 %d 行，请检查。", at, len(t.Rows))
				}
				row = &t.Rows[next]
			}
			if prev, dup := seen[row.ID]; dup {
				return nil, nil, Errorf(EInvalid, "“%s”出现了两次（第 %d 行和第 %d 行），请检查。", t.RowName(row), prev, ln+1)
			}
			seen[row.ID] = ln + 1
			for i := range t.Rows {
				if &t.Rows[i] == row {
					next = i + 1
				}
			}
			cells, err := lr.cells(q, row, false)
			if err != nil {
				return nil, nil, Errorf(EInvalid, "%s%s", at, ErrorMessage(err))
			}
			for k, v := range cells {
				grid[k], given[k] = v, true
			}
			rows++
		}
	}
	if restZero {
		// 都是0，除了…: every cell not named was said to be 0.
		for _, r := range t.InputRows() {
			for _, c := range t.InputCols(r) {
				given[CellKey(r.ID, c.ID)] = true
			}
		}
		rows++
	}
	if rows == 0 {
		return nil, nil, Errorf(EInvalid, "没有读到数字。请从 Excel 或 Word 复制整张表粘贴过来，或每行写“行名 数字 数字 …”，如“%s”。", q.Example)
	}
	FillTotals(f, q, grid, given)
	return grid, given, nil
}

// rowChoices lists rows as choices: “规章”还是“行政规范性文件”.
func (t *Table) rowChoices(rows []*TableRow) string {
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = "“" + t.RowName(r) + "”"
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], "、") + "还是" + names[len(names)-1]
}

// ColNames lists columns as a message names them: a label that other
// columns share gets its group (未经复议直接起诉结果维持).
func (t *Table) ColNames(cols []*TableCol) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Label
		if len(c.Group) > 0 && t.sameLabel(c) {
			names[i] = c.Group[len(c.Group)-1] + c.Label
		}
	}
	return strings.Join(names, "、")
}

// ParseRowFigures reads the figures of one row typed in conversation:
// in the order of its columns that are not totals (or all its columns),
// or named by their columns, the others 0 (自然人10，商业企业2). The row's
// own name may come first (予以公开 10 2 0 0 0 0).
func ParseRowFigures(q *Question, row *TableRow, text string) (map[string]string, error) {
	t := q.Table
	var items []lineItem
	var tail string
	n := newNamer(t)
	for _, line := range strings.Split(text, "\n") {
		line, _ = exceptLine(line) // the row's columns not named are 0 anyway
		its, tl := lexLine(n, line)
		its, tl = bracketCols(q, n, row, its, tl)
		items = append(items, its...)
		if strings.TrimSpace(tl) != "" {
			tail = tl
		}
	}
	if len(items) == 0 {
		cols := t.askCols(row)
		return nil, Errorf(EInvalid, "没有读到数字。请依次填写%s，共 %d 个数；也可以只写不是 0 的列，如“%s%s”。",
			t.ColNames(cols), len(cols), t.colName(cols[0]), exampleFigure(q, cols[0]))
	}
	lrs, err := resolveLine(q, n, items, row)
	if err == nil {
		err = tailError(q, tail)
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, lr := range lrs {
		cells, err := lr.cells(q, row, true)
		if err != nil {
			return nil, err
		}
		for k, v := range cells {
			if _, dup := out[k]; dup {
				return nil, Errorf(EInvalid, "“%s”写了两次，请检查。", t.CellLabel(row.ID, strings.TrimPrefix(k, row.ID+".")))
			}
			out[k] = v
		}
	}
	return out, nil
}

// AllZero reports whether text says every cell of t is 0 (IsAllZero),
// and not only those of the rows it names: 不予公开、无法提供都是0 or
// 处罚都没有 leave other rows out, and go to ParseGrid (where a 0 after
// row headings zeroes just their rows), never wiping the rest of a table.
func (t *Table) AllZero(text string) bool {
	if !IsAllZero(text) {
		return false
	}
	s := strings.TrimSpace(text)
	for again := true; again; {
		again = false
		for _, z := range []string{"0件", "0", "零", "没有", "没", "无", "未发生", "没收到", "未收到", "发生", "也", "一件", "的"} {
			if r, ok := strings.CutSuffix(s, z); ok && r != "" {
				s, again = r, true
			}
		}
	}
	rows := newNamer(t).rowGroup(s)
	return rows == nil || len(rows) >= len(t.InputRows())
}

// parseTableText reads a table answer given as text, without the form's
// rules (ParseAnswer has no form): 全部为0 or a pasted grid.
func parseTableText(q *Question, text string) (map[string]string, error) {
	if q.Table.AllZero(text) {
		return ZeroGrid(q.Table), nil
	}
	grid, _, err := ParseGrid(&Form{}, q, text)
	return grid, err
}

// IsAllZero reports whether text says every cell of a table is 0: 均为0,
// 无, or that nothing of the kind happened in the year (全年无申请,
// 本年度未收到政府信息公开申请, 没有行政复议和诉讼).
func IsAllZero(text string) bool {
	s := normLabel(text)
	switch s {
	case "全部为0", "全为0", "均为0", "都是0", "全部是0", "全是0", "全部为零", "均为零", "0", "无", "没有":
		return true
	}
	return noneHappened(s)
}

// noneSuffixes end a statement that the kinds named before them had
// nothing (复议诉讼都没有, 行政复议未收到), longest first where one ends
// another.
var noneSuffixes = []string{"都没有发生", "均没有发生", "都没有", "均没有", "也没有", "都无", "均无", "都没发生", "都未发生", "均未发生",
	"都没收到", "均未收到", "都未收到", "也没收到", "都没", "都是0", "均为0", "都为0", "都是零", "均为零", "都为零",
	"没有发生", "没发生", "未发生", "未收到"}

// noneWords open a statement that nothing happened.
var noneWords = []string{"无", "没有", "未收到", "未发生", "未收取", "未产生", "未有", "不涉及"}

// noneHappened reports whether s (normLabel'd) says, in a short sentence
// with no figure and no exception, that nothing of the kind happened.
func noneHappened(s string) bool {
	for _, p := range []string{"本年度", "本年", "今年", "全年", "年内", "我单位", "本单位", "我局"} {
		s = strings.TrimPrefix(s, p)
	}
	// 复议诉讼都没有 · 一件申请都没收到 · 处罚强制都是0: the kinds named,
	// then none.
	said := false
	for _, w := range noneSuffixes {
		if r, ok := strings.CutSuffix(s, w); ok {
			s, said = r, true
			break
		}
	}
	plain := s // 一件…都没有 stresses none; it is no figure
	for _, one := range []string{"一件", "一次", "一个", "一起", "一份", "一条"} {
		plain = strings.ReplaceAll(plain, one, "")
	}
	if utf8.RuneCountInString(s) > 24 || strings.ContainsAny(plain, "0123456789") || strings.ContainsFunc(plain, figure.IsChineseNumeralRune) ||
		strings.ContainsAny(s, "但只除仅外") {
		return false
	}
	if said {
		return true
	}
	for _, w := range noneWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
