package bot

import (
	"fmt"
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
	if !strings.Contains(s, "{") {
		return s
	}
	pairs := []string{"{year}", fmt.Sprint(v.Year), "{next_year}", fmt.Sprint(v.Year + 1), "{pufa}", PufaPlan(v.Year)}
	if v.Dept != "" {
		pairs = append(pairs, "{dept}", v.Dept)
	}
	return strings.NewReplacer(pairs...).Replace(s)
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
