package rounds

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"reportbot/bot"
)

// DefaultTitle is a round's title when the coordinator gives none: the
// form's report title for the year without the department, so a 政府信息公开
// round reads 2026年政府信息公开工作年度报告 (the statutory name) and a 法治
// round 2026年度法治政府建设情况报告. A form without a report title gives
// the year and the form's title.
func DefaultTitle(f *bot.Form, year int) string {
	y := strconv.Itoa(year)
	if f.ReportTitle != "" {
		t := strings.NewReplacer("{dept}", "", "{year}", y).Replace(f.ReportTitle)
		t = strings.TrimPrefix(strings.TrimSpace(t), "关于")
		if s, ok := strings.CutSuffix(t, "的报告"); ok {
			t = s + "报告"
		}
		if strings.Contains(t, y) && !strings.ContainsAny(t, "{}") {
			return t
		}
	}
	return y + "年" + f.Title
}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// idBase is the readable start of a generated round id: the form's id
// without -annual, and the year (fazhi-2025).
func idBase(f *bot.Form, year int) string {
	base := strings.Trim(idUnsafe.ReplaceAllString(strings.TrimSuffix(f.ID, "-annual"), "-"), "-")
	if base == "" {
		base = "round"
	}
	if len(base) > 28 {
		base = base[:28]
	}
	return fmt.Sprintf("%s-%d", base, year)
}

// idCandidate is the n-th id tried for a round without one: the base
// first, then the base with a short random suffix (fazhi-2025-k3m9).
func idCandidate(base string, n int) string {
	if n == 0 {
		return base
	}
	const letters = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 4)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return base + "-" + string(b)
}

// Headless lists the departments of r whose submissions cannot wait for
// a head's review because they have none: empty unless r asks for head
// review.
func Headless(r *bot.Round) []string {
	if !r.HeadConfirm {
		return nil
	}
	var names []string
	for _, d := range r.Departments {
		if d.Head == "" {
			names = append(names, d.Name)
		}
	}
	return names
}

// HeadlessText warns that some departments have no head although r asks
// for head review, and says what happens to them; "" when none.
func HeadlessText(r *bot.Round) string {
	names := Headless(r)
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(msgHeadless, len(names), strings.Join(names, "、"))
}
