package handlers

import (
	"bytes"
	"net/http"
	"strings"

	"reportbot/bot"
	"reportbot/bot/export"
)

// answerRow is one question with its answer and history.
type answerRow struct {
	Q       *bot.Question
	Section string
	Answer  string
	Status  string
	History []bot.AuditEntry
}

// dept shows one department's answers with each answer's history, the
// status changes of the assignment, and its sections' drafting state, to
// staff and to the department's own contacts and head.
func (c *Console) dept(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept := r.PathValue("dept")
	d := rd.Department(dept)
	if d == nil {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮没有这个部门。"))
		return
	}
	if !v.canSeeDept(rd, dept) {
		c.forbid(w, r, v)
		return
	}
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
			row.Answer = bot.FormatAnswer(q, ans)
			row.Status = string(ans.Status)
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
		"Sections": sections})
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
	if ext == "md" {
		download(w, export.ReportFile(*d, "md"), "text/markdown; charset=utf-8", []byte(rep.Markdown()))
		return
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, export.ReportFile(*d, "docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
}
