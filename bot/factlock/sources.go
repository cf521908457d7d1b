package factlock

import (
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// source is a figure an answer gives: a figure answer's value, or a figure
// written inside a free-text answer with the words around it.
type source struct {
	fig     figure.Figure
	qid     string
	context string // the words around the figure in a text answer, or a figure answer's label and prose
}

// sources are what a text may draw on.
type sources struct {
	figures []source // figure answers
	inText  []source // figures inside text answers, items and notes
	texts   []string // every text an answer gives, for claims
}

func newSources(facts []bot.Fact) *sources {
	s := &sources{}
	addText := func(qid, text string) {
		if text == "" || text == bot.Placeholder {
			return
		}
		for _, cl := range clauses(text) {
			part := text[cl[0]:cl[1]]
			if bot.IsInstruction(part) {
				continue // 请在报告中写上… sources nothing
			}
			s.texts = append(s.texts, part)
			for _, sp := range figure.Find(part) {
				s.inText = append(s.inText, source{fig: sp.Figure, qid: qid, context: around(part, sp.Start, sp.End)})
			}
		}
	}
	for _, f := range facts {
		if f.Missing {
			continue
		}
		if fig := factFigure(f); fig != nil {
			words := f.Label + " " + f.Prose + " " + strings.Join(f.Labels, " ")
			s.figures = append(s.figures, source{fig: *fig, qid: f.QID, context: words})
			addText(f.QID, f.Note)
			if v, ok := figure.DecimalRat(fig.Value); ok && v.Sign() > 0 && f.Prose != "" {
				// 获得法治建设表彰和示范命名3项 states honours were won:
				// the sentence may say so.
				s.texts = append(s.texts, f.Prose)
			}
			continue
		}
		if len(f.Items) == 0 {
			addText(f.QID, f.Value)
		}
		for _, it := range f.Items {
			addText(f.QID, strings.TrimSpace(it.Title+"。"+it.Text))
		}
	}
	return s
}

// factFigure returns a figure fact's figure: its answer's, or, for facts
// built without one (the district totals), its value read as a figure.
func factFigure(f bot.Fact) *figure.Figure {
	if f.Figure != nil {
		return f.Figure
	}
	if f.Prose == "" {
		return nil
	}
	fig, err := figure.Parse(f.Value)
	if err != nil {
		return nil
	}
	return &fig
}

// around returns the words of text around a figure at [start, end): up to
// twelve characters before and six after, within the sentence.
func around(text string, start, end int) string {
	before := runeWindow(text, start, 12)
	if i := strings.LastIndexAny(before, "。；！？\n"); i >= 0 {
		before = before[i+1:]
	}
	after := text[end:]
	n := 0
	for i, r := range after {
		if strings.ContainsRune("。；！？\n", r) || n == 6 {
			after = after[:i]
			break
		}
		n++
	}
	return before + " " + after
}

// commonBigrams are word pairs too frequent in reports to tie a figure to
// one answer.
var commonBigrams = map[string]bool{"开展": true, "工作": true, "全年": true, "组织": true, "进行": true, "推进": true,
	"全区": true, "共计": true, "累计": true, "其中": true, "完成": true, "办理": true, "共有": true, "本年": true, "全面": true}

// shareWords reports whether two contexts share at least two word pairs
// that are not common to every report.
func shareWords(a, b string) bool { return shared(a, b) >= 2 }

// shared counts the word pairs of a found in b, but for those common to
// every report.
func shared(a, b string) int {
	have := bigrams(b)
	n := 0
	for p := range bigrams(a) {
		if have[p] && !commonBigrams[p] {
			n++
		}
	}
	return n
}

// boundLabel returns the figure facts whose label stands right before pos
// (within labelWindow characters, in the same clause): the nearest label
// wins, then the longest (政务服务满意率 over 满意率). Several facts may
// share that label (the cells of a table row named alike): the figure must
// be one of theirs.
//
// A label whose question counts in another unit (执法人员 57名 before
// 三百余人次) does not claim the figure.
func boundLabel(text string, sp figure.Span, labels []bot.Fact) ([]bot.Fact, string, bool) {
	pos := sp.Start
	window := runeWindow(text, pos, 24)
	if i := strings.LastIndexAny(window, "，。；！？\n"); i >= 0 {
		window = window[i+1:]
	}
	var best []bot.Fact
	bestLabel, bestGap := "", -1
	for _, f := range labels {
		fig := factFigure(f)
		if fig == nil || f.Missing || sp.Figure.Unit != "" && !figure.SameMeasure(sp.Figure.Unit, fig.Unit) {
			continue
		}
		for _, label := range factLabels(f) {
			if utf8.RuneCountInString(label) < 2 {
				continue
			}
			gap, ok := labelGap(window, label)
			if !ok || gap > labelWindow {
				continue
			}
			f.Figure = fig
			switch {
			case bestGap < 0 || gap < bestGap || gap == bestGap && len(label) > len(bestLabel):
				best, bestLabel, bestGap = []bot.Fact{f}, label, gap
			case gap == bestGap && label == bestLabel && best[len(best)-1].QID+best[len(best)-1].Label != f.QID+f.Label:
				best = append(best, f)
			}
		}
	}
	if bestGap < 0 {
		return nil, "", false
	}
	return best, bestLabel, true
}

// labelGap finds label in window, written as it is or with a few words
// inserted (印发各类文件 for 印发文件), and returns the characters between
// its end and the window's end; an inserted word counts one more, so a
// label written as it is wins a tie.
func labelGap(window, label string) (int, bool) {
	if i := strings.LastIndex(window, label); i >= 0 {
		return utf8.RuneCountInString(window[i+len(label):]), true
	}
	lr, wr := []rune(label), []rune(window)
	// Match the label's runes backwards from each end position, allowing
	// up to three inserted runes in all.
	for end := len(wr) - 1; end >= 0 && len(wr)-1-end <= labelWindow; end-- {
		if wr[end] != lr[len(lr)-1] {
			continue
		}
		k, inserted := len(lr)-2, 0
		for j := end - 1; j >= 0 && k >= 0 && inserted <= 3; j-- {
			if wr[j] == lr[k] {
				k--
			} else {
				inserted++
			}
		}
		if k < 0 && inserted <= 3 {
			return len(wr) - 1 - end + 1, true
		}
	}
	return 0, false
}

// labelWindow is how close, in characters, a label must stand before a
// figure to claim it: 满意率均达100% and 制发文件381件 are claimed, a label
// a clause away is not.
const labelWindow = 4

// factLabels are the words naming a figure fact: its labels, or for facts
// built without them, the prose before the value.
func factLabels(f bot.Fact) []string {
	if len(f.Labels) > 0 {
		return f.Labels
	}
	if f.Prose == "" {
		return nil
	}
	label := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(f.Prose, f.Value, ""), bot.Placeholder, ""))
	return []string{label}
}
