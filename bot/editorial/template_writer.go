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
func (TemplateWriter) Version() string { return "template-1" }

// Draft writes the section deterministically: the figures as one
// paragraph, then text answers and open items as numbered paragraphs in
// the seed's （一）（二） style; missing facts read 【待补充】.
func (TemplateWriter) Draft(_ context.Context, req bot.DraftRequest) (*bot.DraftResult, error) {
	var paras []string
	var figures []string
	for _, f := range req.Facts {
		if f.Prose != "" {
			figures = append(figures, f.Prose)
		}
	}
	if len(figures) > 0 {
		paras = append(paras, "全年"+strings.Join(figures, "，")+"。")
	}
	for _, f := range req.Facts {
		switch {
		case f.Prose != "":
		case f.Value == "是" || f.Value == "否":
			// A yes/no answer opens or closes other questions; it is not
			// prose of its own.
		case len(f.Items) > 0:
			for _, it := range f.Items {
				paras = append(paras, sentence(it.Title)+sentence(it.Text))
			}
		case strings.Contains(f.Label, "原因") && len(paras) > 0:
			paras[len(paras)-1] += "主要原因是" + sentence(f.Value)
		default:
			paras = append(paras, sentence(strings.ReplaceAll(f.Value, "；", "、")))
		}
	}
	for i := range paras {
		if i > 0 || len(figures) == 0 {
			paras[i] = "（" + bot.ChineseOrdinal(i+boolInt(len(figures) == 0)) + "）" + paras[i]
		}
	}
	return &bot.DraftResult{Text: strings.Join(paras, "\n"), Source: "template", PromptVersion: "template-1"}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sentence ends s with 。 unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") {
		return s
	}
	return strings.TrimRight(s, "，,；;") + "。"
}
