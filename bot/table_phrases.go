package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The sentences officials type around a table's figures: the applicant
// in brackets after the figure (收到申请2件（自然人）), and 都是0 with the
// exceptions named (都是0，除了新收自然人1件; 除新收自然人1件外均为0).

// bracketLeads and bracketTails are the words around a column's name in
// brackets after a figure: （均为自然人）, （申请人为企业）.
var (
	bracketLeads = []string{"申请人均为", "申请人都是", "申请人为", "申请人是", "全部来自", "均来自", "都来自", "全部为", "全部是", "均为", "都是", "均是", "全为", "全是", "都为", "均系", "来自", "均由", "系", "为", "是", "由"}
	bracketTails = []string{"提出的申请", "提交的申请", "提出的", "提交的", "提出", "提交", "申请人", "申请", "的"}
)

// bracketCols reads a column named in brackets after its figure (新收3件
// （均为自然人）) as if written before it (新收自然人3件). Brackets that
// hold figures (（其中企业2件）) or name no column are left as written.
func bracketCols(q *Question, n *namer, fixed *TableRow, items []lineItem, tail string) ([]lineItem, string) {
	for i := range items {
		next := &tail
		if i+1 < len(items) {
			next = &items[i+1].word
		}
		s := strings.TrimLeft(*next, " \t\u3000")
		open, w := utf8.DecodeRuneInString(s)
		var inside string
		end, cw := 0, 0
		switch {
		case open == '（' || open == '(':
			if end = strings.IndexAny(s, "）)"); end < 0 {
				continue
			}
			inside = s[w:end]
			_, cw = utf8.DecodeRuneInString(s[end:])
		case strings.ContainsRune("，,、", open) && allLead(s[w:]):
			// 上年结转2件，均为自然人申请: the clause after the figure.
			if end = strings.IndexAny(s[w:], "，,；;。"); end < 0 {
				end = len(s)
			} else {
				end += w
			}
			inside = s[w:end]
		default:
			continue
		}
		inside = columnWords(inside)
		if inside == "" || strings.ContainsFunc(inside, isDigit) {
			continue
		}
		word := trimFillers(normLabel(items[i].word))
		ref, err := n.resolveWord(q, fixed, word+inside)
		if err != nil || ref.col == nil && ref.group == nil {
			continue
		}
		if r, _ := n.resolveWord(q, fixed, word); r.col != nil {
			continue // 自然人2件（企业）: a column named twice is not ours to pick
		}
		items[i].word = word + inside
		*next = s[end+cw:]
	}
	return items, tail
}

// attribution takes out of a line its clause saying whose every figure
// is (予以公开7件、部分公开3件，申请人均为自然人): the column's words, "" when
// there is no such clause. A clause with a figure, or whose words name no
// column, stays in the line.
func attribution(q *Question, n *namer, line string) (string, string) {
	clauses := splitClauses(line)
	if len(clauses) < 2 {
		return line, ""
	}
	last := strings.TrimSpace(clauses[len(clauses)-1])
	if !allLead(last) && !strings.HasPrefix(last, "申请人") || strings.ContainsFunc(last, isDigit) {
		return line, ""
	}
	words := columnWords(last)
	if ref, err := n.resolveWord(q, nil, words); err != nil || ref.col == nil && ref.group == nil {
		return line, ""
	}
	return strings.Join(clauses[:len(clauses)-1], "，"), words
}

// attribute names whose column every figure of a line is in, when a
// clause of the line said so (see attribution) and the figure's own words
// name no column yet.
func attribute(q *Question, n *namer, items []lineItem, whose string) []lineItem {
	if whose == "" {
		return items
	}
	for i := range items {
		word := trimFillers(normLabel(items[i].word))
		if r, _ := n.resolveWord(q, nil, word); r.col != nil {
			continue
		}
		if ref, err := n.resolveWord(q, nil, word+whose); err == nil && ref.col != nil {
			items[i].word = word + whose
		}
	}
	return items
}

// columnWords is what names a column in words said of a figure after it
// ((均为自然人), ，申请人都是企业提交的): without bracketLeads and
// bracketTails.
func columnWords(s string) string {
	s = normLabel(s)
	for _, p := range bracketLeads {
		if r, ok := strings.CutPrefix(s, p); ok && r != "" {
			s = r
			break
		}
	}
	for _, p := range bracketTails {
		if r, ok := strings.CutSuffix(s, p); ok && r != "" {
			s = r
			break
		}
	}
	return s
}

// allLead reports whether s opens with the words that say all of a
// figure is of one kind (均为, 都是).
func allLead(s string) bool {
	s = strings.TrimLeft(s, " \t\u3000")
	for _, p := range []string{"申请人均为", "申请人都是", "申请人为", "申请人是", "均为", "都是", "全部为", "全部是", "全为", "全是", "均是", "都为", "均系",
		"全部来自", "均来自", "都来自", "为", "是"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// restPrefixes open a clause about the cells not named (其余都是0).
var restPrefixes = []string{"其余的", "其余", "其他的", "其他", "其它", "别的", "剩下的", "剩下", "剩余的", "剩余", "余下的", "余下", "另外"}

// restZeros say those cells are 0; the first ones only after a rest
// prefix (其余为0), the others alone too (都是0).
var (
	restZerosAfterPrefix = []string{"为0", "是0", "填0", "没有", "无", "为零", "是零"}
	restZeros            = []string{"都是0", "均为0", "都为0", "全为0", "全是0", "全部为0", "全部是0", "均是0", "一律为0", "都填0", "均填0",
		"都是零", "均为零", "全为零", "都没有", "均没有", "都无", "均无", "全无", "全部没有", "也都是0", "也都没有"}
	exceptRE = regexp.MustCompile(`^(?:除了|除去|除)(.+?)(?:以外|之外|外)[，,、]?(.*)$`)
)

// isRestZero reports whether a clause says every cell not named is 0.
func isRestZero(clause string) bool {
	s := normLabel(clause)
	prefixed := false
	for _, p := range restPrefixes {
		if r, ok := strings.CutPrefix(s, p); ok {
			s, prefixed = r, true
			break
		}
	}
	for _, p := range []string{"各项", "各行", "项目", "的"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, z := range restZeros {
		if s == z {
			return true
		}
	}
	if prefixed {
		for _, z := range restZerosAfterPrefix {
			if s == z {
				return true
			}
		}
	}
	return false
}

// exceptLine reads a line that says every cell is 0 but those it names
// (都是0，除了新收自然人1件): it returns the named part, the rest of the
// line, and whether the line said so.
func exceptLine(line string) (string, bool) {
	clauses := splitClauses(line)
	rest := false
	var keep []string
	for _, cl := range clauses {
		if isRestZero(cl) {
			rest = true
			continue
		}
		if m := exceptRE.FindStringSubmatch(strings.TrimSpace(cl)); m != nil && isRestZero(m[2]) {
			keep, rest = append(keep, m[1]), true // 除新收自然人1件外均为0
			continue
		}
		keep = append(keep, cl)
	}
	if !rest {
		return line, false
	}
	for i, cl := range keep {
		cl = strings.TrimSpace(cl)
		if m := exceptRE.FindStringSubmatch(cl); m != nil && m[2] == "" {
			cl = m[1] // 除了新收自然人1件以外
		}
		for _, p := range []string{"除了", "除去", "只有", "仅有", "只是", "就是", "但是", "但", "仅", "只", "就"} {
			if r, ok := strings.CutPrefix(cl, p); ok {
				cl = r
				break
			}
		}
		for _, p := range []string{"以外", "之外", "除外"} {
			cl = strings.TrimSuffix(cl, p)
		}
		keep[i] = cl
	}
	return strings.Join(keep, "，"), true
}

// fewRows is the most rows (not totals) of a table whose every row a
// contact is expected to answer: in a longer table (申请办理结果) the
// rows not named are 0, as most are.
const fewRows = 3

// UnansweredRows returns the rows of a table of few rows (规章 and 行政
// 规范性文件; 行政处罚 and 行政强制) that an answer naming others gave no
// cell of: they are still to be answered, not 0. given holds the cells
// the answer gave (ParseGrid); none when nothing is known.
func UnansweredRows(q *Question, given map[string]bool) []*TableRow {
	if q.Table == nil || len(given) == 0 {
		return nil
	}
	rows := q.Table.InputRows()
	if len(rows) < 2 || len(rows) > fewRows {
		return nil
	}
	var out []*TableRow
	for _, r := range rows {
		answered := false
		for _, c := range q.Table.RowCols(r) {
			if given[CellKey(r.ID, c.ID)] {
				answered = true
				break
			}
		}
		if !answered {
			out = append(out, r)
		}
	}
	if len(out) == len(rows) {
		return nil
	}
	return out
}
