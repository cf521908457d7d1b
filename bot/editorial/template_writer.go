package editorial

import (
	"context"
	"strings"

	"reportbot/bot"
)

// TemplateWriter drafts a section from the form's sentence patterns, with
// no model: used when no API key is configured, and as the fallback when
// the model keeps failing. Its drafts are labelled template-made.
type TemplateWriter struct{}

var _ bot.Writer = TemplateWriter{}

// Version identifies the template writer in the draft cache.
func (TemplateWriter) Version() string { return "template-2" }

// Draft writes the section deterministically, the way the seed report
// reads: the section's lead; each subsection as one paragraph numbered
// （一）（二）…, its heading first, then its lead, its figures in one
// sentence, its text answers, and any open item titled like the heading;
// then the section's own questions: their figures as one paragraph, text
// answers and the remaining open items as numbered paragraphs. Missing
// facts read 【待补充】.
func (TemplateWriter) Draft(_ context.Context, req bot.DraftRequest) (*bot.DraftResult, error) {
	blocks := req.Blocks
	if len(blocks) == 0 && len(req.Facts) > 0 {
		blocks = []bot.DraftBlock{{Facts: req.Facts}}
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
		p := sentence(b.Heading) + sentence(b.Lead)
		var prose []string
		for _, f := range b.Facts {
			if f.Prose != "" {
				prose = append(prose, f.Prose)
			}
		}
		if len(prose) > 0 {
			p += sentence(strings.Join(prose, "，"))
		}
		for _, f := range b.Facts {
			switch {
			case f.Prose != "":
			case len(f.Items) > 0:
				for _, it := range f.Items {
					p += sentence(it.Title) + sentence(it.Text)
				}
			default:
				p += sentence(strings.ReplaceAll(f.Value, "；", "、"))
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
	return &bot.DraftResult{Text: strings.Join(append(lead, numbered...), "\n"), Source: "template", PromptVersion: "template-2"}, nil
}

// ownParagraphs writes the facts of the section's own questions: their
// figures as one paragraph, and each text answer or open item (but those
// placed in a subsection) as a paragraph of its own, a cause joined to
// the shortcoming before it.
func ownParagraphs(facts []bot.Fact, placed map[*bot.Item]bool) (figures, texts []string) {
	var prose []string
	for _, f := range facts {
		if f.Prose != "" {
			prose = append(prose, f.Prose)
		}
	}
	if len(prose) > 0 {
		figures = append(figures, "全年"+strings.Join(prose, "，")+"。")
	}
	for fi := range facts {
		f := &facts[fi]
		switch {
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
			texts = append(texts, sentence(strings.ReplaceAll(f.Value, "；", "、")))
		}
	}
	return figures, texts
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
