package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

var (
	hiddenYAML    = regexp.MustCompile(`(?s)<textarea name="yaml" hidden>(.*?)</textarea>`)
	hiddenVersion = regexp.MustCompile(`name="version" value="(\d+)"`)
	hiddenHow     = regexp.MustCompile(`name="how" value="([^"]*)"`)
)

// applyPreview submits a preview page's 确认保存 form.
func applyPreview(t *testing.T, b *browserish, csrf, page string) (int, string) {
	t.Helper()
	y, v, h := hiddenYAML.FindStringSubmatch(page), hiddenVersion.FindStringSubmatch(page), hiddenHow.FindStringSubmatch(page)
	if y == nil || v == nil || h == nil {
		t.Fatalf("no apply form on the preview: %.600s", page)
	}
	return b.post("/console/roster/apply", url.Values{"csrf": {csrf}, "yaml": {htmlUnescape(y[1])}, "version": {v[1]}, "how": {htmlUnescape(h[1])}})
}

// htmlUnescape undoes html/template's escaping of a field's text.
func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&", "&#43;", "+").Replace(s)
}

// TestRosterConsole: a coordinator imports a CSV saved by Excel on
// Chinese Windows (GBK) that adds a contact to a department of a running
// round: the preview says so and nothing changes until it is confirmed;
// then the new contact answers at once, without a restart. A file with
// mistakes lists them by line; a coordinator cannot change who holds the
// office-wide roles, an admin can; a department is edited, added and
// removed (its answers in the running round stay); WeCom's address book
// is synced through the same preview; the history says who did what.
func TestRosterConsole(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	ctx := context.Background()
	form, _ := seedtest.Load(t)
	r := storetest.Round(t, live.st, form, seedtest.Dept("zfb"+tag, "区政府办", "zs"+tag), bot.Department{ID: "sfj" + tag, Name: "区司法局",
		Kinds: []string{"司法行政"}, Contacts: []string{"zl" + tag}})
	if rep, _ := live.client.Text("qq"+tag, "q0", "开始"); !strings.Contains(rep.Text, "没有需要填报的任务") {
		t.Fatalf("a stranger: %q", rep.Text)
	}
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, coord, "/console/roster")
	csrf := csrfOf(t, page)
	// A save with no roster in it (a truncated or hand-made form) is a
	// mistake to explain, not a fault of the service.
	if code, page := coord.post("/console/roster/apply", url.Values{"csrf": {csrf}, "version": {"1"}}); code != http.StatusBadRequest ||
		!strings.Contains(page, "没有收到要保存的名单") {
		t.Errorf("apply without a roster: %d", code)
	}
	if code, _ := coord.post("/console/roster/apply", url.Values{"csrf": {csrf}, "version": {"1"}, "yaml": {"departments: [oops"}}); code != http.StatusBadRequest {
		t.Errorf("apply with a broken roster: %d", code)
	}
	for _, want := range []string{"第 1 版", "街道乡镇（2）", "张三（zs" + tag + "）", "李领导（ld" + tag + "）", "陈统筹（co" + tag + "）", "角色只能由管理员调整", "启动时导入"} {
		if !strings.Contains(page, want) {
			t.Errorf("roster page lacks %q", want)
		}
	}

	csv := gbk(t, "部门编号,部门名称,部门类型,角色,用户ID,姓名\n"+
		fmt.Sprintf("zfb%[1]s,区政府办,政府办,填报人,zs%[1]s,张三\nzfb%[1]s,区政府办,政府办,填报人,qq%[1]s,钱七\nzfb%[1]s,区政府办,政府办,负责人,ld%[1]s,李领导\n", tag)+
		fmt.Sprintf("sfj%[1]s,区司法局,司法行政,填报人,zl%[1]s,赵六\njd%[1]s,东城街道,街道乡镇,填报人,jd%[1]s,\nxc%[1]s,西城街道,街道乡镇,填报人,xc%[1]s,\n", tag)+
		fmt.Sprintf(",,,统筹人,co%[1]s,陈统筹\n,,,审稿人,ed%[1]s,\n,,,管理员,ad%[1]s,王管理\n", tag))
	code, page := coord.upload("/console/roster/import", csrf, "名单.csv", csv)
	if code != 200 || !strings.Contains(page, "将有 2 处修改") || !strings.Contains(page, "“区政府办”新增填报人 钱七（qq"+tag+"）") {
		t.Fatalf("import preview: %d %s", code, page[strings.Index(page, "<main>"):strings.Index(page, "<form method=\"post\" action=\"/console/roster/apply")])
	}
	if rep, _ := live.client.Text("qq"+tag, "q1", "开始"); !strings.Contains(rep.Text, "没有需要填报的任务") {
		t.Errorf("the preview changed the roster: %q", rep.Text)
	}
	code, page = applyPreview(t, coord, csrf, page)
	if code != 200 || !strings.Contains(page, "名单已保存（2 处修改）") || !strings.Contains(page, "第 2 版") {
		t.Fatalf("apply: %d %.800s", code, page)
	}
	if rep, _ := live.client.Text("qq"+tag, "q2", "开始"); !strings.Contains(rep.Text, "区政府办") || strings.Contains(rep.Text, "没有需要填报的任务") {
		t.Errorf("the new contact is not asked at once: %q", rep.Text)
	}
	if rd, _ := live.st.Round(ctx, r.ID); len(rd.Department("zfb"+tag).Contacts) != 2 {
		t.Errorf("the running round did not take the new contact: %+v", rd.Department("zfb"+tag))
	}

	// A file with mistakes: each with its line, nothing saved.
	bad := gbk(t, "部门编号,部门名称,角色,用户ID\nzfb,区政府办,老板,zs\nzfb,区政府办,填报人,\n")
	code, page = coord.upload("/console/roster/import", csrf, "bad.csv", bad)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "第 2 行") || !strings.Contains(page, "第 3 行") || strings.Contains(page, "确认保存") {
		t.Errorf("a bad file: %d %.800s", code, page)
	}

	// Roles: a coordinator's import that makes someone an admin is refused.
	promote := append(bytes.Clone(csv), gbk(t, fmt.Sprintf(",,,管理员,co%s,陈统筹\n", tag))...)
	_, page = coord.upload("/console/roster/import", csrf, "名单.csv", promote)
	if !strings.Contains(page, "只能由管理员保存") {
		t.Errorf("preview of a role change by a coordinator: %.600s", page)
	}
	if code, _ := applyPreview(t, coord, csrf, page); code != http.StatusForbidden {
		t.Errorf("a coordinator saved a role change: %d", code)
	}
	if code, _ := coord.get("/console/roster/roles"); code != http.StatusForbidden {
		t.Errorf("a coordinator on the roles page: %d", code)
	}
	admin := signIn(t, live.srv.URL, live.svc, "ad"+tag)
	acsrf := csrfOf(t, mustGet(t, admin, "/console/roster/roles"))
	code, page = admin.post("/console/roster/roles", url.Values{"csrf": {acsrf}, "version": {"2"}, "coordinators": {"co" + tag + " 陈统筹\nnew" + tag + " 孙新"},
		"editors": {"ed" + tag}, "admins": {"ad" + tag + " 王管理"}})
	if code != 200 || !strings.Contains(page, "新增统筹人 孙新（new"+tag+"）") {
		t.Errorf("an admin adds a coordinator: %d %.800s", code, page)
	}

	// A department edited with a name typed where the account goes; then
	// fixed; then a new one added and removed again.
	dcsrf := csrfOf(t, mustGet(t, coord, "/console/roster/depts/sfj"+tag))
	code, page = coord.post("/console/roster/depts/sfj"+tag, url.Values{"csrf": {dcsrf}, "version": {"3"}, "name": {"区司法局"},
		"kinds": {"司法行政、行政执法"}, "contacts": {"zl" + tag + " 赵六\n周八"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "填报人第 2 行：“周八”不是企业微信账号") || !strings.Contains(page, "周八") {
		t.Errorf("a name for an account: %d %.600s", code, page)
	}
	code, page = coord.post("/console/roster/depts/sfj"+tag, url.Values{"csrf": {dcsrf}, "version": {"3"}, "name": {"区司法局"},
		"kinds": {"司法行政、行政执法"}, "contacts": {"zl" + tag + " 赵六\nzb" + tag + " 周八"}, "head": {"ld" + tag}})
	if code != 200 || !strings.Contains(page, "“区司法局”的部门类型由“司法行政”改为“司法行政、行政执法”") || !strings.Contains(page, "周八（zb"+tag+"）") {
		t.Errorf("edit: %d %.800s", code, page)
	}
	code, page = coord.post("/console/roster/depts/new", url.Values{"csrf": {dcsrf}, "version": {"4"}, "id": {"jyj" + tag}, "name": {"区教育局"},
		"kinds": {"教育"}, "contacts": {"wj" + tag + " 吴九"}})
	if code != 200 || !strings.Contains(page, "新增部门“区教育局”") {
		t.Errorf("add: %d %.600s", code, page)
	}
	if code, page := coord.post("/console/roster/depts/new", url.Values{"csrf": {dcsrf}, "version": {"4"}, "id": {"ws" + tag}, "name": {"区卫生健康局"}}); code != http.StatusConflict || !strings.Contains(page, "刷新") {
		t.Errorf("a save over a newer version: %d %.400s", code, page)
	}
	if code, page := coord.get("/console/roster/depts/zfb" + tag + "/delete"); code != 200 || !strings.Contains(page, "进行中的轮次保留") {
		t.Errorf("remove confirmation: %d", code)
	}
	code, page = coord.post("/console/roster/depts/zfb"+tag+"/delete", url.Values{"csrf": {dcsrf}, "version": {"5"}, "confirm": {"yes"}})
	if code != 200 || !strings.Contains(page, "移除部门“区政府办”") {
		t.Errorf("remove: %d %.600s", code, page)
	}
	if rd, _ := live.st.Round(ctx, r.ID); rd.Department("zfb"+tag) == nil {
		t.Error("a removed department left the running round")
	}

	// WeCom's address book, through the same preview.
	live.api.SetDirectory(wecomtest.Dept{ID: 1, Name: "某区人民政府"},
		wecomtest.Dept{ID: 9, Name: "区卫生健康局", ParentID: 1, Leaders: []string{"wsj" + tag}, Members: []string{"wsj" + tag}})
	code, page = coord.post("/console/roster/sync", url.Values{"csrf": {csrf}})
	if code != 200 || !strings.Contains(page, "新增部门“区卫生健康局”（wx9）") {
		t.Fatalf("sync preview: %d %.800s", code, page)
	}
	if code, page = applyPreview(t, coord, csrf, page); code != 200 || !strings.Contains(page, "第 7 版") {
		t.Errorf("sync apply: %d %.600s", code, page)
	}
	page = mustGet(t, coord, "/console/roster")
	for _, want := range []string{"企业微信通讯录同步", "控制台移除部门“区政府办”", "控制台调整角色", "王管理（ad" + tag + "）", "导入 名单.csv"} {
		if !strings.Contains(page, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	// A contact sees no roster.
	contact := signIn(t, live.srv.URL, live.svc, "zl"+tag)
	if code, _ := contact.get("/console/roster"); code != http.StatusForbidden {
		t.Errorf("a contact on the roster: %d", code)
	}
}
