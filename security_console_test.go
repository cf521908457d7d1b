package main

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// TestSecurityConsoleSmallFaults: a login link survives being opened
// (a chat app's link preview) and is spent by its button; a notice in
// ?msg= is not shown while the notice of a real action is, once; the
// static directory is not listed; an empty OAuth state cookie matches
// nothing.
func TestSecurityConsoleSmallFaults(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag),
		func(c *serveConfig, _ *bottest.Clock) { c.PublicURL = "https://reportbot.example.gov.cn" })
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag) // GET twice, POST once, POST again refused

	const bait = "系统升级请拨打电话"
	if code, page := coord.get("/console/forms?msg=" + url.QueryEscape(bait)); code != 200 || strings.Contains(page, bait) {
		t.Errorf("?msg= shown on the forms page: %d", code)
	}
	code, page := coord.get("/console/rounds/new")
	if code != 200 {
		t.Fatalf("new round page: %d", code)
	}
	id := "r" + tag
	form := url.Values{"csrf": {csrfOf(t, page)}, "form": {"fazhi-annual"}, "year": {"2026"}, "deadline": {"2099-11-01"}, "id": {id},
		"title": {"2026年度法治政府建设情况报告"}, "dept": {"zfb" + tag}}
	if code, page := coord.post("/console/rounds/new", form); code != 200 || !strings.Contains(page, "已创建") {
		t.Fatalf("create: %d %.300s", code, page)
	}
	if code, page := coord.get("/console/rounds/" + id + "?msg=" + url.QueryEscape(bait)); code != 200 || strings.Contains(page, "已创建") || strings.Contains(page, bait) {
		t.Errorf("round page again: %d, notice shown twice or ?msg= shown", code)
	}

	for _, p := range []string{"/console/static/", "/console/static"} {
		res, err := http.Get(live.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == 200 {
			t.Errorf("%s lists the directory", p)
		}
	}
	if res, err := http.Get(live.srv.URL + "/console/static/console.css"); err != nil || res.StatusCode != 200 {
		t.Errorf("static file: %v %v", err, res)
	} else {
		res.Body.Close()
	}

	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	live.api.IssueCode("code-e", "co"+tag)
	req, _ := http.NewRequest("GET", live.srv.URL+"/console/oauth?code=code-e&state=", nil)
	req.Header.Set("Cookie", "rb_oauth_state=")
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("empty state cookie and empty state: %d, want 403", res.StatusCode)
	}
}
