package figure

import (
	"math/big"
	"strconv"
	"strings"
)

var cnDigits = map[rune]int64{
	'零': 0, '〇': 0, '○': 0, 'Ｏ': 0,
	'一': 1, '壹': 1, '幺': 1,
	'二': 2, '贰': 2, '两': 2, '俩': 2,
	'三': 3, '叁': 3,
	'四': 4, '肆': 4,
	'五': 5, '伍': 5,
	'六': 6, '陆': 6,
	'七': 7, '柒': 7,
	'八': 8, '捌': 8,
	'九': 9, '玖': 9,
}

var cnSmallUnits = map[rune]int64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

// IsChineseNumeralRune reports whether r can be part of a Chinese numeral
// (digits, 十百千万亿 and their formal forms, and 点 for decimals).
func IsChineseNumeralRune(r rune) bool {
	if _, ok := cnDigits[r]; ok {
		return true
	}
	if _, ok := cnSmallUnits[r]; ok {
		return true
	}
	return r == '万' || r == '萬' || r == '亿' || r == '億' || r == '点'
}

// ChineseNumber converts a Chinese numeral to an exact decimal string:
// 一千三百五十二 → "1352", 十五 → "15", 两万 → "20000", 三点五 → "3.5",
// 二〇二五 → "2025". ok is false when s is not a well-formed numeral.
func ChineseNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	intPart, frac, hasPoint := strings.Cut(s, "点")
	n, ok := chineseInt(intPart)
	if !ok {
		return "", false
	}
	out := big.NewInt(n).String()
	if hasPoint {
		if frac == "" {
			return "", false
		}
		var b strings.Builder
		for _, r := range frac {
			d, ok := cnDigits[r]
			if !ok || r == '两' {
				return "", false
			}
			b.WriteByte(byte('0' + d))
		}
		out += "." + b.String()
		r, _ := DecimalRat(out)
		out = FormatDecimal(r)
	}
	return out, true
}

// chineseInt parses the integer part of a Chinese numeral.
func chineseInt(s string) (int64, bool) {
	runes := []rune(s)
	if len(runes) == 0 {
		return 0, false
	}
	// A run of plain digits with no units reads digit by digit: 二〇二五.
	plain := true
	for _, r := range runes {
		if _, ok := cnDigits[r]; !ok {
			plain = false
			break
		}
	}
	if plain && len(runes) > 1 {
		var n int64
		for _, r := range runes {
			if n > 1e15 {
				return 0, false
			}
			n = n*10 + cnDigits[r]
		}
		return n, true
	}
	var total, section, digit int64
	haveDigit := false
	lastUnit := int64(0) // the small unit last applied, to reject 十百
	for i, r := range runes {
		if d, ok := cnDigits[r]; ok {
			if haveDigit && d != 0 && digit != 0 {
				return 0, false // two digits in a row: 三五百
			}
			digit, haveDigit = d, true
			continue
		}
		if u, ok := cnSmallUnits[r]; ok {
			if !haveDigit {
				if u == 10 && (i == 0 || isBigUnit(runes[i-1])) {
					digit = 1 // 十五, 三万十五 is rare but 十 alone is fine
				} else {
					return 0, false
				}
			}
			if lastUnit != 0 && u >= lastUnit && section != 0 {
				return 0, false // 百千: units must fall
			}
			section += digit * u
			lastUnit = u
			digit, haveDigit = 0, false
			continue
		}
		switch r {
		case '万', '萬':
			section += digit
			if section == 0 && total == 0 {
				return 0, false
			}
			if total%100000000 != 0 && total >= 10000 {
				return 0, false // 一万三万
			}
			total += section * 10000
			section, digit, haveDigit, lastUnit = 0, 0, false, 0
		case '亿', '億':
			section += digit
			if section == 0 && total == 0 {
				return 0, false
			}
			total = (total + section) * 100000000
			section, digit, haveDigit, lastUnit = 0, 0, false, 0
		default:
			return 0, false
		}
		if total > 1e16 {
			return 0, false
		}
	}
	// A trailing digit after a unit: 两万五 means 25000, 三百五 means 350.
	if haveDigit && digit != 0 && len(runes) >= 2 {
		prev := runes[len(runes)-2]
		if u, ok := cnSmallUnits[prev]; ok && u >= 100 {
			digit *= u / 10
		} else if prev == '万' || prev == '萬' {
			digit *= 1000
		} else if prev == '亿' || prev == '億' {
			digit *= 10000000
		}
	}
	return total + section + digit, true
}

func isBigUnit(r rune) bool { return r == '万' || r == '萬' || r == '亿' || r == '億' }

// DecimalRat parses a plain decimal string ("103204", "-3", "12.50").
func DecimalRat(s string) (*big.Rat, bool) {
	if s == "" || strings.ContainsAny(s, "eE/") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// FormatDecimal writes r as an exact decimal with no trailing zeros. r must
// have a finite decimal expansion; otherwise it is rounded to 6 places.
func FormatDecimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	for places := 1; places <= 12; places++ {
		scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)))
		if scaled.IsInt() {
			return trimZeros(r.FloatString(places))
		}
	}
	return trimZeros(r.FloatString(6))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// ScaleDecimal multiplies the decimal s by 10^exp exactly (万 is 4, 亿 is 8).
func ScaleDecimal(s string, exp int) (string, bool) {
	if exp == 0 {
		// The usual case, a figure with no 万 or 亿: canonical form by
		// string, without math/big (which was most of reading a figure).
		if c, ok := canonicalDecimal(s); ok {
			return c, true
		}
	}
	r, ok := DecimalRat(s)
	if !ok {
		return "", false
	}
	f := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil))
	if exp >= 0 {
		r.Mul(r, f)
	} else {
		r.Quo(r, f)
	}
	return FormatDecimal(r), true
}

// canonicalDecimal is FormatDecimal(DecimalRat(s)) for s of the form
// -?[0-9]+(\.[0-9]+)?: no leading zeros, no trailing fractional zeros, no
// minus on zero. ok is false for any other s (the caller uses math/big).
func canonicalDecimal(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if intPart == "" || hasPoint && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", false
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// GroupThousands formats a canonical decimal with thousands separators:
// "103204" → "103,204".
func GroupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// SmallNumber reads a question or list number (1 to 9999) in Arabic or
// Chinese digits: 3, ３, 十二.
func SmallNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 10000 {
		return n, true
	}
	if d, ok := ChineseNumber(s); ok {
		if n, err := strconv.Atoi(d); err == nil && n > 0 && n < 10000 {
			return n, true
		}
	}
	return 0, false
}
