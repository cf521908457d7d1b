package chat

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"reportbot/bot"
	"reportbot/bot/rounds"
)

// Desk serves coordinators and department heads in chat. Coordinators (and
// admins) get 进度, 进度 <部门>, 催办 <部门|全部> and 导出 over the open
// rounds they cover (see desk_rounds.go); heads get 审核 (what waits for them) and 退回 with a
// reason.
type Desk struct {
	Engine    *Engine
	Rounds    *rounds.RoundAdmin
	Reminders *rounds.Reminders // for 催办; nil: 催办 is unavailable
	// Export renders a round for 导出 (an Excel workbook); nil: 导出 is
	// unavailable.
	Export func(ctx context.Context, r *bot.Round) (*bot.File, error)
	Store  bot.Store
	Log    *slog.Logger
}

// Coordinate runs a coordinator's command. With one open round it works
// on that round; with several, arg may name the round first (see
// pickRound) and a department is looked up across them.
func (d *Desk) Coordinate(ctx context.Context, m bot.Message, cmd deskCommand, arg string) ([]bot.Reply, error) {
	rs, err := d.deskRounds(ctx)
	if err != nil {
		return bot.ErrorReply(err)
	}
	r, rest := pickRound(rs, arg)
	if r == nil && len(rs) == 1 {
		r = rs[0]
	}
	d.Log.Info("coordinator command", "user", m.User, "rounds", len(rs), "picked", r != nil, "cmd", m.Text)
	switch cmd {
	case deskProgress:
		return d.progress(ctx, m, rs, r, rest)
	case deskNudge:
		return d.nudge(ctx, m, rs, r, rest)
	case deskExport:
		if d.Export == nil {
			return []bot.Reply{{Text: bot.MsgUnavailable}}, nil
		}
		if r == nil {
			return askRound(rs, "导出 1"), nil
		}
		f, err := d.Export(ctx, r)
		if err != nil {
			return nil, err
		}
		return []bot.Reply{{Text: fmt.Sprintf(msgExported, r.Title), File: f}}, nil
	}
	return []bot.Reply{{Text: msgCoordinatorHelp + msgCoordinatorRounds}}, nil
}

// progress runs 进度: of a round, of a department, or a line per round.
func (d *Desk) progress(ctx context.Context, m bot.Message, rs []*bot.Round, r *bot.Round, arg string) ([]bot.Reply, error) {
	if r == nil && arg == "" {
		return d.overview(ctx, rs)
	}
	if r == nil {
		hits, err := findDept(rs, arg)
		if err != nil {
			return bot.ErrorReply(err)
		}
		if len(hits) > 1 {
			return []bot.Reply{{Text: fmt.Sprintf(msgDeptInSeveral, arg, "进度 1 "+arg) + roundList(rs)}}, nil
		}
		r = hits[0].r
	}
	p, err := d.Rounds.Progress(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if arg == "" {
		return []bot.Reply{{Text: p.Text(m.At)}}, nil
	}
	dept, err := rounds.FindDept(r, arg)
	if err != nil {
		return bot.ErrorReply(err)
	}
	for _, dp := range p.Depts {
		if dp.Dept.ID == dept.ID {
			return []bot.Reply{{Text: p.DeptText(dp, m.At)}}, nil
		}
	}
	return bot.ErrorReply(bot.Errorf(bot.ENotFound, msgDeptInNoRound, arg))
}

// nudge runs 催办 部门 or 催办 全部, in round r or, for a department, in
// whichever open round has it.
func (d *Desk) nudge(ctx context.Context, m bot.Message, rs []*bot.Round, r *bot.Round, arg string) ([]bot.Reply, error) {
	if d.Reminders == nil {
		return []bot.Reply{{Text: bot.MsgUnavailable}}, nil
	}
	if arg == "" {
		return []bot.Reply{{Text: msgNudgeHow}}, nil
	}
	var ids []string
	if arg == "全部" || arg == "所有" || arg == "all" {
		if r == nil {
			return askRound(rs, "催办 1 全部"), nil
		}
		for _, dep := range r.Departments {
			ids = append(ids, dep.ID)
		}
	} else {
		var dept *bot.Department
		if r == nil {
			hits, err := findDept(rs, arg)
			if err != nil {
				return bot.ErrorReply(err)
			}
			if len(hits) > 1 {
				return []bot.Reply{{Text: fmt.Sprintf(msgDeptInSeveral, arg, "催办 1 "+arg) + roundList(rs)}}, nil
			}
			r, dept = hits[0].r, hits[0].dept
		} else {
			var err error
			if dept, err = rounds.FindDept(r, arg); err != nil {
				return bot.ErrorReply(err)
			}
		}
		ids = []string{dept.ID}
	}
	res, err := d.Reminders.Nudge(ctx, r, ids, m.User)
	if err != nil {
		return bot.ErrorReply(err)
	}
	return []bot.Reply{{Text: res.Text()}}, nil
}

// Review runs a head's 退回 or 审核 over the submissions waiting for them.
func (d *Desk) Review(ctx context.Context, m bot.Message, cmd deskCommand, arg string, refs []bot.AssignmentRef) ([]bot.Reply, error) {
	if len(refs) == 0 {
		return []bot.Reply{{Text: msgReviewNothing}}, nil
	}
	if cmd == deskReviews || arg == "" {
		var b strings.Builder
		b.WriteString("待您审核的填报：")
		var buttons []bot.Button
		for _, ref := range refs {
			r, err := d.Engine.Round(ctx, ref.Round)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "\n· %s（%s）", r.DeptLabel(ref.Dept), r.Title)
			buttons = append(buttons, bot.Button{Key: keyApprove + " " + ref.String(), Text: "确认" + bot.Clip(r.DeptLabel(ref.Dept), 6)})
		}
		b.WriteString("\n" + msgReviewAskReason)
		return []bot.Reply{{Text: b.String(), Buttons: buttons}}, nil
	}
	ref := refs[0]
	if len(refs) > 1 {
		found := false
		for _, x := range refs {
			r, err := d.Engine.Round(ctx, x.Round)
			if err != nil {
				return nil, err
			}
			if name := r.DeptLabel(x.Dept); strings.HasPrefix(arg, name) {
				ref, found, arg = x, true, strings.TrimSpace(strings.TrimPrefix(arg, name))
				break
			}
		}
		if !found || arg == "" {
			r, err := d.Engine.Round(ctx, refs[0].Round)
			if err != nil {
				return nil, err
			}
			return []bot.Reply{{Text: fmt.Sprintf(msgReviewAskWhich, r.DeptLabel(refs[0].Dept))}}, nil
		}
	}
	return d.Engine.Review(ctx, m, ref, false, arg)
}
