package figure

import (
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Magnitudes as officials write them: Arabic digits mixed with 十百千万亿
// (3万2千件, 1亿2000万元, 2万零500), 余/多/来 before 万 or 亿 (10余万件,
// 三千多万元), and a magnitude with its 一 left out (近万件, 千余件). The
// reader below takes the whole run or refuses it: it never returns part of
// a magnitude, so 3万2千 cannot be read as 3万 and 10余万 as 10.

// magnitude is the state of one reading: total holds what 万 and 亿 have
// closed, within what 十百千 have built since, pending the last number.
type magnitude struct {
	total, within *big.Rat
	pending       *big.Rat
	pendDigits    int  // digits written in pending (3 for "500")
	pendDecimal   bool // pending has a decimal point
	pendAfterZero bool // a 零 stood before pending (2万零500)
	sawZero       bool
	lastSmall     int64 // the 十百千 last applied, to refuse 百千
	lastBig       int64 // the 万 or 亿 last applied
	lastUnit      int64 // the unit just before pending
	decimalSeen   bool
	any           bool
	qual          string // 余, 多 or 来 written before 万 or 亿
}

var errMagnitude = refuse("数字格式不对。")

// readMagnitude reads the number at the start of s: Arabic digits (full
// width too, with thousands separators and a decimal point), Chinese
// digits, 零, 十百千 and 万亿, in any mix the language allows, and 余/多/来
// written before 万 or 亿. It returns the exact value, that qualifier, and
// the bytes read; n is 0 when s does not start with a number. A run that
// starts as a number but does not read as one is an error.
func readMagnitude(s string) (value, qual string, n int, err error) {
	if v, n, ok := plainInteger(s); ok {
		return v, "", n, nil
	}
	return readMagnitudeFull(s)
}

// plainInteger reads the usual case at the start of s without exact
// arithmetic: ASCII digits followed by nothing a longer reading could
// take in (381件, 42%, 9次). It returns what readMagnitudeFull would; ok
// is false when s needs the full reading (a decimal point, a separator,
// full-width digits, 万, 余 …).
func plainInteger(s string) (value string, n int, ok bool) {
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return "", 0, false
	}
	if n < len(s) {
		r, _ := utf8.DecodeRuneInString(s[n:])
		if isArabicDigit(r) || IsChineseNumeralRune(r) || strings.ContainsRune(".．,，wW余多来", r) {
			return "", 0, false
		}
	}
	value = strings.TrimLeft(s[:n], "0")
	if value == "" {
		value = "0"
	}
	return value, n, true
}

// readMagnitudeFull is readMagnitude for any run, with exact arithmetic.
func readMagnitudeFull(s string) (value, qual string, n int, err error) {
	m := magnitude{total: new(big.Rat), within: new(big.Rat)}
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isArabicDigit(r):
			digits, k := arabicRun(s[i:])
			if err := m.number(digits); err != nil {
				return "", "", 0, err
			}
			i += k
			continue
		case r == '零' || r == '〇' || r == '○':
			if m.pending != nil || m.decimalSeen {
				return "", "", 0, errMagnitude
			}
			m.sawZero, m.any = true, true
		case cnDigits[r] != 0:
			if m.pending != nil {
				return "", "", 0, errMagnitude // 三五百: two digits in a row
			}
			if err := m.number(string(rune('0' + cnDigits[r]))); err != nil {
				return "", "", 0, err
			}
		case cnSmallUnits[r] != 0:
			if r == '千' && startsWithAny(s[i+w:], "米", "克", "瓦", "卡") {
				return m.finish(s, i)
			}
			if err := m.small(cnSmallUnits[r]); err != nil {
				return "", "", 0, err
			}
		case isBigUnit(r) || (r == 'w' || r == 'W') && m.pending != nil && !m.pendAfterZero && !isASCIILetter(s[i+w:]):
			if r == 'w' || r == 'W' {
				r = '万' // 1.2w, as typed on a phone
			}
			if err := m.big(r); err != nil {
				return "", "", 0, err
			}
			if m.qual != "" {
				return m.finish(s, i+w) // nothing follows 10余万
			}
		case (r == '余' || r == '多' || r == '来') && m.qual == "" && (m.pending != nil || m.within.Sign() != 0) && !m.sawZero:
			next, _ := utf8.DecodeRuneInString(s[i+w:])
			if !isBigUnit(next) || m.pendDecimal {
				return m.finish(s, i)
			}
			m.qual = string(r)
		default:
			return m.finish(s, i)
		}
		i += w
	}
	return m.finish(s, i)
}

// isASCIILetter reports whether s starts with a Latin letter: 5G and 3D
// are names, not figures.
func isASCIILetter(s string) bool {
	return s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z')
}

func isArabicDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// arabicRun reads digits with thousands separators and one decimal point,
// full width or not, and returns them as plain ASCII and the bytes read.
func arabicRun(s string) (string, int) {
	var b strings.Builder
	i, point := 0, false
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isArabicDigit(r):
			if r >= '０' {
				r = r - '０' + '0'
			}
			b.WriteRune(r)
		case (r == '.' || r == '．') && !point && i+w < len(s) && nextIsDigit(s[i+w:]):
			point = true
			b.WriteByte('.')
		case (r == ',' || r == '，') && !point && threeDigits(asciiDigits(s[i+w:])):
		default:
			return b.String(), i
		}
		i += w
	}
	return b.String(), i
}

func nextIsDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isArabicDigit(r)
}

// asciiDigits folds the full-width digits at the start of s, enough for
// threeDigits to judge a separator.
func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 4 {
			break
		}
		if r >= '０' && r <= '９' {
			r = r - '０' + '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// number takes a number written in digits: the first of the run, or one
// after a unit (3万2千) or a 零 (2万零500).
func (m *magnitude) number(digits string) error {
	v, ok := DecimalRat(digits)
	if !ok || m.pending != nil || m.decimalSeen {
		return errMagnitude
	}
	decimal := strings.Contains(digits, ".")
	if decimal && m.any {
		return errMagnitude // 1万2.5: a decimal only leads
	}
	intPart, _, _ := strings.Cut(digits, ".")
	m.pending, m.pendDigits, m.pendDecimal = v, len(intPart), decimal
	m.pendAfterZero, m.sawZero = m.sawZero, false
	m.decimalSeen = decimal
	m.any = true
	return nil
}

// small applies 十, 百 or 千 to the digit before it (3千5百), or to an
// implied 一 at the start (十五, 百余件).
func (m *magnitude) small(u int64) error {
	p := m.pending
	switch {
	case p == nil && (!m.any || u == 10 && m.lastBig != 0 && m.lastSmall == 0 && m.within.Sign() == 0 && !m.sawZero):
		p = big.NewRat(1, 1)
	case p == nil:
		return errMagnitude
	case !m.pendDecimal && (!p.IsInt() || p.Sign() <= 0 || p.Cmp(big.NewRat(10, 1)) >= 0):
		return errMagnitude // 15百, 0千
	}
	if m.lastSmall != 0 && u >= m.lastSmall {
		return errMagnitude // 百千: units must fall
	}
	m.within.Add(m.within, new(big.Rat).Mul(p, big.NewRat(u, 1)))
	m.lastSmall, m.lastUnit = u, u
	m.pending, m.pendAfterZero, m.sawZero, m.any = nil, false, false, true
	return nil
}

// big applies 万 or 亿 to everything since the last 万 or 亿 (3千多万 is
// 3000万), or to an implied 一 at the start (万余人次).
func (m *magnitude) big(r rune) error {
	unit := int64(10000)
	if r == '亿' || r == '億' {
		unit = 100000000
	}
	sec := new(big.Rat).Set(m.within)
	if m.pending != nil {
		sec.Add(sec, m.pending)
	}
	switch {
	case sec.Sign() == 0 && !m.any:
		sec.SetInt64(1)
	case sec.Sign() == 0 || m.sawZero:
		return errMagnitude
	case unit == 10000 && m.lastBig == 10000:
		return errMagnitude // 一万三万
	}
	if unit == 10000 {
		m.total.Add(m.total, sec.Mul(sec, big.NewRat(unit, 1)))
	} else {
		m.total.Add(m.total, sec)
		m.total.Mul(m.total, big.NewRat(unit, 1))
	}
	m.lastBig, m.lastUnit, m.lastSmall = unit, unit, 0
	m.within.SetInt64(0)
	m.pending, m.pendAfterZero, m.any = nil, false, true
	return nil
}

// finish adds a trailing number and returns the value read from s[:end].
// A single digit after a unit reads as the next lower place (两万五 is
// 25000, 3千5 is 3500); digits after 零 add as written (2万零500); digits
// that fill the places below 万 or 亿 add too (3万2000). Any other tail
// (3万25) is ambiguous and refused.
func (m *magnitude) finish(s string, end int) (string, string, int, error) {
	if !m.any {
		return "", "", 0, nil
	}
	if m.sawZero && m.pending == nil {
		if m.lastUnit != 0 || m.within.Sign() != 0 || m.total.Sign() != 0 {
			return "", "", 0, errMagnitude // 三百零
		}
		return "0", m.qual, end, nil // 零
	}
	v := new(big.Rat).Add(m.total, m.within)
	if p := m.pending; p != nil {
		switch {
		case m.lastUnit == 0:
		case m.pendDecimal:
			return "", "", 0, errMagnitude
		case m.pendAfterZero:
			if p.Cmp(big.NewRat(m.lastUnit/10, 1)) >= 0 && m.lastUnit > 10 {
				return "", "", 0, errMagnitude // 2万零5000
			}
		case m.pendDigits == 1 && m.lastUnit > 10:
			p = new(big.Rat).Mul(p, big.NewRat(m.lastUnit/10, 1))
		case m.pendDigits == 1:
		case m.lastUnit >= 10000 && m.lastSmall == 0 && m.pendDigits == placesBelow(m.lastUnit):
		default:
			return "", "", 0, errMagnitude
		}
		v.Add(v, p)
	}
	return FormatDecimal(v), m.qual, end, nil
}

// placesBelow is the number of digits that fill the places below a unit:
// 4 below 万, 8 below 亿.
func placesBelow(unit int64) int {
	n := 0
	for unit > 1 {
		unit /= 10
		n++
	}
	return n
}

func startsWithAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// vagueRE finds a quantity that is no figure: 数十, 几十, 十几, 20几, 好几百,
// 若干, 成百上千, 数以万计, 20-30.
var vagueRE = regexp.MustCompile(`(?:好几|几|数)[十百千万亿]|[0-9十百千万亿]几|若干|数以[十百千万亿]计|成[百千万]|` +
	`[0-9]+(?:\.[0-9]+)?%?[-~～至到][0-9]+`)

// vagueMarks holds a character of every match of vagueRE: text without
// any of them needs no search.
const vagueMarks = "几数若成-~～至到"

// nounsBeforeShu are the words that make 数 a noun ending (人数, 次数, 件数)
// rather than "several": 人数十五人 is fifteen people.
const nounsBeforeShu = "人次件户份个总场天条项家册篇案员"

// vague returns the words of s that state a vague quantity, "" when none.
// Two Chinese digits in a row (两三场, 三五百) are a range, not a figure;
// years such as 二〇二五 hold a 〇 and are left alone.
func vague(s string) string {
	if !strings.ContainsAny(s, vagueMarks) {
		return digitPair(s)
	}
	for _, loc := range vagueRE.FindAllStringIndex(s, -1) {
		if strings.HasPrefix(s[loc[0]:], "数") {
			if r, _ := utf8.DecodeLastRuneInString(s[:loc[0]]); strings.ContainsRune(nounsBeforeShu, r) {
				continue
			}
		}
		return s[loc[0]:loc[1]]
	}
	if run := digitPair(s); run != "" {
		return run
	}
	return ""
}

// digitPair returns the first run of exactly two Chinese digits (两三,
// 三五), with the units that follow it, "" when there is none.
func digitPair(s string) string {
	runes := []rune(s)
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && (cnDigits[runes[j]] != 0 || runes[j] == '零' || runes[j] == '〇' || runes[j] == '○') {
			j++
		}
		if j-i == 2 && cnDigits[runes[i]] != 0 && cnDigits[runes[i+1]] != 0 {
			k := j
			for k < len(runes) && (cnSmallUnits[runes[k]] != 0 || isBigUnit(runes[k])) {
				k++
			}
			return string(runes[i:k])
		}
		if j == i {
			j++
		}
		i = j
	}
	return ""
}

// vagueRefusal is the sentence for a vague quantity; its examples carry
// the unit the contact wrote (十几次: “约15次”“10余次”).
func vagueRefusal(s string) error {
	unit := ""
	t := strings.TrimRight(s, "。.!！")
	for _, u := range unitsByLength {
		if strings.HasSuffix(t, u) && u != "年" && u != "月" && u != "日" && u != "号" {
			unit = u
			break
		}
	}
	return refuse("“%s”是一个大概的说法，不是确切的数字。请填写具体数字；只能估计的，可在数字前加“约”或在数字后加“余”“多”，如“约15%s”“10余%s”。", truncate(s, 12), unit, unit)
}

// combineQualifiers keeps one of the qualifiers written around one figure:
// an "about" (约, 左右) gives way to a more precise one (约一千余件 is 1000
// 余), two of one sense keep the first (大约…左右 is 大约), and two that
// contradict (近1000余件) are refused.
func combineQualifiers(written string, qs ...string) (string, error) {
	var kept []string
	for _, q := range qs {
		if q != "" {
			kept = append(kept, q)
		}
	}
	if len(kept) <= 1 {
		return strings.Join(kept, ""), nil
	}
	var precise []string
	for _, q := range kept {
		if QualifierSense(q) != "about" {
			precise = append(precise, q)
		}
	}
	if len(precise) == 0 {
		return kept[0], nil
	}
	for _, q := range precise[1:] {
		if QualifierSense(q) != QualifierSense(precise[0]) {
			return "", refuse("“%s”中的“%s”和“%s”意思相反，请只保留一个，如“近1000件”或“1000余件”。", truncate(written, 12), precise[0], q)
		}
	}
	return precise[0], nil
}
