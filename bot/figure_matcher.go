package bot

import "context"

// FigureMatcher proposes, for the figures of a pasted text that no rule
// bound to a question, which open question each answers. The LLM adapter
// implements it. Proposals are only hints: the caller keeps one only when
// its figure is in the text, fits the question's unit and parses as its
// answer (the fact lock in reverse), so a model can never add a value.
type FigureMatcher interface {
	MatchFigures(ctx context.Context, req MatchRequest) ([]MatchProposal, error)
}

// MatchRequest is what a FigureMatcher is asked: the open questions and
// the unbound figures, each with the sentence it stands in.
type MatchRequest struct {
	Questions []MatchQuestion `json:"questions"`
	Figures   []MatchFigure   `json:"figures"`
}

// MatchQuestion is an open figure question.
type MatchQuestion struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
}

// MatchFigure is an unbound figure; N numbers it from 1.
type MatchFigure struct {
	N        int    `json:"n"`
	Text     string `json:"text"`
	Sentence string `json:"sentence"`
}

// MatchProposal binds figure N to question QID.
type MatchProposal struct {
	Figure int    `json:"figure"`
	QID    string `json:"qid"`
}
