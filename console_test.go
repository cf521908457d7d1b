package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// browserish is an HTTP client with its own cookies, signed in through a
// one-time login link.
type browserish struct {
	t    *testing.T
	c    *http.Client
	base string
}

func signIn(t *testing.T, base string, svc *App, user string) *browserish {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browserish{t: t, base: base, c: &http.Client{Jar: jar}}
	tok, err := svc.Store.CreateLoginLink(context.Background(), user, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Opening the link (or a chat app's preview of it) spends nothing; the
	// click on its button does.
	for range 2 {
		if code, body := b.get("/console/login?token=" + tok); code != 200 || !strings.Contains(body, `name="token"`) || strings.Contains(body, "退出") {
			t.Fatalf("login link page for %s: %d %.300s", user, code, body)
		}
	}
	if code, body := b.post("/console/login", url.Values{"token": {tok}}); code != 200 || !strings.Contains(body, "退出") {
		t.Fatalf("sign-in as %s: %d %.300s", user, code, body)
	}
	if code, _ := b.post("/console/login", url.Values{"token": {tok}}); code != http.StatusForbidden {
		t.Errorf("a login link worked twice: %d", code)
	}
	return b
}

func (b *browserish) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func (b *browserish) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in the page")
	}
	return m[1]
}

// TestConsoleRolesCSRFAndReview drives the console: sign-in links, the
// round page with its chart and 催办, a department's answers with their
// history (markup shown as text), a contact kept to their department, CSRF
// on every form, and an editor confirming, editing and restoring a
// section beside its answers.
func TestConsoleRolesCSRFAndReview(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: a%[1]s\n    name: 区政府办\n    contacts: [ca%[1]s]\n  - id: b%[1]s\n    name: 区司法局\n    contacts: [cb%[1]s]\ncoordinators: [co%[1]s]\neditors: [ed%[1]s]\n", tag), nil)
	st, svc, srv, c := live.st, live.svc, live.srv, live.client
	form, seed := seedtest.Load(t)
	r := storetest.Round(t, st, form,
		seedtest.Dept("a"+tag, "区政府办", "ca"+tag),
		bot.Department{ID: "b" + tag, Name: "区司法局", Contacts: []string{"cb" + tag}})
	for i, s := range seedtest.Transcript(t, form, seed) {
		text := s.Text
		if s.QID == "rules_made" { // a question that takes text: make it hostile
			text = `《<script>alert(1)</script>实施细则》`
		}
		c.Text("ca"+tag, fmt.Sprint("s", i), text)
	}
	c.Text("cb"+tag, "x1", "开始")

	// Without a session: to the login page; a made-up session too.
	anon := &browserish{t: t, base: srv.URL, c: &http.Client{}}
	if code, body := anon.get("/console/rounds/" + r.ID); code != 200 || !strings.Contains(body, "登录") {
		t.Errorf("no session: %d", code)
	}
	coord := signIn(t, srv.URL, svc, "co"+tag)
	code, page := coord.get("/console/rounds/" + r.ID)
	if code != 200 || !strings.Contains(page, "<svg") || !strings.Contains(page, "区司法局") || !strings.Contains(page, "已提交") {
		t.Fatalf("round page: %d %.500s", code, page)
	}
	if code, _ := coord.post("/console/rounds/"+r.ID+"/nudge", url.Values{"dept": {"b" + tag}}); code != http.StatusForbidden {
		t.Errorf("催办 without CSRF: %d", code)
	}
	if code, _ := coord.post("/console/rounds/"+r.ID+"/nudge", url.Values{"dept": {"b" + tag}, "csrf": {strings.Repeat("0", 48)}}); code != http.StatusForbidden {
		t.Errorf("催办 with a wrong CSRF token: %d", code)
	}
	csrf := csrfOf(t, page)
	code, page = coord.post("/console/rounds/"+r.ID+"/nudge", url.Values{"dept": {"b" + tag}, "csrf": {csrf}})
	if code != 200 || !strings.Contains(page, "已向 1 个部门的填报人发送催办提醒") {
		t.Errorf("催办: %d %.300s", code, page)
	}
	code, page = coord.get("/console/rounds/" + r.ID + "/depts/a" + tag)
	if code != 200 || strings.Contains(page, "<script>alert(1)") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("an answer with markup is not shown as text")
	}
	if !strings.Contains(page, "381件") || !strings.Contains(page, "消息 s") {
		t.Errorf("answers with their history: %.300s", page)
	}
	// A contact sees their own department only.
	contact := signIn(t, srv.URL, svc, "cb"+tag)
	if code, _ := contact.get("/console/rounds/" + r.ID + "/depts/b" + tag); code != 200 {
		t.Errorf("own department: %d", code)
	}
	for _, path := range []string{"/console/rounds/" + r.ID + "/depts/a" + tag, "/console/rounds/" + r.ID, "/console/rounds/" + r.ID + "/export.xlsx",
		"/console/rounds/" + r.ID + "/depts/a" + tag + "/sections/measures"} {
		if code, _ := contact.get(path); code != http.StatusForbidden {
			t.Errorf("contact on %s: %d", path, code)
		}
	}
	// The editor, once drafts exist, reviews beside the answers.
	ref := bot.AssignmentRef{Round: r.ID, Dept: "a" + tag}
	if !bottest.Eventually(20*time.Second, func() bool {
		secs, _ := st.Sections(context.Background(), ref)
		return len(secs) == len(form.Sections)
	}) {
		t.Fatalf("drafts never appeared")
	}
	ed := signIn(t, srv.URL, svc, "ed"+tag)
	base := "/console/rounds/" + r.ID + "/depts/a" + tag + "/sections/measures"
	code, page = ed.get(base)
	if code != 200 || !strings.Contains(page, `class="fig" title="第2题 全年制发文件多少件：381件"`) {
		t.Fatalf("section page without figure sources: %d %.2000s", code, page)
	}
	if code, _ := contact.post(base+"/confirm", url.Values{"csrf": {csrfOf(t, page)}}); code != http.StatusForbidden {
		t.Errorf("a contact confirming with the editor's token: %d", code)
	}
	csrf = csrfOf(t, page)
	code, page = ed.post(base+"/edit", url.Values{"csrf": {csrf}, "nonce": {"edit-0123456789abcdef"}, "text": {"全年制发文件381件，另有文件27件。"}})
	if code != 200 || !strings.Contains(page, "已保存为第 2 版") || !strings.Contains(page, `<mark class="flag"`) || !strings.Contains(page, "27件") {
		t.Errorf("edit in place: %d %.600s", code, page)
	}
	code, page = ed.post(base+"/restore", url.Values{"csrf": {csrf}, "version": {"1"}, "nonce": {"restore-0123456789abcdef"}})
	if code != 200 || !strings.Contains(page, "已恢复第 1 版") || !strings.Contains(page, "<del>") && !strings.Contains(page, "<ins>") {
		t.Errorf("restore with diff: %d", code)
	}
	code, page = ed.post(base+"/confirm", url.Values{"csrf": {csrf}, "nonce": {"confirm-0123456789abcdef"}})
	if code != 200 || !strings.Contains(page, "已由 ed"+tag+" 确认") {
		t.Errorf("confirm: %d %.400s", code, page)
	}
	secs, _ := st.Sections(context.Background(), ref)
	if m := secs["measures"]; !m.Confirmed || m.Current != 1 || len(m.Versions) != 2 {
		t.Errorf("after confirm: %+v", m)
	}
	// Logging out ends the session.
	code, page = ed.get("/console/")
	csrf = csrfOf(t, page)
	ed.post("/console/logout", url.Values{"csrf": {csrf}})
	if code, body := ed.get(base); code != 200 || !strings.Contains(body, "请在企业微信中打开") {
		t.Errorf("after logout: %d", code)
	}
}

// TestConsoleOAuth signs in through WeCom's web authorisation: the
// authorize redirect with a state cookie, the code resolved by
// auth/getuserinfo on the fake WeCom, a session; a wrong state or a reused
// code is refused.
func TestConsoleOAuth(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments: []\ncoordinators: [co%s]\n", tag),
		func(c *serveConfig, _ *bottest.Clock) { c.PublicURL = "https://reportbot.example.gov.cn" })
	st, api, srv := live.st, live.api, live.srv
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(srv.URL + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	q := loc.Query()
	if res.StatusCode != http.StatusFound || loc.Host != "open.weixin.qq.com" || q.Get("appid") != api.CorpID || q.Get("agentid") != "1000002" ||
		q.Get("redirect_uri") != "https://reportbot.example.gov.cn/console/oauth" || q.Get("state") == "" {
		t.Fatalf("authorize redirect: %d %s", res.StatusCode, loc)
	}
	state := q.Get("state")
	// The state cookie is Secure (HTTPS deployment); the test server is
	// plain HTTP, so hand it over as the browser would over HTTPS.
	var stateCookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "rb_oauth_state" {
			stateCookie = c
		}
	}
	if stateCookie == nil || !stateCookie.Secure || !stateCookie.HttpOnly {
		t.Fatalf("state cookie: %+v", stateCookie)
	}
	get := func(path string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: "rb_oauth_state", Value: stateCookie.Value})
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	api.IssueCode("code-1", "co"+tag)
	if res := get("/console/oauth?code=code-1&state=wrong"); res.StatusCode != http.StatusForbidden {
		t.Errorf("wrong state: %d", res.StatusCode)
	}
	res = get("/console/oauth?code=code-1&state=" + state)
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "rb_session" && c.Value != "" {
			session = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("sign-in: %d %+v", res.StatusCode, session)
	}
	if user, _, err := st.Session(context.Background(), session.Value); err != nil || user != "co"+tag {
		t.Errorf("session user %q %v", user, err)
	}
	if res := get("/console/oauth?code=code-1&state=" + state); res.StatusCode != http.StatusForbidden {
		t.Errorf("a reused code: %d", res.StatusCode)
	}
}
