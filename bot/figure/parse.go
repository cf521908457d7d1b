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
	prefixQualifiers = []string{"大约", "大概", "约", "将近", "接近", "近", "超过", "突破", "超", "逾", "多于", "不到", "不足", "不少于", "至少",
		"不低于", "高于", "大于", "低于", "小于"}
	infixQualifiers  = []string{"余", "多", "来"}
	suffixQualifiers = []string{"左右", "上下", "以上", "余"}
	// fillerPrefixes are words a contact puts before a figure that add
	// nothing: 共381件, 全年381件.
	fillerPrefixes = []string{"一共", "共计", "合计", "累计", "总计", "全年", "共", "计", "了"}
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
		case r == '＋':
			r = '+'
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
