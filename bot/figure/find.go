package figure

import (
	"strings"
	"unicode/utf8"
)

// Span is a figure found in free text, with its byte offsets.
type Span struct {
	Start, End int
	Text       string
	Figure     Figure
}

// Find returns every figure in a free text: Arabic numbers (with
// separators, decimals, 万/亿), percentages, and Chinese numerals that carry
// a unit, 万/亿 or 百分之 — so words such as 统一, 一是, 第一, 四中全会 are not
// taken for figures. Ordinals (第N) and day names (12·4) are skipped. Bare
// Arabic numbers (12345 热线) are returned with no unit, for the caller to
// judge. Years come back with Unit 年.
func Find(text string) []Span {
	var out []Span
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		start := i
		if strings.HasPrefix(text[i:], "百分之") || (r >= '0' && r <= '9') || (r >= '０' && r <= '９') || IsChineseNumeralRune(r) && r != '点' {
			if sp, ok := figureAt(text, start); ok {
				out = append(out, sp)
				i = sp.End
				continue
			}
		}
		i += w
	}
	return out
}

// figureAt tries to read one figure starting at byte start.
func figureAt(text string, start int) (Span, bool) {
	if precededBy(text, start, "第") {
		return Span{}, false
	}
	pctWord := strings.HasPrefix(text[start:], "百分之")
	p := start
	if pctWord {
		p += len("百分之")
	}
	numEnd := scanNumber(text, p)
	if numEnd == p {
		return Span{}, false
	}
	numText := text[p:numEnd]
	// 12·4 (a day such as 国家宪法日) is a name, not a figure.
	if strings.HasPrefix(text[numEnd:], "·") || precededBy(text, start, "·") {
		return Span{}, false
	}
	arabic := numText[0] >= '0' && numText[0] <= '9' || strings.HasPrefix(numText, "０") || strings.ContainsAny(numText[:1], "０１２３４５６７８９")
	end := numEnd
	// Qualifier between number and unit, then the unit.
	for _, q := range infixQualifiers {
		if strings.HasPrefix(text[end:], q) {
			if u := unitAt(text, end+len(q)); u != "" {
				end += len(q)
			}
			break
		}
	}
	unit := unitAt(text, end)
	if pctWord {
		unit = ""
	}
	end += len(unit)
	hasMultiplier := strings.ContainsAny(numText, "万亿")
	if !arabic && !pctWord && unit == "" && !hasMultiplier {
		return Span{}, false // a bare Chinese numeral is a word, not a figure
	}
	if !arabic && !pctWord && unit == "年" {
		return Span{}, false // 三年, 一年: durations in words
	}
	// Prefix qualifier just before the number.
	qs := start
	for _, q := range prefixQualifiers {
		if precededBy(text, start, q) {
			qs = start - len(q)
			break
		}
	}
	spanText := text[qs:end]
	for _, q := range suffixQualifiers[:3] {
		if strings.HasPrefix(text[end:], q) {
			spanText += q
			end += len(q)
			break
		}
	}
	f, err := Parse(spanText)
	if err != nil || f.Value == "" {
		return Span{}, false
	}
	return Span{Start: qs, End: end, Text: spanText, Figure: f}, true
}

// scanNumber returns the end of the number starting at p.
func scanNumber(text string, p int) int {
	i := p
	r, _ := utf8.DecodeRuneInString(text[i:])
	if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
		for i < len(text) {
			r, w := utf8.DecodeRuneInString(text[i:])
			switch {
			case r >= '0' && r <= '9' || r >= '０' && r <= '９':
				i += w
			case (r == '.' || r == '．') && i+w < len(text) && isDigitByte(text[i+w]):
				i += w
			case (r == ',' || r == '，') && threeDigits(text[i+w:]):
				i += w
			case r == '万' || r == '亿':
				return i + w
			default:
				return i
			}
		}
		return i
	}
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !IsChineseNumeralRune(r) {
			break
		}
		i += w
	}
	if _, ok := ChineseNumber(text[p:i]); !ok {
		return p
	}
	return i
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

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
