package main

import (
	"context"
	"reportbot/bot"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestConsoleGridBrowser: 赵六 of 区司法局 fixes table three of the
// 政府信息公开 report in Chromium: from the department page to the grid,
// a broken total is shown with its cells, the total left blank is
// computed on save; then at a phone's width the page itself does not
// scroll sideways (the grid scrolls inside its frame) and still saves.
func TestConsoleGridBrowser(t *testing.T) {
	bctx := startChromium(t)
	live, r, tag := gridRound(t)
	tok, err := live.svc.Store.CreateLoginLink(context.Background(), "zl"+tag, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	dept := "/console/rounds/" + r.ID + "/depts/sfj" + tag
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range actions {
			if err := chromedp.Do(bctx, a); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	value := func(name string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`input[name="`+name+`"]`)))
		if err != nil {
			t.Fatalf("value of %s: %v", name, err)
		}
		return v
	}
	step("sign in", chromedp.Navigate(live.srv.URL+"/console/login?token="+tok), waitText("main", "只能使用一次"),
		chromedp.Click(chromedp.ID("login")), waitText("header", "赵六"))
	step("to the grid", chromedp.Navigate(live.srv.URL+dept), waitText("main", "在线修改统计表"),
		chromedp.Click(chromedp.CSS(`a[href="`+dept+`/tables/t3"]`)), waitText("h1", "统计表"))
	step("a broken total",
		chromedp.SetValue(chromedp.CSS(`input[name="c.new.natural"]`), "5"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.open.natural"]`), "4"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.next.natural"]`), "1"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.total.natural"]`), "6"),
		chromedp.Click(chromedp.ID("grid-save")), waitText("#breaks", "相差 2"))
	if got := value("c.new.natural"); got != "5" {
		t.Errorf("the typed values are lost after a refusal: %q", got)
	}
	screenshot(t, bctx, "console-grid")
	// chromedp.SetValue cannot set an empty value: clear the total in
	// the page, as a person deleting its figure does.
	clearTotal := chromedp.Evaluate[bool](`(document.querySelector('input[name="c.total.natural"]').value = "") === ""`)
	// On the phone every total is cleared, to be computed again.
	clearTotals := chromedp.Evaluate[bool](`[...document.querySelectorAll('#grid-form input.total')].every(i => (i.value = "") === "")`)
	if _, err := chromedp.Run(bctx, clearTotal); err != nil {
		t.Fatal(err)
	}
	step("the total computed",
		chromedp.Click(chromedp.ID("grid-save")), waitText(".flash", "已保存第 10 题统计表"))
	step("back on the grid", chromedp.Click(chromedp.CSS(`a[href="`+dept+`/tables/t3"]`)), waitText("h1", "统计表"))
	if got := value("c.total.natural"); got != "4" {
		t.Errorf("total after the save: %q", got)
	}
	// The page shows the totals it computed; changing two cells and
	// saving without touching them has them follow.
	step("a change with the totals as shown",
		chromedp.SetValue(chromedp.CSS(`input[name="c.open.natural"]`), "3"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.partial.natural"]`), "1"),
		chromedp.Click(chromedp.ID("grid-save")), waitText(".flash", "已保存第 10 题统计表"))
	step("back on the grid again", chromedp.Click(chromedp.CSS(`a[href="`+dept+`/tables/t3"]`)), waitText("h1", "统计表"))
	if got := value("c.open.total"); got != "3" {
		t.Errorf("a computed row total did not follow its cells: %q", got)
	}
	if got := value("c.partial.total"); got != "1" {
		t.Errorf("a computed row total did not follow its cells: %q", got)
	}

	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Reload(), waitText("h1", "统计表"))
	wide, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || wide {
		t.Errorf("the grid page scrolls sideways on a phone: %v", err)
	}
	inner, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector("#grid-form .scroll"); return s.scrollWidth > s.clientWidth; })()`))
	if err != nil || !inner {
		t.Errorf("the grid does not scroll inside its frame on a phone: %v", err)
	}
	if _, err := chromedp.Run(bctx, clearTotals); err != nil {
		t.Fatal(err)
	}
	step("phone save", chromedp.SetValue(chromedp.CSS(`input[name="c.new.natural"]`), "6"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.open.natural"]`), "5"),
		chromedp.SetValue(chromedp.CSS(`input[name="c.partial.natural"]`), "0"),
		chromedp.Click(chromedp.ID("grid-save")))
	wctx, cancel := context.WithTimeout(bctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, waitText(".flash", "已保存")); err != nil {
		got, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("phone save: %v\n%.1500s", err, got)
	}
	a, err := live.st.Assignment(context.Background(), bot.AssignmentRef{Round: r.ID, Dept: "sfj" + tag})
	if err != nil || a.Answers["t3"] == nil || a.Answers["t3"].Grid["total.natural"] != "5" {
		t.Errorf("stored after the phone's save: %+v %v", a, err)
	}
	if got, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(got, "后台修改统计表") {
		t.Errorf("the department page does not show the console edit: %.300s", got)
	}
}
