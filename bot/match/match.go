// Package match binds the figures of a free text — one chat message, a
// pasted report, a sent file — to the questions of a form: each figure
// goes to the question whose prose, labels or prompt the words around it
// match and whose unit it carries, with the sentence it came from. Figures
// no question claims are returned as unmatched, for 其他数据.
//
// Matching is rule-based and never invents: every value it returns is a
// figure found in the text, parsed by the question's own answer parser.
package match

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// Match is one figure bound to one question.
type Match struct {
	QID    string
	Number int         // the question's number in the form
	Answer *bot.Answer // as the question's parser reads the figure
	// Text is the figure as written (一千三百五十二件, 103，204件).
	Text string
	// Sentence is the sentence the figure came from.
	Sentence string
	// Score is how well the words around the figure match the question
	// (1 for an exact label).
	Score float64
}

// Unmatched is a figure no question claims: a candidate 其他数据 entry.
type Unmatched struct {
	Label    string // the words just before the figure: 开展应急演练
	Figure   figure.Figure
	Text     string
	Sentence string
}

// Result is what a text yields against a form.
type Result struct {
	// Year is the year the text reports on (its title's year, else the
	// year it names most), 0 when it names none.
	Year      int
	Matches   []Match // in the form's order
	Unmatched []Unmatched
}

// MaxText is how much of a text Text reads, in bytes: a whole annual
// report is 10–30 KB.
const MaxText = 128 << 10

// window bounds, in bytes, how far before and after a figure its words
// are read: a label is never longer.
const window = 120

// threshold is the least score a binding needs: most of the label's
// character pairs stand right around the figure.
const threshold = 0.7

// candidate is one possible binding.
type candidate struct {
	fig   int
	q     *bot.Question
	score float64
	exact int // runes of the longest label found whole before the figure
	part  bool
}

// found is one figure of the text with its context.
type found struct {
	span          figure.Span
	sentence      string
	before, after string
	both          bool // the words before name several labels sharing it (答复率、满意率均达100%)
	skip          bool
}

// Text finds the figures of text and binds them to form's questions (the
// form as the department sees it: Form.For its kinds). Each question gets
// at most one figure, each figure one question (or several when the text
// gives one figure to several labels: 答复率、满意率均达100%).
func Text(form *bot.Form, text string) Result {
	if len(text) > MaxText {
		text = text[:MaxText]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	res := Result{Year: Year(text)}
	figs := findAll(text, res.Year)
	var cands, weak []candidate
	for i, f := range figs {
		if f.skip {
			continue
		}
		for _, q := range form.Questions() {
			if !q.Kind.Numeric() || !unitFits(q, f.span) {
				continue
			}
			score, exact, part := scoreQuestion(q, f.before, f.after)
			switch {
			case score >= threshold:
				cands = append(cands, candidate{fig: i, q: q, score: score, exact: exact})
			case part:
				weak = append(weak, candidate{fig: i, q: q, score: score, part: true})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].exact > cands[j].exact
	})
	figTaken := map[int]*bot.Question{}
	qTaken := map[string]bool{}
	take := func(c candidate) {
		f := figs[c.fig]
		ans, err := bot.ParseAnswer(c.q, f.span.Text)
		if err != nil || ans.Figure == nil {
			return
		}
		figTaken[c.fig] = c.q
		qTaken[c.q.ID] = true
		res.Matches = append(res.Matches, Match{QID: c.q.ID, Number: c.q.Number, Answer: ans, Text: f.span.Text,
			Sentence: f.sentence, Score: c.score})
	}
	for _, c := range cands {
		if qTaken[c.q.ID] {
			continue
		}
		if prev := figTaken[c.fig]; prev != nil {
			// One figure for several labels only when the text says so
			// and this label stands whole before it too.
			if !figs[c.fig].both || c.exact == 0 || prev.Unit != c.q.Unit {
				continue
			}
		}
		take(c)
	}
	// A label that is only a piece of a question's words (办结40件) binds
	// to that question when it stands beside a neighbouring question's
	// figure in the same sentence (收到信息公开申请42件，办结40件): the
	// nearest label.
	sort.SliceStable(weak, func(i, j int) bool { return weak[i].score > weak[j].score })
	for _, c := range weak {
		if qTaken[c.q.ID] || figTaken[c.fig] != nil || !beside(res.Matches, figs[c.fig].sentence, c.q.Number) {
			continue
		}
		take(c)
	}
	sortMatches(res.Matches)
	for i, f := range figs {
		if f.skip || figTaken[i] != nil || f.span.Figure.Unit == "" || isPart(f.before) {
			continue
		}
		res.Unmatched = append(res.Unmatched, Unmatched{Label: label(f.before), Figure: f.span.Figure,
			Text: f.span.Text, Sentence: f.sentence})
	}
	return res
}

// findAll returns every figure of text with the words around it.
// Calendar figures are skipped, and so are the figures of a part whose
// heading names another year than the text's (下一年度安排).
func findAll(text string, year int) []found {
	var out []found
	partYear := 0
	for _, sent := range Sentences(text) {
		switch y := headingYear(sent); {
		case y == -1:
			partYear = 0 // a part of the text's own year
		case y != 0:
			partYear = y // a year, or planPart
		}
		spans := figure.Find(sent)
		for i, sp := range spans {
			f := found{span: sp, sentence: sent}
			switch sp.Figure.Unit {
			case "年", "月", "日", "号":
				f.skip = true
			}
			if partYear == planPart || partYear > 0 && year != 0 && partYear != year {
				f.skip = true
			}
			lo := clauseStart(sent, sp.Start)
			if i > 0 && spans[i-1].End > lo {
				lo = spans[i-1].End
			}
			hi := clauseEnd(sent, sp.End)
			if j := strings.IndexAny(sent[sp.End:hi], "、和"); j >= 0 {
				hi = sp.End + j
			}
			if i+1 < len(spans) && spans[i+1].Start < hi {
				hi = spans[i+1].Start
			}
			f.before, f.after = sent[lo:sp.Start], sent[sp.End:hi]
			if sp.Figure.Unit == "" && !bareOK(sent, sp) {
				f.skip = true
			}
			f.both = strings.ContainsAny(f.before, "、和及") && strings.ContainsAny(f.before, "均都")
			out = append(out, f)
		}
	}
	return out
}

// bareOK reports whether a figure without a unit stands alone (政务信息93，)
// rather than inside a name (12345热线).
func bareOK(sent string, sp figure.Span) bool {
	r, _ := utf8.DecodeRuneInString(sent[sp.End:])
	return sp.End == len(sent) || isBoundary(r) || unicode.IsSpace(r)
}

// Sentences cuts text at 。！？； and line breaks; each sentence is trimmed.
func Sentences(text string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
	}
	for i, r := range text {
		switch r {
		case '。', '！', '？', '；', '\n', '!', '?', ';':
			flush(i + utf8.RuneLen(r))
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(text))
	return out
}

func isBoundary(r rune) bool {
	switch r {
	case '，', ',', '。', '；', ';', '！', '？', '（', '）', '(', ')', '\n', '\t':
		return true
	}
	return false
}

// clauseStart is where the clause holding byte i begins, at most window
// bytes before it.
func clauseStart(s string, i int) int {
	for j := i; j > 0; {
		if i-j > window {
			return j
		}
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if isBoundary(r) {
			return j
		}
		j -= w
	}
	return 0
}

// clauseEnd is where the clause holding byte i ends, at most window
// bytes after it.
func clauseEnd(s string, i int) int {
	for j := i; j < len(s); {
		if j-i > window {
			return j
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if isBoundary(r) {
			return j
		}
		j += w
	}
	return len(s)
}

// unitFits reports whether the figure can answer q: a percent question
// takes only percents, other questions a figure in their unit (or a
// synonym), a bare number, or money for money.
func unitFits(q *bot.Question, sp figure.Span) bool {
	u := sp.Figure.Unit
	if q.Kind == bot.KindPercent || q.Unit == "%" {
		return u == "%"
	}
	switch u {
	case "":
		return true
	case "%", "个百分点":
		return false
	case "元":
		return q.Kind == bot.KindAmount || strings.HasSuffix(q.Unit, "元")
	}
	return figure.SameUnit(u, q.Unit)
}

// keys are the words that name q's figure in a text: its prose before and
// after {value}, its labels, and its prompt without the question words.
func keys(q *bot.Question) []string {
	var ks []string
	if before, after, ok := strings.Cut(q.Prose, "{value}"); ok {
		if b := trimScope(before); b != "" {
			ks = append(ks, b)
		}
		if a := strings.TrimSpace(after); utf8.RuneCountInString(a) >= 2 && a != "等" {
			ks = append(ks, strings.TrimSuffix(a, "等"))
		}
	}
	ks = append(ks, q.Labels...)
	if p := promptStem(q.Prompt); p != "" {
		ks = append(ks, p)
	}
	return ks
}

// trimScope drops the scope words that a text may or may not write.
func trimScope(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range []string{"全年", "本年度", "累计", "共计", "共", "合计", "总计"} {
		s = strings.TrimPrefix(s, w)
	}
	return strings.TrimRight(s, "为达均是：:")
}

// promptStem is a question's prompt without its question words:
// 全年制发文件多少件？ → 制发文件.
func promptStem(p string) string {
	p = strings.TrimRight(p, "？?。")
	if i := strings.IndexAny(p, "？?。"); i >= 0 {
		p = p[:i]
	}
	for _, w := range []string{"是多少", "有多少", "多少", "百分之多少", "共"} {
		if i := strings.Index(p, w); i >= 0 {
			p = p[:i]
			break
		}
	}
	p = strings.TrimSuffix(p, "的")
	return trimScope(strings.TrimPrefix(strings.TrimPrefix(p, "其中"), "本单位"))
}

// scoreQuestion scores how well the words around a figure name q, best
// key first: 1 for a key standing whole before the figure, 0.95 after it,
// else the balance (F1) of the key's share found in order in the label
// before the figure and how tightly it stands there (政协提案 for
// 政协委员提案), or the key's character pairs found around the figure when
// nearly all are there (协调解决……4项民生实事). exact is the length in
// runes of the longest key standing whole before the figure; part says
// the label is a piece of a key (办结 for 依法办理（办结）政府信息公开申请),
// which binds only beside a neighbouring question (see Text).
func scoreQuestion(q *bot.Question, before, after string) (score float64, exact int, part bool) {
	ctx := before + "|" + after
	lbl := []rune(label(before))
	if len(lbl) > 40 {
		lbl = lbl[len(lbl)-40:]
	}
	for _, k := range keys(q) {
		n := utf8.RuneCountInString(k)
		if n < 2 {
			continue
		}
		switch {
		case strings.Contains(before, k):
			exact = max(exact, n)
			score = 1
			continue
		case strings.Contains(after, k):
			score = max(score, 0.95)
			continue
		case len(lbl) >= 2 && strings.Contains(k, string(lbl)):
			part = true
		}
		if f := ordered([]rune(k), lbl); f > score {
			score = f
		}
		if cover := pairShare(k, ctx); cover >= 0.85 {
			score = max(score, cover)
		}
	}
	return score, exact, part
}

// ordered is the F1 of how much of key stands in order in lbl (its
// longest common subsequence over the key's length) and how tightly (that
// length over the stretch of lbl it spans).
func ordered(key, lbl []rune) float64 {
	type cell struct{ n, start int }
	prev := make([]cell, len(lbl)+1)
	cur := make([]cell, len(lbl)+1)
	for i := 1; i <= len(key); i++ {
		for j := 1; j <= len(lbl); j++ {
			best := prev[j]
			if c := cur[j-1]; c.n > best.n || c.n == best.n && c.start > best.start {
				best = c
			}
			if key[i-1] == lbl[j-1] {
				d := prev[j-1]
				c := cell{n: d.n + 1, start: d.start}
				if d.n == 0 {
					c.start = j - 1
				}
				if c.n > best.n || c.n == best.n && c.start > best.start {
					best = c
				}
			}
			cur[j] = best
		}
		prev, cur = cur, prev
	}
	bestF := 0.0
	for j := 1; j <= len(lbl); j++ {
		c := prev[j]
		if c.n == 0 {
			continue
		}
		cover := float64(c.n) / float64(len(key))
		tight := float64(c.n) / float64(j-c.start)
		if f := 2 * cover * tight / (cover + tight); f > bestF {
			bestF = f
		}
	}
	return bestF
}

// pairShare is the share of s's character pairs found in ctx.
func pairShare(s, ctx string) float64 {
	rs := []rune(s)
	if len(rs) < 2 {
		return 0
	}
	hit := 0
	for i := 0; i+1 < len(rs); i++ {
		if strings.Contains(ctx, string(rs[i:i+2])) {
			hit++
		}
	}
	return float64(hit) / float64(len(rs)-1)
}

// lastRunes is the last n runes of s.
func lastRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[len(rs)-n:])
}

// label is the name a text gives an unmatched figure: the words before
// it, without scope words, connectives and the 已 of a state (已办结40件
// names 办结).
func label(before string) string {
	s := strings.TrimLeft(strings.TrimSpace(before), "、，,；; ")
	for _, w := range []string{"全年", "共计", "累计", "共", "其中", "并", "还", "另外", "另", "已经", "已"} {
		s = strings.TrimPrefix(s, w)
	}
	s = strings.TrimRight(s, "为达约近超过共计、")
	return bot.Clip(s, 20)
}

// isPart reports whether the words before a figure make it a part of the
// figure before it (含电子公文30件, 其中败诉1件): a remark, not a datum.
func isPart(before string) bool {
	s := strings.TrimLeft(before, "（(、，, ")
	for _, w := range []string{"含", "包括", "包含", "其中"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// beside reports whether a question numbered within two of n was bound
// from the same sentence.
func beside(ms []Match, sentence string, n int) bool {
	for _, m := range ms {
		if m.Sentence == sentence && m.Number != n && m.Number >= n-2 && m.Number <= n+2 {
			return true
		}
	}
	return false
}

// Verify is the fact lock run in reverse: it keeps only the matches whose
// value is a figure of text, read the same way at the same question — so
// whatever proposed a binding (these rules, or a model asked to improve
// them) can never add a value the text does not state.
func Verify(form *bot.Form, text string, ms []Match) []Match {
	spans := figure.Find(text)
	var out []Match
	for _, m := range ms {
		q := form.Question(m.QID)
		if q == nil || m.Answer == nil || m.Answer.Figure == nil {
			continue
		}
		want := bot.FormatAnswer(q, m.Answer)
		for _, sp := range spans {
			if sp.Text != m.Text && !strings.Contains(sp.Text, m.Text) && !strings.Contains(m.Text, sp.Text) {
				continue
			}
			if a, err := bot.ParseAnswer(q, sp.Text); err == nil && bot.FormatAnswer(q, a) == want {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// sortMatches puts matches in the form's order.
func sortMatches(ms []Match) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Number < ms[j].Number })
}

// spanOf is an unmatched figure as a span, for unitFits.
func spanOf(u Unmatched) figure.Span { return figure.Span{Text: u.Text, Figure: u.Figure} }

// verified reports whether u was bound by one of ms.
func verified(ms []Match, u Unmatched) bool {
	for _, m := range ms {
		if m.Text == u.Text && m.Sentence == u.Sentence {
			return true
		}
	}
	return false
}
