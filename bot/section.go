package bot

import (
	"context"
	"time"
)

// SectionVersion is one text of a section.
type SectionVersion struct {
	N             int       `json:"n"`
	Text          string    `json:"text"`
	Source        string    `json:"source"` // model, template or editor
	By            string    `json:"by"`     // the writer's version or the editor's user id
	At            time.Time `json:"at"`
	PromptVersion string    `json:"prompt_version,omitempty"`
	Instruction   string    `json:"instruction,omitempty"` // the editor's 重写 request, if any
	Lock          FactLock  `json:"lock"`
	DraftKey      string    `json:"draft_key,omitempty"` // the answers it was drafted from
	// Kept are the flags an editor kept on purpose, each with a reason.
	Kept []Keep `json:"kept,omitempty"`
}

// Keep is an editor's decision to keep one flagged figure or claim of a
// version as it is: what was flagged, why it stays, who decided and when.
// It is shown in the version history and exported with the report.
type Keep struct {
	Text    string    `json:"text"` // the flagged words
	Kind    string    `json:"kind"`
	Message string    `json:"message"` // the flag's message when kept
	Reason  string    `json:"reason"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// OpenFlags returns the flags of lock that no Keep covers: each Keep
// covers one flag of the same words and kind.
func OpenFlags(lock FactLock, kept []Keep) []Flag {
	used := make([]bool, len(kept))
	var open []Flag
	for _, f := range lock.Flags {
		covered := false
		for i, k := range kept {
			if !used[i] && k.Text == f.Text && k.Kind == f.Kind {
				used[i], covered = true, true
				break
			}
		}
		if !covered {
			open = append(open, f)
		}
	}
	return open
}

// Spans returns the spans of flags, for marking a text.
func Spans(flags []Flag) []Span {
	out := make([]Span, 0, len(flags))
	for _, f := range flags {
		out = append(out, f.Span)
	}
	return out
}

// Label says where a version came from, in Chinese.
func (v SectionVersion) Label() string {
	switch v.Source {
	case "template":
		return "模板生成"
	case "editor":
		return "审稿人修改"
	}
	return "模型起草（" + v.By + "）"
}

// SectionState is one section of one department's report under review.
type SectionState struct {
	Section     string           `json:"section"`
	Versions    []SectionVersion `json:"versions"`
	Current     int              `json:"current"`           // N of the version in use
	Pending     *SectionVersion  `json:"pending,omitempty"` // an editor's pasted text, shown back, not yet adopted
	Confirmed   bool             `json:"confirmed"`
	ConfirmedBy string           `json:"confirmed_by,omitempty"`
	ConfirmedAt time.Time        `json:"confirmed_at"`
	Stale       bool             `json:"stale,omitempty"` // answers changed after confirmation
}

// CurrentVersion returns the version in use, or nil.
func (s *SectionState) CurrentVersion() *SectionVersion {
	for i := range s.Versions {
		if s.Versions[i].N == s.Current {
			return &s.Versions[i]
		}
	}
	return nil
}

// Add appends v as the next version and makes it current; a new version
// is never confirmed. It returns the version as stored.
func (s *SectionState) Add(v SectionVersion) SectionVersion {
	v.N = len(s.Versions) + 1
	s.Versions = append(s.Versions, v)
	s.Current = v.N
	s.Confirmed = false
	return v
}

// EditorialStore keeps sections under review.
type EditorialStore interface {
	// Sections returns every section state of an assignment by section id.
	Sections(ctx context.Context, ref AssignmentRef) (map[string]*SectionState, error)
	// UpdateSection applies fn to one section's state atomically, once per
	// msgKey (a retried editor message changes nothing twice): applied is
	// false when msgKey was seen before. fn gets a zero state for a new
	// section; returning an error aborts.
	UpdateSection(ctx context.Context, ref AssignmentRef, section, msgKey string, fn func(*SectionState) error) (applied bool, err error)
	// SetEditing and Editing keep the section ("round/dept#section") an
	// editor is working on, for 重写, pasted texts and 版本.
	SetEditing(ctx context.Context, user, section string) error
	Editing(ctx context.Context, user string) (string, error)
}
