package llmtest

import (
	"encoding/json"
	"strings"

	"reportbot/bot"
)

// matchFigures answers a figure-matching request as a careful model
// would: each figure goes to the open question of its unit whose label
// shares the most characters with the words just before the figure. An
// Inventor also binds a figure that does not exist and a question of
// another unit, which the caller must refuse.
func matchFigures(b Behaviour, prompt string) string {
	start := strings.Index(prompt, "<<<匹配开始>>>") + len("<<<匹配开始>>>")
	end := strings.Index(prompt, "<<<匹配结束>>>")
	var req bot.MatchRequest
	json.Unmarshal([]byte(strings.TrimSpace(prompt[start:end])), &req)
	pairs := []bot.MatchProposal{}
	taken := map[string]bool{}
	for _, f := range req.Figures {
		before := f.Sentence
		if i := strings.Index(before, f.Text); i >= 0 {
			before = before[:i]
		}
		if rs := []rune(before); len(rs) > 12 {
			before = string(rs[len(rs)-12:])
		}
		best, bestN := "", 1
		for _, q := range req.Questions {
			if taken[q.ID] || !strings.HasSuffix(f.Text, q.Unit) {
				continue
			}
			n := 0
			for _, r := range q.Label {
				if strings.ContainsRune(before, r) {
					n++
				}
			}
			if n > bestN {
				best, bestN = q.ID, n
			}
		}
		if best != "" {
			taken[best] = true
			pairs = append(pairs, bot.MatchProposal{Figure: f.N, QID: best})
		}
	}
	if b == Inventor {
		pairs = append(pairs, bot.MatchProposal{Figure: 99, QID: "docs_issued"})
		for _, q := range req.Questions {
			if q.Unit == "%" && len(req.Figures) > 0 && !strings.HasSuffix(req.Figures[0].Text, "%") {
				pairs = append(pairs, bot.MatchProposal{Figure: 1, QID: q.ID})
				break
			}
		}
	}
	out, _ := json.Marshal(map[string]any{"pairs": pairs})
	return string(out)
}
