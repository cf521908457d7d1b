package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// TestDemoPiped runs `reportbot demo` with a piped script, as the README
// and CI do, and checks the transcript and the closing table.
func TestDemoPiped(t *testing.T) {
	in := strings.NewReader("开始\n百分之四十三\nabc\n381件\n暂停\n继续\n查看\n退出\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--terminal"}, in, &out, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"您：开始", "已记录：43%", "请填写一个数字", "已记录：381件", "已保存进度", "欢迎回来",
		"| 1 | 全区性会议同比减少了百分之多少？ | 43% |", "| 2 | 全年制发文件多少件？ | 381件 |", "| 3 | 全年办理上级文件多少件？ | （未填） |"} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(s)
	}
}

func TestCommands(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"forms", "check"}, nil, &out, &out); err != nil || !strings.Contains(out.String(), "fazhi-annual") {
		t.Errorf("forms check: %v %s", err, out.String())
	}
	if err := run(context.Background(), []string{"nope"}, nil, &out, &out); err == nil {
		t.Error("an unknown command succeeded")
	}
	if err := run(context.Background(), nil, nil, &out, &out); err == nil {
		t.Error("no command succeeded")
	}
}

func TestServeConfig(t *testing.T) {
	env := map[string]string{"REDIS_URL": "redis://127.0.0.1:6379/0", "WECOM_CORP_ID": "ww1", "WECOM_AGENT_ID": "1000002",
		"WECOM_SECRET": "s", "WECOM_TOKEN": "t", "WECOM_AES_KEY": strings.Repeat("a", 43)}
	get := func(k string) string { return env[k] }
	c, err := loadServeConfig(get)
	if err != nil || c.Addr != ":8080" || c.APIBase != "https://qyapi.weixin.qq.com" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	for _, bad := range []struct{ name, value, want string }{
		{"REDIS_URL", "", "REDIS_URL is not set"},
		{"WECOM_SECRET", "", "WECOM_SECRET is not set"},
		{"WECOM_AGENT_ID", "abc", "WECOM_AGENT_ID"},
		{"WECOM_AES_KEY", "short", "43-character"},
		{"REPORTBOT_ADDR", "8080", "REPORTBOT_ADDR"},
		{"WECOM_API_BASE", "ftp://x", "WECOM_API_BASE"},
		{"REPORTBOT_SEND_HOURS", "21-8", "REPORTBOT_SEND_HOURS"},
		{"REPORTBOT_SEND_HOURS", "9", "REPORTBOT_SEND_HOURS"},
		{"REPORTBOT_SEND_WEEKENDS", "周末", "REPORTBOT_SEND_WEEKENDS"},
	} {
		old := env[bad.name]
		env[bad.name] = bad.value
		if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s=%q: %v", bad.name, bad.value, err)
		}
		env[bad.name] = old
	}
	if c.Plan.QuietFrom != 21 || c.Plan.QuietTo != 8 || c.Plan.AllowWeekends {
		t.Errorf("default sending hours: %+v", c.Plan)
	}
	env["REPORTBOT_SEND_HOURS"], env["REPORTBOT_SEND_WEEKENDS"] = "7-22", "true"
	if c, err := loadServeConfig(get); err != nil || c.Plan.QuietTo != 7 || c.Plan.QuietFrom != 22 || !c.Plan.AllowWeekends ||
		c.Plan.QuietText() != "晚 10 点至早 7 点" {
		t.Errorf("sending hours 7-22 with weekends: %+v %q %v", c.Plan, c.Plan.QuietText(), err)
	}
	env["REPORTBOT_SEND_HOURS"] = "0-24"
	if c, err := loadServeConfig(get); err != nil || !c.Plan.Allowed(bottest.Date(2026, time.December, 6, 3, 0)) {
		t.Errorf("sending any time: %+v %v", c.Plan, err)
	}
	env["REPORTBOT_SEND_HOURS"], env["REPORTBOT_SEND_WEEKENDS"] = "", ""
	env["OPENAI_API_KEY"] = "sk-x"
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "OPENAI_MODEL") {
		t.Errorf("key without model: %v", err)
	}
	env["OPENAI_MODEL"] = "deepseek-chat"
	if c, err := loadServeConfig(get); err != nil || c.OpenAIBase != "https://api.openai.com/v1" {
		t.Errorf("model settings: %+v %v", c, err)
	}
	env["OPENAI_API_KEY"], env["OPENAI_MODEL"] = "", ""
	dir := t.TempDir()
	path := dir + "/secret"
	os.WriteFile(path, []byte("from-file\n"), 0o600)
	env["WECOM_SECRET"], env["WECOM_SECRET_FILE"] = "", path
	if c, err := loadServeConfig(get); err != nil || c.Secret != "from-file" {
		t.Errorf("secret from file: %q %v", c.Secret, err)
	}
}

// TestServeWiring boots the service's handler against a fake WeCom and the
// test Redis: a turn through the encrypted callback, a long reply whose
// later parts go out through message/send, health and metrics.
func TestServeWiring(t *testing.T) {
	live := startService(t, nil, "", nil)
	st, api, srv := live.st, live.api, live.srv
	form, _ := prompts.Form("fazhi-annual")
	user := storetest.RandomID("u")
	round := storetest.Round(t, st, form, seedtest.Dept("zfb", "区政府办", user))
	ref := bot.AssignmentRef{Round: round.ID, Dept: "zfb"}
	c := live.client
	if r, err := c.Text(user, "1", "开始"); err != nil || !strings.Contains(r.Text, "第 1/") {
		t.Fatalf("start: %v %+v", err, r)
	}
	// 查看 with nothing filled in is one short message, no file.
	r, err := c.Text(user, "2a", "查看")
	if err != nil || !strings.Contains(r.Text, "还没有填写任何内容") || strings.Contains(r.Text, "已作为文件") {
		t.Fatalf("review: %v %q", err, r.Text)
	}
	r, err = c.Text(user, "2", "查看全部")
	if err != nil || !strings.Contains(r.Text, "已完成 0/") || len(r.Text) > 2048 {
		t.Fatalf("review: %v %d bytes", err, len(r.Text))
	}
	// The whole listing, longer than a few messages, arrives as one file
	// through message/send; the passive reply says so.
	if !strings.Contains(r.Text, "已作为文件") {
		t.Errorf("the review's passive reply does not mention the file: %.300s", r.Text)
	}
	done := func() bool {
		for _, m := range api.Sent() {
			if f, ok := api.MediaFile(m.File.MediaID); m.ToUser == user && m.MsgType == "file" && ok &&
				strings.Contains(string(f.Data), "修改 N") {
				return true
			}
		}
		return false
	}
	if !bottest.Eventually(5*time.Second, done) {
		t.Errorf("the long review was not sent as a file (%d messages)", len(api.Sent()))
	}
	// 提交 answers with buttons: acked empty, the card sent by a job, once
	// however often WeCom retries the callback.
	for range 3 {
		if r, err := c.Text(user, "3", "提交"); err != nil || r.Status != 200 || r.Text != "" {
			t.Fatalf("submit: %v %+v", err, r)
		}
	}
	cards := func() int {
		n := 0
		for _, m := range api.Sent() {
			if m.ToUser == user && m.MsgType == "template_card" {
				n++
			}
		}
		return n
	}
	storetest.Drain(t, live.svc.Jobs, 10*time.Second)
	if n := cards(); n != 1 {
		t.Errorf("%d cards sent for one 提交, want 1", n)
	}
	// 确认提交 queues drafting: every section drafted (from templates, no
	// API key), missing facts marked 【待补充】.
	if r, err := c.Text(user, "4", "确认提交"); err != nil || !strings.Contains(r.Text, "已提交") {
		t.Fatalf("confirm: %v %+v", err, r)
	}
	var drafts map[string]*bot.Draft
	for deadline := time.Now().Add(10 * time.Second); len(drafts) < 5 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		drafts, _ = st.LatestDrafts(context.Background(), ref)
	}
	if len(drafts) != 5 || !drafts["measures"].TemplateMade() || !strings.Contains(drafts["measures"].Text, "【待补充】") {
		t.Errorf("drafts after submission: %d", len(drafts))
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "reportbot_duplicates_suppressed_total 2"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %.80s", path, res.StatusCode, body)
		}
	}
}

func TestRosterSync(t *testing.T) {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	api.SetDirectory(wecomtest.Dept{ID: 1, Name: "某区人民政府"},
		wecomtest.Dept{ID: 2, Name: "区政府办", ParentID: 1, Leaders: []string{"wangwu"}, Members: []string{"zhangsan", "wangwu"}},
		wecomtest.Dept{ID: 3, Name: "区司法局", ParentID: 1, Members: []string{"zhaoliu"}})
	path := t.TempDir() + "/roster.yaml"
	os.WriteFile(path, []byte("departments:\n  - id: zfb\n    name: 政府办\n    wecom_id: 2\n    contacts: [zhangsan]\ncoordinators: [chentc]\n"), 0o644)
	env := map[string]string{"WECOM_CORP_ID": api.CorpID, "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "secret",
		"WECOM_API_BASE": api.URL, "REPORTBOT_ROSTER": path}
	var out bytes.Buffer
	if err := runRosterSync(context.Background(), nil, func(k string) string { return env[k] }, &out, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "新增 1 个部门，更新 1 个部门") {
		t.Errorf("output: %s", out.String())
	}
	data, _ := os.ReadFile(path)
	r, err := bot.LoadRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Departments) != 2 || r.Departments[0].Name != "政府办" || len(r.Departments[0].Members) != 2 ||
		r.Departments[1].ID != "wx3" || r.Coordinators[0] != "chentc" {
		t.Errorf("roster after sync:\n%s", data)
	}
	env["WECOM_SECRET"] = ""
	if err := runRosterSync(context.Background(), nil, func(k string) string { return env[k] }, &out, Options{}); err == nil || !strings.Contains(err.Error(), "WECOM_SECRET") {
		t.Errorf("missing secret: %v", err)
	}
}

// TestRoundCommands drives the coordinator's command line: create from the
// roster, start, status, export, close, with errors in plain Chinese.
func TestRoundCommands(t *testing.T) {
	st := storetest.New(t)
	dir := t.TempDir()
	tag := storetest.RandomID("")
	roster := fmt.Sprintf("departments:\n  - id: zfb\n    name: 区政府办\n    contacts: [zs%s]\n  - id: sfj\n    name: 区司法局\n    contacts: [zl%s]\n", tag, tag)
	os.WriteFile(dir+"/roster.yaml", []byte(roster), 0o644)
	env := map[string]string{"REPORTBOT_ROSTER": dir + "/roster.yaml"}
	clock := bottest.NewClock(bottest.Monday)
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runRound(context.Background(), args, func(k string) string { return env[k] }, &out, Options{Clock: clock, Store: st})
		return out.String(), err
	}
	id := "r" + tag
	deadline := clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	if out, err := run("create", "-id", id, "-title", "2025年度法治政府建设情况报告", "-year", "2025", "-deadline", deadline); err != nil || !strings.Contains(out, "2 个部门") {
		t.Fatalf("create: %v %s", err, out)
	}
	if _, err := run("create", "-id", id+"x", "-title", "t", "-year", "2025", "-deadline", deadline, "-depts", "nope"); err == nil || !strings.Contains(err.Error(), "没有编号为“nope”的部门") {
		t.Errorf("unknown department: %v", err)
	}
	if _, err := run("create", "-id", id+"y", "-title", "t", "-year", "2025", "-deadline", "2020-01-01"); err == nil || !strings.Contains(err.Error(), "已经过去") {
		t.Errorf("past deadline: %v", err)
	}
	if out, err := run("start", id); err != nil || !strings.Contains(out, "已排队 2 条邀请消息") {
		t.Fatalf("start: %v %s", err, out)
	}
	if _, err := run("start", id); err == nil || !strings.Contains(err.Error(), "已经是填报中") {
		t.Errorf("started twice: %v", err)
	}
	if out, err := run("status", id); err != nil || !strings.Contains(out, "区政府办：未开始") {
		t.Errorf("status: %v %s", err, out)
	}
	path := dir + "/out.xlsx"
	if out, err := run("export", id, "-o", path); err != nil || !strings.Contains(out, "已导出 2 个部门") {
		t.Errorf("export: %v %s", err, out)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("export file: %v", err)
	}
	if _, err := run("report", id, "zfb"); err == nil || !strings.Contains(err.Error(), "未确认") {
		t.Errorf("report before confirmation: %v", err)
	}
	if out, err := run("report", id, "zfb", "-draft", "-format", "md", "-o", dir+"/zfb.md"); err != nil || !strings.Contains(out, "已写出") {
		t.Errorf("draft report: %v %s", err, out)
	}
	if md, _ := os.ReadFile(dir + "/zfb.md"); !strings.Contains(string(md), "【待补充】") {
		t.Errorf("draft markdown: %s", md)
	}
	if out, err := run("export", id, "-format", "zip", "-o", dir+"/all.zip"); err != nil || !strings.Contains(out, "已导出 0 份报告") || !strings.Contains(out, "尚未完成：区政府办") {
		t.Errorf("zip export: %v %s", err, out)
	}
	// 延期 to a Saturday: done, and pointed out.
	if out, err := run("deadline", id, "2027-01-09"); err != nil || !strings.Contains(out, "调整为 2027年1月9日 23:59") || !strings.Contains(out, "是周六") {
		t.Errorf("deadline: %v %s", err, out)
	}
	if _, err := run("deadline", id, "明天"); err == nil || !strings.Contains(err.Error(), "无法识别") {
		t.Errorf("a deadline in words: %v", err)
	}
	if _, err := run("close", id); err != nil {
		t.Fatal(err)
	}
	if _, err := run("reopen", id, "zfb", "-reason", "数字有误"); err == nil || !strings.Contains(err.Error(), "尚未提交") {
		t.Errorf("reopen of an unsubmitted department: %v", err)
	}
}
