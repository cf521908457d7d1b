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

// FactLock is the result of checking a draft's figures against the answers.
type FactLock struct {
	OK        bool             `json:"ok"`
	Checked   int              `json:"checked"`   // figures found and judged
	Unsourced []Span           `json:"unsourced"` // figures with no answer behind them
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
