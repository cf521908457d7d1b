package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// How a contact names a row or a column: the template's words, with or
// without numbering and group (（三）不予公开 · 1.属于国家秘密, 属于国家秘密),
// or a part of them that only one row or column has (规范性文件 for
// 行政规范性文件, 制发 for 本年制发件数, 行政复议维持 for 行政复议·结果维持).

var (
	labelNumbers = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]+[.．、])`)
	bracketNote  = regexp.MustCompile(`[（(][^（()）]*[)）]`)
)

// normLabel reduces a label to what matching needs: no spaces or
// punctuation (numbering digits and words stay).
func normLabel(s string) string {
	s = figure.Normalize(s)
	var b strings.Builder
	for _, r := range s {
		if isSep(r) || strings.ContainsRune("“”\"'‘’.．（）()【】[]《》！!？?-", r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stripNumbering drops a label's numbering: 一、 （三） 1.
func stripNumbering(s string) string {
	return labelNumbers.ReplaceAllString(strings.TrimSpace(s), "")
}

// nameForms are the normalised ways of writing one row's or column's
// name: in full, without numbering, without a bracketed note; and its
// groups, each in full and without numbering.
type nameForms struct {
	full, bare, short, numbering string
	groups                       []string
}

func formsOf(label string, groups []string) nameForms {
	nf := nameForms{full: normLabel(label), bare: normLabel(stripNumbering(label))}
	nf.short = normLabel(bracketNote.ReplaceAllString(stripNumbering(label), ""))
	nf.numbering = strings.TrimSuffix(nf.full, nf.bare)
	for _, g := range groups {
		nf.groups = append(nf.groups, normLabel(g), normLabel(stripNumbering(g)))
	}
	return nf
}

// level says how well w names this row or column: 1 its name (groups
// before it allowed), 2 its name after words that are not its groups
// (a merged cell copied from Excel), 3 a part of its name; 0 not at all.
func (nf nameForms) level(w string) int {
	best := 0
	try := func(l int) {
		if best == 0 || l < best {
			best = l
		}
	}
	rest, stripped := w, false
	for again := true; again; {
		again = false
		for _, g := range nf.groups {
			if g != "" && len(rest) > len(g) && strings.HasPrefix(rest, g) {
				rest, stripped, again = rest[len(g):], true, true
			} else if p := groupTail(g, rest); p != "" {
				rest, stripped, again = rest[len(p):], true, true // 复议维持: 复议 for 行政复议
			}
		}
	}
	for _, s := range []string{w, rest} {
		switch {
		case s == nf.full || s == nf.bare || s == nf.short:
			try(1)
		case stripped && s == rest && nf.numbering != "" && s == nf.numbering:
			try(1)
		case strings.HasSuffix(s, nf.full) || strings.HasSuffix(s, nf.bare):
			p := strings.TrimSuffix(strings.TrimSuffix(s, nf.full), nf.bare)
			if !allNumerals(p) {
				try(2)
			}
		case (strings.Contains(nf.full, s) || strings.Contains(nf.short, s)) && utf8.RuneCountInString(s) >= 2 && !allNumerals(s):
			try(3)
		}
	}
	return best
}

// groupTail returns the start of w that is the end of group g, at least
// two characters (复议 of 行政复议, 直接起诉 of 未经复议直接起诉), with more
// of w after it; "" when there is none. People shorten a group heading
// to its last words.
func groupTail(g, w string) string {
	runes := []rune(w)
	for k := len(runes) - 1; k >= 2; k-- {
		if p := string(runes[:k]); len(p) < len(g) && strings.HasSuffix(g, p) {
			return p
		}
	}
	return ""
}

// allNumerals reports whether s is only digits or Chinese numerals: a
// numbering, which must agree with the row's own.
func allNumerals(s string) bool {
	for _, r := range s {
		if !isDigit(r) && !figure.IsChineseNumeralRune(r) {
			return false
		}
	}
	return true
}

// namer holds a table's names ready for matching, made once per answer
// read.
type namer struct {
	t          *Table
	rows, cols []nameForms
	lex        []string
}

func newNamer(t *Table) *namer {
	n := &namer{t: t, lex: t.lexicon()}
	for _, r := range t.Rows {
		n.rows = append(n.rows, formsOf(r.Label, r.Group))
	}
	for _, c := range t.Columns {
		n.cols = append(n.cols, formsOf(c.Label, c.Group))
	}
	return n
}

// rowNamed returns the one row w names, under its own name or one of
// nameSynonyms, nil when none or several.
func (n *namer) rowNamed(w string) *TableRow {
	for _, c := range append([]string{w}, synonymForms(w)...) {
		if rows, _ := n.matchRows(c); len(rows) == 1 {
			return rows[0]
		}
	}
	return nil
}

// synonymForms returns w with each of nameSynonyms that it holds replaced.
func synonymForms(w string) []string {
	var out []string
	for _, syn := range nameSynonyms {
		if strings.Contains(w, syn[0]) {
			out = append(out, trimFillers(strings.Replace(w, syn[0], syn[1], 1)))
		}
	}
	return out
}

// matchRows returns the rows w names best, and how well (0: none).
func (n *namer) matchRows(w string) ([]*TableRow, int) {
	var out []*TableRow
	best := 0
	for i := range n.t.Rows {
		r := &n.t.Rows[i]
		l := n.rows[i].level(w)
		switch {
		case l == 0:
		case best == 0 || l < best:
			out, best = []*TableRow{r}, l
		case l == best:
			out = append(out, r)
		}
	}
	return out, best
}

// matchCols returns the columns of row (every column when row is nil) w
// names best, and how well.
func (n *namer) matchCols(row *TableRow, w string) ([]*TableCol, int) {
	var out []*TableCol
	best := 0
	for i := range n.t.Columns {
		c := &n.t.Columns[i]
		if row != nil && !n.t.HasCell(row, c.ID) {
			continue
		}
		l := n.cols[i].level(w)
		if l == 2 {
			l = 0 // a column's name is never after a merged cell
		}
		switch {
		case l == 0:
		case best == 0 || l < best:
			out, best = []*TableCol{c}, l
		case l == best:
			out = append(out, c)
		}
	}
	return out, best
}

// colGroup returns the columns, totals left out, under the column heading
// w names (行政复议, or its last words: 复议), nil when w names none.
func (t *Table) colGroup(w string) []*TableCol {
	var out []*TableCol
	for i := range t.Columns {
		c := &t.Columns[i]
		for _, g := range c.Group {
			if ng := normLabel(g); !c.Total && (w == ng || len(w) >= len("复议") && strings.HasSuffix(ng, w)) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// isGroupName reports whether w is one of the rows' group headings
// (（三）不予公开), which names several rows.
func (t *Table) isGroupName(w string) (string, bool) {
	for _, r := range t.Rows {
		for _, g := range r.Group {
			if w == normLabel(g) || w == normLabel(stripNumbering(g)) {
				return strings.TrimSpace(g), true
			}
		}
	}
	return "", false
}

// rowGroup returns the rows the words name, each part a group heading
// (不予公开, （三）不予公开的: its rows) or one row's name (处罚), parts
// joined by 、 or 和 and followed by 都/均为 (不予公开、无法提供都是); nil
// when they name anything else. Total rows are never among them.
func (n *namer) rowGroup(w string) []*TableRow {
	w = strings.TrimSpace(w)
	for _, all := range []string{"都是", "均为", "都为", "均是", "全是", "全为", "都", "均"} {
		if r, ok := strings.CutSuffix(w, all); ok && r != "" {
			w = r
			break
		}
	}
	var rows []*TableRow
	add := func(r *TableRow) {
		if !r.Total && !slices.Contains(rows, r) {
			rows = append(rows, r)
		}
	}
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune("、，,和及", r) }) {
		part = strings.TrimSuffix(trimFillers(normLabel(part)), "的")
		g, ok := n.t.isGroupName(part)
		if !ok {
			// One row's own name (行政处罚, 处罚) counts as itself.
			named := n.rowNamed(part)
			if named == nil || named.Total {
				return nil
			}
			add(named)
			continue
		}
		for _, r := range n.t.rowsUnder(g) {
			add(r)
		}
	}
	return rows
}

// rowsUnder returns the rows, totals included, under the group heading g
// (as isGroupName returns it), in table order.
func (t *Table) rowsUnder(g string) []*TableRow {
	var out []*TableRow
	for i := range t.Rows {
		if slices.ContainsFunc(t.Rows[i].Group, func(rg string) bool { return strings.TrimSpace(rg) == g }) {
			out = append(out, &t.Rows[i])
		}
	}
	return out
}

// Words a contact puts around a figure that name nothing: 共120件,
// 行政许可为120件.
var (
	leadFillers  = []string{"一共", "共计", "合计", "累计", "全年", "本年度", "本年", "今年", "其中", "共", "计"}
	trailFillers = []string{"一共", "共计", "合计", "累计", "共", "计", "为", "是", "有", "申请"}
	// wordSynonyms are the everyday words for the statutory tables' own
	// (收到 for 新收), tried when the words as typed name nothing.
	wordSynonyms = [][2]string{{"收到", "新收"}, {"受理", "新收"}, {"新收到", "新收"}}
	// vagueWords before a figure make it approximate, which a statutory
	// table cannot take.
	// nameSynonyms are the other names officials give a row or a column,
	// whose meaning is certain: 行政强制措施 and 行政强制执行 are the two
	// kinds of 行政强制; a 决定书 is one decision.
	nameSynonyms = [][2]string{{"强制措施", "强制"}, {"强制执行", "强制"}, {"决定书", "决定"},
		{"新制定", "制发"}, {"制定", "制发"}, {"印发", "制发"},
		{"法院审理中", "尚未审结"}, {"尚在审理中", "尚未审结"}, {"正在审理中", "尚未审结"}, {"正在审理", "尚未审结"}, {"审理中", "尚未审结"},
		{"尚未结案", "尚未审结"}, {"未结案", "尚未审结"}}
	// groupAliases are the short names of a column heading.
	groupAliases = map[string]string{"法人": "法人或其他组织", "法人和其他组织": "法人或其他组织", "法人及其他组织": "法人或其他组织",
		"法人或者其他组织": "法人或其他组织", "法人或其它组织": "法人或其他组织"}
	vagueWords = []string{"大约", "大概", "将近", "接近", "约", "近", "超过", "逾", "多于", "不到", "不足", "不少于", "至少", "不低于", "高于", "大于", "低于", "小于"}
)

func trimFillers(w string) string {
	for again := true; again; {
		again = false
		for _, f := range trailFillers {
			if r, ok := strings.CutSuffix(w, f); ok && r != "" {
				w, again = r, true
			}
		}
		for _, f := range leadFillers {
			if r, ok := strings.CutPrefix(w, f); ok && r != "" {
				w, again = r, true
			}
		}
	}
	for _, f := range append(append([]string{}, trailFillers...), leadFillers...) {
		if w == f {
			return ""
		}
	}
	return w
}

// wordRef is what the words before a figure name: a row, a column, or
// both (nil when not named).
type wordRef struct {
	row *TableRow
	col *TableCol
	// group: the words name a column heading over several columns
	// (行政复议, 法人) rather than one column; heading is how they wrote it.
	group   []*TableCol
	heading string
}

// resolveWord reads the words before a figure as [row name][column
// name]. Within a row (row not nil) a column is preferred when the words
// could name either. The error says, in Chinese with an example, what is
// unknown or ambiguous.
func (n *namer) resolveWord(q *Question, row *TableRow, raw string) (wordRef, error) {
	w := normLabel(raw)
	if w == "" {
		return wordRef{}, nil
	}
	for _, v := range vagueWords {
		if strings.HasSuffix(w, v) {
			return wordRef{}, Errorf(EInvalid, "统计表需要确切的数字，请去掉“%s”，只写数字。", v)
		}
	}
	if strings.HasSuffix(w, "负") || strings.HasSuffix(strings.TrimSpace(raw), "-") || strings.HasSuffix(strings.TrimSpace(raw), "－") {
		return wordRef{}, Errorf(EInvalid, "统计表的数字不能为负数，请检查。")
	}
	if tw := trimFillers(w); n.t.endsWithHeading(tw) {
		if ref, ok := n.groupWord(row, tw); ok {
			return ref, nil // 新收法人或其他组织: the heading, not a part of it
		}
	}
	if ref, ok := n.splitWord(row, w); ok {
		return ref, nil
	}
	if tw := trimFillers(w); tw != w {
		if tw == "" {
			return wordRef{}, nil
		}
		if ref, ok := n.splitWord(row, tw); ok {
			return ref, nil
		}
		w = tw
	}
	cands := []string{w}
	for _, sw := range synonymForms(w) {
		if ref, ok := n.splitWord(row, sw); ok {
			return ref, nil // 行政强制措施: 行政强制
		}
		cands = append(cands, sw)
	}
	for _, syn := range wordSynonyms {
		if strings.Contains(w, syn[0]) && !strings.Contains(w, syn[1]) {
			sw := trimFillers(strings.Replace(w, syn[0], syn[1], 1))
			if ref, ok := n.splitWord(row, sw); ok {
				return ref, nil // 收到自然人5件: 新收 · 自然人
			}
			cands = append(cands, sw)
		}
	}
	if err := n.dismissalError(w); err != nil {
		return wordRef{}, err
	}
	for _, c := range cands {
		if ref, ok := n.groupWord(row, c); ok {
			return ref, nil
		}
	}
	return wordRef{}, n.wordError(q, row, raw, w)
}

// weight ranks a match level for choosing a cut: a name after unknown
// words (level 2) counts for less than a row's name and a column's.
func weight(level int) int { return []int{0, 2, 5, 6}[level] }

// maxNameRunes bounds the words read as a row's and a column's name: the
// longest of the template, with its group, is under 60 characters.
const maxNameRunes = 120

// splitWord tries every cut of w into a row's name and a column's name,
// keeping the one that names both best; ok is false when no cut names
// one row and one column without doubt.
func (n *namer) splitWord(row *TableRow, w string) (wordRef, bool) {
	runes := []rune(w)
	if len(runes) > maxNameRunes {
		return wordRef{}, false
	}
	var best wordRef
	bestScore, found := 0, false
	for k := len(runes); k >= 0; k-- {
		rp, cp := string(runes[:k]), string(runes[k:])
		var ref wordRef
		score := 0
		if rp != "" {
			rows, l := n.matchRows(rp)
			if len(rows) != 1 {
				continue
			}
			ref.row, score = rows[0], weight(l)
			if row != nil && ref.row != row && cp == "" {
				// Within a row, the words may rather name a column.
				if cols, _ := n.matchCols(row, rp); len(cols) == 1 {
					continue
				}
			}
		}
		if cp != "" {
			in := row
			if ref.row != nil {
				in = ref.row
			}
			cols, l := n.matchCols(in, cp)
			if len(cols) != 1 {
				continue
			}
			ref.col, score = cols[0], score+weight(l)
		}
		if row != nil && rp == "" {
			score-- // within a row, words name a column first
		}
		if !found || score < bestScore {
			best, bestScore, found = ref, score, true
		}
	}
	return best, found
}

// wordError says why words name no single row or column.
func (n *namer) wordError(q *Question, row *TableRow, raw, w string) error {
	t := n.t
	shown := Truncate(strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), "：:，,、；;")), 20)
	if g, ok := t.isGroupName(w); ok {
		var names []string
		for _, r := range t.rowsUnder(g) {
			names = append(names, t.RowName(r))
		}
		return Errorf(EInvalid, "“%s”下有 %d 项，请写明是哪一项，如“%s %s”。", shown, len(names), names[0], t.rowExample(q, &t.Rows[0]))
	}
	if cols := t.colGroup(w); len(cols) > 0 {
		// 行政复议 alone: a heading over several columns.
		return Errorf(EInvalid, "“%s”下有 %d 列（%s），请写明是哪一列，如“%s1”，或写“%s”后按顺序写全本行的 %d 个数。",
			shown, len(cols), t.ColNames(cols), t.colName(cols[0]), t.RowName(&t.Rows[0]), len(t.askCols(&t.Rows[0])))
	}
	if rows, _ := n.matchRows(w); len(rows) > 1 {
		return Errorf(EInvalid, "“%s”可能是%s，请写全行名，如“%s %s”。", shown, t.rowNames(rows, 4), t.RowName(rows[0]), t.rowExample(q, rows[0]))
	}
	if cols, _ := n.matchCols(row, w); len(cols) > 1 {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = "“" + t.colName(c) + "”"
		}
		return Errorf(EInvalid, "“%s”可能是%s，请写全列名，如“%s1”。", shown, strings.Join(names, "、"), t.colName(cols[0]))
	}
	if row == nil && utf8.RuneCountInString(w) <= maxNameRunes {
		// A row named, then words that name none of its columns.
		runes := []rune(w)
		for k := len(runes) - 1; k > 0; k-- {
			if rows, _ := n.matchRows(string(runes[:k])); len(rows) == 1 {
				rest := string(runes[k:])
				if cols, _ := n.matchCols(rows[0], rest); len(cols) > 1 {
					return n.wordError(q, rows[0], rest, rest)
				}
				row = rows[0]
				shown = Truncate(rest, 20)
				break
			}
		}
	}
	if row != nil && len(t.askCols(row)) > 0 {
		cols := t.askCols(row)
		return Errorf(EInvalid, "“%s”不是本行的列名。请写列名和数字，如“%s%s”，或按顺序写 %d 个数（%s）。",
			shown, t.colName(cols[0]), exampleFigure(q, cols[0]), len(cols), t.ColNames(cols))
	}
	return Errorf(EInvalid, "“%s”对不上表中的任何一行。请按表中的行名填写，如“%s %s”，或只粘贴数字。", shown, t.RowName(&t.Rows[0]), t.rowExample(q, &t.Rows[0]))
}

// colName is a column's label, with its group when another column has
// the same label (行政复议结果维持).
func (t *Table) colName(c *TableCol) string { return t.ColNames([]*TableCol{c}) }

// rowNames lists at most n rows as a message names them.
func (t *Table) rowNames(rows []*TableRow, n int) string {
	var names []string
	for i, r := range rows {
		if i == n {
			names = append(names, "等")
			break
		}
		names = append(names, "“"+t.RowName(r)+"”")
	}
	return strings.Join(names, "、")
}

// rowExample is the figures of an example line for row: 1 0 0 ….
func (t *Table) rowExample(q *Question, row *TableRow) string {
	cols := t.InputCols(row)
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "0"
		if i == 0 {
			parts[i] = exampleFigure(q, c)
		}
	}
	return strings.Join(parts, " ")
}

// exampleFigure is a figure a message shows as an example for a column.
func exampleFigure(q *Question, c *TableCol) string {
	if q.CellUnit(c.ID) == "万元" {
		return "12.5"
	}
	return "5"
}

// RowName is how a message names a row on its own: its label, after its
// innermost group when the label is one of a numbered list
// （（三）不予公开 · 1.属于国家秘密）, so that the several “1.” of table three
// are told apart.
func (t *Table) RowName(r *TableRow) string {
	label := strings.TrimSpace(r.Label)
	if len(r.Group) == 0 || !numberedItem.MatchString(label) {
		return label
	}
	return strings.TrimSpace(r.Group[len(r.Group)-1]) + " · " + label
}

var numberedItem = regexp.MustCompile(`^[0-9]+[.．、]`)

// describeRef names a row for an error: the row's name, or 第 N 行.
func describeLine(multi bool, ln int) string {
	if multi {
		return fmt.Sprintf("第 %d 行：", ln+1)
	}
	return ""
}

// groupCols returns the columns, totals included, under the column
// heading w names (行政复议, its last words 复议, 法人 for 法人或其他组织),
// in table order; nil when w names none.
func (t *Table) groupCols(w string) []*TableCol {
	if w == "" {
		return nil
	}
	if full, ok := groupAliases[w]; ok {
		w = normLabel(full)
	}
	var out []*TableCol
	for i := range t.Columns {
		c := &t.Columns[i]
		for _, g := range c.Group {
			if ng := normLabel(g); w == ng || len(w) >= len("复议") && strings.HasSuffix(ng, w) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// endsWithHeading reports whether w ends with a column heading over
// several columns written in full (法人或其他组织, 行政复议) or its alias
// (法人).
func (t *Table) endsWithHeading(w string) bool {
	for a := range groupAliases {
		if strings.HasSuffix(w, a) {
			return true
		}
	}
	for _, c := range t.Columns {
		for _, g := range c.Group {
			if ng := normLabel(g); ng != "" && strings.HasSuffix(w, ng) {
				return true
			}
		}
	}
	return false
}

// groupWord reads w as [row name] column heading (新收法人, 行政复议):
// the heading names several columns, which the figures after it fill in
// order, or a 0 fills all.
func (n *namer) groupWord(row *TableRow, w string) (wordRef, bool) {
	runes := []rune(w)
	if len(runes) > maxNameRunes {
		return wordRef{}, false
	}
	for k := 0; k < len(runes); k++ {
		rp, cp := trimFillers(string(runes[:k])), trimFillers(string(runes[k:]))
		cols := n.t.groupCols(cp)
		if len(cols) < 2 {
			continue
		}
		if row != nil {
			kept := cols[:0:0]
			for _, c := range cols {
				if n.t.HasCell(row, c.ID) {
					kept = append(kept, c)
				}
			}
			cols = kept
		}
		if len(cols) < 2 {
			continue
		}
		ref := wordRef{group: cols, heading: cp}
		if full, ok := groupAliases[cp]; ok && len([]rune(cp)) > 2 {
			ref.heading = full
		}
		if rp != "" {
			rows, _ := n.matchRows(rp)
			if len(rows) != 1 {
				continue
			}
			ref.row = rows[0]
		}
		return ref, true
	}
	return wordRef{}, false
}

// dismissalError asks where a 驳回 goes: districts count a dismissed
// review or suit under 结果维持 or under 其他结果, so the bot does not
// guess. nil when w has no 驳回 or the table has no such columns.
func (n *namer) dismissalError(w string) error {
	if !strings.Contains(w, "驳回") {
		return nil
	}
	t := n.t
	rest := trimFillers(strings.NewReplacer("驳回", "", "被", "", "了", "", "请求", "").Replace(w))
	in := map[string]bool{}
	for _, c := range t.groupCols(rest) {
		in[c.ID] = true
	}
	var pairs []string
	var first *TableCol
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Label != "结果维持" || len(in) > 0 && !in[c.ID] {
			continue
		}
		for j := range t.Columns {
			o := &t.Columns[j]
			if o.Label == "其他结果" && strings.Join(o.Group, "") == strings.Join(c.Group, "") {
				pairs = append(pairs, "“"+t.colName(c)+"”还是“"+t.colName(o)+"”")
				if first == nil {
					first = c
				}
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	return Errorf(EInvalid, "“%s”各地的统计口径不同，我不作推断。请写明计入哪一列：%s，如“%s1”。", w, strings.Join(pairs, "；"), t.colName(first))
}

// groupError asks which column of a heading a figure goes in.
func (t *Table) groupError(ref wordRef, got int, fig string) error {
	var in []*TableCol
	for _, c := range ref.group {
		if !c.Total {
			in = append(in, c)
		}
	}
	heading := ref.heading
	if got > 1 {
		alt := ""
		if len(in) < len(ref.group) {
			alt = fmt.Sprintf("（或连同总计共 %d 个）", len(ref.group))
		}
		return Errorf(EInvalid, "“%s”下有 %d 列（%s），收到 %d 个数。请按顺序写 %d 个数%s，或写明列名，如“%s1”。",
			heading, len(in), t.ColNames(in), got, len(in), alt, t.colName(in[0]))
	}
	return Errorf(EInvalid, "“%s”下有 %d 列（%s），请写明是哪一列，如“%s%s”，或写“%s”后按顺序写 %d 个数；都是 0 可写“%s0”。",
		heading, len(in), t.ColNames(in), t.colName(in[0]), fig, heading, len(in), heading)
}
