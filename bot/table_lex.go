package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// A line of a table answer is read as figures, each with the words
// written before it since the previous figure: 行政规范性文件：制发5件，
// 废止1件 gives (行政规范性文件：制发, 5件), (废止, 1件). The words name a
// row, a column, or both; the figure itself is read by bot/figure.
// Numerals that belong to the table's own words (三类内部事务信息,
// 一、本年新收…, （三）不予公开, 1.属于国家秘密) stay words.

// lineItem is one figure of a line and the words before it.
type lineItem struct {
	word string // raw text since the previous figure, separators included
	num  string // the figure as written, with its unit: 25件, 二十五, 12.5万元
}

// isSep reports whether r separates cells or words.
func isSep(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("、，,；;：:/／|。·•\u3000", r)
}

// lexicon is the table's own words, normalised, in which a numeral may
// stand as part of a word.
func (t *Table) lexicon() []string {
	var out []string
	add := func(s string) {
		if n := normLabel(s); n != "" {
			out = append(out, n)
		}
	}
	add(t.Caption)
	add(t.Corner)
	add(t.Note)
	for _, r := range t.Rows {
		add(r.Label)
		for _, g := range r.Group {
			add(g)
		}
	}
	for _, c := range t.Columns {
		add(c.Label)
		for _, g := range c.Group {
			add(g)
		}
	}
	return out
}

// continuesWord reports whether the numeral run at the start of s,
// with the character after it (a 、 . or closing bracket passed over),
// is part of one of the table's words: 三类, 一、本, （三）不.
func continuesWord(lex []string, run, after string) bool {
	after = strings.TrimLeft(after, "、.．)）")
	r, _ := utf8.DecodeRuneInString(after)
	if after == "" || isSep(r) || r >= '0' && r <= '9' || r >= '０' && r <= '９' || figure.IsChineseNumeralRune(r) {
		return false
	}
	cand := normLabel(run + string(r))
	for _, w := range lex {
		if strings.Contains(w, cand) {
			return true
		}
	}
	return false
}

// lexLine cuts a line into figures and the words before them; tail is
// what follows the last figure.
func lexLine(n *namer, line string) (items []lineItem, tail string) {
	lex := n.lex
	var word strings.Builder
	s := line
	atWordStart := func() bool {
		w := word.String()
		if w == "" {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(w)
		return isSep(r) || strings.ContainsRune("（(", r)
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDigit(r):
			end := scanArabic(s, i)
			rest := s[end:]
			// 1.属于国家秘密: numbering at the start of a word.
			if nr, _ := utf8.DecodeRuneInString(rest); (nr == '.' || nr == '．') && atWordStart() {
				if ar, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, ".．")); ar != 0 && !isDigit(ar) && !isSep(ar) {
					word.WriteString(s[i:end])
					i = end
					continue
				}
			}
			if continuesWord(lex, s[i:end], rest) || strings.HasSuffix(word.String(), "第") {
				word.WriteString(s[i:end])
				i = end
				continue
			}
			end = scanUnit(s, end)
			items = append(items, lineItem{word: word.String(), num: s[i:end]})
			word.Reset()
			i = end
		case figure.IsChineseNumeralRune(r) && !strings.ContainsRune("点万萬亿億", r):
			end := i
			for end < len(s) {
				cr, cw := utf8.DecodeRuneInString(s[end:])
				if !figure.IsChineseNumeralRune(cr) {
					break
				}
				end += cw
			}
			run := s[i:end]
			_, ok := figure.ChineseNumber(run)
			if !ok {
				ok = multiplied(run)
			}
			unitEnd := scanUnit(s, end)
			next, _ := utf8.DecodeRuneInString(s[unitEnd:])
			bounded := unitEnd > end || unitEnd == len(s) || isSep(next) || isDigit(next)
			if !ok || !bounded || continuesWord(lex, run, s[end:]) || strings.HasSuffix(word.String(), "第") {
				word.WriteString(run)
				i = end
				continue
			}
			items = append(items, lineItem{word: word.String(), num: s[i:unitEnd]})
			word.Reset()
			i = unitEnd
		default:
			word.WriteRune(r)
			i += w
		}
	}
	return items, word.String()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// multiplied reports whether a numeral run is a number times 万 or 亿
// (三点五万), which ChineseNumber alone does not read.
func multiplied(run string) bool {
	for _, m := range []string{"万", "亿"} {
		if head, ok := strings.CutSuffix(run, m); ok {
			if _, ok := figure.ChineseNumber(head); ok {
				return true
			}
		}
	}
	return false
}

// scanArabic returns the end of the Arabic number at i: digits, a
// decimal point followed by a digit, commas before exactly three digits.
func scanArabic(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDigit(r):
			i += w
		case r == '.' || r == '．':
			if nr, _ := utf8.DecodeRuneInString(s[i+w:]); isDigit(nr) {
				i += w
				continue
			}
			return i
		case r == ',' || r == '，':
			if threeDigitsAt(s[i+w:]) {
				i += w
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}

// threeDigitsAt reports whether s starts with exactly three digits.
func threeDigitsAt(s string) bool {
	n := 0
	for _, r := range s {
		if !isDigit(r) {
			break
		}
		n++
	}
	return n == 3
}

// tableUnitSuffixes are the words a cell's figure may carry after it, longest
// first: a multiplier (万, 亿), a unit, and a qualifier (余, 左右) that
// the cell reader then refuses.
var tableUnitSuffixes = []string{"万元", "亿元", "千元", "百元", "万", "亿", "千", "百", "余", "多"}

// scanUnit returns the end of the multiplier, unit and qualifier words
// after a number ending at i.
func scanUnit(s string, i int) int {
	if j := scanUnitAt(s, i); j > i {
		return j
	}
	// 制发 5 件 废止 1 件: a unit written apart from its figure, when a
	// separator or the end follows it.
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j == i {
		return i
	}
	if k := scanUnitAt(s, j); k > j {
		if r, _ := utf8.DecodeRuneInString(s[k:]); k == len(s) || isSep(r) {
			return k
		}
	}
	return i
}

// scanUnitAt is scanUnit without spaces before the unit.
func scanUnitAt(s string, i int) int {
	for _, m := range tableUnitSuffixes {
		if strings.HasPrefix(s[i:], m) {
			i += len(m)
			if m == "万" || m == "亿" {
				// 1万2千元: the digits after 万 with their 千 or 百
				// belong to the same figure.
				if j := scanArabic(s, i); j > i && (strings.HasPrefix(s[j:], "千") || strings.HasPrefix(s[j:], "百")) {
					i = j + len("千")
				}
			}
			break
		}
	}
	// The longest unit word (人次 before 人), at most four characters.
	best, n := 0, 0
	rest := s[i:]
	for end := 0; end < len(rest) && n < 4; n++ {
		_, w := utf8.DecodeRuneInString(rest[end:])
		end += w
		if figure.IsUnit(rest[:end]) {
			best = end
		}
	}
	i += best
	for _, q := range []string{"左右", "以上", "上下"} {
		if strings.HasPrefix(s[i:], q) {
			return i + len(q)
		}
	}
	return i
}
