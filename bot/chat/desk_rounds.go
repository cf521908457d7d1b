package chat

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"reportbot/bot"
	"reportbot/bot/figure"
	"reportbot/bot/rounds"
)

// Several rounds may run at once (法治 and 政务公开). A coordinator's command
// may name its round first — by its number in the 进度 list or by words
// of its title (进度 政务公开, 导出 1, 催办 法治 全部); a department is
// looked up across the open rounds, and a name found in several asks
// which round.

// deskRounds returns the open or paused rounds the roster covers, newest
// first; with none, the newest round it covers alone.
func (d *Desk) deskRounds(ctx context.Context) ([]*bot.Round, error) {
	ids, err := d.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	var open []*bot.Round
	var newest *bot.Round
	roster := d.Rounds.Roster.Get()
	for _, id := range ids {
		r, err := d.Store.Round(ctx, id)
		if err != nil {
			return nil, err
		}
		if !roster.Covers(r) {
			continue
		}
		if newest == nil {
			newest = r
		}
		if r.Status == bot.RoundOpen || r.Status == bot.RoundPaused {
			open = append(open, r)
		}
	}
	switch {
	case len(open) > 0:
		return open, nil
	case newest != nil:
		return []*bot.Round{newest}, nil
	}
	return nil, bot.Errorf(bot.ENotFound, msgNoRounds)
}

// pickRound reads a round named at the start of arg: its number in rs
// (1, 第2轮) or words of its title that fit it alone. A word that names a
// department is not taken for a round. It returns the round and the rest
// of arg, or nil and arg unchanged.
func pickRound(rs []*bot.Round, arg string) (*bot.Round, string) {
	first, rest := cutWord(arg)
	if first == "" {
		return nil, arg
	}
	if n, ok := figure.SmallNumber(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(first, "第"), "轮"), "个")); ok {
		if n >= 1 && n <= len(rs) {
			return rs[n-1], rest
		}
		return nil, arg
	}
	for _, r := range rs {
		if _, err := rounds.FindDept(r, first); bot.ErrorCode(err) != bot.ENotFound {
			return nil, arg // a department (or several)
		}
	}
	for _, fits := range []func(*bot.Round, string) bool{titleHas, titleShares} {
		var hit *bot.Round
		n := 0
		for _, r := range rs {
			if fits(r, first) {
				hit, n = r, n+1
			}
		}
		if n == 1 {
			return hit, rest
		}
		if n > 1 {
			return nil, arg
		}
	}
	return nil, arg
}

// cutWord splits the first word off arg.
func cutWord(arg string) (string, string) {
	arg = strings.TrimSpace(arg)
	i := strings.IndexFunc(arg, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("：:，,", r) })
	if i < 0 {
		return arg, ""
	}
	return arg[:i], strings.TrimSpace(strings.TrimLeft(arg[i:], " \t：:，,"))
}

// titleHas reports whether w is part of the round's title, its form's
// title or its id.
func titleHas(r *bot.Round, w string) bool {
	return strings.Contains(r.Title, w) || r.ID == w || (r.Form != nil && (strings.Contains(r.Form.Title, w) || r.Form.ID == w))
}

// titleShares reports whether w shares a telling pair of characters with
// the round's title: 政务公开 fits 政府信息公开工作年度报告 by 公开.
func titleShares(r *bot.Round, w string) bool {
	title := r.Title
	if r.Form != nil {
		title += " " + r.Form.Title
	}
	rs := []rune(w)
	for i := 0; i+1 < len(rs); i++ {
		pair := string(rs[i : i+2])
		switch pair {
		case "年度", "报告", "工作", "情况", "政府":
			continue
		}
		if strings.Contains(title, pair) {
			return true
		}
	}
	return false
}

// deptHit is a department found in one of the open rounds.
type deptHit struct {
	r    *bot.Round
	dept *bot.Department
}

// findDept looks a department up in every round of rs. With no hit it
// returns the first round's error (not found, or several departments).
func findDept(rs []*bot.Round, name string) ([]deptHit, error) {
	var hits []deptHit
	var first error
	for _, r := range rs {
		d, err := rounds.FindDept(r, name)
		if err != nil {
			if first == nil || (bot.ErrorCode(first) == bot.ENotFound && bot.ErrorCode(err) != bot.ENotFound) {
				first = err
			}
			continue
		}
		hits = append(hits, deptHit{r, d})
	}
	if len(hits) == 0 {
		if bot.ErrorCode(first) == bot.ENotFound && len(rs) > 1 {
			return nil, bot.Errorf(bot.ENotFound, msgDeptInNoRound, name)
		}
		return nil, first
	}
	return hits, nil
}

// roundList numbers the rounds as commands name them.
func roundList(rs []*bot.Round) string {
	var b strings.Builder
	for i, r := range rs {
		fmt.Fprintf(&b, "\n%d. %s（%s，截止 %s）", i+1, r.Title, r.Status.Label(), bot.FormatDate(r.Deadline))
	}
	return b.String()
}

// askRound asks which round a command means.
func askRound(rs []*bot.Round, example string) []bot.Reply {
	return []bot.Reply{{Text: fmt.Sprintf(msgWhichRound, len(rs), example) + roundList(rs)}}
}

// overview is 进度 over several rounds: one line each.
func (d *Desk) overview(ctx context.Context, rs []*bot.Round) ([]bot.Reply, error) {
	var b strings.Builder
	fmt.Fprintf(&b, msgRoundsOverview, len(rs))
	for i, r := range rs {
		p, err := d.Rounds.Progress(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		done := p.ByLabel[bot.Submitted.Label()]
		var parts []string
		for _, l := range []string{"待审核", "已退回", "填报中", "未开始"} {
			if n := p.ByLabel[l]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", l, n))
			}
		}
		more := ""
		if len(parts) > 0 {
			more = "（" + strings.Join(parts, "，") + "）"
		}
		fmt.Fprintf(&b, "\n%d. 【%s】%s，截止 %s：已提交 %d/%d 个部门%s", i+1, r.Title, r.Status.Label(), bot.FormatDate(r.Deadline),
			done, len(p.Depts), more)
	}
	b.WriteString("\n" + msgRoundsOverviewHint)
	return []bot.Reply{{Text: b.String()}}, nil
}
