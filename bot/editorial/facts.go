package editorial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"reportbot/bot"
)

// draftKey hashes everything a draft depends on.
func draftKey(req bot.DraftRequest, writer string) string {
	b, _ := json.Marshal(struct {
		R bot.DraftRequest
		W string
	}{req, writer})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// SectionFacts builds the facts of one section from an assignment's
// answers, in form order; gated questions that do not apply are left out.
func SectionFacts(f *bot.Form, sectionIdx int, answers map[string]*bot.Answer) []bot.Fact {
	var out []bot.Fact
	for _, q := range f.Questions() {
		if q.Section != sectionIdx || !f.Applies(q, answers) {
			continue
		}
		a := answers[q.ID]
		fact := bot.Fact{QID: q.ID, Label: q.Short()}
		switch {
		case a == nil || a.Status == bot.Skipped:
			if q.Optional {
				continue
			}
			fact.Missing = true
			fact.Value = bot.Placeholder
			if q.Prose != "" {
				fact.Prose = fillValue(q.Prose, bot.Placeholder)
			}
		case a.Status == bot.NotApply:
			continue
		case len(a.Items) > 0:
			fact.Items = a.Items
			fact.Value = bot.FormatAnswer(q, a)
		default:
			fact.Value = bot.FormatAnswer(q, a)
			if a.Figure != nil {
				fact.Figure = a.Figure
				fact.Labels = factLabels(q)
				if q.Prose != "" {
					fact.Prose = fillValue(q.Prose, fact.Value)
				}
			}
		}
		out = append(out, fact)
	}
	return out
}

// fillValue puts a canonical value into a prose pattern.
func fillValue(prose, value string) string { return strings.ReplaceAll(prose, "{value}", value) }

// factLabels are the words that name q's figure in a report.
func factLabels(q *bot.Question) []string {
	var out []string
	if l := q.ProseLabel(); l != "" {
		out = append(out, l)
	}
	return append(out, q.Labels...)
}
