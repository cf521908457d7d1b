package editorial

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/factlock"
)

// Editors review each section draft in WeCom: every draft and every edit is
// a numbered version (who, when, model or editor, prompt version, fact-lock
// result); one version is current; 确认 records who confirmed it. A section
// whose answers change after it was confirmed becomes stale and the
// editors are told. When every section of a department is confirmed, its
// report is assembled and the coordinator and the contacts are told.

// storeVersion adds v as the current version of a section, once per key.
// applied is false when key was seen before (saved is then zero).
func (ed *Editorial) storeVersion(ctx context.Context, ref bot.AssignmentRef, section, key string, v bot.SectionVersion) (saved bot.SectionVersion, applied bool, err error) {
	applied, err = ed.Store.UpdateSection(ctx, ref, section, key, func(s *bot.SectionState) error {
		s.Section = section
		saved = s.Add(v)
		return nil
	})
	return saved, applied, err
}

// RoundReader reads a round by id: the store, or a replica's copy of it.
type RoundReader interface {
	Round(ctx context.Context, id string) (*bot.Round, error)
}

// Editorial runs the editors' side.
type Editorial struct {
	Store  bot.EditorialStore
	Rounds bot.Store
	// DraftRounds, if set, reads the round a drafting job drafts for:
	// the replica's short-lived copy the conversation engine keeps
	// (chat.Engine.Round), which a submission has just read, instead of
	// the whole round decoded again from the store for each submission.
	// Nil reads Rounds.
	DraftRounds RoundReader
	Drafter     *Drafter
	Jobs        bot.Jobs
	// Roster names the editors (sent every draft) and the coordinators
	// (told when a report is complete).
	Roster    *bot.LiveRoster
	Clock     bot.Clock
	Log       *slog.Logger
	ReportURL func(ref bot.AssignmentRef) string // optional link shown when a report is ready
}

// name writes a person by name, for editors and coordinators to read.
func (ed *Editorial) name(user string) string { return bot.PersonName(ed.Roster.Get(), user) }

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
func versionFrom(d *bot.Draft, at time.Time) bot.SectionVersion {
	by := d.Source
	if d.Source != "template" {
		by = strings.TrimPrefix(d.Source, "model:")
	}
	src := "model"
	if d.TemplateMade() {
		src = "template"
	}
	return bot.SectionVersion{Text: d.Text, Source: src, By: by, At: at, PromptVersion: d.PromptVersion, Lock: d.Lock, DraftKey: d.Key}
}

// Publish records new drafts of an assignment's sections and asks the
// editors to review each changed one. A confirmed section whose answers
// changed becomes stale. key makes a retried publication change nothing
// twice.
func (ed *Editorial) Publish(ctx context.Context, r *bot.Round, a *bot.Assignment, drafts []*bot.Draft, key string) error {
	for _, d := range drafts {
		idx := r.Form.SectionIndex(d.Section)
		if idx < 0 {
			continue
		}
		var changed, stale bool
		_, err := ed.Store.UpdateSection(ctx, a.Ref, d.Section, "publish:"+key+":"+d.Section, func(s *bot.SectionState) error {
			s.Section = d.Section
			if cur := s.CurrentVersion(); cur != nil && cur.DraftKey == d.Key {
				return nil // the same answers: nothing new to review
			}
			changed = true
			if s.Confirmed {
				s.Stale, stale = true, true
			}
			s.Add(versionFrom(d, ed.now()))
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
	KeyConfirm = "稿件确认"
	KeyRewrite = "稿件重写"
	KeyWeb     = "网页编辑"
)

// SectionKey names one section of one department: "round/dept#section".
func SectionKey(ref bot.AssignmentRef, section string) string { return ref.String() + "#" + section }

// parseSectionKey reads "round/dept#section".
func ParseSectionKey(s string) (bot.AssignmentRef, string, bool) {
	refPart, section, ok := strings.Cut(strings.TrimSpace(s), "#")
	round, dept, ok2 := strings.Cut(refPart, "/")
	if !ok || !ok2 || round == "" || dept == "" || section == "" {
		return bot.AssignmentRef{}, "", false
	}
	return bot.AssignmentRef{Round: round, Dept: dept}, section, true
}

// askEditors sends the draft text and a review card to every editor.
func (ed *Editorial) askEditors(ctx context.Context, r *bot.Round, ref bot.AssignmentRef, idx int, d *bot.Draft, stale bool, key string) {
	if ed.Jobs == nil {
		return
	}
	s := r.Form.Sections[idx]
	head := fmt.Sprintf("%s · %s、%s", r.DeptLabel(ref.Dept), s.Number, bot.FillYear(s.Heading, r.Year))
	body := factlock.Mark(d.Text, d.Lock.Unsourced)
	status := reviewStatus(d.Text, d.Lock)
	label := "模型起草"
	if d.TemplateMade() {
		label = "模板生成"
	}
	prefix := "【待审稿】"
	if stale {
		prefix = "【答案已变化，请重新确认】"
	}
	sk := SectionKey(ref, s.ID)
	text := bot.Reply{Text: fmt.Sprintf("%s%s（%s）\n\n%s", prefix, head, label, body)}
	card := bot.Reply{Text: fmt.Sprintf("审稿：%s\n%s%s", bot.Clip(head, 30), status, "\n确认后计入正式报告；重写可附要求；网页编辑可对照答案修改。"),
		Buttons: []bot.Button{{Key: KeyConfirm + " " + sk, Text: "确认"}, {Key: KeyRewrite + " " + sk, Text: "重写"}, {Key: KeyWeb + " " + sk, Text: "网页编辑"}}}
	for _, u := range ed.editors() {
		if err := ed.Jobs.EnqueueSend(ctx, "review-draft:"+sk+":"+key+":"+d.Key[:min(12, len(d.Key))]+":"+u, u, []bot.Reply{text, card}); err != nil {
			ed.log().Error("could not queue a draft for review", "editor", u, "section", sk, "err", err)
		}
	}
}

// LockText fact-checks an editor's text for one section against the
// department's answers.
func LockText(r *bot.Round, a *bot.Assignment, sectionIdx int, text string) bot.FactLock {
	return factlock.Check(text, SectionFacts(r.FormFor(a.Ref.Dept), sectionIdx, a.Answers), labelFacts(r, a), r.Year)
}

// CheckText fact-checks any text (a draft, a paragraph written elsewhere)
// against all of a department's answers, whatever section it belongs to.
func CheckText(r *bot.Round, a *bot.Assignment, text string) bot.FactLock {
	form := r.FormFor(a.Ref.Dept)
	var facts []bot.Fact
	for i := range form.Sections {
		facts = append(facts, SectionFacts(form, i, a.Answers)...)
	}
	return factlock.Check(text, facts, labelFacts(r, a), r.Year)
}

// editors are the roster's editors (none without a roster).
func (ed *Editorial) editors() []string {
	return ed.Roster.Get().Editors
}

// coordinators are told when a department's report is complete.
func (ed *Editorial) coordinators() []string {
	return ed.Roster.Get().Coordinators
}

// ParseCardKey reads the key of an editor's card button: "稿件确认
// round/dept#section" and the like.
func ParseCardKey(text string) (key string, ref bot.AssignmentRef, section string, ok bool) {
	for _, k := range []string{KeyConfirm, KeyRewrite, KeyWeb} {
		if rest, found := strings.CutPrefix(text, k+" "); found {
			ref, section, ok = ParseSectionKey(rest)
			return k, ref, section, ok
		}
	}
	return "", bot.AssignmentRef{}, "", false
}

// lockStatus says in one line what the fact lock found in a text: all
// sourced, or which figures and claims have no answer behind them.
func lockStatus(lock bot.FactLock) string {
	if len(lock.Flags) == 0 {
		return fmt.Sprintf("核验数字和说法 %d 处，全部有出处。", lock.Checked)
	}
	var what []string
	for i, f := range lock.Flags {
		if i == 5 {
			what = append(what, fmt.Sprintf("等共 %d 处", len(lock.Flags)))
			break
		}
		what = append(what, "“"+f.Text+"”")
	}
	return fmt.Sprintf("核验数字和说法 %d 处，其中 %d 处在填报答案中找不到依据（已用【？】标出）：%s。确认前须修改，或说明理由后保留。",
		lock.Checked, len(lock.Flags), strings.Join(what, "、"))
}

// reviewStatus is lockStatus, then the marks of what is still missing
// (【待补充】), which must be filled in before the section is confirmed.
func reviewStatus(text string, lock bot.FactLock) string {
	status := lockStatus(lock)
	marks := bot.OpenMarks(text)
	if len(marks) == 0 {
		return status
	}
	var where []string
	for i, m := range marks {
		if i == 3 {
			where = append(where, "…")
			break
		}
		where = append(where, "“"+bot.Truncate(m.Context, 20)+"”")
	}
	return status + fmt.Sprintf(msgEdMarksCard, len(marks), strings.Join(where, "、"))
}
