package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reportbot/store/storetest"
)

// TestConsoleRoundBrowser is a coordinator's year in Chromium, as a new
// user meets it: sign in, create a round for the departments of two kinds,
// edit its reminder schedule and see the upcoming sends change, start it
// after the confirmation, add a contact by importing a GBK CSV after its
// preview, and export one department's audit as Excel; then, at a phone's
// viewport (WeCom's in-app browser), reach the round's progress without
// sideways scrolling and nudge a department.
func TestConsoleRoundBrowser(t *testing.T) {
	bctx := startChromium(t)
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	base := live.srv.URL
	login := func(user string) string {
		tok, err := live.svc.Store.CreateLoginLink(context.Background(), user, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return base + "/console/login?token=" + tok
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range actions {
			if err := chromedp.Do(bctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	id := "b" + tag
	step("sign in", chromedp.Navigate(login("co"+tag)), waitText("main", "只能使用一次"),
		chromedp.Click(chromedp.ID("login")), waitText("header", "陈统筹"))
	step("new round",
		chromedp.Click(chromedp.CSS(`nav a[href="/console/rounds/new"]`)), waitText("main", "填报部门"),
		chromedp.SetValue(chromedp.CSS(`input[name=year]`), "2026"),
		chromedp.SetValue(chromedp.CSS(`input[name=deadline]`), "2026-12-31"),
		chromedp.SetValue(chromedp.CSS(`input[name=id]`), id),
		chromedp.Click(chromedp.CSS(`input[name=kind][value="街道乡镇"]`)),
		chromedp.Click(chromedp.CSS(`input[name=kind][value="司法行政"]`)),
		chromedp.Click(chromedp.CSS(`#round-new button.primary`)),
		waitText("main", "已创建"))
	if got := text("main"); !strings.Contains(got, "3 个部门") || !strings.Contains(got, "东城街道") || !strings.Contains(got, "区司法局") {
		t.Errorf("the round's departments: %.400s", got)
	}
	step("schedule", chromedp.Click(chromedp.CSS(`a[href$="/schedule"]`)), waitText("#upcoming", "截止前 3 天提醒"),
		chromedp.SetValue(chromedp.CSS(`input[name=before]`), "7,2"),
		chromedp.Click(chromedp.CSS(`#schedule-form button.primary`)), waitText("main", "提醒计划已保存"),
		waitText("#upcoming", "截止前 7 天提醒"))
	if got := text("#upcoming"); strings.Contains(got, "截止前 3 天提醒") || !strings.Contains(got, "截止前 2 天提醒") {
		t.Errorf("the upcoming sends after the edit: %.600s", got)
	}
	step("start", chromedp.Navigate(base+"/console/rounds/"+id), chromedp.Click(chromedp.CSS(`a[href$="/confirm/start"]`)),
		waitText("main", "向 3 个部门的 3 位填报人发送填报邀请"), chromedp.Click(chromedp.ID("confirm")), waitText("main", "已开始"))

	// A contact added by importing the GBK CSV Excel saves.
	csv := filepath.Join(t.TempDir(), "名单.csv")
	os.WriteFile(csv, gbk(t, "部门编号,部门名称,部门类型,角色,用户ID,姓名\n"+
		fmt.Sprintf("sfj%[1]s,区司法局,司法行政,填报人,zl%[1]s,赵六\nsfj%[1]s,区司法局,司法行政,填报人,qq%[1]s,钱七\n", tag)), 0o644)
	step("import preview", chromedp.Navigate(base+"/console/roster"),
		chromedp.SetUploadFiles(chromedp.CSS(`#roster-import input[type=file]`), []string{csv}),
		chromedp.Click(chromedp.CSS(`#roster-import button`)), waitText("#changes", "“区司法局”新增填报人 钱七"))
	// The file lists one department: merged, it changes that one only.
	if got := text("#changes"); strings.Contains(got, "移除") {
		t.Errorf("a file of one department removes others: %s", got)
	}
	step("import apply", chromedp.Click(chromedp.ID("apply")), waitText("main", "名单已保存"))
	if rep, _ := live.client.Text("qq"+tag, "q1", "开始"); !strings.Contains(rep.Text, "区司法局") {
		t.Errorf("the imported contact cannot answer: %q", rep.Text)
	}
	// One department's audit as Excel, fetched with the page's session.
	live.client.Text("zl"+tag, "a1", "开始")
	live.client.Text("zl"+tag, "a2", "12")
	kind, err := chromedp.Run(bctx, chromedp.Evaluate[string](`fetch("/console/rounds/`+id+`/depts/sfj`+tag+`/audit.xlsx")
		.then(r => { if (!r.ok) throw new Error("status " + r.status); return r.headers.get("Content-Type") + " " + r.headers.get("Content-Disposition"); })`,
		chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(kind, "spreadsheetml") || !strings.Contains(kind, ".xlsx") {
		t.Errorf("audit export: %q %v", kind, err)
	}
	screenshot(t, bctx, "console-desktop")

	// A phone: the round page fits the screen; 催办 works.
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/console/"), waitText("main", "采集轮次"),
		chromedp.Click(chromedp.CSS(`a[href="/console/rounds/`+id+`"]`)), waitText("#depts", "东城街道"))
	wide, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || wide {
		t.Errorf("the round page scrolls sideways on a phone: %v", err)
	}
	hidden, err := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#depts th.wide")).display`))
	if err != nil || hidden != "none" {
		t.Errorf("the secondary columns show on a phone: %q %v", hidden, err)
	}
	// The button itself reads 催办, so wait for the flash of the page the
	// click leads to, not for the word anywhere in main.
	step("phone nudge", chromedp.Click(chromedp.CSS(`#depts tbody tr:first-child button.small`)), waitText(".flash", "催办"))
	screenshot(t, bctx, "console-phone")
}
