package figure

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Qualifiers kept beside an exact value. Prefix ones stand before the
// number, infix ones between number and unit (100余件), suffix ones after
// the unit (15次左右).
var (
	prefixQualifiers = []string{"大约", "约", "将近", "接近", "近", "超过", "逾", "多于"}
	infixQualifiers  = []string{"余", "多"}
	suffixQualifiers = []string{"左右", "上下", "以上", "余"}
	// fillerPrefixes are words a contact puts before a figure that add
	// nothing: 共381件, 全年381件.
	fillerPrefixes = []string{"一共", "共计", "合计", "累计", "总计", "全年", "共", "计"}
)

// Normalize folds full-width forms and drops spaces inside a figure.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == '％':
			r = '%'
		case r == '．':
			r = '.'
		case r == '－' || r == '—' || r == '–':
			r = '-'
		case unicode.IsSpace(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refuse returns the *Error that says, in one Chinese sentence, why a text
// is not a figure.
func refuse(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Parse reads one figure from what a contact typed: 381件,
// 一千三百五十二, 103，204, 10.3万, 百分之四十三, 约15次, 15次左右. The
// value is exact; 万 and 亿 are multiplied out, so 12.5万元 reads as
// 125000 元. Errors are *Error with a Chinese sentence.
func Parse(text string) (Figure, error) {
	s := Normalize(text)
	if err := refuseNonFigure(s); err != nil {
		return Figure{}, err
	}
	var f Figure
	s = stripAny(s, fillerPrefixes)
	if q := prefixOf(s, prefixQualifiers); q != "" {
		f.Qualifier, s = q, strings.TrimPrefix(s, q)
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
		return Figure{Value: "100", Unit: "%", Qualifier: f.Qualifier}, nil
	case strings.HasPrefix(s, "百分之"):
		pct, s = true, strings.TrimPrefix(s, "百分之")
	}
	value, rest, err := readNumber(s)
	if err != nil {
		return Figure{}, err
	}
	if q := prefixOf(rest, infixQualifiers); q != "" && f.Qualifier == "" {
		f.Qualifier, rest = q, strings.TrimPrefix(rest, q)
	}
	for _, q := range suffixQualifiers {
		if r, ok := strings.CutSuffix(rest, q); ok && f.Qualifier == "" {
			f.Qualifier, rest = q, r
			break
		}
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
	return f, nil
}

// maxIntDigits bounds a figure's integer part: no yearly figure reaches a
// thousand trillion, and the bound keeps echoes short.
const maxIntDigits = 15

func intDigits(v string) int {
	i, _, _ := strings.Cut(strings.TrimPrefix(v, "-"), ".")
	return len(i)
}

// refuseNonFigure answers the usual non-figures with a specific sentence.
func refuseNonFigure(s string) error {
	switch {
	case s == "":
		return refuse("请填写一个数字。")
	case strings.Contains(s, "同上") || strings.Contains(s, "同前") || s == "同去年" || s == "同上年":
		return refuse("请直接填写本题的具体数字，不能写“同上”。")
	case strings.Contains(s, "附件") || strings.Contains(s, "见表") || strings.Contains(s, "详见"):
		return refuse("暂不支持附件，请直接填写具体数字。")
	case utf8.RuneCountInString(s) > 40:
		return refuse("本题只需填写一个数字。")
	}
	return nil
}

// readNumber reads the number at the start of s (Arabic with separators and
// an optional 万/亿/千 multiplier, or a Chinese numeral) and returns its
// exact decimal value and the rest of s.
func readNumber(s string) (value, rest string, err error) {
	if s == "" {
		return "", "", refuse("请填写一个数字。")
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r >= '0' && r <= '9' {
		return readArabic(s)
	}
	end := 0
	for i, c := range s {
		if !IsChineseNumeralRune(c) {
			break
		}
		end = i + utf8.RuneLen(c)
	}
	// 多 and 余 may sit inside a numeral (一百多): the numeral ends there.
	if end == 0 {
		return "", "", refuse("请填写一个数字。")
	}
	v, ok := ChineseNumber(s[:end])
	if !ok {
		// 三点五万: a decimal numeral times 万 or 亿.
		run := s[:end]
		for suffix, exp := range map[string]int{"万": 4, "亿": 8} {
			if head, cut := strings.CutSuffix(run, suffix); cut {
				if hv, hok := ChineseNumber(head); hok {
					v, ok = ScaleDecimal(hv, exp)
				}
			}
		}
	}
	if !ok {
		return "", "", refuse("没有看懂“%s”这个数字，请换一种写法。", s[:end])
	}
	return v, s[end:], nil
}

// readArabic reads 103,204 · 103，204 · 10.3 · 10.3万 · 1.2亿.
func readArabic(s string) (string, string, error) {
	var digits strings.Builder
	i, sawPoint := 0, false
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits.WriteByte(c)
			i++
		case c == '.' && !sawPoint && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			sawPoint = true
			digits.WriteByte('.')
			i++
		case (c == ',' || strings.HasPrefix(s[i:], "，")) && !sawPoint:
			w := 1
			if c != ',' {
				w = len("，")
			}
			if !threeDigits(s[i+w:]) {
				return digits.String(), s[i:], nil
			}
			i += w
		default:
			return applyMultiplier(digits.String(), s[i:])
		}
	}
	return applyMultiplier(digits.String(), "")
}

// threeDigits reports whether s starts with exactly three digits.
func threeDigits(s string) bool {
	if len(s) < 3 {
		return false
	}
	for k := 0; k < 3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

func applyMultiplier(num, rest string) (string, string, error) {
	exp := 0
	switch {
	case strings.HasPrefix(rest, "万"):
		exp, rest = 4, strings.TrimPrefix(rest, "万")
	case strings.HasPrefix(rest, "亿"):
		exp, rest = 8, strings.TrimPrefix(rest, "亿")
	case strings.HasPrefix(rest, "千") && !strings.HasPrefix(rest, "千米"):
		exp, rest = 3, strings.TrimPrefix(rest, "千")
	}
	v, ok := ScaleDecimal(num, exp)
	if !ok {
		return "", "", refuse("数字格式不对。")
	}
	return v, rest, nil
}

func containsNumeral(s string) bool {
	for _, r := range s {
		if _, ok := cnDigits[r]; ok {
			return true
		}
	}
	return false
}

func prefixOf(s string, list []string) string {
	for _, p := range list {
		if strings.HasPrefix(s, p) && len(s) > len(p) {
			return p
		}
	}
	return ""
}

func stripAny(s string, list []string) string {
	for _, p := range list {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			return rest
		}
	}
	return s
}
