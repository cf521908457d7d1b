package prompts_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// smallForm is a form with the shipped form's id, so it overrides it.
const smallForm = `# 本区改过的问卷
id: fazhi-annual
title: 法治政府建设年度报告（本区）
version: "7"
sections:
  - id: measures
    number: 一
    heading: "{year}年度推进法治政府建设的主要举措和成效"
    template: measures
    questions:
      - {id: docs_issued, prompt: 全年制发文件多少件？, kind: count, unit: 件, example: 381件, prose: "制发文件{value}"}
`

// TestFormDirOverrides: a form in the forms directory overrides the
// shipped form of the same id, an upload overrides both; an upload that
// asks the same as the newest revision is not saved again, a changed one
// becomes the next revision with its repeated version number bumped, and
// two uploads at once both land as separate revisions.
func TestFormDirOverrides(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fazhi.yaml"), []byte(smallForm), 0o644); err != nil {
		t.Fatal(err)
	}
	st := storetest.New(t)
	clock := bottest.NewClock(bottest.Monday)
	lib := &prompts.Library{Dir: dir, Store: st, Clock: clock}
	f, err := lib.Form(ctx, "fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "法治政府建设年度报告（本区）" || f.Len() != 1 {
		t.Fatalf("the directory's form does not override the shipped one: %s, %d questions", f.Title, f.Len())
	}
	entries, err := lib.Forms(ctx)
	// The shipped 政府信息公开 form stands beside it.
	if err != nil || len(entries) != 2 || entries[0].Origin != prompts.OriginDir || len(entries[0].Overrides) != 1 {
		t.Fatalf("entries = %+v, %v", entries, err)
	}

	// Uploading the directory's form again (version 7 is taken by it, 2 by
	// the shipped form) is saved with version 8; the same content again is
	// not saved.
	res, err := lib.Import(ctx, []byte(smallForm), "chentc")
	if err != nil || !res.Saved || res.Revision.Rev != 1 || res.Revision.Version != "8" || res.Declared != "7" {
		t.Fatalf("first upload: %+v, %v", res, err)
	}
	if !strings.Contains(res.Revision.Source, "# 本区改过的问卷") || !strings.Contains(res.Revision.Source, "\nversion: \"8\"\n") {
		t.Errorf("saved source lost its comments or its bumped version:\n%s", res.Revision.Source)
	}
	if !strings.Contains(res.Text(), "已改为 8") {
		t.Errorf("upload text %q", res.Text())
	}
	again, err := lib.Import(ctx, []byte(strings.Replace(smallForm, "# 本区改过的问卷", "# 只改了注释", 1)), "chentc")
	if err != nil || again.Saved || again.Revision.Rev != 1 {
		t.Fatalf("an upload with the same content was saved again: %+v, %v", again, err)
	}
	f, err = lib.Form(ctx, "fazhi-annual")
	if err != nil || f.Version != "8" {
		t.Fatalf("the upload does not override the directory: %v, %v", f, err)
	}

	// Two changed uploads at once: both are kept, numbered 2 and 3.
	var wg sync.WaitGroup
	for i, p := range []string{"全年共制发文件多少件？", "全年制发各类文件多少件？"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := strings.Replace(smallForm, "全年制发文件多少件？", p, 1)
			if _, err := lib.Import(ctx, []byte(src+strings.Repeat("\n", i)), "u"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	revs, err := st.FormRevisions(ctx, "fazhi-annual")
	if err != nil || len(revs) != 3 {
		t.Fatalf("revisions %+v, %v", revs, err)
	}
	for i, r := range revs {
		if r.Rev != i+1 || r.Version != []string{"8", "9", "10"}[i] || !r.At.Equal(bottest.Monday) {
			t.Errorf("revision %d = %+v", i+1, r)
		}
	}
	if f, err = lib.Form(ctx, "fazhi-annual"); err != nil || f.Version != "10" {
		t.Errorf("in effect: %v, %v", f, err)
	}

	// A broken directory file stops the library with its line, and an
	// upload with errors is refused with them.
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte(strings.Replace(smallForm, "unit: 件", "unit: 件件", 1)), 0o644)
	if _, err := lib.Forms(ctx); bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), "第 11 行：题目 docs_issued 的单位“件件”不是计数单位") {
		t.Errorf("broken directory file: %v", err)
	}
	if _, err := lib.Import(ctx, []byte("id: x\n"), "u"); bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), "没有保存") {
		t.Errorf("broken upload: %v", err)
	}
}
