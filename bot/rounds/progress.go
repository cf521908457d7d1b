package rounds

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"reportbot/bot"
)

// DeptProgress is one department's line in the progress table.
type DeptProgress struct {
	Dept         bot.Department
	Status       bot.AssignmentStatus
	Done, Total  int
	LastActivity time.Time
	Reminders    int             // reminders sent (invitations not counted)
	Assignment   *bot.Assignment `json:"-"`
	// Explained lists the department's reasons for tables kept although
	// they break a rule (第 10 题：…).
	Explained []string
	// SectionStates and Audit are read only by ProgressWith when asked for.
	SectionStates map[string]*bot.SectionState `json:"-"`
	Audit         []bot.AuditEntry             `json:"-"`
}

// Progress is a round's progress: a line per department and totals by
// status.
type Progress struct {
	Round   *bot.Round
	Depts   []DeptProgress
	ByLabel map[string]int
	// Names names the people shown (the roster as it stood); nil shows ids.
	Names *bot.Roster
}

// Progress reads every department's assignment.
func (ra *RoundAdmin) Progress(ctx context.Context, id string) (*Progress, error) {
	return ra.ProgressWith(ctx, id, bot.ViewParts{})
}

// ProgressWith is Progress that also reads what parts asks for (sections
// under review, audit trails), all in pipelined batches: a round of a
// thousand departments costs a handful of round trips, not thousands.
func (ra *RoundAdmin) ProgressWith(ctx context.Context, id string, parts bot.ViewParts) (*Progress, error) {
	r, err := ra.Store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	refs := make([]bot.AssignmentRef, len(r.Departments))
	for i, d := range r.Departments {
		refs[i] = bot.AssignmentRef{Round: id, Dept: d.ID}
	}
	views, err := ra.Store.AssignmentViews(ctx, refs, parts)
	if err != nil {
		return nil, err
	}
	p := &Progress{Round: r, ByLabel: map[string]int{}, Names: ra.Roster.Get()}
	for i, d := range r.Departments {
		v := views[i]
		a := v.Assignment
		done, total := r.FormFor(d.ID).Progress(a.Answers)
		p.Depts = append(p.Depts, DeptProgress{Dept: d, Status: a.Status, Done: done, Total: total,
			LastActivity: a.UpdatedAt, Reminders: v.Reminders, Assignment: a, Explained: bot.Explanations(r.Form, a.Answers),
			SectionStates: v.Sections, Audit: v.Audit})
		p.ByLabel[a.Status.Label()]++
	}
	return p, nil
}

// Text renders progress for the terminal and chat: a line per department,
// overdue ones first, then totals.
func (p *Progress) Text(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s】%s，截止 %s\n", p.Round.Title, p.Round.Status.Label(), bot.FormatDate(p.Round.Deadline))
	lines := append([]DeptProgress(nil), p.Depts...)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Status != bot.Submitted && lines[j].Status == bot.Submitted })
	for _, d := range lines {
		last := "无"
		if !d.LastActivity.IsZero() {
			last = bot.FormatTime(d.LastActivity)
		}
		overdue := ""
		if p.Overdue(d, now) {
			overdue = "（已逾期）"
		}
		why := ""
		if n := len(d.Explained); n > 0 {
			why = fmt.Sprintf("，表格数字对不上已说明 %d 处", n)
		}
		fmt.Fprintf(&b, "%s：%s%s，已填 %d/%d 题，最近填写 %s，已催 %d 次%s\n", d.Dept.Name, d.Status.Label(), overdue, d.Done, d.Total, last, d.Reminders, why)
	}
	labels := []string{"未开始", "填报中", "已退回", "待审核", "已提交"}
	var parts []string
	for _, l := range labels {
		if n := p.ByLabel[l]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", l, n))
		}
	}
	fmt.Fprintf(&b, "合计 %d 个部门：%s", len(p.Depts), strings.Join(parts, "，"))
	return b.String()
}

// Overdue reports whether a department is past the round's deadline
// without having submitted (a submission waiting for the head's review
// counts as submitted).
func (p *Progress) Overdue(d DeptProgress, now time.Time) bool {
	return d.Status != bot.Submitted && d.Status != bot.PendingReview && now.After(p.Round.Deadline)
}

// DeptText renders one department's progress in detail: status, counts,
// who fills it in, and the first questions still open.
func (p *Progress) DeptText(d DeptProgress, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s · %s】%s，已填 %d/%d 题", p.Round.Title, d.Dept.Name, d.Status.Label(), d.Done, d.Total)
	if p.Overdue(d, now) {
		b.WriteString("（已逾期）")
	}
	last := "无"
	if !d.LastActivity.IsZero() {
		last = bot.FormatTime(d.LastActivity)
	}
	fmt.Fprintf(&b, "\n最近填写：%s；已催办 %d 次", last, d.Reminders)
	contacts := make([]string, len(d.Dept.Contacts))
	for i, u := range d.Dept.Contacts {
		contacts[i] = bot.PersonName(p.Names, u)
	}
	fmt.Fprintf(&b, "\n填报人：%s", strings.Join(contacts, "、"))
	if d.Dept.Head != "" {
		fmt.Fprintf(&b, "；负责人：%s", bot.PersonName(p.Names, d.Dept.Head))
	}
	if d.Assignment != nil && d.Assignment.Note != "" {
		fmt.Fprintf(&b, "\n退回说明：%s", d.Assignment.Note)
	}
	for _, w := range d.Explained {
		fmt.Fprintf(&b, "\n表格核对说明（%s）", w)
	}
	var open []string
	if d.Assignment != nil {
		form := p.Round.FormFor(d.Dept.ID)
		for _, q := range form.Questions() {
			if form.RuledOut(q, d.Assignment.Answers) {
				continue // the same questions as Done/Total count (bot.Form.Tally)
			}
			if a := d.Assignment.Answers[q.ID]; a == nil || a.Status == bot.Skipped {
				open = append(open, fmt.Sprintf("%d. %s", q.Number, q.Short()))
			}
		}
	}
	if len(open) > 0 {
		more := ""
		if len(open) > 10 {
			more = fmt.Sprintf("\n……等共 %d 题", len(open))
			open = open[:10]
		}
		fmt.Fprintf(&b, "\n尚未填写：\n%s%s", strings.Join(open, "\n"), more)
	}
	return b.String()
}

// FindDept finds a round's department by id or by (part of) its name; a
// name that fits several is EInvalid with their names.
func FindDept(r *bot.Round, arg string) (*bot.Department, error) {
	if d := r.Department(arg); d != nil {
		return d, nil
	}
	var hits []*bot.Department
	for i := range r.Departments {
		if strings.Contains(r.Departments[i].Name, arg) {
			hits = append(hits, &r.Departments[i])
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, bot.Errorf(bot.ENotFound, msgDeptUnknown, arg)
	}
	var names []string
	for _, h := range hits {
		names = append(names, h.Name)
	}
	return nil, bot.Errorf(bot.EInvalid, msgDeptAmbiguous, arg, strings.Join(names, "、"))
}
