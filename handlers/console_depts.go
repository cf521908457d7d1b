package handlers

import (
	"bytes"
	"net/http"
	"strings"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/figure"
)

// answerRow is one question with its answer and history.
type answerRow struct {
	Q       *bot.Question
	Section string
	Answer  string
	Status  string
	History []bot.AuditEntry
	Grid    *bot.GridView // a table answer, shown as a table
	Why     string        // why a table that breaks a rule was kept
}

// otherRow is one 其他数据 entry of a department: a figure no question
// asks for, shown under its section apart from the answers.
type otherRow struct {
	Part     string // 一、2025年度推进法治政府建设的主要举措和成效
	Label    string
	Figure   string // 6次, as the writer may state it
	Value    string // 6
	Unit     string
	Sentence string // the contact's words, when kept
	History  []bot.AuditEntry
}

// otherRows lays out a department's 其他数据 for its page; the history of
// each section's entries is shown once, with its first row.
func otherRows(rd *bot.Round, list []bot.OtherDatum, byQ map[string][]bot.AuditEntry) []otherRow {
	var out []otherRow
	shown := map[int]bool{}
	for _, o := range list {
		s := rd.Form.Sections[o.Section]
		row := otherRow{Part: s.Number + "、" + bot.FillYear(s.Heading, rd.Year), Label: o.Label, Figure: figure.Format(o.Figure),
			Value: figure.Format(bot.Figure{Value: o.Figure.Value, Qualifier: o.Figure.Qualifier, Scale: o.Figure.Scale}), Unit: o.Figure.Unit, Sentence: o.Sentence}
		if !shown[o.Section] {
			shown[o.Section] = true
			row.History = byQ[bot.OtherQID(s.ID)]
		}
		out = append(out, row)
	}
	return out
}

// roundDept reads the round and department of a department page's path
// and checks that the viewer may use the page (allowed, given the round
// and the department's id); it answers the request itself when any of
// it fails.
func (c *Console) roundDept(w http.ResponseWriter, r *http.Request, v *viewer, allowed func(*bot.Round, string) bool) (*bot.Round, *bot.Department, bool) {
	rd, err := c.Store.Round(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return nil, nil, false
	}
	d := rd.Department(r.PathValue("dept"))
	if d == nil {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮没有这个部门。"))
		return nil, nil, false
	}
	if !allowed(rd, d.ID) {
		c.forbid(w, r, v)
		return nil, nil, false
	}
	return rd, d, true
}

// dept shows one department's answers with each answer's history, its
// 其他数据, the status changes of the assignment, and its sections'
// drafting state, to staff and to the department's own contacts and head;
// beside each table answer, a link to edit it for those who may
// (console_grid.go).
func (c *Console) dept(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, d, ok := c.roundDept(w, r, v, v.canSeeDept)
	if !ok {
		return
	}
	dept := d.ID
	ref := bot.AssignmentRef{Round: rd.ID, Dept: dept}
	a, err := c.Store.Assignment(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	audit, err := c.Store.Audit(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	byQ := map[string][]bot.AuditEntry{}
	var statusLog []bot.AuditEntry
	for _, e := range audit {
		if e.QID == "" {
			statusLog = append(statusLog, e)
		} else {
			byQ[e.QID] = append(byQ[e.QID], e)
		}
	}
	var rows []answerRow
	for _, q := range rd.FormFor(ref.Dept).Questions() {
		row := answerRow{Q: q, Section: rd.Form.Sections[q.Section].Number, Answer: "（未填）", History: byQ[q.ID]}
		if ans := a.Answers[q.ID]; ans != nil {
			row.Answer = bot.FormatAnswerNote(q, ans)
			row.Status = string(ans.Status)
			if q.Table != nil && ans.Grid != nil {
				v := q.Table.View(ans.Grid)
				row.Grid, row.Why = &v, ans.Why
			}
		}
		rows = append(rows, row)
	}
	var sections []map[string]any
	if c.Editorial != nil {
		secs, err := c.Editorial.Store.Sections(ctx, ref)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		for _, s := range rd.Form.Sections {
			st := secs[s.ID]
			sections = append(sections, map[string]any{"ID": s.ID, "Title": s.Number + "、" + bot.FillYear(s.Heading, rd.Year), "State": st})
		}
	}
	c.page(w, r, http.StatusOK, "dept", v, map[string]any{"Round": rd, "Dept": d, "A": a, "Rows": rows, "StatusLog": statusLog,
		"Sections": sections, "Flash": c.flash(w, r, v), "EditTables": c.Grids != nil && v.canEditDept(rd, dept),
		"Other": otherRows(rd, rd.FormFor(ref.Dept).OtherData(a.Answers), byQ)})
}

// report downloads a department's report as report.docx or report.md;
// ?draft=1 includes sections not yet confirmed.
func (c *Console) report(w http.ResponseWriter, r *http.Request, v *viewer) {
	rd, err := c.Store.Round(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept := r.PathValue("dept")
	ext, ok := strings.CutPrefix(r.PathValue("file"), "report.")
	if !ok {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个文件。"))
		return
	}
	d := rd.Department(dept)
	if d == nil || !v.canSeeDept(rd, dept) || c.Editorial == nil || (ext != "docx" && ext != "md") {
		c.forbid(w, r, v)
		return
	}
	rep, err := c.Editorial.Report(r.Context(), bot.AssignmentRef{Round: rd.ID, Dept: dept}, r.URL.Query().Get("draft") == "1")
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	name := func(ext string) string {
		if rep.Preview {
			return "预览稿-" + export.ReportFile(*d, ext)
		}
		return export.ReportFile(*d, ext)
	}
	if ext == "md" {
		download(w, name("md"), "text/markdown; charset=utf-8", []byte(rep.Markdown()))
		return
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, name("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
}
