package editorial

import (
	"reportbot/bot"
	"reportbot/bot/figure"
)

// OtherFacts are a section's 其他数据: figures a contact gave that no
// question asks for (开展消防检查6次), each a fact with its label, so the
// writer may use them and the fact lock accepts them as sources.
func OtherFacts(f *bot.Form, sectionIdx int, answers map[string]*bot.Answer) []bot.Fact {
	if sectionIdx < 0 || sectionIdx >= len(f.Sections) {
		return nil
	}
	qid := bot.OtherQID(f.Sections[sectionIdx].ID)
	a := answers[qid]
	if a == nil || a.Status != bot.Answered {
		return nil
	}
	var out []bot.Fact
	for _, it := range a.Items {
		for _, fig := range it.Figures {
			fig := fig
			v := figure.Format(fig)
			out = append(out, bot.Fact{QID: qid, Label: it.Title, Value: v, Prose: it.Title + v, Figure: &fig,
				Labels: []string{it.Title}})
		}
	}
	return out
}
