package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"sort"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
)

// home lists rounds for staff, and a contact's own departments.
func (c *Console) home(w http.ResponseWriter, r *http.Request, v *viewer) {
	type roundRow struct {
		Round *bot.Round
		Depts int
	}
	type deptRow struct {
		Round *bot.Round
		Dept  bot.Department
	}
	var rounds []roundRow
	var mine []deptRow
	ids, err := c.Store.Rounds(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	for _, id := range ids {
		rd, err := c.Store.Round(r.Context(), id)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		if v.staff() && c.Admin.Roster.Get().Covers(rd) {
			rounds = append(rounds, roundRow{rd, len(rd.Departments)})
		}
		for _, d := range rd.Departments {
			if !v.staff() && v.canSeeDept(rd, d.ID) {
				mine = append(mine, deptRow{rd, d})
			}
		}
	}
	c.page(w, r, http.StatusOK, "home", v, map[string]any{"Rounds": rounds, "Mine": mine})
}

// deptRow is one line of a round's status table.
type deptRow struct {
	rounds.DeptProgress
	Overdue   bool
	Confirmed int // sections confirmed
	Sections  int
}

// round is a round's status table for staff: progress, overdue flags,
// sections confirmed, and the chart of statuses over time; ?sort= and
// ?overdue=1 reorder and filter it.
func (c *Console) round(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	// One pipelined read for every department's assignment, reminders,
	// sections and audit trail (the chart needs the trails).
	p, err := c.Admin.ProgressWith(ctx, r.PathValue("round"), bot.ViewParts{Sections: c.Editorial != nil, Audit: true})
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	now := c.now()
	var rows []deptRow
	var audits = map[string][]bot.AuditEntry{}
	for _, d := range p.Depts {
		row := deptRow{DeptProgress: d, Sections: len(p.Round.Form.Sections),
			Overdue: p.Overdue(d, now)}
		for _, s := range d.SectionStates {
			if s.Confirmed {
				row.Confirmed++
			}
		}
		audits[d.Dept.ID] = d.Audit
		if r.URL.Query().Get("overdue") == "1" && !row.Overdue {
			continue
		}
		rows = append(rows, row)
	}
	sortRows(rows, r.URL.Query().Get("sort"))
	c.page(w, r, http.StatusOK, "round", v, map[string]any{"P": p, "Rows": rows, "Sort": r.URL.Query().Get("sort"),
		"Overdue": r.URL.Query().Get("overdue") == "1", "Chart": progressChart(p.Round, audits, now), "Flash": c.flash(w, r, v)})
}

// sortRows orders the status table by a column.
func sortRows(rows []deptRow, by string) {
	less := map[string]func(a, b deptRow) bool{
		"name":     func(a, b deptRow) bool { return a.Dept.Name < b.Dept.Name },
		"status":   func(a, b deptRow) bool { return a.Status.Label() < b.Status.Label() },
		"done":     func(a, b deptRow) bool { return a.Done*b.Total < b.Done*a.Total },
		"activity": func(a, b deptRow) bool { return a.LastActivity.Before(b.LastActivity) },
		"reminded": func(a, b deptRow) bool { return a.Reminders > b.Reminders },
	}[by]
	if less != nil {
		sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
	}
}

// nudge is the coordinator's 催办 for one department (form field dept) or,
// without one, every department of the round; Reminders.Nudge decides
// what goes out now and what waits for the sending hours.
func (c *Console) nudge(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	rd, err := c.Store.Round(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	depts := []string{r.PostFormValue("dept")}
	if depts[0] == "" {
		depts = nil
		for _, d := range rd.Departments {
			depts = append(depts, d.ID)
		}
	}
	res, err := c.Reminders.Nudge(r.Context(), rd, depts, v.User)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(rd.ID), res.Text())
}

// reopen returns a department's submission to its contacts with the
// coordinator's reason, once confirmed on the confirmation page.
func (c *Console) reopen(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	id, dept := r.PathValue("round"), r.PostFormValue("dept")
	if r.PostFormValue("confirm") != "yes" {
		q := url.Values{"dept": {dept}, "reason": {r.PostFormValue("reason")}}
		http.Redirect(w, r, "/console/rounds/"+url.PathEscape(id)+"/confirm/return?"+q.Encode(), http.StatusSeeOther)
		return
	}
	if err := c.Admin.Reopen(r.Context(), bot.AssignmentRef{Round: id, Dept: dept}, r.PostFormValue("reason"), v.User); err != nil {
		c.fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/console/rounds/"+url.PathEscape(id)+"/depts/"+url.PathEscape(dept), http.StatusSeeOther)
}

// exportXLSX downloads the round's answers as an Excel workbook.
func (c *Console) exportXLSX(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() {
		c.forbid(w, r, v)
		return
	}
	rd, depts, err := export.Load(r.Context(), c.Store, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var buf bytes.Buffer
	if err := export.XLSX(&buf, rd, depts, c.Admin.Roster.Get()); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, rd.ID+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// exportZip downloads every complete report of the round with the
// workbook.
func (c *Console) exportZip(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	rd, depts, err := export.Load(r.Context(), c.Store, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	reports, err := c.Editorial.CompleteReports(r.Context(), rd)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var buf bytes.Buffer
	if _, err := export.Zip(&buf, rd, depts, reports, c.Admin.Roster.Get()); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, rd.ID+".zip", "application/zip", buf.Bytes())
}
