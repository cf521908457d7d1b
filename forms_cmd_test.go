package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/bot/bottest"
	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// formsRun runs `reportbot forms …` with env as the environment.
func formsRun(t *testing.T, env map[string]string, opt Options, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runForms(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut, opt)
	return out.String() + errOut.String(), err
}

// TestFormDirCommands drives the form commands: a broken file is reported
// with its lines in Chinese, a directory's form overrides the shipped one,
// an import goes to Redis as a new version and a round created afterwards
// freezes it, while the round created before keeps its own copy.
func TestFormDirCommands(t *testing.T) {
	st := storetest.New(t)
	dir := t.TempDir()
	shipped, err := os.ReadFile("prompts/forms/fazhi-annual.yaml")
	if err != nil {
		t.Fatal(err)
	}
	local := strings.Replace(string(shipped), "title: 法治政府建设年度报告", "title: 法治政府建设年度报告（本区）", 1)
	formPath := filepath.Join(dir, "forms", "fazhi.yaml")
	os.MkdirAll(filepath.Dir(formPath), 0o755)
	os.WriteFile(formPath, []byte(local), 0o644)
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("id: t\ntitle: 表\nversion: \"1\"\nsections:\n  - id: s\n    number: 一\n    heading: 2025年度举措\n    template: measures\n    questions:\n      - {id: docs, prompt: 发文多少件？, kind: count, unit: 件件, example: 3件}\n"), 0o644)
	tag := storetest.RandomID("")
	os.WriteFile(filepath.Join(dir, "roster.yaml"), []byte(fmt.Sprintf("departments:\n  - {id: zfb, name: 区政府办, kinds: [政府办], contacts: [zs%s]}\n", tag)), 0o644)
	env := map[string]string{"REPORTBOT_FORMS_DIR": filepath.Dir(formPath), "REPORTBOT_ROSTER": filepath.Join(dir, "roster.yaml")}
	clock := bottest.NewClock(bottest.Monday)
	opt := Options{Clock: clock, Store: st}

	out, err := formsRun(t, nil, Options{}, "check", broken)
	if err == nil || !strings.Contains(out, "第 10 行：题目 docs 的单位“件件”不是计数单位") || !strings.Contains(out, "提醒：第 7 行：“2025年”是写死的年份") {
		t.Errorf("check of a broken file: %v\n%s", err, out)
	}
	out, err = formsRun(t, env, Options{}, "check")
	if err != nil || !strings.Contains(out, "内置 forms/fazhi-annual.yaml：fazhi-annual v") || !strings.Contains(out, "目录 "+formPath) {
		t.Errorf("check of the shipped forms and the directory: %v\n%s", err, out)
	}
	out, err = formsRun(t, env, opt, "list")
	if err != nil || !strings.Contains(out, "《法治政府建设年度报告（本区）》：目录") || !strings.Contains(out, "覆盖 内置 forms/fazhi-annual.yaml") {
		t.Errorf("list: %v\n%s", err, out)
	}

	round := func(id string) string {
		var buf bytes.Buffer
		err := runRound(context.Background(), []string{"create", "-id", id, "-title", "2025年度法治政府建设情况报告", "-year", "2025",
			"-deadline", clock.Now().AddDate(0, 1, 0).Format("2006-01-02")}, func(k string) string { return env[k] }, &buf, opt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.Round(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Form.Title
	}
	if title := round("r1" + tag); title != "法治政府建设年度报告（本区）" {
		t.Errorf("round created from %q, want the directory's form", title)
	}
	uploaded := filepath.Join(dir, "uploaded.yaml")
	os.WriteFile(uploaded, []byte(strings.Replace(local, "（本区）", "（上传）", 1)), 0o644)
	if out, err = formsRun(t, env, opt, "import", uploaded); err != nil || !strings.Contains(out, "已保存问卷 fazhi-annual 第 1 版") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err = formsRun(t, env, opt, "import", uploaded); err != nil || !strings.Contains(out, "内容相同，没有重复保存") {
		t.Errorf("import again: %v\n%s", err, out)
	}
	if out, err = formsRun(t, env, opt, "list"); err != nil || !strings.Contains(out, "上传 fazhi-annual 第 1 版，覆盖") || !strings.Contains(out, "第 1 版 v") {
		t.Errorf("list after import: %v\n%s", err, out)
	}
	if title := round("r2" + tag); title != "法治政府建设年度报告（上传）" {
		t.Errorf("round created from %q, want the upload", title)
	}
	r1, _ := st.Round(context.Background(), "r1"+tag)
	if r1.Form.Title != "法治政府建设年度报告（本区）" {
		t.Errorf("the earlier round's frozen form changed to %q", r1.Form.Title)
	}
	if _, err := formsRun(t, env, Options{}, "import", uploaded); err == nil || !strings.Contains(err.Error(), "没有设置 REDIS_URL") {
		t.Errorf("import without Redis: %v", err)
	}
}

// TestFormDraftCommand: `forms draft` prints a form made from the seed
// report that `forms check` accepts as it is.
func TestFormDraftCommand(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "2025年报告.txt")
	os.WriteFile(report, []byte(seedtest.Report), 0o644)
	var out, errOut bytes.Buffer
	if err := runForms(context.Background(), []string{"draft", report, "-id", "kc-zfb"}, func(string) string { return "" }, &out, &errOut, Options{}); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "5 个部分、20 个数字") || !strings.HasPrefix(out.String(), "# 由上一年度报告生成的问卷草稿") {
		t.Errorf("draft: %s\n%.300s", errOut.String(), out.String())
	}
	form := filepath.Join(dir, "kc-zfb.yaml")
	os.WriteFile(form, out.Bytes(), 0o644)
	if got, err := formsRun(t, nil, Options{}, "check", form); err != nil || !strings.Contains(got, "kc-zfb v1《法治政府建设情况报告》：5 个部分、4 个小节、23 道题") || strings.Contains(got, "提醒") {
		t.Errorf("check of the draft: %v\n%s", err, got)
	}
}
