package main

import (
	"fmt"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// TestDemoLinkBase: the demo's own address is where 网页编辑 and the
// report-ready message link, without a public address (which would also
// turn on WeCom sign-in); a deployment's REPORTBOT_PUBLIC_URL wins.
func TestDemoLinkBase(t *testing.T) {
	tag := storetest.RandomID("")
	ref := bot.AssignmentRef{Round: "r1", Dept: "zfb"}
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), func(cfg *serveConfig, _ *bottest.Clock) { cfg.LinkBase = "http://127.0.0.1:18080" })
	if f := live.svc.Editorial.ReportURL; f == nil || f(ref) != "http://127.0.0.1:18080/console/rounds/r1/depts/zfb" {
		t.Errorf("demo link: set %v", f != nil)
	}
	live = startService(t, nil, fmt.Sprintf(consoleRoster, tag), func(cfg *serveConfig, _ *bottest.Clock) {
		cfg.LinkBase, cfg.PublicURL = "http://127.0.0.1:18080", "https://rb.example.gov.cn"
	})
	if f := live.svc.Editorial.ReportURL; f == nil || f(ref) != "https://rb.example.gov.cn/console/rounds/r1/depts/zfb" {
		t.Errorf("public link: set %v", f != nil)
	}
}
