package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// eachMarks say the figure after them is each listed thing's own
// (人大建议、政协提案各28件), longest first.
var eachMarks = []string{"各为", "各有", "各是", "各达", "均为", "均是", "均达", "都是", "都为", "各"}

// listSeps join the things of a list a figure may be said of.
var listSeps = []string{"以及", "、", "和", "与", "及", "同"}

// SplitAtConjunctions cuts s at every 、, 和, 与, 及, 以及 and 同: the things
// a list names (人大建议和政协提案 → 人大建议, 政协提案), untrimmed and
// with empty parts kept.
func SplitAtConjunctions(s string) []string {
	parts := []string{s}
	for _, sep := range listSeps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// SpreadEach writes a figure said of each thing in a list as each thing's
// own: 人大建议、政协提案各28件 → 人大建议28件、政协提案28件, so that the
// answer reader and the form's matcher see one figure per thing, as if
// the contact had written them apart. Only a list of two to six things,
// none holding a figure or a date, in the figure's own clause and outside
// brackets is spread; 三个科室各2件 (no list), 3月、6月、9月各一次 and
// 每月一次 are left as written.
func SpreadEach(s string) string {
	if !strings.ContainsAny(s, "各均都") {
		return s
	}
	spans := figure.Find(s)
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		if inBrackets(s, sp.Start) || isCalendar(sp.Figure.Unit) {
			continue
		}
		_, from, parts := listBefore(s[:sp.Start], eachMarks)
		if parts == nil {
			continue
		}
		out := make([]string, len(parts))
		for k, p := range parts {
			out[k] = p + sp.Text
		}
		s = s[:from] + strings.Join(out, "、") + s[sp.End:]
	}
	return s
}

// listBefore finds, at the end of before, one of marks (各, 分别为) and
// the list of things its clause names: the mark, where the clause starts,
// and the things (nil when there is no mark or no list).
func listBefore(before string, marks []string) (string, int, []string) {
	mark := ""
	for _, m := range marks {
		if strings.HasSuffix(before, m) {
			mark = m
			break
		}
	}
	if mark == "" {
		return "", 0, nil
	}
	clause := before[:len(before)-len(mark)]
	from := clauseStart(clause)
	return mark, from, splitList(clause[from:])
}

// splitList cuts a clause into the things it lists, nil unless it lists
// two to six short things that hold no figure, date or numeral.
func splitList(clause string) []string {
	parts := SplitAtConjunctions(clause)
	if len(parts) < 2 || len(parts) > 6 {
		return nil
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		n := utf8.RuneCountInString(p)
		if n == 0 || n > 20 {
			return nil
		}
		for _, r := range p {
			if unicode.IsDigit(r) || figure.IsChineseNumeralRune(r) && !strings.ContainsRune("万亿", r) {
				return nil // 3月、6月; 一季度、三季度: times, not things
			}
		}
		parts[i] = p
	}
	return parts
}

// Spread writes the figures of a sentence that names several things
// together as each thing's own: a figure said of each (SpreadEach) and
// figures given respectively (SpreadRespectively).
func Spread(s string) string {
	return SpreadRespectively(SpreadEach(s))
}

// respectiveMarks stand between things listed and their figures given in
// the same order (答复率和满意率分别为100%和98%), longest first; the part
// after 分别 or 依次 is kept before each figure.
var respectiveMarks = []string{"分别达到", "分别为", "分别是", "分别达", "分别占", "依次为", "依次是", "分别", "达到", "为", "是", "达"}

// figureSeps may stand between figures given respectively.
var figureSeps = map[string]bool{"、": true, "和": true, "与": true, "及": true, "以及": true, "，": true, ",": true}

// SpreadRespectively pairs things listed first with figures given after
// them in the same order: 答复率和满意率分别为100%和98% → 答复率为100%、
// 满意率为98%, so the reader and the matcher see each thing's own figure
// (read as written, the question on 满意率 took the first, 100%). Only as
// many things as figures, in the clause before the mark and outside
// brackets, are paired.
func SpreadRespectively(s string) string {
	if !strings.ContainsAny(s, "分为是达依") {
		return s // no mark: nothing to pair (and no second look for figures)
	}
	spans := figure.Find(s)
	type run struct{ from, to int } // spans[from..to] joined by separators
	var runs []run
	for i := 0; i < len(spans); {
		j := i
		for j+1 < len(spans) && figureSeps[strings.TrimSpace(s[spans[j].End:spans[j+1].Start])] {
			j++
		}
		if j > i {
			runs = append(runs, run{i, j})
		}
		i = j + 1
	}
	for r := len(runs) - 1; r >= 0; r-- {
		first, last := spans[runs[r].from], spans[runs[r].to]
		if inBrackets(s, first.Start) {
			continue
		}
		mark, from, parts := listBefore(s[:first.Start], respectiveMarks)
		if parts == nil || len(parts) != runs[r].to-runs[r].from+1 {
			continue
		}
		verb := strings.TrimPrefix(strings.TrimPrefix(mark, "分别"), "依次")
		out := make([]string, len(parts))
		for k, p := range parts {
			out[k] = p + verb + spans[runs[r].from+k].Text
		}
		s = s[:from] + strings.Join(out, "、") + s[last.End:]
	}
	return s
}
