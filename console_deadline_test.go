package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"reportbot/store/storetest"
)

// TestConsoleDeadline: a coordinator who set a deadline on a Saturday is
// told so on creation and on the schedule page, moves it to the last
// working day of the year, and sees the change and its history; a date in
// the past is refused in Chinese; an editor may not move it.
func TestConsoleDeadline(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil) // Monday 30 November 2026
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	csrf := csrfOf(t, mustGet(t, coord, "/console/rounds/new"))
	id := "dl" + tag
	code, page := coord.post("/console/rounds/new", url.Values{"csrf": {csrf}, "form": {"fazhi-annual"}, "year": {"2026"},
		"deadline": {"2026-12-26"}, "id": {id}, "kind": {"街道乡镇"}})
	if code != 200 || !strings.Contains(page, "截止日 2026年12月26日 是周六") {
		t.Fatalf("create on a Saturday: %d %.600s", code, page[strings.Index(page, "<main>"):])
	}
	page = mustGet(t, coord, "/console/rounds/"+id+"/schedule")
	if !strings.Contains(page, `id="deadline-note"`) || !strings.Contains(page, `name="deadline" value="2026-12-26"`) {
		t.Errorf("schedule page before: %.2000s", page[strings.Index(page, "<main>"):])
	}
	code, page = coord.post("/console/rounds/"+id+"/deadline", url.Values{"csrf": {csrf}, "deadline": {"2026-11-01"}, "tell": {"1"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "已经过去") {
		t.Errorf("a past date: %d", code)
	}
	code, page = coord.post("/console/rounds/"+id+"/deadline", url.Values{"csrf": {csrf}, "deadline": {"2026-12-31"}, "tell": {"1"}})
	if code != 200 || !strings.Contains(page, "截止时间已由 2026年12月26日 23:59 调整为 2026年12月31日 23:59") ||
		strings.Contains(page, `id="deadline-note"`) || !strings.Contains(page, "修改截止时间：2026年12月26日 23:59 → 2026年12月31日 23:59") {
		t.Errorf("moved: %d %.3000s", code, page[strings.Index(page, "<main>"):])
	}
	r, err := live.st.Round(t.Context(), id)
	if err != nil || r.Deadline.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("stored deadline: %v %v", r.Deadline, err)
	}
	ed := signIn(t, live.srv.URL, live.svc, "ed"+tag)
	if code, _ := ed.post("/console/rounds/"+id+"/deadline", url.Values{"csrf": {csrfOf(t, mustGet(t, ed, "/console/"))}, "deadline": {"2027-01-15"}}); code != http.StatusForbidden {
		t.Errorf("an editor moves the deadline: %d", code)
	}
}
