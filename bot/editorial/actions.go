package editorial

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/factlock"
)

// load returns the round, the assignment and the section's index.
func (ed *Editorial) load(ctx context.Context, ref bot.AssignmentRef, section string) (*bot.Round, *bot.Assignment, int, error) {
	r, err := ed.Rounds.Round(ctx, ref.Round)
	if err != nil {
		return nil, nil, 0, err
	}
	idx := r.Form.SectionIndex(section)
	if idx < 0 || r.Department(ref.Dept) == nil {
		return nil, nil, 0, bot.Errorf(bot.ENotFound, "没有找到这一章节。")
	}
	a, err := ed.Rounds.Assignment(ctx, ref)
	if err != nil {
		return nil, nil, 0, err
	}
	return r, a, idx, nil
}

func sectionTitle(r *bot.Round, ref bot.AssignmentRef, idx int) string {
	s := r.Form.Sections[idx]
	return fmt.Sprintf("%s · %s、%s", r.DeptLabel(ref.Dept), s.Number, bot.FillYear(s.Heading, r.Year))
}

// Confirm records that m.User confirmed the section's current version and
// greys out the card for the other editors. While the version has flags
// that no editor kept, it is refused with the list, and the section
// becomes the editor's focus so that 保留 N 理由 applies to it. When it was
// the last section, the report is assembled and the people concerned are
// told.
func (ed *Editorial) Confirm(ctx context.Context, m bot.Message, ref bot.AssignmentRef, section string) ([]bot.Reply, error) {
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return bot.ErrorReply(err)
	}
	version, applied, err := ed.ConfirmSection(ctx, m.User, ref, section, m.ID)
	if _, flagged := AsFlags(err); flagged {
		if ferr := ed.Store.SetEditing(ctx, m.User, SectionKey(ref, section)); ferr != nil {
			return nil, ferr
		}
		return []bot.Reply{{Text: bot.ErrorMessage(err)}}, nil
	}
	if err != nil {
		return bot.ErrorReply(err)
	}
	title := sectionTitle(r, ref, idx)
	if !applied {
		return []bot.Reply{{Text: fmt.Sprintf(msgEdConfirmed, title, version)}}, nil
	}
	if ed.Jobs != nil && m.ResponseCode != "" {
		// Greying out the card for the other editors calls WeCom: a job,
		// never a call inside the 5-second callback.
		u := bot.CardUpdate{Users: ed.editors(), ResponseCode: m.ResponseCode, Label: "已由" + ed.name(m.User) + "确认"}
		if err := ed.Jobs.EnqueueCardUpdate(ctx, "confirm:"+m.ID, u); err != nil {
			ed.log().Warn("could not queue the review card's update", "err", err)
		}
	}
	replies := []bot.Reply{{Text: fmt.Sprintf(msgEdConfirmed, title, version)}}
	done, err := ed.maybeComplete(ctx, r, a, m.ID)
	if err != nil {
		return nil, err
	}
	if done {
		replies = append(replies, bot.Reply{Text: fmt.Sprintf(msgEdReportReady, r.DeptLabel(ref.Dept))})
	}
	return replies, nil
}

// maybeComplete tells the coordinators and the contacts when every section
// of the department is confirmed.
func (ed *Editorial) maybeComplete(ctx context.Context, r *bot.Round, a *bot.Assignment, key string) (bool, error) {
	secs, err := ed.Store.Sections(ctx, a.Ref)
	if err != nil {
		return false, err
	}
	for _, s := range r.Form.Sections {
		if st := secs[s.ID]; st == nil || !st.Confirmed {
			return false, nil
		}
	}
	if ed.Jobs != nil {
		d := r.Department(a.Ref.Dept)
		text := fmt.Sprintf(msgReportComplete, r.DeptLabel(a.Ref.Dept), r.Title)
		if ed.ReportURL != nil {
			text += "\n" + ed.ReportURL(a.Ref)
		}
		to := append(append([]string(nil), ed.coordinators()...), d.Contacts...)
		for _, u := range to {
			if err := ed.Jobs.EnqueueSend(ctx, "report-ready:"+a.Ref.String()+":"+key+":"+u, u, []bot.Reply{{Text: text}}); err != nil {
				ed.log().Error("could not queue the report-ready message", "user", u, "err", err)
			}
		}
	}
	ed.log().Info("report complete", "round", a.Ref.Round, "dept", a.Ref.Dept)
	return true, nil
}

// Focus makes a section the editor's current one (after a 重写 or 网页编辑
// click) and says what they can do.
func (ed *Editorial) Focus(ctx context.Context, m bot.Message, ref bot.AssignmentRef, section string, web bool) ([]bot.Reply, error) {
	r, _, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return bot.ErrorReply(err)
	}
	if err := ed.Store.SetEditing(ctx, m.User, SectionKey(ref, section)); err != nil {
		return nil, err
	}
	text := fmt.Sprintf(msgEdFocus, sectionTitle(r, ref, idx))
	switch {
	case web && ed.ReportURL != nil:
		text = fmt.Sprintf(msgEdWeb, sectionTitle(r, ref, idx), ed.ReportURL(ref))
	case web:
		// No public address to link to: say so, and what works instead.
		text = msgEdWebNoURL + "\n" + text
	}
	return []bot.Reply{{Text: text}}, nil
}

// RequestRewrite queues a redraft of the editor's current section with
// their instruction.
func (ed *Editorial) RequestRewrite(ctx context.Context, m bot.Message, instruction string) ([]bot.Reply, error) {
	if strings.TrimSpace(instruction) == "" {
		return []bot.Reply{{Text: msgEdRewriteHow}}, nil
	}
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	if err := ed.enqueueRewrite(ctx, m.User, f.ref, f.section, instruction, m.ID); err != nil {
		return bot.ErrorReply(err)
	}
	return []bot.Reply{{Text: fmt.Sprintf(msgEdRewriteQueued, f.title(), instruction)}}, nil
}

// Rewrite runs a RewriteJob: the model drafts again with the instruction,
// the fact lock checks it, and the new version goes to the editors.
func (ed *Editorial) Rewrite(ctx context.Context, job bot.RewriteJob) error {
	r, a, idx, err := ed.load(ctx, job.Ref, job.Section)
	if err != nil {
		return err
	}
	secs, err := ed.Store.Sections(ctx, job.Ref)
	if err != nil {
		return err
	}
	d, err := ed.Drafter.DraftSection(ctx, r, a, idx, job.Instruction)
	if err != nil {
		return err
	}
	// Say what happened when the rewrite did not do what was asked: the
	// model was down (the template wrote instead) or changed nothing.
	var note string
	if cur := secs[job.Section].CurrentVersion(); cur != nil && cur.Text == d.Text {
		note = fmt.Sprintf(msgEdRewriteSame, sectionTitle(r, job.Ref, idx), job.Instruction)
	} else if d.TemplateMade() && ed.hasModel() {
		note = fmt.Sprintf(msgEdRewriteFellBack, sectionTitle(r, job.Ref, idx), job.Instruction)
	}
	if note != "" {
		if ed.Jobs != nil && job.By != "" {
			if err := ed.Jobs.EnqueueSend(ctx, "rewrite-note:"+job.Key, job.By, []bot.Reply{{Text: note}}); err != nil {
				return err
			}
		}
		if cur := secs[job.Section].CurrentVersion(); cur != nil && cur.Text == d.Text {
			return nil // nothing new to review
		}
	}
	v := versionFrom(d, ed.now())
	v.Instruction = job.Instruction
	_, applied, err := ed.storeVersion(ctx, job.Ref, job.Section, "rewrite:"+job.Key, v)
	if err != nil || !applied {
		return err
	}
	ed.askEditors(ctx, r, job.Ref, idx, d, false, "rewrite-"+job.Key)
	return nil
}

// focus is the section an editor works on in chat (chosen with a 重写 or
// 网页编辑 click), loaded.
type focus struct {
	ref     bot.AssignmentRef
	section string
	r       *bot.Round
	a       *bot.Assignment
	idx     int
}

func (f *focus) title() string { return sectionTitle(f.r, f.ref, f.idx) }

// confirmButton is the 确认 button of the focused section.
func (f *focus) confirmButton() []bot.Button {
	return []bot.Button{{Key: KeyConfirm + " " + SectionKey(f.ref, f.section), Text: "确认"}}
}

// focused loads the editor's current section.
func (ed *Editorial) focused(ctx context.Context, user string) (*focus, error) {
	sk, err := ed.Store.Editing(ctx, user)
	if err != nil {
		return nil, err
	}
	ref, section, ok := ParseSectionKey(sk)
	if !ok {
		return nil, bot.Errorf(bot.EInvalid, msgEdNoFocus)
	}
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return nil, err
	}
	return &focus{ref: ref, section: section, r: r, a: a, idx: idx}, nil
}

// Paste fact-locks an editor's replacement text for their current section
// and shows it back; it counts only after 采用.
func (ed *Editorial) Paste(ctx context.Context, m bot.Message, text string) ([]bot.Reply, error) {
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	text, err = editorText(text)
	if err != nil {
		return bot.ErrorReply(err)
	}
	lock := LockText(f.r, f.a, f.idx, text)
	v := bot.SectionVersion{Text: text, Source: "editor", By: m.User, At: m.At, Lock: lock}
	if _, err := ed.Store.UpdateSection(ctx, f.ref, f.section, m.ID, func(s *bot.SectionState) error {
		s.Section = f.section
		s.Pending = &v
		return nil
	}); err != nil {
		return bot.ErrorReply(err)
	}
	status := reviewStatus(text, lock)
	return []bot.Reply{{Text: fmt.Sprintf(msgEdPasteShown, f.title(), factlock.Mark(text, lock.Unsourced), status),
		Buttons: []bot.Button{{Key: "采用", Text: "采用"}, {Key: "放弃", Text: "放弃"}}}}, nil
}

// Adopt makes the pending pasted text the current version (adopt) or
// drops it.
func (ed *Editorial) Adopt(ctx context.Context, m bot.Message, adopt bool) ([]bot.Reply, error) {
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	var n int
	_, err = ed.Store.UpdateSection(ctx, f.ref, f.section, m.ID, func(s *bot.SectionState) error {
		if s.Pending == nil {
			return bot.Errorf(bot.EInvalid, msgEdNothingPending)
		}
		if adopt {
			n = s.Add(*s.Pending).N
		}
		s.Pending = nil
		return nil
	})
	if err != nil {
		return bot.ErrorReply(err)
	}
	if !adopt {
		return []bot.Reply{{Text: msgEdDiscarded}}, nil
	}
	return []bot.Reply{{Text: fmt.Sprintf(msgEdAdopted, f.title(), n), Buttons: f.confirmButton()}}, nil
}

// Versions lists the current section's versions.
func (ed *Editorial) Versions(ctx context.Context, m bot.Message) ([]bot.Reply, error) {
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	secs, err := ed.Store.Sections(ctx, f.ref)
	if err != nil {
		return nil, err
	}
	st := secs[f.section]
	if st == nil || len(st.Versions) == 0 {
		return []bot.Reply{{Text: "这一章节还没有稿件。"}}, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s 的版本：", f.title())
	for _, v := range st.Versions {
		mark := ""
		if v.N == st.Current {
			mark = "（当前"
			if st.Confirmed {
				mark += "，已由" + ed.name(st.ConfirmedBy) + "确认"
			}
			mark += "）"
		}
		lock := "数字全部有出处"
		if len(v.Lock.Unsourced) > 0 {
			lock = fmt.Sprintf("%d 处数字待核", len(v.Lock.Unsourced))
		}
		label := v.Label()
		if v.Source == "editor" {
			label += "（" + ed.name(v.By) + "）"
		}
		fmt.Fprintf(&b, "\n%d. %s，%s，%s%s", v.N, bot.FormatTime(v.At), label, lock, mark)
		if v.Instruction != "" {
			fmt.Fprintf(&b, "，要求：%s", v.Instruction)
		}
	}
	b.WriteString("\n回复“恢复 N”可改用第 N 版。")
	return []bot.Reply{{Text: b.String()}}, nil
}

// Restore makes an earlier version of the editor's current section
// current again (it must be confirmed again).
func (ed *Editorial) Restore(ctx context.Context, m bot.Message, n int) ([]bot.Reply, error) {
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	text, err := ed.RestoreSection(ctx, f.ref, f.section, n, m.ID)
	if err != nil {
		return bot.ErrorReply(err)
	}
	return []bot.Reply{{Text: fmt.Sprintf(msgEdRestored, f.title(), n, text), Buttons: f.confirmButton()}}, nil
}

// SaveEdit stores an editor's text, edited in place in the console, as the
// section's new current version, with its fact-lock result; it must be
// confirmed like any other version. key makes a resubmitted form count
// once.
func (ed *Editorial) SaveEdit(ctx context.Context, user string, ref bot.AssignmentRef, section, text, key string) (*bot.SectionVersion, error) {
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return nil, err
	}
	if text, err = editorText(text); err != nil {
		return nil, err
	}
	v := bot.SectionVersion{Text: text, Source: "editor", By: user, At: ed.now(), Lock: LockText(r, a, idx, text)}
	saved, _, err := ed.storeVersion(ctx, ref, section, key, v)
	if err != nil {
		return nil, err
	}
	ed.log().Info("section edited", "round", ref.Round, "dept", ref.Dept, "section", section, "editor", user, "version", saved.N,
		"unsourced", len(v.Lock.Unsourced))
	return &saved, nil
}

// RewriteSection queues a redraft of a section with an instruction.
func (ed *Editorial) RewriteSection(ctx context.Context, user string, ref bot.AssignmentRef, section, instruction, key string) error {
	if _, _, _, err := ed.load(ctx, ref, section); err != nil {
		return err
	}
	return ed.enqueueRewrite(ctx, user, ref, section, instruction, key)
}

// enqueueRewrite queues a rewrite of a section known to exist. Without a
// model it is refused with what the editor can do instead.
func (ed *Editorial) enqueueRewrite(ctx context.Context, user string, ref bot.AssignmentRef, section, instruction, key string) error {
	if strings.TrimSpace(instruction) == "" {
		return bot.Errorf(bot.EInvalid, msgEdRewriteHow)
	}
	if !ed.hasModel() {
		return bot.Errorf(bot.EInvalid, msgEdNoModel, strings.TrimSpace(instruction))
	}
	if ed.Jobs == nil {
		return bot.Errorf(bot.EUnavailable, bot.MsgUnavailable)
	}
	return ed.Jobs.EnqueueRewrite(ctx, bot.RewriteJob{Ref: ref, Section: section, Instruction: strings.TrimSpace(instruction), By: user, Key: key})
}

// RestoreSection makes version n current again; it must be confirmed
// again.
func (ed *Editorial) RestoreSection(ctx context.Context, ref bot.AssignmentRef, section string, n int, key string) (string, error) {
	var text string
	_, err := ed.Store.UpdateSection(ctx, ref, section, key, func(s *bot.SectionState) error {
		for _, v := range s.Versions {
			if v.N == n {
				s.Current, s.Confirmed, text = n, false, v.Text
				return nil
			}
		}
		return bot.Errorf(bot.EInvalid, "没有第 %d 版，回复“版本”查看全部版本。", n)
	})
	return text, err
}

// editorText checks a text an editor wrote: not empty, at most 20,000
// characters.
func editorText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", bot.Errorf(bot.EInvalid, "稿件不能为空。")
	}
	if utf8.RuneCountInString(text) > 20000 {
		return "", bot.Errorf(bot.EInvalid, msgEdTooLong)
	}
	return text, nil
}

// hasModel reports whether drafts come from a model: without one, a
// rewrite with an instruction cannot be done.
func (ed *Editorial) hasModel() bool {
	if ed.Drafter == nil {
		return false
	}
	_, template := ed.Drafter.Writer.(TemplateWriter)
	return !template
}
