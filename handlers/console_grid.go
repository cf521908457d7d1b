package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"reportbot/bot"
	"reportbot/bot/chat"
)

// GridEditor reads and edits a department's table answers for the
// console; chat.Engine implements it, so an edit goes through the same
// transaction and rules as a chat answer.
type GridEditor interface {
	GridState(ctx context.Context, ref bot.AssignmentRef, qid string) (*chat.GridState, error)
	EditGrid(ctx context.Context, ref bot.AssignmentRef, qid string, cells map[string]string, by string, ed chat.GridEdit) (*chat.GridResult, error)
}

// canEditDept: coordinators edit any department's tables; a contact only
// their own department's. Editors and heads read, they do not fill in.
func (v *viewer) canEditDept(r *bot.Round, dept string) bool {
	if v.Coordinator {
		return true
	}
	for _, a := range v.Assignments {
		if a.Round == r.ID && a.Dept == dept {
			return true
		}
	}
	return false
}

// grid shows one table answer as a form of cells (GET) and saves it
// (POST): a bad cell, a broken rule without a 说明, or a page older than
// the answer shows the form again with what was typed; a save returns
// to the department's page with a notice.
func (c *Console) grid(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, d, ok := c.roundDept(w, r, v, func(rd *bot.Round, dept string) bool { return c.Grids != nil && v.canEditDept(rd, dept) })
	if !ok {
		return
	}
	dept := d.ID
	ref := bot.AssignmentRef{Round: rd.ID, Dept: dept}
	qid := r.PathValue("qid")
	st, err := c.Grids.GridState(ctx, ref, qid)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	q := st.Question
	data := map[string]any{"Round": rd, "Dept": d, "Q": q, "State": st, "Title": fmt.Sprintf("第 %d 题统计表", q.Number),
		"Nonce": randomHex(12), "Base": st.Base}
	var values map[string]string
	if st.Answer != nil {
		values = st.Answer.Grid
		data["Why"] = st.Answer.Why
	}
	if r.Method != http.MethodPost {
		data["Flash"] = c.flash(w, r, v)
		data["Breaks"] = st.Breaks
		data["Layout"] = layoutGrid(q, values, nil, values == nil)
		c.page(w, r, http.StatusOK, "grid", v, data)
		return
	}
	cells := map[string]string{}
	for i := range q.Table.Rows {
		for _, col := range q.Table.RowCols(&q.Table.Rows[i]) {
			key := bot.CellKey(q.Table.Rows[i].ID, col.ID)
			cells[key] = r.PostFormValue("c." + key)
		}
	}
	why := strings.TrimSpace(r.PostFormValue("why"))
	res, err := c.Grids.EditGrid(ctx, ref, qid, cells, v.User, chat.GridEdit{Why: why, Base: r.PostFormValue("base"), Key: formKey(r, v)})
	data["Why"], data["Base"] = why, r.PostFormValue("base")
	switch {
	case bot.CellErrorsOf(err) != nil:
		data["Error"] = bot.ErrorMessage(err)
		data["Layout"] = layoutGrid(q, cells, bot.CellErrorsOf(err), false)
		c.page(w, r, http.StatusBadRequest, "grid", v, data)
		return
	case err != nil:
		c.fail(w, r, v, err)
		return
	case res.Saved:
		c.log().Info("console table edit", "user", v.User, "round", ref.Round, "dept", ref.Dept, "q", qid, "repeat", res.Repeat)
		c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(ref.Round)+"/depts/"+url.PathEscape(ref.Dept)+"#q-"+url.PathEscape(qid), res.Message)
		return
	}
	data["Error"], data["Breaks"] = res.Message, res.Breaks
	data["Layout"] = layoutGrid(q, cells, nil, false)
	status := http.StatusUnprocessableEntity
	if res.Stale {
		status, data["Base"] = http.StatusConflict, res.NextBase
		if res.Current != nil && res.Current.Grid != nil {
			view := q.Table.View(res.Current.Grid)
			data["Current"], data["CurrentWhy"] = &view, res.Current.Why
		}
	}
	c.page(w, r, status, "grid", v, data)
}
