package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// TestFactcheckCommand: factcheck reads a text and one department's
// answers, from Redis or from an exported round with no Redis, prints
// every figure and claim with its source or why it has none, and exits 1
// when anything has no source.
func TestFactcheckCommand(t *testing.T) {
	st := storetest.New(t)
	form, seed := seedtest.Load(t)
	tag := storetest.RandomID("")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", "zs"+tag))
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	var ch bot.Change
	for _, a := range seedtest.Answers(t, form, seed) {
		ch.Answers = append(ch.Answers, a)
	}
	if _, _, err := st.CommitTurn(context.Background(), ref, 0, "seed", &ch, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Clock: bottest.NewClock(bottest.Monday), Store: st}
	env := func(string) string { return "" }
	// Export the round as JSON, for the run with no Redis.
	var out bytes.Buffer
	if err := runRound(context.Background(), []string{"export", r.ID, "-format", "json", "-o", filepath.Join(dir, "round.json")}, env, &out, opt); err != nil {
		t.Fatal(err)
	}
	good := "制发文件381件，办理上级文件1352件；答复率、满意率均达100%。"
	bad := good + "另组织专题培训27场，会前学法约15次，获评全国法治政府建设示范单位。"
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte(good), 0o644)
	run := func(args ...string) (string, error) {
		var b bytes.Buffer
		err := runFactcheck(context.Background(), args, env, strings.NewReader(bad), &b, opt)
		return b.String(), err
	}
	for _, src := range [][]string{{"-round", r.ID, "-dept", ref.Dept}, {"-answers", filepath.Join(dir, "round.json")}} {
		out, err := run(append(src, filepath.Join(dir, "good.txt"))...)
		if err != nil || !strings.Contains(out, "全部有出处") || !strings.Contains(out, "✓ 381件\t第2题 全年制发文件多少件：381件") {
			t.Errorf("%v, a sourced text: %v\n%s", src, err, out)
		}
		out, err = run(append(src, "-")...)
		if !errors.Is(err, errUnsourced) {
			t.Errorf("%v, an unsourced text: exit %v", src, err)
		}
		for _, want := range []string{"其中 3 处找不到依据", "✗ 27场\t答案中没有“27场”", "✗ 约15次\t答案为“15次”，稿中写作“约15次”", "✗ 获评全国法治政府建设示范单位"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: the output lacks %q:\n%s", src, want, out)
			}
		}
	}
	out.Reset()
	err := runFactcheck(context.Background(), []string{"-answers", filepath.Join(dir, "round.json"), "-json", "-"}, env, strings.NewReader(bad), &out, opt)
	var res struct {
		OK    bool `json:"ok"`
		Items []struct {
			Text    string   `json:"text"`
			OK      bool     `json:"ok"`
			Sources []string `json:"sources"`
		} `json:"items"`
	}
	if json.Unmarshal(out.Bytes(), &res) != nil || res.OK || !errors.Is(err, errUnsourced) || len(res.Items) < 6 || res.Items[0].Text != "381件" || !res.Items[0].OK {
		t.Errorf("-json: %v %s", err, out.String())
	}
	if _, err := run("-round", r.ID, filepath.Join(dir, "good.txt")); err == nil {
		t.Error("-round without -dept was accepted")
	}
}
