package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// gbk encodes s as Excel on Chinese Windows saves a CSV.
func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRosterCommands: roster check says what a GBK CSV holds, or lists
// every problem with its line and exits 1; import shows what would change
// and saves only with -yes; show prints the roster in force and its
// history; sync merges WeCom's address book into it the same way.
func TestRosterCommands(t *testing.T) {
	st := storetest.New(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "名单.csv")
	os.WriteFile(good, gbk(t, "部门编号,部门名称,部门类型,角色,用户ID,姓名\nzfb,区政府办,政府办,填报人,zhangsan,张三\n"+
		"sfj,区司法局,司法行政,填报人,zhaoliu,赵六\nsfj,区司法局,司法行政,负责人,lisi,李四\n,,,统筹人,chentc,陈统筹\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, gbk(t, "部门编号,部门名称,角色,用户ID\nzfb,区政府办,老板,zs\nzfb,区政府办,填报人,\n"), 0o644)

	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	api.SetDirectory(wecomtest.Dept{ID: 1, Name: "某区人民政府"},
		wecomtest.Dept{ID: 5, Name: "区教育局", ParentID: 1, Leaders: []string{"wujiu"}, Members: []string{"wujiu"}})
	env := map[string]string{"WECOM_CORP_ID": api.CorpID, "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "secret", "WECOM_API_BASE": api.URL}
	opt := Options{Clock: bottest.NewClock(bottest.Monday), Store: st}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runRoster(context.Background(), args, func(k string) string { return env[k] }, &out, opt)
		return out.String(), err
	}

	out, err := run("check", good)
	if err != nil || !strings.Contains(out, "没有问题") || !strings.Contains(out, "司法行政（1）：区司法局") || !strings.Contains(out, "统筹人：陈统筹（chentc）") {
		t.Errorf("check of a good GBK file: %v\n%s", err, out)
	}
	out, err = run("check", bad)
	if !errors.Is(err, errRosterProblems) || !strings.Contains(out, "2 处问题") || !strings.Contains(out, "第 2 行") || !strings.Contains(out, "第 3 行") {
		t.Errorf("check of a bad file: %v\n%s", err, out)
	}

	out, err = run("import", good)
	if err != nil || !strings.Contains(out, "新增部门“区司法局”") || !strings.Contains(out, "加 -yes") {
		t.Errorf("import preview: %v\n%s", err, out)
	}
	if v, _ := st.RosterVersion(context.Background()); v != 0 {
		t.Errorf("a preview saved the roster (version %d)", v)
	}
	if out, err = run("import", good, "-yes"); err != nil || !strings.Contains(out, "已保存为第 1 版") {
		t.Errorf("import -yes: %v\n%s", err, out)
	}
	if out, err = run("import", good, "-yes"); err != nil || !strings.Contains(out, "无需修改") {
		t.Errorf("the same import again: %v\n%s", err, out)
	}
	if out, err = run("sync"); err != nil || !strings.Contains(out, "新增部门“区教育局”（wx5）") {
		t.Errorf("sync preview: %v\n%s", err, out)
	}
	if out, err = run("sync", "-yes"); err != nil || !strings.Contains(out, "已保存为第 2 版") {
		t.Errorf("sync -yes: %v\n%s", err, out)
	}
	if out, err = run("import", good); err != nil || !strings.Contains(out, "无需修改") {
		t.Errorf("merging a file already in the roster: %v\n%s", err, out)
	}
	if out, err = run("import", good, "-replace"); err != nil || !strings.Contains(out, "移除部门“区教育局”（wx5）") {
		t.Errorf("replacing with a file without the synced department: %v\n%s", err, out)
	}
	out, err = run("show")
	if err != nil || !strings.Contains(out, "第 2 版") || !strings.Contains(out, "企业微信通讯录同步") || !strings.Contains(out, "导入 名单.csv") {
		t.Errorf("show: %v\n%s", err, out)
	}
}

// TestRosterSeedFile: the roster file seeds the roster in Redis; an edit
// made in the console survives a restart with the same file; a file the
// operator changed is imported again, and the history says so.
func TestRosterSeedFile(t *testing.T) {
	st := storetest.New(t)
	ctx := bot.WithActor(context.Background(), "chentc")
	path := filepath.Join(t.TempDir(), "roster.yaml")
	os.WriteFile(path, []byte("departments:\n  - id: zfb\n    name: 区政府办\n    contacts: [zhangsan]\ncoordinators: [chentc]\n"), 0o644)
	start := func() *App {
		cfg, err := loadConfig(func(k string) string { return map[string]string{"REPORTBOT_ROSTER": path}[k] })
		if err != nil {
			t.Fatal(err)
		}
		app, err := NewApp(ctx, cfg, PartStore, Options{Store: st, Clock: bottest.NewClock(bottest.Monday),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(app.Close)
		return app
	}
	app := start()
	if r := app.Roster.Get(); len(r.Departments) != 1 || !r.Has(bot.RoleCoordinator, "chentc") {
		t.Fatalf("seeded roster: %+v", r)
	}
	edited := app.Roster.Get().Clone()
	edited.Departments[0].Contacts = append(edited.Departments[0].Contacts, "wangwu")
	if _, err := app.RosterKeeper.Save(ctx, edited, 1, "控制台编辑"); err != nil {
		t.Fatal(err)
	}
	if r := start().Roster.Get(); !r.Has(bot.RoleContact, "wangwu") {
		t.Error("a console edit was lost at restart")
	}
	os.WriteFile(path, []byte("departments:\n  - id: zfb\n    name: 区人民政府办公室\n    contacts: [zhangsan]\ncoordinators: [chentc]\n"), 0o644)
	app = start()
	if r := app.Roster.Get(); r.Departments[0].Name != "区人民政府办公室" || r.Has(bot.RoleContact, "wangwu") {
		t.Errorf("a changed file was not imported: %+v", r.Departments)
	}
	hist, err := app.RosterKeeper.History(ctx, 5)
	if err != nil || len(hist) != 3 || !strings.Contains(hist[0].How, "名单文件有更新") || hist[1].By != "chentc" || hist[2].By != "system" {
		t.Errorf("history: %v %s", err, fmt.Sprint(hist))
	}
}
