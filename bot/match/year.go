package match

import (
	"strconv"
	"strings"

	"reportbot/bot/figure"
)

// Year returns the year a text reports on: the year its first line (the
// title) names, else the year it names most often, else 0.
func Year(text string) int {
	first := strings.TrimSpace(text)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if ys := years(first); len(ys) > 0 {
		return ys[0]
	}
	count := map[int]int{}
	best := 0
	for _, y := range years(text) {
		count[y]++
		if count[y] > count[best] || count[y] == count[best] && y < best {
			best = y
		}
	}
	return best
}

// years returns the years (1990–2100, written 2025年) named in s, in order.
func years(s string) []int {
	var out []int
	for _, sp := range figure.Find(s) {
		if sp.Figure.Unit != "年" {
			continue
		}
		if y, err := strconv.Atoi(sp.Figure.Value); err == nil && y >= 1990 && y <= 2100 {
			out = append(out, y)
		}
	}
	return out
}

// headingYear is the year a part's heading names (五、2026年推进法治政府建设
// 的主要安排), or 0 when the sentence is no numbered heading.
func headingYear(sent string) int {
	head := false
	for _, p := range []string{"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、"} {
		if strings.HasPrefix(sent, p) {
			head = true
			break
		}
	}
	if !head {
		return 0
	}
	if ys := years(sent); len(ys) > 0 {
		return ys[0]
	}
	for _, w := range []string{"下一年度", "下年度", "明年", "工作计划", "工作打算", "主要安排"} {
		if strings.Contains(sent, w) {
			return planPart
		}
	}
	return -1 // a heading with no year: its part belongs to the text's year
}

// planPart marks a part about next year's plans (五、下一年度主要安排):
// its figures are targets, not this year's facts.
const planPart = -2
