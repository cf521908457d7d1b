package editorial

import (
	"context"
	"strings"
	"unicode"

	"reportbot/bot"
)

// TemplateWriter drafts a section from the form's sentence patterns, with
// no model: used when no API key is configured, and as the fallback when
// the model keeps failing. Its drafts are labelled template-made.
type TemplateWriter struct{}

var _ bot.Writer = TemplateWriter{}

// Version identifies the template writer in the draft cache.
func (TemplateWriter) Version() string { return "template-5" }

// Draft writes the section deterministically, the way the seed report
// reads: the section's lead; each subsection as one paragraph numbered
// （一）（二）…, its heading first, then its lead, its figures in one
// sentence (each with its note), its text answers, and any open item
// titled like the heading; then the section's own questions: their figures
// as one paragraph, followed by the section's 其他数据 (此外，开展消防检查
// 6次), the passages the form writes as they stand (政府信息公开's text
// parts) each as a paragraph, other text answers and the remaining open
// items as numbered paragraphs. Missing facts read 【待补充】. A section
// with nothing to say but its tables says they hold the figures.
func (TemplateWriter) Draft(_ context.Context, req bot.DraftRequest) (*bot.DraftResult, error) {
	blocks := req.Blocks
	if len(blocks) == 0 {
		if facts := bot.WritableFacts(req.Facts); len(facts) > 0 {
			blocks = []bot.DraftBlock{{Facts: facts}}
		}
	}
	// An open item titled like a subsection's heading is that
	// subsection's practice: it goes into its paragraph.
	byHeading := map[string]int{}
	for i, b := range blocks {
		if b.Heading != "" {
			byHeading[plainTitle(b.Heading)] = i
		}
	}
	merged := make([][]string, len(blocks))
	placed := map[*bot.Item]bool{}
	for _, b := range blocks {
		if b.Heading != "" {
			continue
		}
		for fi := range b.Facts {
			for ii := range b.Facts[fi].Items {
				it := &b.Facts[fi].Items[ii]
				if i, ok := byHeading[plainTitle(it.Title)]; ok {
					merged[i] = append(merged[i], sentence(it.Text))
					placed[it] = true
				}
			}
		}
	}
	var lead, numbered []string
	if req.Lead != "" {
		lead = append(lead, sentence(req.Lead))
	}
	for i, b := range blocks {
		if b.Heading == "" {
			figures, texts := ownParagraphs(b.Facts, placed)
			lead = append(lead, figures...)
			numbered = append(numbered, texts...)
			continue
		}
		p := sentence(b.Heading) + sentence(b.Lead) + proseSentences(b.Facts)
		for _, f := range b.Facts {
			switch {
			case f.Prose != "":
			case len(f.Items) > 0:
				for _, it := range f.Items {
					p += sentence(it.Title) + sentence(it.Text)
				}
			default:
				p += sentence(withNote(strings.ReplaceAll(f.Value, "；", "、"), f.Note))
			}
		}
		for _, m := range merged[i] {
			p += m
		}
		numbered = append(numbered, p)
	}
	for i := range numbered {
		numbered[i] = "（" + bot.ChineseOrdinal(i+1) + "）" + numbered[i]
	}
	paras := append(lead, numbered...)
	if len(paras) == 0 && req.Tables > 0 {
		paras = append(paras, msgSeeTables)
	}
	return &bot.DraftResult{Text: strings.Join(paras, "\n"), Source: "template", PromptVersion: "template-5"}, nil
}

// msgSeeTables is the text of a section whose tables hold every figure
// and whose answers say nothing more.
const msgSeeTables = "具体数据详见下表。"

// proseSentences writes facts' prose in form order: figures joined into
// one sentence (制发文件381件，办理上级文件1352件。), each passage as the
// sentences it is.
func proseSentences(facts []bot.Fact) string {
	var out string
	var run []bot.Fact
	flush := func() {
		if prose := joinProse(run); prose != "" {
			out += sentence(prose)
		}
		run = nil
	}
	for _, f := range facts {
		switch {
		case f.Prose == "":
		case f.Passage:
			flush()
			out += sentence(withNote(f.Prose, f.Note))
		default:
			run = append(run, f)
		}
	}
	flush()
	return out
}

// joinProse writes the facts' figures as one clause list: 制发文件381件，
// 办理上级文件1352件. A figure with a note carries it after a comma, and
// then the figures are set apart by semicolons, so each note stays with
// its figure: 制发文件381件，已全部办结；办理上级文件1352件. Passages are
// not figures and are left out.
func joinProse(facts []bot.Fact) string {
	var parts []string
	noted := false
	for _, f := range facts {
		if f.Prose == "" || f.Passage {
			continue
		}
		parts = append(parts, withNote(f.Prose, f.Note))
		noted = noted || bot.TrimSentenceEnd(f.Note) != ""
	}
	if noted {
		for i := range parts {
			parts[i] = bot.TrimSentenceEnd(parts[i])
		}
		return strings.Join(parts, "；")
	}
	return joinClauses(parts)
}

// withNote is s followed by its note after a comma, if any.
func withNote(s, note string) string {
	if note = bot.TrimSentenceEnd(note); note != "" {
		return bot.TrimSentenceEnd(s) + "，" + note
	}
	return s
}

// joinClauses joins clauses into one sentence with “，”, each without the
// stop it may end with; clauses about the same thing share its name once
// (行政规范性文件制发5件、废止1件、现行有效25件).
func joinClauses(parts []string) string {
	var out []string
	subject := "" // the name the last clauses share
	first := ""   // the first clause about it
	for _, p := range parts {
		if p = strings.TrimRight(strings.TrimSpace(p), "。；;，,！？"); p == "" {
			continue
		}
		if len(out) > 0 {
			if subject == "" {
				subject = sharedName(first, p)
			}
			if subject != "" && strings.HasPrefix(p, subject) && subject != p && sharedName(first, p) == subject {
				out[len(out)-1] += "、" + strings.TrimPrefix(p, subject)
				continue
			}
		}
		out, subject, first = append(out, p), "", p
	}
	return strings.Join(out, "，")
}

// sharedName is the name two clauses open with (行政规范性文件 of
// 行政规范性文件制发5件 and 行政规范性文件废止1件): their common start,
// before any figure, if it is at least five characters long.
func sharedName(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] && !unicode.IsDigit(ra[n]) {
		n++
	}
	if n < 5 || n == len(ra) || n == len(rb) {
		return ""
	}
	return string(ra[:n])
}

// inYear opens a sentence of the year's figures with 全年, unless it
// already says when (全年, 本年度, 今年…).
func inYear(s string) string {
	for _, w := range []string{"全年", "本年", "今年", "年内", "年度内"} {
		if strings.HasPrefix(s, w) {
			return s
		}
	}
	return "全年" + s
}

// ownParagraphs writes the facts of the section's own questions: their
// figures as one paragraph, followed by the section's 其他数据; each
// passage as a paragraph (both unnumbered); and each other text answer or
// open item (but those placed in a subsection) as a numbered paragraph of
// its own, a cause joined to the shortcoming before it.
func ownParagraphs(facts []bot.Fact, placed map[*bot.Item]bool) (figures, texts []string) {
	var mine, other []bot.Fact
	for _, f := range facts {
		if _, ok := bot.SectionOf(f.QID); ok {
			other = append(other, f)
		} else {
			mine = append(mine, f)
		}
	}
	var p string
	if prose := joinProse(mine); prose != "" {
		p = inYear(prose) + "。"
	}
	if prose := joinProse(other); prose != "" {
		if p != "" {
			prose = "此外，" + prose
		}
		p += prose + "。"
	}
	if p != "" {
		figures = append(figures, p)
	}
	for _, f := range mine {
		if f.Passage && f.Prose != "" {
			figures = append(figures, sentence(withNote(f.Prose, f.Note)))
		}
	}
	var subject string
	for fi := range mine {
		f := &mine[fi]
		switch {
		case f.Subject:
			subject = strings.TrimRight(strings.TrimSpace(f.Value), "。，, ")
		case f.Prose != "":
		case f.Value == "是" || f.Value == "否":
			// A yes/no answer opens or closes other questions; it is not
			// prose of its own.
		case len(f.Items) > 0:
			for ii := range f.Items {
				if it := &f.Items[ii]; !placed[it] {
					texts = append(texts, sentence(it.Title)+sentence(it.Text))
				}
			}
		case strings.Contains(f.Label, "原因") && len(texts) > 0:
			texts[len(texts)-1] += "主要原因是" + sentence(f.Value)
		default:
			texts = append(texts, sentence(withNote(strings.ReplaceAll(f.Value, "；", "、"), f.Note)))
		}
	}
	if subject == "" {
		return figures, texts
	}
	// One paragraph, as the seed's part 三: who, what they did, then the
	// figures (政府办党组书记将法治建设作为……推进。全年开展法治专题学习2次……).
	body := strings.Join(texts, "")
	if !strings.HasPrefix(body, subject) {
		body = subject + body
	}
	if len(figures) > 0 && p != "" {
		body += figures[0]
		figures = figures[1:]
	}
	return append([]string{body}, figures...), nil
}

// plainTitle is a heading without punctuation or spaces, for matching an
// item's title to a subsection.
func plainTitle(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" 　，,。.、；;：:！!？?（）()“”\"", r) {
			return -1
		}
		return r
	}, s)
}

// sentence ends s with 。 unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") {
		return s
	}
	return strings.TrimRight(s, "，,；;") + "。"
}
