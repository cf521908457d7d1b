package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// consoleRoster is a roster of three kinds with names, a coordinator, an
// admin and an editor; %[1]s tags every id.
const consoleRoster = `departments:
  - {id: zfb%[1]s, name: 区政府办, kinds: [政府办], contacts: [zs%[1]s], head: ld%[1]s}
  - {id: sfj%[1]s, name: 区司法局, kinds: [司法行政], contacts: [zl%[1]s]}
  - {id: jd%[1]s, name: 东城街道, kinds: [街道乡镇], contacts: [jd%[1]s]}
  - {id: xc%[1]s, name: 西城街道, kinds: [街道乡镇], contacts: [xc%[1]s]}
coordinators: [co%[1]s]
editors: [ed%[1]s]
admins: [ad%[1]s]
names: {zs%[1]s: 张三, zl%[1]s: 赵六, co%[1]s: 陈统筹, ad%[1]s: 王管理, ld%[1]s: 李领导}
`

// TestConsoleRoundLifecycle: a coordinator creates a round in the console
// for a whole kind and one more department, sees a mistake come back with
// what was typed, confirms start, pause, close and reopen on pages that
// say what will happen, returns a department with a reason; every action
// is recorded with the coordinator's name; a contact may do none of it.
func TestConsoleRoundLifecycle(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	code, page := coord.get("/console/rounds/new")
	if code != 200 || !strings.Contains(page, "街道乡镇</b>（2 个") || !strings.Contains(page, "区司法局") || !strings.Contains(page, "陈统筹") {
		t.Fatalf("new round page: %d %.400s", code, page)
	}
	csrf := csrfOf(t, page)
	id := "r" + tag
	form := url.Values{"csrf": {csrf}, "form": {"fazhi-annual"}, "year": {"2026"}, "deadline": {"2026-11-01"}, "id": {id},
		"kind": {"街道乡镇"}, "dept": {"sfj" + tag}, "yoy": {"30"}, "head": {"1"}}
	code, page = coord.post("/console/rounds/new", form)
	if code != http.StatusBadRequest || !strings.Contains(page, "已经过去") || !strings.Contains(page, `value="`+id+`"`) {
		t.Errorf("a past deadline: %d %.600s", code, page)
	}
	form.Set("deadline", "2026-12-31")
	code, page = coord.post("/console/rounds/new", form)
	if code != 200 || !strings.Contains(page, "已创建") || !strings.Contains(page, "3 个部门") || !strings.Contains(page, "开始…") {
		t.Fatalf("create: %d %.600s", code, page)
	}
	r, err := live.st.Round(context.Background(), id)
	if err != nil || r.Status != bot.RoundDraft || len(r.Departments) != 3 || r.Department("zfb"+tag) != nil || !r.HeadConfirm ||
		r.Title != "2026年度法治政府建设情况报告" || r.Deadline.In(bot.CST).Format("2006-01-02 15:04") != "2026-12-31 23:59" {
		t.Fatalf("round created: %+v %v", r, err)
	}

	// Start: without the confirmation, the confirmation page.
	code, page = coord.post("/console/rounds/"+id+"/status/start", url.Values{"csrf": {csrf}})
	if code != 200 || !strings.Contains(page, "向 3 个部门的 3 位填报人发送填报邀请") || !strings.Contains(page, "确认开始") {
		t.Fatalf("start without confirmation: %d %.600s", code, page)
	}
	if r, _ := live.st.Round(context.Background(), id); r.Status != bot.RoundDraft {
		t.Fatal("started without confirmation")
	}
	code, page = coord.post("/console/rounds/"+id+"/status/start", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	if code != 200 || !strings.Contains(page, "已开始") || !strings.Contains(page, "暂停…") {
		t.Fatalf("start: %d %.600s", code, page)
	}
	if !bottest.Eventually(10*time.Second, func() bool { return len(live.api.Sent()) >= 3 }) {
		t.Errorf("invitations sent: %d, want 3", len(live.api.Sent()))
	}

	// A contact may not act on rounds.
	contact := signIn(t, live.srv.URL, live.svc, "zl"+tag)
	ccsrf := csrfOf(t, mustGet(t, contact, "/console/"))
	for _, p := range []string{"/console/rounds/new", "/console/rounds/" + id + "/confirm/close", "/console/rounds/" + id + "/schedule"} {
		if code, _ := contact.get(p); code != http.StatusForbidden {
			t.Errorf("contact GET %s: %d", p, code)
		}
	}
	if code, _ := contact.post("/console/rounds/"+id+"/status/close", url.Values{"csrf": {ccsrf}, "confirm": {"yes"}}); code != http.StatusForbidden {
		t.Errorf("contact closing: %d", code)
	}

	for _, step := range []struct{ action, says, status string }{
		{"pause", "暂停后填报人不能再填写", "已暂停"},
		{"start", "填报邀请", "填报中"},
		{"close", "目前还有 3 个部门未提交", "已截止"},
		{"reopen", "未提交的部门可以继续填写", "填报中"},
	} {
		if code, page := coord.get("/console/rounds/" + id + "/confirm/" + step.action); code != 200 || !strings.Contains(page, step.says) {
			t.Errorf("confirm %s: %d %.400s", step.action, code, page)
		}
		if code, page := coord.post("/console/rounds/"+id+"/status/"+step.action, url.Values{"csrf": {csrf}, "confirm": {"yes"}}); code != 200 || !strings.Contains(page, step.status) {
			t.Errorf("%s: %d %.400s", step.action, code, page)
		}
	}
	if code, page := coord.post("/console/rounds/"+id+"/status/reopen", url.Values{"csrf": {csrf}, "confirm": {"yes"}}); code != http.StatusConflict || !strings.Contains(page, "已经是填报中") {
		t.Errorf("reopening an open round: %d %.300s", code, page)
	}

	// Return a department: the reason carries through the confirmation.
	ref := bot.AssignmentRef{Round: id, Dept: "sfj" + tag}
	submitAll(t, live, "zl"+tag)
	code, page = coord.post("/console/rounds/"+id+"/reopen", url.Values{"csrf": {csrf}, "dept": {ref.Dept}, "reason": {"请核对复议数字"}})
	if code != 200 || !strings.Contains(page, "把“区司法局”已提交的内容退回") || !strings.Contains(page, `value="请核对复议数字"`) {
		t.Fatalf("return without confirmation: %d %.600s", code, page)
	}
	if code, _ := coord.post("/console/rounds/"+id+"/reopen", url.Values{"csrf": {csrf}, "dept": {ref.Dept}, "reason": {"请核对复议数字"}, "confirm": {"yes"}}); code != 200 {
		t.Errorf("return: %d", code)
	}
	if a, _ := live.st.Assignment(context.Background(), ref); a.Status != bot.Returned {
		t.Errorf("status after return: %s", a.Status)
	}
	code, page = coord.get("/console/rounds/" + id + "/schedule")
	for _, want := range []string{"陈统筹 · 创建", "开始", "暂停", "截止", "重新开放", "退回部门"} {
		if !strings.Contains(page, want) {
			t.Errorf("round history lacks %q", want)
		}
	}
}

// TestConsoleRoundBlankID: the create form's blank 轮次编号 and 标题 are
// filled in (a readable id, the statutory title of a 政府信息公开 report);
// with head review asked for, the create page, the flash after creating
// and the start confirmation name the departments that have no head.
func TestConsoleRoundBlankID(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, coord, "/console/rounds/new")
	if !strings.Contains(page, "名单中以下部门未设负责人：区司法局、东城街道、西城街道") {
		t.Errorf("new round page without the headless departments: %.2000s", page)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "form": {"xxgk-annual"}, "year": {"2026"}, "deadline": {"2026-12-31"}, "id": {""},
		"dept": {"zfb" + tag, "sfj" + tag}, "yoy": {"30"}, "head": {"1"}}
	code, page := coord.post("/console/rounds/new", form)
	if code != 200 || !strings.Contains(page, "已创建“2026年政府信息公开工作年度报告”（2 个部门）") ||
		!strings.Contains(page, "以下 1 个部门未设负责人：区司法局") {
		t.Fatalf("create with a blank id: %d %.1500s", code, page)
	}
	ids, err := live.st.Rounds(context.Background())
	if err != nil || len(ids) != 1 || !regexp.MustCompile(`^xxgk-2026(-[a-z0-9]{4})?$`).MatchString(ids[0]) {
		t.Fatalf("rounds: %q %v", ids, err)
	}
	if code, page := coord.get("/console/rounds/" + ids[0] + "/confirm/start"); code != 200 || !strings.Contains(page, "未设负责人：区司法局") {
		t.Errorf("start confirmation without the warning: %d %.1500s", code, page)
	}
	code, page = coord.post("/console/rounds/"+ids[0]+"/status/start", url.Values{"csrf": {form.Get("csrf")}, "confirm": {"yes"}})
	if code != 200 || !strings.Contains(page, "已开始") || !strings.Contains(page, "未设负责人：区司法局") {
		t.Errorf("started without the warning: %d %.1500s", code, page)
	}
}

// mustGet gets a page that must answer 200.
func mustGet(t *testing.T, b *browserish, path string) string {
	t.Helper()
	code, page := b.get(path)
	if code != 200 {
		t.Fatalf("GET %s: %d %.300s", path, code, page)
	}
	return page
}

// submitAll has a contact answer every question with the bot's own
// examples (optional ones 不涉及) and submit.
func submitAll(t *testing.T, live *liveService, user string) {
	t.Helper()
	ctx := context.Background()
	us, err := live.st.User(ctx, user)
	if err != nil || len(us.Assignments) == 0 {
		t.Fatalf("%s has no assignment: %v", user, err)
	}
	r, err := live.st.Round(ctx, us.Assignments[0].Round)
	if err != nil {
		t.Fatal(err)
	}
	script, _ := contactScript(r.FormFor(us.Assignments[0].Dept), "12", false)
	for i, text := range append(script, "提交", "确认提交") {
		if _, err := live.client.Text(user, fmt.Sprintf("%s-%d", user, i), text); err != nil {
			t.Fatal(err)
		}
	}
	a, err := live.st.Assignment(ctx, us.Assignments[0])
	if err != nil || a.Status != bot.Submitted {
		t.Fatalf("%s did not submit: %v %v", user, a.Status, err)
	}
}

// TestConsoleRoundSchedule: the schedule page lists the sends to come;
// editing the schedule changes the list at once; a schedule that makes no
// sense is refused in Chinese with what was typed kept.
func TestConsoleRoundSchedule(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	csrf := csrfOf(t, mustGet(t, coord, "/console/rounds/new"))
	id := "s" + tag
	if code, page := coord.post("/console/rounds/new", url.Values{"csrf": {csrf}, "form": {"fazhi-annual"}, "year": {"2026"},
		"deadline": {"2026-12-31"}, "id": {id}, "kind": {"街道乡镇"}}); code != 200 {
		t.Fatalf("create: %d %.300s", code, page)
	}
	page := mustGet(t, coord, "/console/rounds/"+id+"/schedule")
	for _, want := range []string{"截止前 3 天提醒", "截止前 1 天提醒", "东城街道、西城街道", "逾期提醒", "填报邀请", `value="3,1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("default schedule lacks %q", want)
		}
	}
	if strings.Contains(page, "截止前 5 天提醒") {
		t.Error("a 5-day reminder before any edit")
	}
	code, page := coord.post("/console/rounds/"+id+"/schedule", url.Values{"csrf": {csrf}, "before": {"5，2"}, "overdue": {"2"},
		"esc_head": {"3"}, "esc_coord": {"6"}, "from": {"9"}, "to": {"17"}})
	if code != 200 || !strings.Contains(page, "提醒计划已保存") || !strings.Contains(page, "截止前 5 天提醒") || !strings.Contains(page, "截止前 2 天提醒") ||
		strings.Contains(page, "截止前 3 天提醒") || !regexp.MustCompile(`2026年12月28日 (09|10):`).MatchString(page) {
		t.Errorf("after the edit: %d %s", code, page[strings.Index(page, `id="upcoming"`):])
	}
	code, page = coord.post("/console/rounds/"+id+"/schedule", url.Values{"csrf": {csrf}, "before": {"5"}, "overdue": {"1"},
		"esc_head": {"3"}, "esc_coord": {"6"}, "from": {"22"}, "to": {"8"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "发送时段") || !strings.Contains(page, `name="from" inputmode="numeric" value="22"`) {
		t.Errorf("a backwards sending window: %d %.800s", code, page)
	}
	r, _ := live.st.Round(context.Background(), id)
	if r.Schedule == nil || r.Schedule.SendFrom != 9 || len(r.Schedule.BeforeDays) != 2 {
		t.Errorf("stored schedule: %+v", r.Schedule)
	}
	if !strings.Contains(mustGet(t, coord, "/console/rounds/"+id+"/schedule"), "修改提醒计划：截止前 5、2 天") {
		t.Error("the schedule change is not in the round's history")
	}
}
