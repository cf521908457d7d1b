package bot

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// openMark matches a mark left in a text for someone to fill in or check:
// the drafts' 【待补充】 and 【？】, and the like an editor may type
// (【待核实】, 【××】, 【】).
var openMark = regexp.MustCompile(`【(?:待[^】\n]{0,10}|[？?]{1,3}|[×xX＊*　 ]{0,6})】`)

// Mark is one open mark in a text, with the words around it so that a
// reader can find it (报送优质政务信息【待补充】).
type Mark struct {
	Span
	Context string `json:"context"`
}

// OpenMarks finds the marks in text that say something is still missing
// or unchecked: 【待补充】 where an answer was missing, 【？】 after a
// figure the fact lock could not source. A confirmed section and a final
// report carry none.
func OpenMarks(text string) []Mark {
	var out []Mark
	for _, loc := range openMark.FindAllStringIndex(text, -1) {
		out = append(out, Mark{Span: Span{Start: loc[0], End: loc[1], Text: text[loc[0]:loc[1]]}, Context: markContext(text, loc[0], loc[1])})
	}
	return out
}

// markContext is the clause around text[start:end], for a person to find
// the mark: the words before it within its sentence (the whole sentence
// before when the mark opens one: “（二）依申请公开。【待补充】”), cut at a
// comma rather than inside a word when long (with …), never reaching into
// an earlier mark; and up to eight characters after it, up to the next.
func markContext(text string, start, end int) string {
	const most = 24
	i, n, crossed := start, 0, false
	for i > 0 && n < most {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		if r == '】' || r == '\n' {
			break
		}
		if strings.ContainsRune("。；！？", r) {
			if crossed || strings.TrimSpace(text[i:start]) != "" {
				break
			}
			crossed = true // the mark opens its sentence: show the one before
		}
		i -= w
		n++
	}
	before := text[i:start]
	if n >= most && i > 0 {
		// Cut at the first comma or 、 inside the window, else mark the cut.
		if k := strings.IndexAny(before, "，、,"); k >= 0 && k+3 < len(before) {
			_, w := utf8.DecodeRuneInString(before[k:])
			before = before[k+w:]
		} else {
			before = "…" + before
		}
	}
	before = strings.TrimLeft(before, "，、,；;：: ")
	after := text[end:]
	n = 0
	for k, r := range after {
		if strings.ContainsRune("。；！？\n【", r) || n == 8 {
			after = after[:k]
			break
		}
		n++
	}
	return strings.TrimSpace(before + text[start:end] + after)
}

// MarksText lists marks for a person to resolve, one a line, numbered
// from 1: “报送优质政务信息【待补充】”.
func MarksText(marks []Mark) string {
	var b strings.Builder
	for i, m := range marks {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". “" + m.Context + "”")
	}
	return b.String()
}
