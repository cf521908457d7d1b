package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Truncate cuts s to n characters, marking the cut with ….
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Clip cuts s to n characters with no mark, for button labels.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// Vars are a round's variables that a form's wording may use, so one form
// serves every year: {year} and {next_year} (2026, 2027), {dept} (the
// department's name, when known) and {pufa}, the name of the national
// 普法 plan that covers the year (八五 for 2021–2025, 九五 for 2026–2030),
// written as the seed writes it: “{pufa}”普法.
type Vars struct {
	Year int
	Dept string
}

// Fill puts the variables into s; a variable with no value stays as it is.
func (v Vars) Fill(s string) string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return s
	}
	// By hand rather than with a strings.Replacer, which costs more to
	// build than a question's prompt costs to fill, every turn.
	var b strings.Builder
	b.Grow(len(s) + 16)
	for ; i >= 0; i = strings.IndexByte(s, '{') {
		b.WriteString(s[:i])
		s = s[i:]
		name, val := "{", "{"
		switch {
		case strings.HasPrefix(s, "{year}"):
			name, val = "{year}", strconv.Itoa(v.Year)
		case strings.HasPrefix(s, "{next_year}"):
			name, val = "{next_year}", strconv.Itoa(v.Year+1)
		case strings.HasPrefix(s, "{pufa}"):
			name, val = "{pufa}", PufaPlan(v.Year)
		case v.Dept != "" && strings.HasPrefix(s, "{dept}"):
			name, val = "{dept}", v.Dept
		}
		b.WriteString(val)
		s = s[len(name):]
	}
	b.WriteString(s)
	return b.String()
}

// FillYear fills {year}, {next_year} and {pufa} in a heading or title.
func FillYear(s string, year int) string { return Vars{Year: year}.Fill(s) }

// PufaPlan names the five-year national 普法 plan that covers year: 六五
// (2011–2015), 七五, 八五 (2021–2025), 九五 (2026–2030), and so on.
func PufaPlan(year int) string {
	n := (year-1986)/5 + 1 // 一五 began in 1986
	if year < 1986 {
		n = 1
	}
	return ChineseOrdinal(n) + "五"
}

// ChineseOrdinal writes 1–99 as 一 … 九十九, for （一） numbering.
func ChineseOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// Vars returns the round's variables for department dept ("" for none).
func (r *Round) Vars(dept string) Vars {
	v := Vars{Year: r.Year}
	if dept != "" {
		v.Dept = r.DeptLabel(dept)
	}
	return v
}
