package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/export"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// secRig is the service in-process with two departments, a coordinator and
// an editor.
type secRig struct {
	st     *store.Store
	api    *wecomtest.Server
	svc    *App
	srv    *httptest.Server
	client *wecomtest.Client
	clock  *bottest.Clock
	round  *bot.Round
	tag    string
}

func newSecRig(t *testing.T, deptName string) *secRig {
	t.Helper()
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: a%[1]s\n    name: 甲\n    contacts: [ca%[1]s]\n  - id: b%[1]s\n    name: 乙\n    contacts: [cb%[1]s]\ncoordinators: [co%[1]s]\neditors: [ed%[1]s]\n", tag),
		func(c *serveConfig, _ *bottest.Clock) { c.AdminToken, c.Workers = "admin-token-0123456789abcdef", 2 })
	st, api, svc, srv := live.st, live.api, live.svc, live.srv
	form, _ := prompts.Form("fazhi-annual")
	r := storetest.Round(t, st, form,
		seedtest.Dept("a"+tag, deptName, "ca"+tag),
		bot.Department{ID: "b" + tag, Name: "乙", Contacts: []string{"cb" + tag}})
	return &secRig{st: st, api: api, svc: svc, srv: srv, round: r, tag: tag, client: live.client, clock: live.clock}
}

// TestSecurityForgedAndReplayedCallbacks: a forged signature, a replay
// outside the 5-minute window, and a replay inside it.
func TestSecurityForgedAndReplayedCallbacks(t *testing.T) {
	x := newSecRig(t, "甲")
	user := "ca" + x.tag
	ref := bot.AssignmentRef{Round: x.round.ID, Dept: "a" + x.tag}
	post := func(body []byte, q url.Values) int {
		res, err := http.Post(x.client.URL+"?"+q.Encode(), "application/xml", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	// Forged: the right envelope with another signature, and a body
	// encrypted with another key.
	body, q, _ := x.client.Envelope(wecomtest.TextXML(x.api.CorpID, user, "f1", "开始", x.clock.Now()))
	forged := url.Values{"msg_signature": {strings.Repeat("0", 40)}, "timestamp": q["timestamp"], "nonce": q["nonce"]}
	if code := post(body, forged); code != http.StatusForbidden {
		t.Errorf("forged signature: %d", code)
	}
	other := &wecomtest.Client{Token: "tok", AESKey: strings.Repeat("Z", 43), CorpID: x.api.CorpID}
	body2, q2, _ := other.Envelope(wecomtest.TextXML(x.api.CorpID, user, "f2", "开始", x.clock.Now()))
	if code := post(body2, q2); code != http.StatusForbidden {
		t.Errorf("another key: %d", code)
	}
	// Replay of a captured delivery six minutes later.
	old := &wecomtest.Client{Token: "tok", AESKey: testAESKey, CorpID: x.api.CorpID, Now: func() time.Time { return x.clock.Now().Add(-6 * time.Minute) }}
	body3, q3, _ := old.Envelope(wecomtest.TextXML(x.api.CorpID, user, "f3", "开始", x.clock.Now().Add(-6*time.Minute)))
	if code := post(body3, q3); code != http.StatusForbidden {
		t.Errorf("stale replay: %d", code)
	}
	if a, _ := x.st.Assignment(context.Background(), ref); a.Status != bot.NotStarted || len(a.Cursors) != 0 {
		t.Errorf("refused callbacks changed state: %+v", a)
	}
	// A replay within the window is a WeCom retry: same reply, one effect.
	x.client.Text(user, "r1", "开始")
	r1, _ := x.client.Text(user, "r2", "43%")
	r2, _ := x.client.Text(user, "r2", "43%")
	if r1.Text != r2.Text {
		t.Errorf("replayed delivery answered differently")
	}
	audit, _ := x.st.Audit(context.Background(), ref)
	if n := len(audit); n != 1 {
		t.Errorf("%d audit entries after an answer delivered twice", n)
	}
}

// TestSecurityContactScope: a contact sees and fills only their own
// department, and coordinator or editor commands are refused.
func TestSecurityContactScope(t *testing.T) {
	x := newSecRig(t, "甲")
	user := "ca" + x.tag
	say := func(id, text string) string {
		r, err := x.client.Text(user, id, text)
		if err != nil {
			t.Fatal(err)
		}
		return r.Text
	}
	if r := say("1", "切换部门"); strings.Contains(r, "乙") {
		t.Errorf("a contact sees another department: %q", r)
	}
	if r := say("2", "切换部门 2"); strings.Contains(r, "已切换到：乙") {
		t.Errorf("a contact switched to another department: %q", r)
	}
	for _, cmd := range []string{"导出", "催办 全部", "稿件确认 " + x.round.ID + "/b" + x.tag + "#measures", "审核通过 " + x.round.ID + "/b" + x.tag} {
		r := say("c"+cmd, cmd)
		if !strings.Contains(r, "仅限") && !strings.Contains(r, "不是") {
			t.Errorf("%q from a contact: %q", cmd, r)
		}
	}
	if a, _ := x.st.Assignment(context.Background(), bot.AssignmentRef{Round: x.round.ID, Dept: "b" + x.tag}); len(a.Cursors) != 0 || a.Status != bot.NotStarted {
		t.Errorf("another department's assignment changed: %+v", a)
	}
	// The API wants the admin token; a near miss or another scheme fails.
	for _, auth := range []string{"", "Bearer ", "Bearer admin-token-0123456789abcdeF", "Bearer admin-token-0123456789abcdef0", "Basic admin-token-0123456789abcdef"} {
		req := httptest.NewRequest("GET", "/api/rounds/"+x.round.ID+"/answers", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		x.svc.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d", auth, rec.Code)
		}
	}
}

// TestSecurityHostileContent: markup in answers and department names comes
// out as text in the API, the workbook and the Word file; oversized
// callbacks and API bodies are refused.
func TestSecurityHostileContent(t *testing.T) {
	evil := `<img src=x onerror=alert(1)>`
	x := newSecRig(t, "甲"+evil)
	user := "ca" + x.tag
	for i, s := range []string{"开始", "43%", "381件", "1352件", "336场", `《<script>alert("x")</script>》`} {
		x.client.Text(user, fmt.Sprint("h", i), s)
	}
	req := httptest.NewRequest("GET", "/api/rounds/"+x.round.ID+"/answers", nil)
	req.Header.Set("Authorization", "Bearer admin-token-0123456789abcdef")
	rec := httptest.NewRecorder()
	x.svc.Handler.ServeHTTP(rec, req)
	if body := rec.Body.String(); strings.Contains(body, "<script>") || strings.Contains(body, "<img") || !strings.Contains(body, `\u003cscript\u003e`) {
		t.Errorf("JSON answers carry raw markup: %.300s", body)
	}
	r, depts, err := export.Load(context.Background(), x.st, x.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	var xlsx bytes.Buffer
	if err := export.XLSX(&xlsx, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sheet := range wb.GetSheetList() {
		rows, _ := wb.GetRows(sheet)
		for _, row := range rows {
			for _, c := range row {
				found = found || strings.Contains(c, `<script>alert("x")</script>`)
				if strings.HasPrefix(c, "=") {
					t.Errorf("a cell is a formula: %q", c)
				}
			}
		}
	}
	if !found {
		t.Error("the answer does not read back as the text typed")
	}
	rep := &bot.Report{Title: "甲" + evil + "的报告", Dept: "甲" + evil, Sections: []bot.ReportSection{{Number: "一", Heading: evil, Text: `<script>alert("x")</script>`}}}
	var docx bytes.Buffer
	if err := export.DOCX(&docx, rep); err != nil {
		t.Fatal(err)
	}
	doc, _ := docxParts(t, docx.Bytes())
	if strings.Contains(doc, "<script>") || strings.Contains(doc, "<img") {
		t.Error("markup reached document.xml unescaped")
	}
	if name := export.ReportFile(bot.Department{ID: "a", Name: "../../etc/passwd"}, "docx"); strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
		t.Errorf("file name %q", name)
	}
	// Oversized inputs.
	res, err := http.Post(x.client.URL+"?msg_signature=x&timestamp=1&nonce=n", "application/xml", bytes.NewReader(bytes.Repeat([]byte("A"), 70<<10)))
	if err != nil || res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("70 KB callback: %v %v", err, res.StatusCode)
	}
	big := httptest.NewRequest("POST", "/api/rounds", strings.NewReader(`{"id":"`+strings.Repeat("x", 2<<20)+`"}`))
	big.Header.Set("Authorization", "Bearer admin-token-0123456789abcdef")
	rec = httptest.NewRecorder()
	x.svc.Handler.ServeHTTP(rec, big)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("2 MB API body: %d", rec.Code)
	}
}

// TestSecuritySecretsNotLogged runs serve with distinctive secrets, sends
// it good, forged and unauthorised requests, and scans everything it logged
// for the secrets.
func TestSecuritySecretsNotLogged(t *testing.T) {
	secret, aesKey, token, admin := "wecom-secret-Q7vK2pXz", "Zyxwvutsrqponmlkjihgfedcba9876543210ABCDEFG", "cbtoken-M4nP8", "admin-9c1f7e5a3b2d8f6e4a0c9b7d"
	api := wecomtest.NewServer(storetest.RandomID("ww"), secret)
	defer api.Close()
	rosterPath := filepath.Join(t.TempDir(), "roster.yaml")
	os.WriteFile(rosterPath, []byte("departments: []\n"), 0o644)
	env := map[string]string{"REDIS_URL": redisURL(t), "WECOM_CORP_ID": api.CorpID, "WECOM_AGENT_ID": "1000002",
		"WECOM_SECRET": secret, "WECOM_TOKEN": token, "WECOM_AES_KEY": aesKey, "WECOM_API_BASE": api.URL,
		"REPORTBOT_ROSTER": rosterPath, "REPORTBOT_ADMIN_TOKEN": admin, "OPENAI_API_KEY": "sk-openai-L0gM3N0t",
		"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_MODEL": "qwen-plus", "REPORTBOT_QUEUE_PREFIX": "sec:"}
	s := startServe(t, env)
	s.waitReady(t, 60*time.Second)
	c := &wecomtest.Client{URL: "http://" + s.addr + "/wecom/callback", Token: token, AESKey: aesKey, CorpID: api.CorpID}
	c.Text("nobody", "1", "开始")
	forged := &wecomtest.Client{URL: c.URL, Token: "wrong", AESKey: aesKey, CorpID: api.CorpID}
	forged.Text("nobody", "2", "开始")
	for _, auth := range []string{"Bearer wrong", "Bearer " + admin} {
		req, _ := http.NewRequest("GET", "http://"+s.addr+"/api/rounds", nil)
		req.Header.Set("Authorization", auth)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
	if err := s.stop(t, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	log := s.log.String()
	if !strings.Contains(log, "reportbot serving") || !strings.Contains(log, "refused") {
		t.Fatalf("the log does not show the traffic:\n%s", log)
	}
	for _, v := range []string{secret, aesKey, token, admin, "sk-openai-L0gM3N0t"} {
		if strings.Contains(log, v) {
			t.Errorf("a secret (%.6s…) is in the log", v)
		}
	}
}
