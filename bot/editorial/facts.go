package editorial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"reportbot/bot"
	"reportbot/bot/figure"
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
		case a.Grid != nil && q.Table != nil:
			out = append(out, tableFacts(q, a)...)
			continue
		case len(a.Items) > 0:
			fact.Items = a.Items
			fact.Value = bot.FormatAnswer(q, a)
		default:
			fact.Value = bot.FormatAnswer(q, a)
			fact.Note = a.Note
			fact.Subject = q.Subject && q.Kind == bot.KindText
			switch {
			case a.Figure != nil:
				fact.Figure = a.Figure
				fact.Labels = factLabels(q)
				if q.Prose != "" {
					fact.Prose = fillValue(q.Prose, fact.Value)
				}
				fact.Quiet = isZero(a.Figure.Value) && !q.ZeroNews
			case q.Prose != "" && (q.Kind == bot.KindText || q.Kind == bot.KindList):
				fact.Prose = fillValue(q.Prose, strings.ReplaceAll(fact.Value, "；", "、"))
				fact.Passage = q.Kind == bot.KindText
			}
		}
		out = append(out, fact)
	}
	out = append(out, OtherFacts(f, sectionIdx, answers)...)
	return append(out, otherTableFacts(f, sectionIdx, answers)...)
}

// isZero reports whether a figure's value is zero.
func isZero(v string) bool {
	r, ok := figure.DecimalRat(v)
	return ok && r.Sign() == 0
}

// draftBlocks groups a section's facts as the draft writes them: one
// block per subsection with something to say, then the section's own
// questions and its 其他数据. Quiet zeros and yes/no gates say nothing.
func draftBlocks(f *bot.Form, sectionIdx int, facts []bot.Fact, vars bot.Vars) []bot.DraftBlock {
	// A table question has a fact per cell, hence a list per question.
	byQ := make(map[string][]bot.Fact, len(facts))
	for _, fact := range facts {
		if q := f.Question(fact.QID); !fact.Quiet && q != nil && (q.Kind != bot.KindYesNo || fact.Prose != "") {
			byQ[fact.QID] = append(byQ[fact.QID], fact)
		}
	}
	collect := func(qs []bot.Question, b bot.DraftBlock) bot.DraftBlock {
		for _, q := range qs {
			b.Facts = append(b.Facts, byQ[q.ID]...)
		}
		return b
	}
	s := f.Sections[sectionIdx]
	var out []bot.DraftBlock
	for _, sub := range s.Subsections {
		if b := collect(sub.Questions, bot.DraftBlock{Heading: vars.Fill(sub.Heading), Lead: vars.Fill(sub.Lead)}); len(b.Facts) > 0 {
			out = append(out, b)
		}
	}
	own := collect(s.Questions, bot.DraftBlock{})
	// The section's 其他数据 are written with its own questions: no
	// question asks for them, so no subsection holds them.
	for _, fact := range facts {
		if _, other := bot.SectionOf(fact.QID); other && !fact.Quiet {
			own.Facts = append(own.Facts, fact)
		}
	}
	if len(own.Facts) > 0 {
		out = append(out, own)
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
