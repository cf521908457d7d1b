package bot

// Batch is a set of answers read from one message — several figures of a
// chat message, or a whole pasted text or file — shown back as one table
// and waiting for 是 before all are stored together.
type Batch struct {
	// Rows are the answers found, in form order.
	Rows []BatchRow `json:"rows"`
	// Paste marks a pasted text or file (shown as a table); otherwise the
	// batch came from one chat message and is shown as one line.
	Paste bool `json:"paste,omitempty"`
	// Other holds figures no question asks for, kept as 其他数据 of the
	// current section when the batch is confirmed.
	Other []OtherFigure `json:"oth,omitempty"`
	// LastYear, when set, is the earlier year the pasted text reports on:
	// its rows are kept as last year's values for the year-over-year
	// check, not as answers.
	LastYear int `json:"ly,omitempty"`
	// Unbound counts the figures of a pasted text that no question
	// claims; they are said, not kept.
	Unbound int `json:"ub,omitempty"`
}

// BatchRow is one answer of a Batch and the sentence it came from.
type BatchRow struct {
	Answer   *Answer `json:"a"`
	Sentence string  `json:"s"`
}

// OtherFigure is a figure the contact gave that no question of the form
// asks for (开展消防检查6次): kept with its label as 其他数据 of a section,
// for the writer to use and the fact lock to accept.
type OtherFigure struct {
	Section  string `json:"sec"`
	Label    string `json:"l"`
	Figure   Figure `json:"f"`
	Sentence string `json:"s,omitempty"`
}

// OtherQID is the answer key under which a section's 其他数据 are kept:
// an Answer whose Items each hold one figure (Title the label, Text the
// sentence). No question has this id, so forms never ask it.
func OtherQID(section string) string { return "other." + section }

// LastYearQID is the answer key under which a figure of last year's
// report, pasted by a contact, is kept for question qid: the
// year-over-year check reads it when no earlier round gives one.
func LastYearQID(qid string) string { return "lastyear." + qid }
