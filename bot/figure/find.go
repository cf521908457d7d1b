package figure

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a figure found in free text, with its byte offsets.
type Span struct {
	Start, End int
	Text       string
	Figure     Figure
}

// Find returns every figure in a free text: Arabic numbers (with
// separators, decimals, 万/亿 and the magnitudes of reports such as
// 10余万件 and 3万2千件), percentages, and Chinese numerals that carry a
// unit, 万/亿 or 百分之 — so words such as 统一, 一是, 第一, 四中全会 are
// not taken for figures. Ordinals (第N) and day names (12·4) are skipped,
// and so are vague quantities (数十场, 十几次, 两三场, 20-30件) and words
// that hold a magnitude (千家万户, 万人签名): a number the finder cannot
// read whole is skipped whole, never read in part. Bare Arabic numbers
// (12345 热线) are returned with no unit, for the caller to judge. Years
// come back with Unit 年.
func Find(text string) []Span {
	var out []Span
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if strings.HasPrefix(text[i:], "百分之") || isArabicDigit(r) || IsChineseNumeralRune(r) && r != '点' {
			if sp, ok := figureAt(text, i); ok {
				out = append(out, sp)
				i = sp.End
				continue
			}
			i = clusterEnd(text, i)
			continue
		}
		i += w
	}
	return out
}

// figureAt tries to read one figure starting at byte start.
func figureAt(text string, start int) (Span, bool) {
	if precededBy(text, start, "第") || vagueBefore(text, start) {
		return Span{}, false
	}
	pctWord := strings.HasPrefix(text[start:], "百分之")
	p := start
	if pctWord {
		p += len("百分之")
	}
	numEnd, ok := numberEnd(text, p)
	if !ok {
		return Span{}, false
	}
	numText := text[p:numEnd]
	// 12·4 (a day such as 国家宪法日) is a name, not a figure.
	if strings.HasPrefix(text[numEnd:], "·") || precededBy(text, start, "·") {
		return Span{}, false
	}
	if strings.HasPrefix(text[numEnd:], "几") || inRange(text, start, numEnd) || isASCIILetter(text[numEnd:]) {
		return Span{}, false // 20几次, 20-30件, 5G
	}
	first, _ := utf8.DecodeRuneInString(numText)
	arabic := isArabicDigit(first)
	// Prefix qualifier just before the number.
	qs := start
	for _, q := range prefixQualifiers {
		if precededBy(text, start, q) {
			qs = start - len(q)
			break
		}
	}
	implied := !arabic && !pctWord && startsWithMagnitude(numText)
	if implied && qs == start && precededBy(text, start, "上") && !precededBy(text, start-len("上"), "百") && !precededBy(text, start-len("上"), "千") && !precededBy(text, start-len("上"), "万") {
		qs = start - len("上") // 上千人次, not 成千上万
	}
	end := numEnd
	if strings.HasPrefix(text[end:], "+") && !implied && !nextIsDigit(text[end+1:]) && !IsChineseNumeralRune(firstRune(text[end+1:])) {
		end++ // 10万+: more than 10万
	}
	// Qualifier between number and unit, then the unit.
	for _, q := range infixQualifiers {
		if end > numEnd {
			break
		}
		if strings.HasPrefix(text[end:], q) {
			if u := unitAt(text, end+len(q)); u != "" || !followedByHan(text, end+len(q)) {
				end += len(q) // 100余件; 100多 at a clause's end
			}
			break
		}
	}
	if implied && qs == start && end == numEnd {
		return Span{}, false // 千家万户, 万人签名: a word, not a magnitude
	}
	unit := unitAt(text, end)
	if pctWord {
		unit = ""
	}
	end += len(unit)
	hasMultiplier := strings.ContainsAny(numText, "万亿萬億")
	if !arabic && !pctWord && unit == "" && !hasMultiplier {
		return Span{}, false // a bare Chinese numeral is a word, not a figure
	}
	if !arabic && !pctWord && unit == "年" {
		return Span{}, false // 三年, 一年: durations in words
	}
	spanText := text[qs:end]
	for _, q := range suffixQualifiers[:3] {
		if strings.HasPrefix(text[end:], q) {
			spanText += q
			end += len(q)
			break
		}
	}
	if unit != "" && end == numEnd+len(unit) && strings.HasPrefix(text[end:], "+") && !nextIsDigit(text[end+1:]) {
		spanText += "+" // 99.9%+
		end++
	}
	if summed(text, qs, end) {
		return Span{}, false // 3+2件: a sum, whose parts are no answer
	}
	f, err := Parse(spanText)
	if err != nil || f.Value == "" {
		return Span{}, false
	}
	return Span{Start: qs, End: end, Text: spanText, Figure: f}, true
}

// numberEnd returns the end of the number starting at p, read whole as the
// parser reads it; ok is false when it does not read as one number.
func numberEnd(text string, p int) (int, bool) {
	if end := chineseRun(text[p:]); end > 0 {
		_, ok := pureChinese(text[p : p+end])
		return p + end, ok
	}
	_, _, n, err := readMagnitude(text[p:])
	return p + n, err == nil && n > 0
}

// vagueBefore reports whether the number at start is part of a vague
// quantity: 几十, 好几百, 数十 (but not 人数十五人, where 数 ends a noun).
func vagueBefore(text string, start int) bool {
	r, w := utf8.DecodeLastRuneInString(text[:start])
	switch r {
	case '几':
		return true
	case '数':
		before, _ := utf8.DecodeLastRuneInString(text[:start-w])
		first, _ := utf8.DecodeRuneInString(text[start:])
		return startsWithMagnitude(text[start:]) || first == '十' && !strings.ContainsRune(nounsBeforeShu, before)
	}
	return isArabicDigit(r)
}

// rangeMarks join the two ends of a range: 20-30件, 二十至三十场.
const rangeMarks = "-~～至到"

// inRange reports whether the number text[start:end] is one end of a
// range (20-30件, 20至30件, 30%-40%). 从5到8 is a change, not a range.
func inRange(text string, start, end int) bool {
	after := strings.TrimPrefix(text[end:], "%")
	if r, w := utf8.DecodeRuneInString(after); r != utf8.RuneError && strings.ContainsRune(rangeMarks, r) {
		next, _ := utf8.DecodeRuneInString(after[w:])
		fromTo := precededBy(text, start, "从") || precededBy(text, start, "由")
		if !fromTo && (isArabicDigit(next) || r != '-' && IsChineseNumeralRune(next) && next != '点') {
			return true
		}
	}
	if r, w := utf8.DecodeLastRuneInString(text[:start]); r != utf8.RuneError && strings.ContainsRune(rangeMarks, r) {
		prev, _ := utf8.DecodeLastRuneInString(text[:start-w])
		return isArabicDigit(prev) || prev == '%' || r != '-' && IsChineseNumeralRune(prev) && prev != '点'
	}
	return false
}

// clusterEnd is the end of the numerals starting at i: the finder skips a
// number it cannot read whole, so that no part of it is read as a figure.
func clusterEnd(text string, i int) int {
	j := i
	for j < len(text) {
		r, w := utf8.DecodeRuneInString(text[j:])
		next, _ := utf8.DecodeRuneInString(text[j+w:])
		switch {
		case isArabicDigit(r) || IsChineseNumeralRune(r) || r == '几':
		case j > i && strings.ContainsRune(".．,，"+rangeMarks, r) && (isArabicDigit(next) || IsChineseNumeralRune(next) && next != '点'):
		case j > i && strings.ContainsRune("余多来", r) && isBigUnit(next):
		case j == i:
			return i + w
		default:
			return j
		}
		j += w
	}
	return j
}

// summed reports whether the figure text[start:end] is a term of a sum
// written out (3+2件, 120件＋45件).
func summed(text string, start, end int) bool {
	for _, plus := range []string{"+", "＋"} {
		if after, ok := strings.CutPrefix(text[end:], plus); ok && (nextIsDigit(after) || IsChineseNumeralRune(firstRune(after))) {
			return true
		}
		if precededBy(text, start, plus) {
			return true
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// followedByHan reports whether a Han character stands at byte i.
func followedByHan(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.Is(unicode.Han, r)
}

// unitAt returns the known unit starting at byte i, or "".
func unitAt(text string, i int) string {
	if strings.HasPrefix(text[i:], "%") || strings.HasPrefix(text[i:], "％") {
		return text[i : i+len(string([]rune(text[i:])[0]))]
	}
	for _, u := range unitsByLength {
		if strings.HasPrefix(text[i:], u) {
			return u
		}
	}
	return ""
}

func precededBy(text string, i int, s string) bool {
	return i >= len(s) && text[i-len(s):i] == s
}
