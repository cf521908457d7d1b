package bot

import (
	"context"
	"time"
)

// Placeholder stands in a draft where a required fact is missing.
const Placeholder = "【待补充】"

// Fact is one answer handed to a Writer as structured data, and checked
// against by the fact lock.
type Fact struct {
	QID   string `json:"qid"`
	Label string `json:"label"`           // the question, shortened
	Value string `json:"value"`           // canonical answer text: 381件, 节能领域
	Prose string `json:"prose,omitempty"` // the figure as the form says it reads: 制发文件381件
	// Note is the remark the contact wrote after a figure (已全部办结,
	// 含电子公文): material for the writer, and a source for the fact lock.
	Note string `json:"note,omitempty"`
	// Figure is a numeric answer's figure (nil for text, lists, items).
	Figure *Figure `json:"-"`
	// Labels are the words that name this figure in a report (the prose
	// before {value}, and the question's labels): a figure right after one
	// of them must be this answer.
	Labels []string `json:"-"`
	// Missing marks a required question with no answer: the draft must say
	// 【待补充】 there.
	Missing bool   `json:"missing,omitempty"`
	Items   []Item `json:"items,omitempty"`
	// Passage marks a free-text answer that reads as sentences of its own
	// (全年在门户网站主动公开政府信息356条，重点公开…。): a draft writes it as
	// it stands, never joined into a sentence of figures.
	Passage bool `json:"passage,omitempty"`
	// Subject marks the answer that opens the section's paragraph as its
	// subject (Question.Subject): 政府办党组书记.
	Subject bool `json:"-"`
	// Quiet marks a figure of zero that the form does not count as news
	// (听证0次, unlike 败诉0件): it is a source for a figure an editor
	// writes, but no draft states it.
	Quiet bool `json:"-"`
}

// DraftBlock is one subsection of a section as a Writer drafts it: the
// report's heading (规范流程，提升服务效能, numbered （一）（二）… by
// position), its lead sentence, and the facts to write in its paragraph.
// The block with no heading holds the section's own questions.
type DraftBlock struct {
	Heading string `json:"heading,omitempty"`
	Lead    string `json:"lead,omitempty"`
	Facts   []Fact `json:"facts"`
}

// DraftRequest is what a Writer drafts one section from.
type DraftRequest struct {
	Dept    string // 区政府办
	Year    int    // the reporting year
	Number  string // 一
	Heading string // the section heading, years filled in
	Kind    string // the section's template name (measures, shortcomings…)
	// Lead is the section's opening sentence, if the form gives one.
	Lead string
	// Report is the report's title (区政府办2025年政府信息公开工作年度报告),
	// for the model's prompt; Tables counts the section's statistical tables, which
	// the report lays out after the text: the text states their totals,
	// never their cells one by one.
	Report string `json:",omitempty"`
	Tables int    `json:",omitempty"`
	// Blocks are the section's subsections that have something to say,
	// in form order, then the section's own questions: what the draft
	// writes, paragraph by paragraph. Quiet zeros and yes/no gates are
	// left out. A request with no Blocks writes its Facts that are not
	// Quiet as one block.
	Blocks []DraftBlock
	// Facts are every answer of the section, in form order: the sources
	// the fact lock checks a draft against.
	Facts []Fact
	// Instruction is an editor's rewrite request; Offending lists figures a
	// previous draft stated without a source, to be removed.
	Instruction string
	Offending   []string
}

// DraftResult is a Writer's text and what it cost.
type DraftResult struct {
	Text             string
	Source           string // "model:<name>" or "template"
	PromptVersion    string
	PromptTokens     int
	CompletionTokens int
}

// Writer drafts a report section. The LLM adapter and the template writer
// implement it; an outage is EUnavailable.
type Writer interface {
	Draft(ctx context.Context, req DraftRequest) (*DraftResult, error)
	// Version identifies the model and prompt, for the draft cache.
	Version() string
}

// Draft is a section's drafted text with its fact-lock result.
type Draft struct {
	Section       string    `json:"section"`
	Text          string    `json:"text"`
	Source        string    `json:"source"`
	PromptVersion string    `json:"prompt_version"`
	Lock          FactLock  `json:"lock"`
	Rewritten     bool      `json:"rewritten"`
	NeedsReview   bool      `json:"needs_review"` // unsourced figures remain; shown marked to editors
	Tokens        int       `json:"tokens"`
	Key           string    `json:"key"` // cache key: hash of facts, writer version
	CreatedAt     time.Time `json:"created_at"`
}

// TemplateMade reports whether the draft came from the template writer, so
// every view can label it.
func (d *Draft) TemplateMade() bool { return d.Source == "template" }

// DraftCache keeps drafts by their key, so unchanged input costs no model
// call. GetDraft returns ENotFound when there is none.
type DraftCache interface {
	GetDraft(ctx context.Context, ref AssignmentRef, key string) (*Draft, error)
	PutDraft(ctx context.Context, ref AssignmentRef, d *Draft) error
}

// WritableFacts are the facts a draft may state: all but the quiet ones
// (zeros that are not news, cells no draft states on their own), which
// are sources only.
func WritableFacts(facts []Fact) []Fact {
	var out []Fact
	for _, f := range facts {
		if !f.Quiet {
			out = append(out, f)
		}
	}
	return out
}
