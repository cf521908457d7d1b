package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// TestAuditExport: after a contact answers and submits, the coordinator
// returns the department and the template drafts land, one department's
// whole history downloads from the console and from `round audit` as the
// same Excel workbook: every answer with the contact's words and message,
// the submission and the return with the coordinator's reason, the
// drafted sections, the round's actions — people by name, never by id. A
// contact of another department may not download it.
func TestAuditExport(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	csrf := csrfOf(t, mustGet(t, coord, "/console/rounds/new"))
	id := "a" + tag
	if code, page := coord.post("/console/rounds/new", url.Values{"csrf": {csrf}, "form": {"fazhi-annual"}, "year": {"2026"},
		"deadline": {"2026-12-31"}, "id": {id}, "dept": {"sfj" + tag, "jd" + tag}}); code != 200 {
		t.Fatalf("create: %d %.300s", code, page)
	}
	if code, page := coord.post("/console/rounds/"+id+"/status/start", url.Values{"csrf": {csrf}, "confirm": {"yes"}}); code != 200 {
		t.Fatalf("start: %d %.300s", code, page)
	}
	ref := bot.AssignmentRef{Round: id, Dept: "sfj" + tag}
	submitAll(t, live, "zl"+tag)
	if code, page := coord.post("/console/rounds/"+id+"/reopen", url.Values{"csrf": {csrf}, "dept": {ref.Dept},
		"reason": {"请核对复议数字"}, "confirm": {"yes"}}); code != 200 {
		t.Fatalf("return: %d %.300s", code, page)
	}
	ctx := context.Background()
	if !bottest.Eventually(15*time.Second, func() bool {
		secs, err := live.svc.Editorial.Store.Sections(ctx, ref)
		return err == nil && len(secs) > 0
	}) {
		t.Fatal("no section was drafted after the submission")
	}
	entries, err := live.st.Audit(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, e := range entries {
		if e.QID != "" {
			answers++
		}
	}

	check := func(where string, data []byte) {
		t.Helper()
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		all := ""
		for _, s := range f.GetSheetList() {
			rows, _ := f.GetRows(s)
			for _, r := range rows {
				all += s + "|" + strings.Join(r, "|") + "\n"
			}
		}
		if rows, _ := f.GetRows("答案修改记录"); len(rows) != answers+1 || answers < 10 {
			t.Errorf("%s: %d answer rows, want %d", where, len(rows)-1, answers)
		}
		for _, want := range []string{"答案修改记录|", "|赵六|", "状态变化|", "|赵六|提交|", "|陈统筹|退回修改|已提交|已退回|请核对复议数字",
			"审稿记录|", "|模板生成|", "轮次操作|", "|陈统筹|创建|", "|陈统筹|退回部门|区司法局：请核对复议数字", "概况|填报人|赵六"} {
			if !strings.Contains(all, want) {
				t.Errorf("%s lacks %q", where, want)
			}
		}
		for _, id := range []string{"zl" + tag, "co" + tag} {
			// Message ids (the test's own, "zl…-3") are not people.
			if strings.Contains(strings.ReplaceAll(all, id+"-", ""), id) {
				t.Errorf("%s shows the user id %s instead of a name", where, id)
			}
		}
	}

	// The console: a link on the department's page, the workbook behind it.
	page := mustGet(t, coord, "/console/rounds/"+id+"/depts/"+ref.Dept)
	link := "/console/rounds/" + id + "/depts/" + ref.Dept + "/audit.xlsx"
	if !strings.Contains(page, `href="`+link+`"`) {
		t.Errorf("the department page has no audit link")
	}
	res, err := coord.c.Get(live.srv.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), url.PathEscape("区司法局")) {
		t.Fatalf("audit download: %d %v", res.StatusCode, res.Header)
	}
	check("console", data)
	other := signIn(t, live.srv.URL, live.svc, "jd"+tag)
	if code, _ := other.get(link); code != http.StatusForbidden {
		t.Errorf("another department's contact downloads the audit: %d", code)
	}

	// The command line writes the same workbook.
	out := t.TempDir() + "/audit.xlsx"
	env := map[string]string{"REPORTBOT_ROSTER": live.rosterPath}
	var stdout bytes.Buffer
	if err := runRound(ctx, []string{"audit", id, ref.Dept, "-o", out}, func(k string) string { return env[k] }, &stdout,
		Options{Store: live.st, Clock: live.clock}); err != nil || !strings.Contains(stdout.String(), "已写出") {
		t.Fatalf("round audit: %v %s", err, stdout.String())
	}
	cli, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	check("round audit", cli)
	if err := runRound(ctx, []string{"audit", id, "nope"}, func(k string) string { return env[k] }, &stdout,
		Options{Store: live.st, Clock: live.clock}); err == nil || !strings.Contains(err.Error(), "没有这个部门") {
		t.Errorf("an unknown department: %v", err)
	}
}
