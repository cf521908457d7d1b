// Package factlock checks a text against a department's answers: every
// figure a draft states must be one an answer gave, with its unit and its
// qualifier (约, 余, 超过…), beside the right label, and every honour or
// rank it claims must be one an answer states. It flags what is not, with
// a Chinese message, and links each sentence to the questions its figures
// came from.
package factlock

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// wellKnownNumbers are numbers that name things, not facts: hotlines.
var wellKnownNumbers = map[string]bool{"12345": true, "12348": true, "12315": true, "12333": true, "12366": true,
	"12388": true, "12309": true, "110": true, "119": true, "120": true, "122": true}

// Check judges every figure in text (Arabic or Chinese numerals, %, 万/亿,
// with their units and qualifiers) and every claim of an honour or rank:
//
//   - A figure right after the label of a figure question (满意率为99%,
//     政务服务满意率98.5%; the nearest, then the longest label wins) must be
//     that question's answer. This stops an instruction typed into a
//     free-text answer from sourcing the very figure it asks for.
//   - Otherwise it must be a figure answer's value in a unit that counts the
//     same thing (宗 for 件), or a figure inside a free-text answer used
//     where the draft speaks of what that answer speaks of (the words around
//     it are shared); a sentence of an answer that instructs the writer
//     (请在报告中写上…) sources nothing.
//   - The qualifier is part of the figure: 约450人次 is not 450人次.
//   - A claim (获评, 荣获, 排名第…) must be stated by an answer.
//
// Not judged: figures inside 《》 or “” (names such as “12·4” or “八五”),
// numerals of fixed expressions (其中一项, 一网通办, 三级联动), dates and
// document numbers, the reporting year and the years beside it, and
// service numbers such as the 12345 hotline. facts are the answers the
// text may draw on (a section's); labels are the assignment's figure facts
// across all sections.
func Check(text string, facts, labels []bot.Fact, year int) bot.FactLock {
	src := newSources(facts)
	skip := append(quotedRanges(text), idiomRanges(text)...)
	lock := bot.FactLock{OK: true}
	used := map[int][]string{} // figure start → qids
	for _, sp := range figure.Find(text) {
		if overlapsInside(sp.Start, sp.End, skip) || isContextFigure(sp.Figure, year) {
			continue
		}
		lock.Checked++
		qids, flag := judge(text, sp, src, labels)
		if flag != nil {
			lock.Flags = append(lock.Flags, *flag)
			continue
		}
		used[sp.Start] = qids
		lock.Sourced = append(lock.Sourced, bot.SourcedSpan{Span: bot.Span{Start: sp.Start, End: sp.End, Text: sp.Text}, QIDs: qids})
	}
	for _, c := range findClaims(text) {
		lock.Checked++
		if !supported(c, src.texts) {
			lock.Flags = append(lock.Flags, bot.Flag{Span: c.Span, Kind: bot.FlagClaim,
				Message: fmt.Sprintf("答案中没有“%s”这一荣誉或排名", bot.Truncate(c.object, 30))})
		}
	}
	sort.Slice(lock.Flags, func(i, j int) bool { return lock.Flags[i].Start < lock.Flags[j].Start })
	for _, f := range lock.Flags {
		lock.Unsourced = append(lock.Unsourced, f.Span)
	}
	lock.OK = len(lock.Flags) == 0
	lock.Sentences = provenance(text, used)
	return lock
}

// judge decides where a figure of the text comes from, or why it comes
// from nowhere.
func judge(text string, sp figure.Span, src *sources, labels []bot.Fact) ([]string, *bot.Flag) {
	flag := func(kind, format string, args ...any) *bot.Flag {
		return &bot.Flag{Span: bot.Span{Start: sp.Start, End: sp.End, Text: sp.Text}, Kind: kind, Message: fmt.Sprintf(format, args...)}
	}
	if lfs, label, ok := boundLabel(text, sp, labels); ok {
		for _, lf := range lfs {
			if figure.SameAssertion(sp.Figure, *lf.Figure) {
				return []string{lf.QID}, nil
			}
		}
		for _, lf := range lfs {
			if figure.SameValue(sp.Figure, *lf.Figure) {
				return nil, flag(bot.FlagQualifier, "答案为“%s”，稿中写作“%s”", figure.Format(*lf.Figure), sp.Text)
			}
		}
		lf := lfs[0]
		for _, f := range lfs {
			if f.Prose != "" { // the cell a report states (a row's total) over the others
				lf = f
				break
			}
		}
		return nil, flag(bot.FlagLabel, "“%s”的答案为“%s”，稿中写作“%s”", label, figure.Format(*lf.Figure), sp.Text)
	}
	// A figure answer's value sources a figure written near words of that
	// question (会前学法 for 组织常务会会前学法): a small number such as 2次
	// is the answer to many questions, and must be the right one's.
	context := around(text, sp.Start, sp.End)
	// Of the answers with the figure, those sharing the most words with
	// the draft are its source (行政复议1件 is the 行政复议 cell's, not
	// another table's 1件).
	var qids []string
	var near *source // a source with the value but another qualifier
	best := 0
	for i, s := range src.figures {
		n := shared(context, s.context)
		if n == 0 {
			continue
		}
		switch {
		case figure.SameAssertion(sp.Figure, s.fig):
			if n > best {
				qids, best = nil, n
			}
			if n == best {
				qids = appendUnique(qids, s.qid)
			}
		case near == nil && figure.SameValue(sp.Figure, s.fig):
			near = &src.figures[i]
		}
	}
	if len(qids) > 0 {
		return qids, nil
	}
	if near != nil {
		return nil, flag(bot.FlagQualifier, "答案为“%s”，稿中写作“%s”", figure.Format(near.fig), sp.Text)
	}
	far := false
	for _, s := range src.inText {
		if !figure.SameAssertion(sp.Figure, s.fig) {
			continue
		}
		if shareWords(context, s.context) {
			qids = appendUnique(qids, s.qid)
		} else {
			far = true
		}
	}
	switch {
	case len(qids) > 0:
		return qids, nil
	case far:
		return nil, flag(bot.FlagPlace, "“%s”只见于文字答案中别的内容，不能用在这里", sp.Text)
	}
	return nil, flag(bot.FlagFigure, "答案中没有“%s”", sp.Text)
}

// isContextFigure reports figures that are context, not facts: the years
// around the reporting year, dates and numbered things, service numbers.
func isContextFigure(f figure.Figure, year int) bool {
	switch f.Unit {
	case "年":
		return f.Value == strconv.Itoa(year) || f.Value == strconv.Itoa(year+1) || f.Value == strconv.Itoa(year-1)
	case "月", "日", "号":
		return true
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
			out = append(out, [2]int{a + len(pair[0]), a + b})
			i = a + b
		}
	}
	return out
}

// overlapsInside reports whether [start, end) overlaps any of ranges.
func overlapsInside(start, end int, ranges [][2]int) bool { return overlaps(start, end, ranges) }

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
	for _, cl := range clauses(text) {
		s := strings.TrimSpace(text[cl[0]:cl[1]])
		if s == "" {
			continue
		}
		ss := bot.SentenceSource{Text: s, QIDs: []string{}}
		for pos, qids := range used {
			if pos >= cl[0] && pos < cl[1] {
				for _, q := range qids {
					ss.QIDs = appendUnique(ss.QIDs, q)
				}
			}
		}
		sort.Strings(ss.QIDs)
		out = append(out, ss)
	}
	return out
}

// Mark puts 【？】 after each flagged span of a text.
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

// runeWindow returns up to n runes of text before byte i.
func runeWindow(text string, i, n int) string {
	before := text[:i]
	for k := 0; k < n && before != ""; k++ {
		_, w := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-w]
	}
	return text[len(before):i]
}
