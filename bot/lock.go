package bot

// Span is a piece of a draft, by byte offsets.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// SentenceSource links one sentence of a draft to the questions whose
// answers its figures came from.
type SentenceSource struct {
	Text string   `json:"text"`
	QIDs []string `json:"qids"`
}

// FactLock is the result of checking a text against the answers: every
// figure and every claim of an honour or rank it makes.
type FactLock struct {
	OK      bool `json:"ok"`
	Checked int  `json:"checked"` // figures and claims found and judged
	// Flags lists what no answer supports, each with a Chinese message.
	Flags []Flag `json:"flags"`
	// Unsourced holds the spans of Flags, for marking a text with 【？】.
	Unsourced []Span           `json:"unsourced"`
	Sentences []SentenceSource `json:"sentences"` // provenance
	// Sourced lists each judged figure with the questions it came from,
	// for showing a figure's source beside the draft.
	Sourced []SourcedSpan `json:"sourced,omitempty"`
}

// SourcedSpan is a figure of a draft and the questions whose answers
// carry it.
type SourcedSpan struct {
	Span
	QIDs []string `json:"qids"`
}

// Flag kinds.
const (
	FlagFigure    = "figure"    // a figure no answer gave
	FlagQualifier = "qualifier" // an answer's figure with 约/余/超过… dropped, added or changed
	FlagLabel     = "label"     // a figure beside a question's label that is not that question's answer
	FlagPlace     = "place"     // a figure from a free-text answer used away from what that answer says
	FlagClaim     = "claim"     // an honour, title or rank no answer states
)

// Flag is one thing in a text that no answer supports.
type Flag struct {
	Span
	Kind    string `json:"kind"`
	Message string `json:"message"` // plain Chinese: 答案为“约450人次”，稿中写作“450人次”
}
