package editorial

import (
	"context"
	"fmt"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/factlock"
)

// BuildReport assembles a department's report from the sections' current
// versions. Each is checked again against the department's answers as they
// stand (a): a final report (draft false) needs every section confirmed,
// with no mark of something missing (【待补充】, 【？】) and no flagged
// figure or claim that an editor did not keep on purpose; a preview (draft
// true) shows every section, with 【？】 after each open flag.
// Kept flags are listed in Report.Kept, and the 其他数据 in Report.Other,
// for the audit.
func BuildReport(r *bot.Round, a *bot.Assignment, secs map[string]*bot.SectionState, at time.Time, draft bool) (*bot.Report, error) {
	dept := a.Ref.Dept
	name := r.DeptLabel(dept)
	fill := r.Vars(dept).Fill
	rep := &bot.Report{Title: reportTitle(r, dept), Opening: fill(r.Form.ReportOpening), Dept: name, Date: at,
		Other: r.FormFor(dept).OtherData(a.Answers)}
	var missing, flagged, unfilled []string
	for idx, s := range r.Form.Sections {
		st := secs[s.ID]
		var cur *bot.SectionVersion
		if st != nil {
			cur = st.CurrentVersion()
		}
		if cur == nil || !st.Confirmed {
			missing = append(missing, s.Number)
			if !draft {
				continue
			}
		}
		rs := bot.ReportSection{Number: s.Number, Heading: fill(s.Heading), Tables: r.FormFor(dept).ReportTables(idx, a.Answers)}
		if cur == nil {
			rs.Text = bot.Placeholder
			rep.Sections = append(rep.Sections, rs)
			continue
		}
		rs.Text, rs.Version = cur.Text, cur.N
		if st.Confirmed {
			rs.By = st.ConfirmedBy
		}
		for _, m := range bot.OpenMarks(cur.Text) {
			unfilled = append(unfilled, fmt.Sprintf("第%s部分“%s”", s.Number, m.Context))
		}
		open := bot.OpenFlags(LockText(r, a, idx, cur.Text), cur.Kept)
		if len(open) > 0 {
			flagged = append(flagged, fmt.Sprintf("第%s部分%d处", s.Number, len(open)))
			rs.Text = factlock.Mark(cur.Text, bot.Spans(open))
		}
		for _, k := range cur.Kept {
			rep.Kept = append(rep.Kept, bot.ReportKeep{Section: s.Number, Keep: k})
		}
		rep.Sections = append(rep.Sections, rs)
	}
	if !draft && len(missing) > 0 {
		return nil, bot.Errorf(bot.EConflict, "“%s”还有第%s部分未确认，报告尚不能生成。", name, strings.Join(missing, "、"))
	}
	if !draft && len(unfilled) > 0 {
		return nil, bot.Errorf(bot.EConflict, "“%s”的报告中还有 %d 处待补充的内容，报告尚不能生成：%s。请审稿人改为实际情况后重新确认。",
			name, len(unfilled), strings.Join(unfilled, "；"))
	}
	if !draft && len(flagged) > 0 {
		return nil, bot.Errorf(bot.EConflict, "“%s”%s数字或说法在填报答案中找不到依据，报告尚不能生成：请审稿人修改，或说明理由后保留。",
			name, strings.Join(flagged, "、"))
	}
	// A preview that is not yet the report says so on its first line.
	rep.Preview = len(missing)+len(unfilled)+len(flagged) > 0
	return rep, nil
}

// Report assembles a department's confirmed report.
func (ed *Editorial) Report(ctx context.Context, ref bot.AssignmentRef, draft bool) (*bot.Report, error) {
	r, err := ed.Rounds.Round(ctx, ref.Round)
	if err != nil {
		return nil, err
	}
	if r.Department(ref.Dept) == nil {
		return nil, bot.Errorf(bot.ENotFound, "本轮没有部门“%s”。", ref.Dept)
	}
	secs, err := ed.Store.Sections(ctx, ref)
	if err != nil {
		return nil, err
	}
	a, err := ed.Rounds.Assignment(ctx, ref)
	if err != nil {
		return nil, err
	}
	rep, err := BuildReport(r, a, secs, ed.now(), draft)
	if err != nil {
		return nil, err
	}
	return ed.named(rep), nil
}

// named writes the people of rep (who confirmed each section, who kept
// each flag) by their names.
func (ed *Editorial) named(rep *bot.Report) *bot.Report {
	for i := range rep.Sections {
		rep.Sections[i].By = ed.name(rep.Sections[i].By)
	}
	for i := range rep.Kept {
		rep.Kept[i].By = ed.name(rep.Kept[i].By)
	}
	return rep
}

// CompleteReports assembles the report of every department of r whose
// sections are all confirmed with no open flag; the others are left out.
func (ed *Editorial) CompleteReports(ctx context.Context, r *bot.Round) (map[string]*bot.Report, error) {
	out := map[string]*bot.Report{}
	for _, d := range r.Departments {
		ref := bot.AssignmentRef{Round: r.ID, Dept: d.ID}
		secs, err := ed.Store.Sections(ctx, ref)
		if err != nil {
			return nil, err
		}
		a, err := ed.Rounds.Assignment(ctx, ref)
		if err != nil {
			return nil, err
		}
		rep, err := BuildReport(r, a, secs, ed.now(), false)
		if bot.ErrorCode(err) == bot.EConflict {
			continue // not every section confirmed, or flags not resolved
		}
		if err != nil {
			return nil, err
		}
		out[d.ID] = ed.named(rep)
	}
	return out, nil
}
