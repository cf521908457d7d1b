package editorial

import (
	"context"
	"strings"
	"time"

	"reportbot/bot"
)

// BuildReport assembles a department's report. Every section must be
// confirmed, unless draft is true (a preview marks unconfirmed sections).
func BuildReport(r *bot.Round, dept string, secs map[string]*bot.SectionState, at time.Time, draft bool) (*bot.Report, error) {
	name := r.DeptLabel(dept)
	fill := func(s string) string {
		return r.Vars(dept).Fill(s)
	}
	title := r.Form.ReportTitle
	if title == "" {
		title = "{dept}关于{year}年度" + r.Form.Title
	}
	rep := &bot.Report{Title: fill(title), Opening: fill(r.Form.ReportOpening), Dept: name, Date: at}
	var missing []string
	for _, s := range r.Form.Sections {
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
		rs := bot.ReportSection{Number: s.Number, Heading: bot.FillYear(s.Heading, r.Year)}
		if cur != nil {
			rs.Text, rs.Version = cur.Text, cur.N
			if st.Confirmed {
				rs.By = st.ConfirmedBy
			}
		} else {
			rs.Text = "【待补充】"
		}
		rep.Sections = append(rep.Sections, rs)
	}
	if len(missing) > 0 && !draft {
		return nil, bot.Errorf(bot.EConflict, "“%s”还有第%s部分未确认，报告尚不能生成。", name, strings.Join(missing, "、"))
	}
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
	return BuildReport(r, ref.Dept, secs, ed.now(), draft)
}

// CompleteReports assembles the report of every department of r whose
// sections are all confirmed; the others are left out.
func (ed *Editorial) CompleteReports(ctx context.Context, r *bot.Round) (map[string]*bot.Report, error) {
	out := map[string]*bot.Report{}
	for _, d := range r.Departments {
		secs, err := ed.Store.Sections(ctx, bot.AssignmentRef{Round: r.ID, Dept: d.ID})
		if err != nil {
			return nil, err
		}
		rep, err := BuildReport(r, d.ID, secs, ed.now(), false)
		if bot.ErrorCode(err) == bot.EConflict {
			continue // not every section confirmed yet
		}
		if err != nil {
			return nil, err
		}
		out[d.ID] = rep
	}
	return out, nil
}
