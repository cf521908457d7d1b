package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/rounds"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// TestRoundAPI drives /api/rounds: the bearer token, create with bad and
// good input, start twice, progress, answers, the Excel export read back,
// reopen and close.
func TestRoundAPI(t *testing.T) {
	st := storetest.New(t)
	tag := storetest.RandomID("")
	roster := &bot.Roster{Departments: []bot.Department{
		{ID: "zfb" + tag, Name: "区政府办", Kinds: []string{"政府办"}, Contacts: []string{"zs" + tag}},
		{ID: "sfj" + tag, Name: "区司法局", Kinds: []string{"司法行政"}, Contacts: []string{"zl" + tag}},
	}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := bottest.NewClock(bottest.Monday)
	admin := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: clock}
	token := "test-token-0123456789abcdef"
	srv := httptest.NewServer(&RoundsAPI{Token: token, Admin: admin, Forms: (&prompts.Library{}).Form, Clock: clock, Log: log})
	defer srv.Close()
	call := func(method, path, auth string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, srv.URL+"/api/rounds"+path, rd)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}
	if code, _ := call("GET", "", "", nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d", code)
	}
	if code, _ := call("GET", "", "wrong-token-0123456789abcdef", nil); code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", code)
	}
	id := storetest.RandomID("r")
	next := clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	good := RoundRequest{ID: id, Form: "fazhi-annual", Title: "2025年度法治政府建设情况报告", Year: 2025, Deadline: next}
	for _, c := range []struct {
		mut  func(*RoundRequest)
		code int
		want string
	}{
		{func(r *RoundRequest) { r.Form = "nope" }, 400, "没有名为“nope”的问卷"},
		{func(r *RoundRequest) { r.Deadline = "2020-01-01" }, 400, "已经过去"},
		{func(r *RoundRequest) { r.Deadline = "下周五" }, 400, "无法识别"},
		{func(r *RoundRequest) { r.Departments = []string{"jyj"} }, 400, "名单中没有编号为“jyj”的部门"},
	} {
		req := good
		c.mut(&req)
		code, body := call("POST", "", token, req)
		if code != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("create %+v: %d %s", req, code, body)
		}
	}
	if code, body := call("POST", "", token, good); code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	if code, body := call("POST", "", token, good); code != http.StatusConflict {
		t.Errorf("create twice: %d %s", code, body)
	}
	if code, body := call("POST", "/"+id+"/start", token, nil); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	if code, body := call("POST", "/"+id+"/start", token, nil); code != http.StatusConflict || !strings.Contains(string(body), "已经是填报中状态") {
		t.Errorf("start twice: %d %s", code, body)
	}
	if code, _ := call("POST", "/nope"+tag+"/start", token, nil); code != http.StatusNotFound {
		t.Errorf("start unknown round: %d", code)
	}
	// A contact answers two questions.
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock})
	for i, s := range []string{"开始", "43%", "381件"} {
		if _, err := eng.Handle(context.Background(), bot.Message{User: "zs" + tag, ID: fmt.Sprint(i), Text: s}); err != nil {
			t.Fatal(err)
		}
	}
	code, body := call("GET", "/"+id+"/progress", token, nil)
	var prog struct {
		Departments []DeptProgressJSON `json:"departments"`
		Totals      map[string]int     `json:"totals"`
	}
	if err := json.Unmarshal(body, &prog); code != 200 || err != nil {
		t.Fatalf("progress: %d %s", code, body)
	}
	if len(prog.Departments) != 2 || prog.Departments[0].Done != 2 || prog.Departments[0].Label != "填报中" ||
		prog.Departments[1].Status != "not_started" || prog.Totals["未开始"] != 1 {
		t.Errorf("progress: %s", body)
	}
	code, body = call("GET", "/"+id+"/answers", token, nil)
	if code != 200 || !strings.Contains(string(body), `"381"`) {
		t.Errorf("answers: %d %.300s", code, body)
	}
	code, body = call("GET", "/"+id+"/export.xlsx", token, nil)
	if code != 200 {
		t.Fatalf("xlsx: %d", code)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows(wb.GetSheetList()[0])
	if len(rows) < 3 || !strings.Contains(strings.Join(rows[1], ","), "区政府办") {
		t.Errorf("status sheet: %v", rows)
	}
	if code, body := call("POST", "/"+id+"/reopen", token, map[string]string{"dept": "zfb" + tag, "reason": "请核对"}); code != http.StatusConflict {
		t.Errorf("reopen before submission: %d %s", code, body)
	}
	if code, body := call("POST", "/"+id+"/deadline", token, map[string]any{"deadline": "2020-01-01"}); code != http.StatusBadRequest ||
		!strings.Contains(string(body), "已经过去") {
		t.Errorf("deadline in the past: %d %s", code, body)
	}
	if code, body := call("POST", "/"+id+"/deadline", token, map[string]any{"deadline": "2099-01-15", "tell": true}); code != 200 ||
		!strings.Contains(string(body), "2099年1月15日") {
		t.Errorf("deadline moved: %d %s", code, body)
	}
	if code, body := call("POST", "/"+id+"/close", token, nil); code != 200 {
		t.Errorf("close: %d %s", code, body)
	}
	code, body = call("GET", "", token, nil)
	if code != 200 || !strings.Contains(string(body), `"status": "closed"`) {
		t.Errorf("list: %d %.400s", code, body)
	}
}

// TestRoundAPIRoutes: one row per request, what the API answers. The token
// is checked before any route; a trailing slash reaches the same route;
// every path or method the API lacks is its JSON 404, never the mux's
// plain-text 404 or 405; Prefix moves the routes.
func TestRoundAPIRoutes(t *testing.T) {
	st := storetest.New(t)
	tag := storetest.RandomID("")
	dept := "zfb" + tag
	roster := &bot.Roster{Departments: []bot.Department{{ID: dept, Name: "区政府办", Contacts: []string{"zs" + tag}}}}
	clock := bottest.NewClock(bottest.Monday)
	admin := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: clock}
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	id := storetest.RandomID("r")
	if _, err := admin.Create(context.Background(), rounds.RoundSpec{ID: id, Form: form, Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: bottest.Date(2026, time.December, 31, 23, 59)}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const token = "test-token-0123456789abcdef"
	api := httptest.NewServer(&RoundsAPI{Token: token, Admin: admin, Forms: (&prompts.Library{}).Form, Clock: clock, Log: log})
	defer api.Close()
	moved := httptest.NewServer(&RoundsAPI{Token: token, Admin: admin, Forms: (&prompts.Library{}).Form, Clock: clock, Log: log, Prefix: "/v2/rounds/"})
	defer moved.Close()
	const noRoute = `"error": "没有这个接口。"`
	for _, c := range []struct {
		srv          *httptest.Server
		method, path string
		auth         string
		code         int
		want         string // in the body
	}{
		{api, "GET", "/api/rounds", "", 401, "未授权"},
		{api, "GET", "/api/rounds", "wrong-token-0123456789abcdef", 401, "未授权"},
		{api, "GET", "/api/rounds/a/b/c/d", "", 401, "未授权"},
		{api, "GET", "/api/rounds", token, 200, `"id": "` + id + `"`},
		{api, "GET", "/api/rounds/", token, 200, `"id": "` + id + `"`},
		{api, "GET", "/api/rounds/" + id + "/progress", token, 200, `"round": "` + id + `"`},
		{api, "GET", "/api/rounds/" + id + "/progress/", token, 200, `"round": "` + id + `"`},
		{api, "GET", "/api/rounds/" + id + "/answers", token, 200, `"` + dept + `"`},
		{api, "GET", "/api/rounds/nope" + tag + "/progress", token, 404, `"error"`},
		{api, "GET", "/api/rounds/" + id, token, 404, noRoute},
		{api, "GET", "/api/rounds/" + id + "/nothing", token, 404, noRoute},
		{api, "GET", "/api/rounds/" + id + "/progress/more", token, 404, noRoute},
		{api, "GET", "/api/rounds/" + id + "/reports/" + dept + ".docx", token, 404, noRoute}, // no Editorial
		{api, "GET", "/api/rounds/" + id + "/reports.zip", token, 404, noRoute},
		{api, "GET", "/api/other", token, 404, noRoute},
		{api, "PUT", "/api/rounds", token, 404, noRoute},
		{api, "DELETE", "/api/rounds/" + id + "/progress", token, 404, noRoute},
		{api, "POST", "/api/rounds/" + id + "/reports/x.md", token, 404, noRoute},
		{api, "POST", "/api/rounds/" + id + "/explode", token, 404, "没有这个操作：explode"},
		{api, "POST", "/api/rounds/" + id + "/reopen", token, 400, "请求内容不是有效的 JSON"},
		{api, "POST", "/api/rounds/" + id + "/pause", token, 409, "不能改为已暂停"},
		{api, "POST", "/api/rounds/" + id + "/start", token, 200, `"action": "start"`},
		{moved, "GET", "/v2/rounds", token, 200, `"id": "` + id + `"`},
		{moved, "GET", "/v2/rounds/" + id + "/progress", token, 200, `"round": "` + id + `"`},
		{moved, "GET", "/api/rounds", token, 404, noRoute},
		{moved, "GET", "/v2/rounds", "", 401, "未授权"},
	} {
		req, _ := http.NewRequest(c.method, c.srv.URL+c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", "Bearer "+c.auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("%s %s: %d %.300s, want %d with %s", c.method, c.path, res.StatusCode, body, c.code, c.want)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", c.method, c.path, ct)
		}
		if auth := res.Header.Get("WWW-Authenticate"); (c.code == 401) != (auth == `Bearer realm="reportbot"`) {
			t.Errorf("%s %s: WWW-Authenticate %q", c.method, c.path, auth)
		}
	}
}
