package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Report is one department's finished report, assembled in form order
// from the confirmed sections.
type Report struct {
	Title    string          // 《…关于2025年度法治政府建设情况的报告》 without the brackets
	Opening  string          // the first paragraph
	Sections []ReportSection // in form order
	Dept     string          // signature
	Date     time.Time       // the date under the signature
}

// ReportSection is one level-1 part of a report.
type ReportSection struct {
	Number  string // 一
	Heading string // 2025年度推进法治政府建设的主要举措和成效
	Text    string // paragraphs separated by blank lines or newlines
	Version int
	By      string // who confirmed it
}

// Paragraphs splits a section's text into paragraphs.
func (s ReportSection) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// BuildReport assembles a department's report. Every section must be
// confirmed, unless draft is true (a preview marks unconfirmed sections).
func BuildReport(r *Round, dept string, secs map[string]*SectionState, at time.Time, draft bool) (*Report, error) {
	name := deptLabel(r, dept)
	fill := func(s string) string {
		return strings.ReplaceAll(FillYear(s, r.Year), "{dept}", name)
	}
	title := r.Form.ReportTitle
	if title == "" {
		title = "{dept}关于{year}年度" + r.Form.Title
	}
	rep := &Report{Title: fill(title), Opening: fill(r.Form.ReportOpening), Dept: name, Date: at}
	var missing []string
	for _, s := range r.Form.Sections {
		st := secs[s.ID]
		var cur *SectionVersion
		if st != nil {
			cur = st.CurrentVersion()
		}
		if cur == nil || !st.Confirmed {
			missing = append(missing, s.Number)
			if !draft {
				continue
			}
		}
		rs := ReportSection{Number: s.Number, Heading: FillYear(s.Heading, r.Year)}
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
		return nil, Errorf(EConflict, "“%s”还有第%s部分未确认，报告尚不能生成。", name, strings.Join(missing, "、"))
	}
	return rep, nil
}

// Report assembles a department's confirmed report.
func (ed *Editorial) Report(ctx context.Context, ref AssignmentRef, draft bool) (*Report, error) {
	r, err := ed.Rounds.Round(ctx, ref.Round)
	if err != nil {
		return nil, err
	}
	if r.Department(ref.Dept) == nil {
		return nil, Errorf(ENotFound, "本轮没有部门“%s”。", ref.Dept)
	}
	secs, err := ed.Store.Sections(ctx, ref)
	if err != nil {
		return nil, err
	}
	return BuildReport(r, ref.Dept, secs, ed.now(), draft)
}

// CompleteReports assembles the report of every department of r whose
// sections are all confirmed; the others are left out.
func (ed *Editorial) CompleteReports(ctx context.Context, r *Round) (map[string]*Report, error) {
	out := map[string]*Report{}
	for _, d := range r.Departments {
		secs, err := ed.Store.Sections(ctx, AssignmentRef{Round: r.ID, Dept: d.ID})
		if err != nil {
			return nil, err
		}
		rep, err := BuildReport(r, d.ID, secs, ed.now(), false)
		if ErrorCode(err) == EConflict {
			continue // not every section confirmed yet
		}
		if err != nil {
			return nil, err
		}
		out[d.ID] = rep
	}
	return out, nil
}

// ChineseDate writes 2026年1月15日.
func ChineseDate(t time.Time) string {
	t = t.In(cst)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// Markdown renders the report.
func (rep *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", rep.Title)
	if rep.Opening != "" {
		fmt.Fprintf(&b, "%s\n\n", rep.Opening)
	}
	for _, s := range rep.Sections {
		fmt.Fprintf(&b, "## %s、%s\n\n", s.Number, s.Heading)
		for _, p := range s.Paragraphs() {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
	}
	fmt.Fprintf(&b, "%s\n\n%s\n", rep.Dept, ChineseDate(rep.Date))
	return b.String()
}
