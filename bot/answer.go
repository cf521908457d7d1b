package bot

import (
	"time"

	"reportbot/bot/figure"
)

// AnswerStatus says how a question was dealt with.
type AnswerStatus string

// Answer statuses. A question with no Answer has not been reached yet.
const (
	Answered AnswerStatus = "answered"
	Skipped  AnswerStatus = "skipped" // the contact said 跳过; listed at submission if required
	NotApply AnswerStatus = "na"      // 不涉及: the question does not apply to the department
)

// Figure is a parsed number with its unit and qualifier, kept exactly (see
// package figure).
type Figure = figure.Figure

// Answer is one question's stored answer in canonical form.
type Answer struct {
	QID    string       `json:"qid"`
	Status AnswerStatus `json:"st"`
	// Figure holds numeric answers.
	Figure *Figure `json:"fig,omitempty"`
	// Text holds text, choice, yes/no (是/否) and date (YYYY-MM-DD) answers.
	Text string `json:"txt,omitempty"`
	// List holds list entries.
	List []string `json:"list,omitempty"`
	// Items holds open measure items.
	Items []Item `json:"items,omitempty"`
	// Grid holds a table answer: "row.col" → exact decimal.
	Grid map[string]string `json:"grid,omitempty"`
	// Why is the contact's explanation for keeping an answer that breaks
	// one of the form's arithmetic rules.
	Why string `json:"why,omitempty"`
	// Note is the remark written after a figure (64件，已全部办结 →
	// 已全部办结): shown beside the answer and given to the writer.
	Note string `json:"note,omitempty"`
	// Wrote is the figure as the contact wrote it (53宗, 两成) when the
	// stored figure reads differently, for the echo and the audit.
	Wrote string `json:"wrote,omitempty"`
	// Raw is what the contact typed, kept for the audit trail.
	Raw string    `json:"raw,omitempty"`
	By  string    `json:"by,omitempty"`
	At  time.Time `json:"at"`
}

// Item is one open measure item: a short title, what was done, and the
// figures found in it.
type Item struct {
	Title   string   `json:"title"`
	Text    string   `json:"text"`
	Figures []Figure `json:"figs,omitempty"`
}

// Empty reports whether a has no content (skipped, not applicable or unset).
func (a *Answer) Empty() bool {
	return a == nil || a.Status != Answered
}
