package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Editors review each section draft in WeCom: every draft and every edit is
// a numbered version (who, when, model or editor, prompt version, fact-lock
// result); one version is current; 确认 records who confirmed it. A section
// whose answers change after it was confirmed becomes stale and the
// editors are told. When every section of a department is confirmed, its
// report is assembled and the coordinator and the contacts are told.

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
}

// Label says where a version came from, in Chinese.
func (v SectionVersion) Label() string {
	switch v.Source {
	case "template":
		return "模板生成"
	case "editor":
		return "编辑 " + v.By + " 修改"
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

// add appends v as the next version and makes it current; a new version
// is never confirmed. It returns the version as stored.
func (s *SectionState) add(v SectionVersion) SectionVersion {
	v.N = len(s.Versions) + 1
	s.Versions = append(s.Versions, v)
	s.Current = v.N
	s.Confirmed = false
	return v
}

// storeVersion adds v as the current version of a section, once per key.
// applied is false when key was seen before (saved is then zero).
func (ed *Editorial) storeVersion(ctx context.Context, ref AssignmentRef, section, key string, v SectionVersion) (saved SectionVersion, applied bool, err error) {
	applied, err = ed.Store.UpdateSection(ctx, ref, section, key, func(s *SectionState) error {
		s.Section = section
		saved = s.add(v)
		return nil
	})
	return saved, applied, err
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

// CardUpdater greys out a clicked card for everyone who got it.
type CardUpdater interface {
	UpdateCard(ctx context.Context, users []string, responseCode, label string) error
}

// Editorial runs the editors' side.
type Editorial struct {
	Store     EditorialStore
	Rounds    Store
	Drafter   *Drafter
	Jobs      Jobs
	Cards     CardUpdater // nil: cards are not updated
	Editors   []string
	Notify    []string // told when a report is complete (coordinators)
	Clock     Clock
	Log       *slog.Logger
	ReportURL func(ref AssignmentRef) string // optional link shown when a report is ready
}

func (ed *Editorial) now() time.Time {
	if ed.Clock == nil {
		return time.Now()
	}
	return ed.Clock.Now()
}

func (ed *Editorial) log() *slog.Logger {
	if ed.Log == nil {
		return slog.Default()
	}
	return ed.Log
}

// versionFrom makes a version of a draft.
func versionFrom(d *Draft, at time.Time) SectionVersion {
	by := d.Source
	if d.Source != "template" {
		by = strings.TrimPrefix(d.Source, "model:")
	}
	src := "model"
	if d.TemplateMade() {
		src = "template"
	}
	return SectionVersion{Text: d.Text, Source: src, By: by, At: at, PromptVersion: d.PromptVersion, Lock: d.Lock, DraftKey: d.Key}
}

// Publish records new drafts of an assignment's sections and asks the
// editors to review each changed one. A confirmed section whose answers
// changed becomes stale. key makes a retried publication change nothing
// twice.
func (ed *Editorial) Publish(ctx context.Context, r *Round, a *Assignment, drafts []*Draft, key string) error {
	for _, d := range drafts {
		idx := r.Form.sectionIndex(d.Section)
		if idx < 0 {
			continue
		}
		var changed, stale bool
		_, err := ed.Store.UpdateSection(ctx, a.Ref, d.Section, "publish:"+key+":"+d.Section, func(s *SectionState) error {
			s.Section = d.Section
			if cur := s.CurrentVersion(); cur != nil && cur.DraftKey == d.Key {
				return nil // the same answers: nothing new to review
			}
			changed = true
			if s.Confirmed {
				s.Stale, stale = true, true
			}
			s.add(versionFrom(d, ed.now()))
			return nil
		})
		if err != nil {
			return err
		}
		if changed {
			ed.askEditors(ctx, r, a.Ref, idx, d, stale, key)
		}
	}
	return nil
}

// Card keys of the editors' buttons; "<ref>#<section>" follows a space.
const (
	keyEdConfirm = "稿件确认"
	keyEdRewrite = "稿件重写"
	keyEdWeb     = "网页编辑"
)

func sectionKey(ref AssignmentRef, section string) string { return ref.String() + "#" + section }

// parseSectionKey reads "round/dept#section".
func parseSectionKey(s string) (AssignmentRef, string, bool) {
	refPart, section, ok := strings.Cut(strings.TrimSpace(s), "#")
	round, dept, ok2 := strings.Cut(refPart, "/")
	if !ok || !ok2 || round == "" || dept == "" || section == "" {
		return AssignmentRef{}, "", false
	}
	return AssignmentRef{Round: round, Dept: dept}, section, true
}

// askEditors sends the draft text and a review card to every editor.
func (ed *Editorial) askEditors(ctx context.Context, r *Round, ref AssignmentRef, idx int, d *Draft, stale bool, key string) {
	if ed.Jobs == nil {
		return
	}
	s := r.Form.Sections[idx]
	head := fmt.Sprintf("%s · %s、%s", deptLabel(r, ref.Dept), s.Number, FillYear(s.Heading, r.Year))
	body := markSpans(d.Text, d.Lock.Unsourced)
	status := fmt.Sprintf("核验数字 %d 个，全部有出处。", d.Lock.Checked)
	if len(d.Lock.Unsourced) > 0 {
		var spans []string
		for _, sp := range d.Lock.Unsourced {
			spans = append(spans, sp.Text)
		}
		status = fmt.Sprintf("核验数字 %d 个，其中 %d 处找不到出处（已用【？】标出）：%s。", d.Lock.Checked, len(spans), strings.Join(spans, "、"))
	}
	label := "模型起草"
	if d.TemplateMade() {
		label = "模板生成"
	}
	prefix := "【待审稿】"
	if stale {
		prefix = "【答案已变化，请重新确认】"
	}
	sk := sectionKey(ref, s.ID)
	text := Reply{Text: fmt.Sprintf("%s%s（%s）\n\n%s", prefix, head, label, body)}
	card := Reply{Text: fmt.Sprintf("审稿：%s\n%s%s", clipRunes(head, 30), status, "\n确认后计入正式报告；重写可附要求；网页编辑可对照答案修改。"),
		Buttons: []Button{{Key: keyEdConfirm + " " + sk, Text: "确认"}, {Key: keyEdRewrite + " " + sk, Text: "重写"}, {Key: keyEdWeb + " " + sk, Text: "网页编辑"}}}
	for _, u := range ed.Editors {
		if err := ed.Jobs.EnqueueSend(ctx, "review-draft:"+sk+":"+key+":"+d.Key[:min(12, len(d.Key))]+":"+u, u, []Reply{text, card}); err != nil {
			ed.log().Error("could not queue a draft for review", "editor", u, "section", sk, "err", err)
		}
	}
}

// markSpans puts 【？】 after each unsourced figure.
func markSpans(text string, spans []Span) string {
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.End < last || sp.End > len(text) {
			continue
		}
		b.WriteString(text[last:sp.End])
		b.WriteString("【？】")
		last = sp.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// sectionIndex returns the index of section id, or -1.
func (f *Form) sectionIndex(id string) int {
	for i, s := range f.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// LockText fact-checks an editor's text for one section against the
// department's answers.
func LockText(r *Round, a *Assignment, sectionIdx int, text string) FactLock {
	return CheckFacts(text, SectionFacts(r.Form, sectionIdx, a.Answers), labelFacts(r, a), r.Year)
}
