package handlers

import (
	"bytes"
	"net/http"

	"reportbot/bot"
	"reportbot/bot/export"
)

// audit downloads one department's whole history in a round as Excel:
// answer changes, state changes, editors' versions and kept flags, and
// the round's actions, people by their names. Whoever may see the
// department's page may download it.
func (c *Console) audit(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, d, ok := c.roundDept(w, r, v, v.canSeeDept)
	if !ok {
		return
	}
	dept := d.ID
	var ed bot.EditorialStore
	if c.Editorial != nil {
		ed = c.Editorial.Store
	}
	log, err := export.LoadAudit(ctx, c.Store, ed, rd.ID, dept)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var buf bytes.Buffer
	if err := export.AuditXLSX(&buf, log, c.Admin.Roster.Get()); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, export.AuditFile(rd, log.Dept), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}
