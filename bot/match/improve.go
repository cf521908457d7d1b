package match

import (
	"reportbot/bot"
)

// Request builds what a FigureMatcher is asked about res: the figure
// questions of form that open reports as still open and no match took,
// and the unmatched figures.
func Request(form *bot.Form, res Result, open func(*bot.Question) bool) bot.MatchRequest {
	var req bot.MatchRequest
	taken := map[string]bool{}
	for _, m := range res.Matches {
		taken[m.QID] = true
	}
	for _, q := range form.Questions() {
		if q.Kind.Numeric() && !taken[q.ID] && open(q) {
			req.Questions = append(req.Questions, bot.MatchQuestion{ID: q.ID, Label: q.Short(), Unit: q.Unit})
		}
	}
	for i, u := range res.Unmatched {
		req.Figures = append(req.Figures, bot.MatchFigure{N: i + 1, Text: u.Text, Sentence: u.Sentence})
	}
	return req
}

// Improve applies a FigureMatcher's proposals to res: a proposal binds an
// unmatched figure to a question no match took, only when the figure fits
// the question's unit and parses as its answer, and Verify finds the
// value in text. Anything else proposed is ignored.
func Improve(form *bot.Form, text string, res Result, props []bot.MatchProposal) Result {
	taken := map[string]bool{}
	for _, m := range res.Matches {
		taken[m.QID] = true
	}
	used := map[int]bool{}
	var added []Match
	for _, p := range props {
		q := form.Question(p.QID)
		i := p.Figure - 1
		if q == nil || !q.Kind.Numeric() || taken[q.ID] || i < 0 || i >= len(res.Unmatched) || used[i] {
			continue
		}
		u := res.Unmatched[i]
		if !unitFits(q, spanOf(u)) {
			continue
		}
		ans, err := bot.ParseAnswer(q, u.Text)
		if err != nil || ans.Figure == nil {
			continue
		}
		added = append(added, Match{QID: q.ID, Number: q.Number, Answer: ans, Text: u.Text, Sentence: u.Sentence, Score: 0.5})
		taken[q.ID], used[i] = true, true
	}
	added = Verify(form, text, added)
	out := Result{Year: res.Year, Matches: append(append([]Match(nil), res.Matches...), added...)}
	for i, u := range res.Unmatched {
		if !used[i] || !verified(added, u) {
			out.Unmatched = append(out.Unmatched, u)
		}
	}
	sortMatches(out.Matches)
	return out
}
