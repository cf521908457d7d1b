package formdraft

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// clauseEnds split a paragraph into the clauses a figure is read from.
const clauseEnds = "，,；;。：:！？\n"

// questions reads every figure of a paragraph as a question: the clause
// around it gives the label and the prose pattern; a clause naming several
// labels for one figure (答复率、满意率均达100%) gives one question each.
func questions(text string, vars func(string) string) []Question {
	var out []Question
	for _, clause := range clauses(text) {
		spans := figures(clause)
		if len(spans) == 0 {
			continue
		}
		parts := splitAt(clause, spans)
		for i, sp := range spans {
			part := parts[i]
			before := strings.TrimSpace(part.text[:sp.Start-part.start])
			after := strings.TrimSpace(part.text[sp.End-part.start:])
			for _, label := range shared(before) {
				if q, ok := question(label.before, after, sp, clause, vars); ok {
					out = append(out, q)
				}
			}
		}
	}
	return out
}

// clauses splits text at commas, semicolons and full stops outside
// quotes and book-title marks.
func clauses(text string) []string {
	var out []string
	depth := 0
	start := 0
	for i, r := range text {
		switch {
		case r == '“' || r == '《' || r == '「':
			depth++
		case (r == '”' || r == '》' || r == '」') && depth > 0:
			depth--
		case (r == '，' || r == ',') && thousands(text, i, len(string(r))):
			// 103，204件: a thousands separator, not a clause end.
		case depth == 0 && strings.ContainsRune(clauseEnds, r):
			if c := strings.TrimSpace(text[start:i]); c != "" {
				out = append(out, c)
			}
			start = i + len(string(r))
		}
	}
	if c := strings.TrimSpace(text[start:]); c != "" {
		out = append(out, c)
	}
	return out
}

// thousands reports whether the comma of width w at byte i stands between
// a digit and exactly three digits.
func thousands(text string, i, w int) bool {
	if prev, _ := utf8.DecodeLastRuneInString(text[:i]); !isDigit(prev) {
		return false
	}
	rest := []rune(text[i+w:])
	if len(rest) < 3 || !isDigit(rest[0]) || !isDigit(rest[1]) || !isDigit(rest[2]) {
		return false
	}
	return len(rest) == 3 || !isDigit(rest[3])
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// figures returns the figures of a clause that are facts: not years or
// dates, not bare numbers (12345 热线), not inside quotes or 《》.
func figures(clause string) []figure.Span {
	var out []figure.Span
	quoted := quotedRanges(clause)
	for _, sp := range figure.Find(clause) {
		switch sp.Figure.Unit {
		case "", "年", "月", "日", "号":
			continue
		}
		if inRanges(sp.Start, quoted) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

type part struct {
	text  string
	start int
}

// splitAt cuts a clause holding several figures into one part per figure,
// at the last 、 (or 和, 及) between two figures: 承办区人大代表建议45件、
// 政协委员提案85件 gives two parts.
func splitAt(clause string, spans []figure.Span) []part {
	cuts := []int{0}
	for i := 1; i < len(spans); i++ {
		between := clause[spans[i-1].End:spans[i].Start]
		cut := spans[i-1].End
		for _, sep := range []string{"、", "和", "及", "与"} {
			if j := strings.LastIndex(between, sep); j >= 0 && spans[i-1].End+j+len(sep) > cut {
				cut = spans[i-1].End + j + len(sep)
			}
		}
		cuts = append(cuts, cut)
	}
	cuts = append(cuts, len(clause))
	out := make([]part, len(spans))
	for i := range spans {
		out[i] = part{text: clause[cuts[i]:cuts[i+1]], start: cuts[i]}
	}
	return out
}

type labelled struct{ before string }

// sharedFigure ends a list of labels that share one figure.
var sharedFigure = regexp.MustCompile(`^(.+?)(均达到|均达|均为|均是|都是|都达到|都达)$`)

// shared splits "答复率、满意率均达" into one label per question; any other
// text is one label.
func shared(before string) []labelled {
	m := sharedFigure.FindStringSubmatch(before)
	if m == nil || !strings.Contains(m[1], "、") {
		return []labelled{{before}}
	}
	var out []labelled
	for _, l := range strings.Split(m[1], "、") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, labelled{l + "达"})
		}
	}
	return out
}

// leadingWords are dropped from the front of a label: they join the
// clause to the one before.
var leadingWords = []string{"并且", "并", "同时", "此外", "另外", "还"}

// trailingWords are dropped from the end of a label in the prompt: 满意率达
// asks 满意率是多少.
var trailingWords = []string{"均达到", "达到", "均达", "均为", "共计", "累计", "合计", "共", "达", "为", "约"}

// question makes one question of a figure and the words around it.
func question(before, after string, sp figure.Span, clause string, vars func(string) string) (Question, bool) {
	for _, w := range leadingWords {
		before = strings.TrimPrefix(before, w)
	}
	kind, unit := kindOf(sp)
	if kind == "" {
		return Question{}, false
	}
	label := before
	for _, w := range trailingWords {
		label = strings.TrimSuffix(label, w)
	}
	var prompt string
	switch {
	case strings.HasSuffix(label, "率") || kind == bot.KindNumber:
		prompt = label + after + "是多少？"
	case kind == bot.KindPercent:
		prompt = label + "百分之多少" + after + "？"
	default:
		prompt = label + "多少" + unit + after + "？"
	}
	if label == "" && after == "" {
		return Question{}, false // a bare figure: nothing to ask about
	}
	last := strings.Join(strings.Fields(sp.Text), "")
	if kind != bot.KindAmount {
		f := sp.Figure
		f.Unit = unit
		last = figure.Format(f)
	}
	return Question{Kind: kind, Unit: unit, Prompt: vars(prompt), Prose: vars(before + "{value}" + after),
		LastYear: last, Source: clause}, true
}

// kindOf says what question a figure asks, and in which unit.
func kindOf(sp figure.Span) (bot.Kind, string) {
	u := figure.CanonicalUnit(sp.Figure.Unit)
	switch {
	case u == "%":
		return bot.KindPercent, "%"
	case u == "元":
		for _, big := range []string{"亿元", "万元"} {
			if strings.Contains(sp.Text, big) {
				return bot.KindAmount, big
			}
		}
		return bot.KindAmount, "元"
	case u == "个百分点":
		return bot.KindNumber, u
	case bot.CountUnit(u) && !strings.Contains(sp.Figure.Value, "."):
		return bot.KindCount, u
	case bot.NumberUnit(u):
		return bot.KindNumber, u
	}
	return "", ""
}

// quotedRanges returns the byte ranges inside 《》 and “” in text.
func quotedRanges(text string) [][2]int {
	var out [][2]int
	for _, pair := range [][2]string{{"《", "》"}, {"“", "”"}} {
		for i := 0; ; {
			a := strings.Index(text[i:], pair[0])
			if a < 0 {
				break
			}
			a += i
			b := strings.Index(text[a:], pair[1])
			if b < 0 {
				break
			}
			out = append(out, [2]int{a, a + b})
			i = a + b
		}
	}
	return out
}

func inRanges(pos int, ranges [][2]int) bool {
	for _, r := range ranges {
		if pos > r[0] && pos < r[1] {
			return true
		}
	}
	return false
}
