package main

import (
	"net/http"
	"strings"
	"testing"

	"reportbot/bot"
)

// TestGridEditRecomputesTotals: the console shows the totals it computed
// as values; a contact who changes a cell and saves without touching
// them has them follow the cells (they never typed them), while a total
// they change is taken as typed and checked.
func TestGridEditRecomputesTotals(t *testing.T) {
	live, r, tag := gridRound(t)
	path := "/console/rounds/" + r.ID + "/depts/sfj" + tag + "/tables/t3"
	ref := bot.AssignmentRef{Round: r.ID, Dept: "sfj" + tag}
	zl := signIn(t, live.srv.URL, live.svc, "zl"+tag)
	stored := func() map[string]string {
		t.Helper()
		a, err := live.st.Assignment(t.Context(), ref)
		if err != nil || a.Answers["t3"] == nil {
			t.Fatalf("stored: %v %+v", err, a)
		}
		return a.Answers["t3"].Grid
	}

	page := mustGet(t, zl, path)
	if code, page := zl.post(path, gridForm(page, map[string]string{"c.new.natural": "5", "c.open.natural": "4", "c.next.natural": "1"})); code != 200 {
		t.Fatalf("first save: %d %.300s", code, page)
	}
	page = mustGet(t, zl, path)
	mustContain(t, "grid page", page, `name="c.open.total" value="4"`, `name="c.total.natural" value="4"`, `name="c.total.total" value="4"`)

	// One disclosed application was in fact partly disclosed: two cells
	// change, every total shown stays as the page showed it.
	code, page := zl.post(path, gridForm(page, map[string]string{"c.open.natural": "3", "c.partial.natural": "1"}))
	if code != 200 || !strings.Contains(page, "已保存第 10 题统计表。") {
		t.Fatalf("a one-cell change: %d %.600s", code, page)
	}
	g := stored()
	if g["open.total"] != "3" || g["partial.total"] != "1" || g["total.natural"] != "4" || g["total.total"] != "4" {
		t.Fatalf("totals did not follow: %v", g)
	}

	// A change that moves the grand total: 总计 follows too.
	page = mustGet(t, zl, path)
	code, page = zl.post(path, gridForm(page, map[string]string{"c.new.natural": "7", "c.open.natural": "5"}))
	if code != 200 {
		t.Fatalf("a change of the grand total: %d %.600s", code, page)
	}
	if g := stored(); g["total.natural"] != "6" || g["total.total"] != "6" || g["new.total"] != "7" || g["open.total"] != "5" {
		t.Fatalf("totals did not follow: %v", g)
	}

	// A total the contact changes is theirs: checked, not overwritten.
	page = mustGet(t, zl, path)
	code, page = zl.post(path, gridForm(page, map[string]string{"c.open.natural": "6", "c.total.natural": "9"}))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "“（七）总计·自然人”为 9，应等于") {
		t.Fatalf("a typed total that does not add up: %d %.600s", code, page)
	}
	if g := stored(); g["open.natural"] != "5" {
		t.Fatalf("a refused grid was stored: %v", g)
	}
}
