package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Desk is the chat front door: it routes each message by the sender's
// role. Coordinators (and admins) get 进度, 进度 <部门>, 催办 <部门|全部> and
// 导出 over the newest open round; department heads review submissions;
// everything else is a contact's turn in the Engine. Desk implements
// Conversation.
type Desk struct {
	Engine    *Engine
	Rounds    *RoundAdmin // its Roster gives the roles
	Reminders *Reminders  // for 催办; nil: 催办 is unavailable
	// Export renders a round for 导出 (an Excel workbook); nil: 导出 is
	// unavailable.
	Export func(ctx context.Context, r *Round) (*File, error)
	// Editorial, if set, serves the editors: review cards, 重写, pasted
	// texts, 版本 and 恢复.
	Editorial *Editorial
	Log       *slog.Logger
}

var _ Conversation = (*Desk)(nil)

// deskCommand is a coordinator's or head's chat command.
type deskCommand int

const (
	deskNone     deskCommand = iota
	deskProgress             // 进度 [部门]
	deskNudge                // 催办 部门|全部
	deskExport               // 导出
	deskReturn               // 退回 原因 (a head)
	deskReviews              // 审核 (a head: list what waits)
)

// parseDeskCommand recognises a desk command and its argument.
func parseDeskCommand(text string) (deskCommand, string) {
	t := strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("。！!．.", r) })
	for _, c := range []struct {
		words []string
		cmd   deskCommand
	}{
		{[]string{"进度", "填报进度", "查看进度"}, deskProgress},
		{[]string{"催办"}, deskNudge},
		{[]string{"导出", "导出表格", "导出Excel", "导出excel"}, deskExport},
		{[]string{"退回"}, deskReturn},
		{[]string{"审核", "待审核"}, deskReviews},
	} {
		for _, w := range c.words {
			if t == w {
				return c.cmd, ""
			}
			rest, ok := strings.CutPrefix(t, w)
			if !ok {
				continue
			}
			// Only a separator may follow the word: "进度很好" is an answer.
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsSpace(r) || strings.ContainsRune("：:，,", r) {
				return c.cmd, strings.TrimSpace(strings.TrimLeft(rest, " ：:，,\t"))
			}
		}
	}
	return deskNone, ""
}

// Handle routes one message.
func (d *Desk) Handle(ctx context.Context, m Message) ([]Reply, error) {
	if m.At.IsZero() {
		m.At = d.Engine.clock.Now()
	}
	if ref, approve, ok := parseReviewKey(m.Text); ok {
		if approve {
			return d.Engine.Review(ctx, m, ref, true, "")
		}
		return []Reply{{Text: msgReviewAskReason}}, nil
	}
	// The user's state is read at most once per message, by whichever
	// step needs it first.
	var us *UserState
	user := func() (*UserState, error) {
		if us == nil {
			var err error
			if us, err = d.Engine.store.User(ctx, m.User); err != nil {
				return nil, err
			}
		}
		return us, nil
	}
	if replies, handled, err := d.editor(ctx, m, user); handled || err != nil {
		return replies, err
	}
	cmd, arg := parseDeskCommand(m.Text)
	if m.Event == EventEnter {
		cmd = deskNone
	}
	coord := d.isCoordinator(m.User)
	switch cmd {
	case deskProgress, deskNudge, deskExport:
		if coord {
			return d.coordinate(ctx, m, cmd, arg)
		}
		if cmd == deskProgress {
			m.Text = "查看" // a contact's own progress
			break
		}
		d.log().Warn("coordinator command refused", "user", m.User, "text", m.Text)
		return []Reply{{Text: msgNotCoordinator}}, nil
	case deskReturn, deskReviews:
		refs, isHead, err := d.Engine.PendingReviews(ctx, m.User)
		if err != nil {
			return nil, err
		}
		if isHead {
			return d.review(ctx, m, cmd, arg, refs)
		}
	}
	if coord {
		us, err := user()
		if err != nil {
			return nil, err
		}
		if len(us.Assignments) == 0 {
			return []Reply{{Text: msgCoordinatorHelp}}, nil
		}
	}
	return d.Engine.handle(ctx, m, us)
}

func (d *Desk) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return d.Engine.log
}

// isCoordinator reports whether user coordinates rounds (or is an admin).
func (d *Desk) isCoordinator(user string) bool {
	if d.Rounds == nil || d.Rounds.Roster == nil {
		return false
	}
	r := d.Rounds.Roster
	for _, list := range [][]string{r.Coordinators, r.Admins} {
		for _, u := range list {
			if u == user {
				return true
			}
		}
	}
	return false
}

// currentRound is the newest open (or paused) round, else the newest.
func (d *Desk) currentRound(ctx context.Context) (*Round, error) {
	ids, err := d.Engine.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	var newest *Round
	for _, id := range ids {
		r, err := d.Engine.store.Round(ctx, id)
		if err != nil {
			return nil, err
		}
		if d.Rounds != nil && !d.Rounds.Roster.Covers(r) {
			continue
		}
		if newest == nil {
			newest = r
		}
		if r.Status == RoundOpen || r.Status == RoundPaused {
			return r, nil
		}
	}
	if newest == nil {
		return nil, Errorf(ENotFound, msgNoRounds)
	}
	return newest, nil
}

// coordinate runs a coordinator's command on the current round.
func (d *Desk) coordinate(ctx context.Context, m Message, cmd deskCommand, arg string) ([]Reply, error) {
	r, err := d.currentRound(ctx)
	if err != nil {
		return deskError(err)
	}
	d.log().Info("coordinator command", "user", m.User, "round", r.ID, "cmd", m.Text)
	switch cmd {
	case deskProgress:
		p, err := d.Rounds.Progress(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if arg == "" {
			return []Reply{{Text: p.Text(m.At)}}, nil
		}
		dept, err := findDept(r, arg)
		if err != nil {
			return deskError(err)
		}
		for _, dp := range p.Depts {
			if dp.Dept.ID == dept.ID {
				return []Reply{{Text: p.DeptText(dp, m.At)}}, nil
			}
		}
	case deskNudge:
		if d.Reminders == nil {
			return []Reply{{Text: msgUnavailable}}, nil
		}
		if arg == "" {
			return []Reply{{Text: msgNudgeHow}}, nil
		}
		var ids []string
		if arg == "全部" || arg == "所有" || arg == "all" {
			for _, dep := range r.Departments {
				ids = append(ids, dep.ID)
			}
		} else {
			dept, err := findDept(r, arg)
			if err != nil {
				return deskError(err)
			}
			ids = []string{dept.ID}
		}
		res, err := d.Reminders.Nudge(ctx, r, ids, m.User)
		if err != nil {
			return deskError(err)
		}
		return []Reply{{Text: res.Text()}}, nil
	case deskExport:
		if d.Export == nil {
			return []Reply{{Text: msgUnavailable}}, nil
		}
		f, err := d.Export(ctx, r)
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: fmt.Sprintf(msgExported, r.Title), File: f}}, nil
	}
	return []Reply{{Text: msgCoordinatorHelp}}, nil
}

// review runs a head's 退回 or 审核.
func (d *Desk) review(ctx context.Context, m Message, cmd deskCommand, arg string, refs []AssignmentRef) ([]Reply, error) {
	if len(refs) == 0 {
		return []Reply{{Text: msgReviewNothing}}, nil
	}
	if cmd == deskReviews || arg == "" {
		var b strings.Builder
		b.WriteString("待您审核的填报：")
		var buttons []Button
		for _, ref := range refs {
			r, err := d.Engine.round(ctx, ref.Round)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "\n· %s（%s）", deptLabel(r, ref.Dept), r.Title)
			buttons = append(buttons, Button{Key: keyApprove + " " + ref.String(), Text: "确认" + clipRunes(deptLabel(r, ref.Dept), 6)})
		}
		b.WriteString("\n" + msgReviewAskReason)
		return []Reply{{Text: b.String(), Buttons: buttons}}, nil
	}
	ref := refs[0]
	if len(refs) > 1 {
		found := false
		for _, x := range refs {
			r, err := d.Engine.round(ctx, x.Round)
			if err != nil {
				return nil, err
			}
			if name := deptLabel(r, x.Dept); strings.HasPrefix(arg, name) {
				ref, found, arg = x, true, strings.TrimSpace(strings.TrimPrefix(arg, name))
				break
			}
		}
		if !found || arg == "" {
			r, _ := d.Engine.round(ctx, refs[0].Round)
			return []Reply{{Text: fmt.Sprintf(msgReviewAskWhich, deptLabel(r, refs[0].Dept))}}, nil
		}
	}
	return d.Engine.Review(ctx, m, ref, false, arg)
}

// findDept finds a round's department by id or (part of) its name.
func findDept(r *Round, arg string) (*Department, error) {
	if d := r.Department(arg); d != nil {
		return d, nil
	}
	var hits []*Department
	for i := range r.Departments {
		if strings.Contains(r.Departments[i].Name, arg) {
			hits = append(hits, &r.Departments[i])
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, Errorf(ENotFound, msgDeptUnknown, arg)
	}
	var names []string
	for _, h := range hits {
		names = append(names, h.Name)
	}
	return nil, Errorf(EInvalid, msgDeptAmbiguous, arg, strings.Join(names, "、"))
}

// deskError turns a user-facing error into a reply; other errors pass.
func deskError(err error) ([]Reply, error) {
	if c := ErrorCode(err); c == ENotFound || c == EInvalid || c == EConflict {
		return []Reply{{Text: ErrorMessage(err)}}, nil
	}
	return nil, err
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// editor handles the editors' buttons and commands; handled is false for
// messages that are not theirs.
func (d *Desk) editor(ctx context.Context, m Message, user func() (*UserState, error)) (replies []Reply, handled bool, err error) {
	ed := d.Editorial
	if ed == nil {
		return nil, false, nil
	}
	text := strings.TrimSpace(m.Text)
	for _, k := range []string{keyEdConfirm, keyEdRewrite, keyEdWeb} {
		rest, ok := strings.CutPrefix(text, k+" ")
		if !ok {
			continue
		}
		ref, section, ok := parseSectionKey(rest)
		if !ok {
			return nil, false, nil
		}
		if !ed.isEditor(m.User) {
			d.log().Warn("editor action refused", "user", m.User, "key", text)
			return []Reply{{Text: msgNotEditor}}, true, nil
		}
		switch k {
		case keyEdConfirm:
			replies, err = ed.Confirm(ctx, m, ref, section)
		case keyEdRewrite:
			replies, err = ed.Focus(ctx, m, ref, section, false)
		default:
			replies, err = ed.Focus(ctx, m, ref, section, true)
		}
		return replies, true, err
	}
	if !ed.isEditor(m.User) || m.Event == EventEnter {
		return nil, false, nil
	}
	if rest, ok := cutAny(text, "重写：", "重写:", "重写 "); ok || text == "重写" {
		if strings.TrimSpace(rest) == "" {
			return []Reply{{Text: msgEdRewriteHow}}, true, nil
		}
		replies, err = ed.RequestRewrite(ctx, m, strings.TrimSpace(rest))
		return replies, true, err
	}
	if rest, ok := cutAny(text, "替换：", "替换:", "修改稿：", "修改稿:"); ok {
		replies, err = ed.Paste(ctx, m, rest)
		return replies, true, err
	}
	switch text {
	case "采用":
		replies, err = ed.Adopt(ctx, m, true)
		return replies, true, err
	case "放弃":
		replies, err = ed.Adopt(ctx, m, false)
		return replies, true, err
	case "版本", "历史版本":
		replies, err = ed.Versions(ctx, m)
		return replies, true, err
	}
	if rest, ok := strings.CutPrefix(text, "恢复"); ok {
		if n, ok := smallNumber(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rest), "第"), "版"))); ok {
			replies, err = ed.Restore(ctx, m, n)
			return replies, true, err
		}
	}
	// An editor who fills in nothing themselves may paste a section's
	// new text without a prefix; one who is also a contact writes 替换：.
	us, err := user()
	if err != nil {
		return nil, true, err
	}
	if len(us.Assignments) > 0 {
		return nil, false, nil
	}
	if c, _ := parseDeskCommand(text); c != deskNone || d.isCoordinator(m.User) {
		return nil, false, nil // a coordinator's command, or a coordinator's chat
	}
	if utf8.RuneCountInString(text) >= 20 {
		replies, err = ed.Paste(ctx, m, text)
		return replies, true, err
	}
	return []Reply{{Text: msgEditorHelp}}, true, nil
}

// cutAny cuts the first of prefixes that text starts with.
func cutAny(text string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(text, p); ok {
			return rest, true
		}
	}
	return "", false
}
