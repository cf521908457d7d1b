// Package factlock checks a text against a department's answers: every
// figure a draft states must be one an answer gave. It marks the figures
// with no source, and links each sentence to the questions its figures
// came from.
package factlock

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// wellKnownNumbers are numbers that name things, not facts: hotlines.
var wellKnownNumbers = map[string]bool{"12345": true, "12348": true, "110": true, "119": true, "120": true}

// Check finds every figure in text (Arabic or Chinese numerals, %,
// 万/亿, with qualifiers) and matches it to an answer: the same exact
// value and the same unit (a bare number matches by value). 103,204 and
// 103204 are the same; 10.32万 is 103200 and so matches only an answer that
// was itself 103200. Not facts, and not judged: figures inside 《》 or “”
// (names such as “12·4” or “八五”), the reporting year and the next, and
// well-known service numbers such as the 12345 hotline.
//
// labels are the assignment's figure facts across all sections: a figure
// that follows a fact's label closely (满意率为99%) must equal that fact,
// whatever else could source it. This stops an instruction typed into a
// free-text answer from sourcing the very figure it asks for.
func Check(text string, facts, labels []bot.Fact, year int) bot.FactLock {
	type source struct {
		fig figure.Figure
		qid string
	}
	var sources []source
	for _, f := range facts {
		for _, sp := range figure.Find(f.Value) {
			sources = append(sources, source{sp.Figure, f.QID})
		}
		for _, it := range f.Items {
			for _, fig := range it.Figures {
				sources = append(sources, source{fig, f.QID})
			}
			for _, sp := range figure.Find(it.Text) {
				sources = append(sources, source{sp.Figure, f.QID})
			}
		}
	}
	quoted := quotedRanges(text)
	lock := bot.FactLock{OK: true}
	used := map[int][]string{} // figure start → qids
	for _, sp := range figure.Find(text) {
		if inRanges(sp.Start, quoted) || isContextFigure(sp.Figure, year) {
			continue
		}
		lock.Checked++
		var qids []string
		if lf, ok := labelledFact(text, sp.Start, labels); ok {
			if fig, err := figure.Parse(lf.Value); err == nil && figure.Same(sp.Figure, fig) {
				qids = []string{lf.QID}
			}
		} else {
			for _, s := range sources {
				if figure.Same(sp.Figure, s.fig) {
					qids = appendUnique(qids, s.qid)
				}
			}
		}
		if len(qids) == 0 {
			lock.OK = false
			lock.Unsourced = append(lock.Unsourced, bot.Span{Start: sp.Start, End: sp.End, Text: sp.Text})
			continue
		}
		used[sp.Start] = qids
		lock.Sourced = append(lock.Sourced, bot.SourcedSpan{Span: bot.Span{Start: sp.Start, End: sp.End, Text: sp.Text}, QIDs: qids})
	}
	lock.Sentences = provenance(text, used)
	return lock
}

// labelWindow is how close, in characters, a label must stand before a
// figure to claim it: 满意率均达100% and 制发文件381件 are claimed, a label
// a clause away is not.
const labelWindow = 4

// labelledFact returns the figure fact whose label ends within labelWindow
// characters before pos; the nearest wins, and at the same distance the
// longest (热线工单满意率 over 满意率, 调解成功率 over 调解成功).
func labelledFact(text string, pos int, labels []bot.Fact) (bot.Fact, bool) {
	before := []rune(text[:pos])
	if len(before) > 24 {
		before = before[len(before)-24:]
	}
	window := string(before)
	best, bestGap, bestLen := bot.Fact{}, -1, 0
	for _, f := range labels {
		label := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(f.Prose, f.Value, ""), bot.Placeholder, ""))
		if f.Prose == "" || utf8.RuneCountInString(label) < 2 {
			continue
		}
		i := strings.LastIndex(window, label)
		if i < 0 {
			continue
		}
		gap := utf8.RuneCountInString(window[i+len(label):])
		if gap <= labelWindow && (bestGap < 0 || gap < bestGap || gap == bestGap && len(label) > bestLen) {
			best, bestGap, bestLen = f, gap, len(label)
		}
	}
	return best, bestGap >= 0
}

// isContextFigure reports figures that are context, not facts.
func isContextFigure(f figure.Figure, year int) bool {
	if f.Unit == "年" {
		return f.Value == strconv.Itoa(year) || f.Value == strconv.Itoa(year+1) || f.Value == strconv.Itoa(year-1)
	}
	return f.Unit == "" && wellKnownNumbers[f.Value]
}

// quotedRanges returns the byte ranges inside 《》 and “” in text.
func quotedRanges(text string) [][2]int {
	var out [][2]int
	for _, pair := range [][2]string{{"《", "》"}, {"“", "”"}} {
		i := 0
		for {
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

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// provenance splits text into sentences and lists, per sentence, the
// questions behind its figures.
func provenance(text string, used map[int][]string) []bot.SentenceSource {
	var out []bot.SentenceSource
	start := 0
	flush := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s == "" {
			start = end
			return
		}
		ss := bot.SentenceSource{Text: s, QIDs: []string{}}
		for pos, qids := range used {
			if pos >= start && pos < end {
				for _, q := range qids {
					ss.QIDs = appendUnique(ss.QIDs, q)
				}
			}
		}
		sort.Strings(ss.QIDs)
		out = append(out, ss)
		start = end
	}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		i += w
		if strings.ContainsRune("。；！？\n", r) {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// Mark puts 【？】 after each unsourced figure of a text.
func Mark(text string, spans []bot.Span) string {
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.End < last || sp.End > len(text) {
			continue
		}
		b.WriteString(text[last:sp.End])
		b.WriteString("【？】")
		last = sp.End
	}
	b.WriteString(text[last:])
	return b.String()
}
