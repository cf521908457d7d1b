package editorial

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
)

// FlagsError says a section cannot be confirmed: its current text still
// has marks of something missing (【待补充】, 【？】), or states figures or
// claims that the department's answers do not support and that no editor
// kept. It travels inside a bot.Error with code EConflict.
type FlagsError struct {
	Title string
	Marks []bot.Mark // cannot be kept: the text must be completed
	Flags []bot.Flag // may be kept with a reason
}

// PageText says why the section cannot be confirmed in the words of the
// console's section page (its 编辑 and 保留), not the chat's.
func (e *FlagsError) PageText() string {
	var msg []string
	if len(e.Marks) > 0 {
		msg = append(msg, fmt.Sprintf(msgEdMarksHead, e.Title, len(e.Marks))+"\n"+bot.MarksText(e.Marks)+"\n"+msgEdMarksPage)
	}
	if len(e.Flags) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, msgEdFlagsHead, e.Title, len(e.Flags))
		for i, f := range e.Flags {
			fmt.Fprintf(&b, "\n%d. “%s”：%s", i+1, f.Text, f.Message)
		}
		msg = append(msg, b.String()+"\n"+msgEdFlagsPage)
	}
	return strings.Join(msg, "\n\n")
}

// Error implements the error interface.
func (e *FlagsError) Error() string {
	return fmt.Sprintf("%d open marks and %d open flags in %s", len(e.Marks), len(e.Flags), e.Title)
}

// openFlags checks a version of section idx again against the answers as
// they stand and returns the flags no editor kept.
func openFlags(r *bot.Round, a *bot.Assignment, idx int, v *bot.SectionVersion) []bot.Flag {
	return bot.OpenFlags(LockText(r, a, idx, v.Text), v.Kept)
}

// flagsRefusal is the error that refuses a confirmation over open marks
// and flags.
func flagsRefusal(title string, marks []bot.Mark, flags []bot.Flag) error {
	var msg []string
	if len(marks) > 0 {
		msg = append(msg, MarksRefusal(title, marks))
	}
	if len(flags) > 0 {
		msg = append(msg, FlagsText(title, flags))
	}
	return &bot.Error{Code: bot.EConflict, Op: "editorial: confirm", Message: strings.Join(msg, "\n\n"),
		Err: &FlagsError{Title: title, Marks: marks, Flags: flags}}
}

// MarksRefusal says why a section with open marks cannot be confirmed,
// lists each mark in its words, and says what to do.
func MarksRefusal(title string, marks []bot.Mark) string {
	return fmt.Sprintf(msgEdMarksHead, title, len(marks)) + "\n" + bot.MarksText(marks) + "\n" + msgEdMarksHow
}

// FlagsText lists open flags for an editor, numbered, with what to do.
func FlagsText(title string, flags []bot.Flag) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgEdFlagsHead, title, len(flags))
	for i, f := range flags {
		fmt.Fprintf(&b, "\n%d. “%s”：%s", i+1, f.Text, f.Message)
	}
	b.WriteString("\n" + msgEdFlagsHow)
	return b.String()
}

// AsFlags returns the open flags that refused a confirmation, if err is
// such a refusal.
func AsFlags(err error) (*FlagsError, bool) {
	var fe *FlagsError
	ok := errors.As(err, &fe)
	return fe, ok
}

// ConfirmSection records that user confirmed the section's current
// version, once per key. It is refused with a FlagsError (EConflict) while
// the version still has a mark of something missing (【待补充】, 【？】), or,
// checked again against the answers, has flags that no editor kept.
// applied is false when key was seen before.
func (ed *Editorial) ConfirmSection(ctx context.Context, user string, ref bot.AssignmentRef, section, key string) (version int, applied bool, err error) {
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return 0, false, err
	}
	at := ed.now()
	applied, err = ed.Store.UpdateSection(ctx, ref, section, key, func(s *bot.SectionState) error {
		cur := s.CurrentVersion()
		if cur == nil {
			return bot.Errorf(bot.EConflict, "这一章节还没有稿件。")
		}
		marks, open := bot.OpenMarks(cur.Text), openFlags(r, a, idx, cur)
		if len(marks) > 0 || len(open) > 0 {
			return flagsRefusal(sectionTitle(r, ref, idx), marks, open)
		}
		s.Confirmed, s.ConfirmedBy, s.ConfirmedAt, s.Stale = true, user, at, false
		version = s.Current
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if applied {
		ed.log().Info("section confirmed", "round", ref.Round, "dept", ref.Dept, "section", section, "editor", user, "version", version)
	}
	return version, applied, nil
}

// KeepFlag keeps open flag n (1-based, as FlagsText numbers them) of the
// section's current version on purpose, with user's reason, once per key.
// It returns the flags still open.
func (ed *Editorial) KeepFlag(ctx context.Context, user string, ref bot.AssignmentRef, section string, n int, reason, key string) (*bot.Keep, []bot.Flag, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) < 2 {
		return nil, nil, bot.Errorf(bot.EInvalid, msgEdKeepWhy)
	}
	if utf8.RuneCountInString(reason) > 500 {
		return nil, nil, bot.Errorf(bot.EInvalid, "理由请控制在 500 字以内。")
	}
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return nil, nil, err
	}
	var kept *bot.Keep
	var still []bot.Flag
	_, err = ed.Store.UpdateSection(ctx, ref, section, key, func(s *bot.SectionState) error {
		cur := s.CurrentVersion()
		if cur == nil {
			return bot.Errorf(bot.EConflict, "这一章节还没有稿件。")
		}
		open := openFlags(r, a, idx, cur)
		if n < 1 || n > len(open) {
			if len(open) == 0 {
				return bot.Errorf(bot.EInvalid, "这一章节没有待核验的内容。")
			}
			return bot.Errorf(bot.EInvalid, "请写明保留第几处（1 到 %d）。", len(open))
		}
		f := open[n-1]
		k := bot.Keep{Text: f.Text, Kind: f.Kind, Message: f.Message, Reason: reason, By: user, At: ed.now()}
		cur.Kept = append(cur.Kept, k)
		kept, still = &k, append(append([]bot.Flag(nil), open[:n-1]...), open[n:]...)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if kept != nil {
		ed.log().Info("flag kept", "round", ref.Round, "dept", ref.Dept, "section", section, "editor", user, "text", kept.Text)
	}
	return kept, still, nil
}

// Keep is the chat's 保留 N 理由 on the editor's focused section.
func (ed *Editorial) Keep(ctx context.Context, m bot.Message, n int, reason string) ([]bot.Reply, error) {
	f, err := ed.focused(ctx, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	k, still, err := ed.KeepFlag(ctx, m.User, f.ref, f.section, n, reason, m.ID)
	if err != nil {
		return bot.ErrorReply(err)
	}
	if k == nil { // a retried message: already kept
		return []bot.Reply{{Text: "已保留。"}}, nil
	}
	text := fmt.Sprintf(msgEdKept, k.Text, k.Reason)
	if len(still) > 0 {
		return []bot.Reply{{Text: text + "\n\n" + FlagsText(f.title(), still)}}, nil
	}
	return []bot.Reply{{Text: msgEdKeptAll + "\n" + text, Buttons: f.confirmButton()}}, nil
}

// SectionFlags returns a section's state and the flags of its current
// version that no editor kept, checked again against the answers.
func (ed *Editorial) SectionFlags(ctx context.Context, ref bot.AssignmentRef, section string) (*bot.SectionState, []bot.Flag, error) {
	r, a, idx, err := ed.load(ctx, ref, section)
	if err != nil {
		return nil, nil, err
	}
	secs, err := ed.Store.Sections(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	st := secs[section]
	if st == nil {
		st = &bot.SectionState{Section: section}
	}
	var open []bot.Flag
	if cur := st.CurrentVersion(); cur != nil {
		open = openFlags(r, a, idx, cur)
	}
	return st, open, nil
}
