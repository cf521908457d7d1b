package handlers

import (
	"net/http"
	"net/url"

	"reportbot/bot/rounds"
)

// deadlineSave moves a round's deadline from the schedule page (延期),
// telling the contacts not yet submitted when asked to. Coordinators only.
func (c *Console) deadlineSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	id := r.PathValue("round")
	at, err := rounds.ParseDeadline(r.PostFormValue("deadline"))
	var moved rounds.DeadlineMoved
	if err == nil {
		moved, err = c.Admin.SetDeadline(r.Context(), id, at, r.PostFormValue("tell") != "")
	}
	if c.refused(w, r, v, err, func(status int, msg string) { c.schedulePage(w, r, v, status, nil, "", msg) }) {
		return
	}
	msg := moved.Text()
	if note := rounds.DeadlineNote(c.Reminders.Calendar.Get(), at); note != "" {
		msg += note
	}
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(id)+"/schedule", msg)
}
