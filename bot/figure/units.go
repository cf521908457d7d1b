package figure

import "sort"

// The unit vocabulary, shared by the answer parser, the figure finder and
// the fact lock. Each canonical unit lists the words that mean the same
// count in report language: 宗 and 起 for 件 (Guangdong writes 宗), 名 and
// 位 for 人, 场次 for 场, 批次 for 批. A synonym is read as its canonical
// unit's figure; the word actually written is kept for the echo.
var unitTable = []struct {
	canon    string
	synonyms []string
}{
	{"件", []string{"宗", "起"}},
	{"人", []string{"名", "位"}},
	{"场", []string{"场次"}},
	{"批", []string{"批次"}},
	{"课时", []string{"学时"}},
	{"次", []string{"回"}}, {"份", nil}, {"项", nil}, {"条", nil}, {"个", nil}, {"家", nil}, {"篇", nil}, {"期", nil},
	{"天", nil}, {"小时", nil}, {"户", nil}, {"所", nil}, {"类", nil}, {"部", nil}, {"本", nil}, {"册", nil},
	{"处", nil}, {"台", nil}, {"套", nil}, {"轮", nil}, {"单", nil}, {"例", nil}, {"卷", nil}, {"家次", nil},
	{"户次", nil}, {"件次", nil}, {"人次", nil}, {"期次", nil}, {"元", nil}, {"%", nil}, {"个百分点", nil},
	// Calendar words are read so that dates and years are found (and then
	// left alone), never counted.
	{"年", nil}, {"月", nil}, {"日", nil}, {"号", nil},
}

var (
	canonUnit     = map[string]string{} // every unit word → its canonical unit
	unitsByLength []string              // every unit word, longest first: 人次 before 人
)

func init() {
	for _, u := range unitTable {
		canonUnit[u.canon] = u.canon
		for _, s := range u.synonyms {
			canonUnit[s] = u.canon
		}
	}
	for u := range canonUnit {
		unitsByLength = append(unitsByLength, u)
	}
	sort.Slice(unitsByLength, func(i, j int) bool {
		a, b := unitsByLength[i], unitsByLength[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	// 万元 and 亿元 are read as a multiplier and 元; they come first so the
	// finder takes the whole word.
	unitsByLength = append([]string{"万元", "亿元"}, unitsByLength...)
}

// IsUnit reports whether u is a unit a figure may carry (a canonical unit
// or a synonym of one).
func IsUnit(u string) bool { return canonUnit[u] != "" }

// CanonicalUnit returns the canonical unit of u (件 for 宗), u itself when
// it is canonical or unknown.
func CanonicalUnit(u string) string {
	if c := canonUnit[u]; c != "" {
		return c
	}
	return u
}

// SameUnit reports whether two unit words count the same thing: 件 and 宗,
// 人 and 名, 场 and 场次.
func SameUnit(a, b string) bool { return CanonicalUnit(a) == CanonicalUnit(b) }

// Synonyms returns the words that mean the canonical unit u, u first.
func Synonyms(u string) []string {
	for _, d := range unitTable {
		if d.canon == u {
			return append([]string{u}, d.synonyms...)
		}
	}
	return []string{u}
}
