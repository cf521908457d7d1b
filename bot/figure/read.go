package figure

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Parse reads one figure from what a contact typed: 381件,
// 一千三百五十二, 103，204, 10.3万, 百分之四十三, 约15次, 15次左右, and the
// magnitudes of reports: 10余万件, 3万2千件, 近万件, 千余件. The value is
// exact; 万 and 亿 are multiplied out, so 12.5万元 reads as 125000 元. A
// vague quantity (数十件, 十几次, 两三场) is refused, never read as a
// figure. Errors are *Error with a Chinese sentence.
func Parse(text string) (Figure, error) {
	s := Normalize(text)
	if err := refuseNonFigure(s); err != nil {
		return Figure{}, err
	}
	if vague(s) != "" {
		return Figure{}, vagueRefusal(s)
	}
	if strings.Contains(s, "+") && sumRE.MatchString(s) {
		return Figure{}, refuse("请把各项加总后只填写一个合计数字，不要写算式。")
	}
	written := s
	s = stripFillers(s)
	prefix := ""
	if q := prefixOf(s, prefixQualifiers); q != "" {
		prefix, s = q, strings.TrimPrefix(s, q)
	} else if rest, ok := strings.CutPrefix(s, "上"); ok && startsWithMagnitude(rest) {
		prefix, s = "逾", rest // 上千件: a thousand and more
	}
	neg := false
	if rest, ok := strings.CutPrefix(s, "负"); ok {
		neg, s = true, rest
	} else if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	pct := false
	switch {
	case s == "百分百" || s == "百分之百" || s == "百分之一百":
		return Figure{Value: "100", Unit: "%", Qualifier: prefix}, nil
	case strings.HasPrefix(s, "百分之"):
		pct, s = true, strings.TrimPrefix(s, "百分之")
	}
	value, inner, scale, rest, err := readNumber(s)
	if err != nil {
		return Figure{}, err
	}
	infix := ""
	if r, ok := strings.CutPrefix(rest, "+"); ok {
		infix, rest = "多", r // 10万+: more than 10万
	} else if q := prefixOf(rest, infixQualifiers); q != "" {
		infix, rest = q, strings.TrimPrefix(rest, q)
	}
	suffix := ""
	if r, ok := strings.CutSuffix(rest, "+"); ok && infix == "" && r != "" && IsUnit(r) {
		suffix, rest = "以上", r // 99.9%+: the unit, then more
	}
	for _, q := range append(append([]string(nil), suffixQualifiers...), infixQualifiers...) {
		if suffix != "" {
			break
		}
		if r, ok := strings.CutSuffix(rest, q); ok && (r == "" || IsUnit(strings.TrimRight(r, "。.!！"))) {
			suffix, rest = q, r // 15次左右, 85万多, 100多
			break
		}
	}
	var f Figure
	if f.Qualifier, err = combineQualifiers(written, prefix, inner, infix, suffix); err != nil {
		return Figure{}, err
	}
	unit := strings.TrimRight(rest, "。.!！")
	if pct {
		if unit != "" && unit != "%" {
			return Figure{}, refuse("百分比后面不需要再写单位。")
		}
		unit = "%"
	}
	if strings.ContainsAny(unit, "0123456789") || containsNumeral(unit) {
		return Figure{}, refuse("请只填写一个数字，不要同时写多个。")
	}
	if unit != "" && !IsUnit(unit) {
		return Figure{}, refuse("没有看懂“%s”，请填写数字和单位。", truncate(unit, 10))
	}
	if intDigits(value) > maxIntDigits {
		return Figure{}, refuse("数字过大，请核对后重新填写。")
	}
	if neg && value != "0" {
		value = "-" + value
	}
	f.Value, f.Unit = value, unit
	if inner != "" && f.Qualifier == inner {
		f.Scale = scale // 10余万件 is written back so, not as 100,000余件
	}
	return f, nil
}

// sumRE finds a sum written out: 3+2件, 120件+45件.
var sumRE = regexp.MustCompile(`[0-9一二两三四五六七八九十百千万][^+]{0,4}\+[0-9一二两三四五六七八九十]`)

// stripFillers drops the words before a figure that add nothing (共, 全年,
// 了), however many are written.
func stripFillers(s string) string {
	for {
		t := stripAny(s, fillerPrefixes)
		if t == s {
			return s
		}
		s = t
	}
}

// startsWithMagnitude reports whether s starts with 百, 千, 万 or 亿: the
// magnitudes written with their 一 left out (上千, 近万, 逾百).
func startsWithMagnitude(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '百' || r == '千' || r == '万' || r == '亿' || r == '佰' || r == '仟' || r == '萬' || r == '億'
}

// readNumber reads the number at the start of s and returns its exact
// decimal value, the qualifier written inside it (余 in 10余万), the
// magnitude that qualifier stood before (万) and the rest of s. A run of Chinese numerals alone reads as ChineseNumber does
// (二〇二五, 三点五万), with an implied 一 before a leading magnitude
// (千余件); any other run is a magnitude (readMagnitude).
func readNumber(s string) (value, qual, scale, rest string, err error) {
	if s == "" {
		return "", "", "", "", refuse("请填写一个数字。")
	}
	if end := chineseRun(s); end > 0 {
		if v, ok := pureChinese(s[:end]); ok {
			return v, "", "", s[end:], nil
		}
		return "", "", "", "", refuse("没有看懂“%s”这个数字，请换一种写法，如“1352”或“一千三百五十二”。", truncate(s[:end], 12))
	}
	v, qual, n, err := readMagnitude(s)
	switch {
	case err != nil:
		return "", "", "", "", refuse("没有看懂“%s”这个数字，请换一种写法，如“32000”或“3万2千”。", truncate(numericPrefix(s), 12))
	case n == 0:
		return "", "", "", "", refuse("请填写一个数字。")
	}
	if qual != "" {
		// A qualifier inside a number stands just before the 万 or 亿
		// that ends it (10余万).
		switch r, _ := utf8.DecodeLastRuneInString(s[:n]); r {
		case '万', '萬':
			scale = "万"
		case '亿', '億':
			scale = "亿"
		}
	}
	return v, qual, scale, s[n:], nil
}

// chineseRun is the length in bytes of the Chinese numerals (and 点) at
// the start of s, 0 when there are none or when an Arabic digit or 余万
// continues them (三万2千, 十多万): those read as a magnitude.
func chineseRun(s string) int {
	end := 0
	for i, c := range s {
		if !IsChineseNumeralRune(c) {
			break
		}
		end = i + utf8.RuneLen(c)
	}
	if end == 0 {
		return 0
	}
	next, w := utf8.DecodeRuneInString(s[end:])
	if isArabicDigit(next) {
		return 0
	}
	if next == '余' || next == '多' || next == '来' {
		if after, _ := utf8.DecodeRuneInString(s[end+w:]); isBigUnit(after) {
			return 0
		}
	}
	return end
}

// pureChinese reads a run of Chinese numerals: ChineseNumber, a decimal
// numeral times 万 or 亿 (三点五万), or a magnitude with its 一 left out
// (百, 千, 万). Two digits in a row (两三) are a range, never a figure.
func pureChinese(run string) (string, bool) {
	if digitPair(run) != "" {
		return "", false
	}
	if v, ok := ChineseNumber(run); ok {
		return v, true
	}
	for _, sc := range []struct {
		suffix string
		exp    int
	}{{"万", 4}, {"亿", 8}} {
		if head, cut := strings.CutSuffix(run, sc.suffix); cut && strings.Contains(head, "点") {
			if hv, ok := ChineseNumber(head); ok {
				return ScaleDecimal(hv, sc.exp)
			}
		}
	}
	if startsWithMagnitude(run) {
		return ChineseNumber("一" + run)
	}
	return "", false
}

// numericPrefix is the part of s that looks like a number, for a refusal
// to quote.
func numericPrefix(s string) string {
	end := 0
	for i, c := range s {
		if !isArabicDigit(c) && !IsChineseNumeralRune(c) && !strings.ContainsRune(".,，余多来", c) {
			break
		}
		end = i + utf8.RuneLen(c)
	}
	if end == 0 {
		return s
	}
	return s[:end]
}
