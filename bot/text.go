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

// FillYear fills {year} and {next_year} in a heading or title.
func FillYear(s string, year int) string {
	s = strings.ReplaceAll(s, "{year}", fmt.Sprint(year))
	return strings.ReplaceAll(s, "{next_year}", fmt.Sprint(year+1))
}
