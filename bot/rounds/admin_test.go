package rounds_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/rounds"
	"reportbot/store/storetest"
)

func newAdmin(t *testing.T) (*rounds.RoundAdmin, string) {
	st := storetest.New(t)
	tag := storetest.RandomID("")
	roster := &bot.Roster{Departments: []bot.Department{
		{ID: "zfb", Name: "区政府办", Contacts: []string{"zs-" + tag}},
		{ID: "sfj", Name: "区司法局", Contacts: []string{"zl-" + tag}},
		{ID: "czj", Name: "区财政局", Contacts: []string{"zb-" + tag}},
	}}
	return &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: bottest.NewClock(time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC))}, tag
}

// TestRoundLifecycle: create, start, pause, close, reopen, with the bad
// inputs a coordinator can give, each refused with a clear message.
func TestRoundLifecycle(t *testing.T) {
	ra, tag := newAdmin(t)
	ctx := context.Background()
	spec := rounds.RoundSpec{ID: "r" + tag, Form: bottest.Form(), Title: "2025年度法治政府建设情况报告", Year: 2025,
		Depts: []string{"zfb", "sfj"}, Deadline: time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), Coordinator: "陈统筹"}
	for _, bad := range []struct {
		edit func(*rounds.RoundSpec)
		want string
	}{
		{func(s *rounds.RoundSpec) { s.Depts = []string{"nope"} }, "没有编号为“nope”的部门"},
		{func(s *rounds.RoundSpec) { s.Deadline = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC) }, "已经过去"},
		{func(s *rounds.RoundSpec) { s.Form = nil }, "请指定问卷"},
		{func(s *rounds.RoundSpec) { s.ID = "a/b" }, "不合法"},
	} {
		s := spec
		bad.edit(&s)
		if _, err := ra.Create(ctx, s); bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), bad.want) {
			t.Errorf("%s: %v", bad.want, err)
		}
	}
	r, err := ra.Create(ctx, spec)
	if err != nil || r.Status != bot.RoundDraft || len(r.Departments) != 2 {
		t.Fatalf("create: %+v %v", r, err)
	}
	if _, err := ra.Create(ctx, spec); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("created twice: %v", err)
	}
	eng := chat.NewEngine(chat.EngineConfig{Store: ra.Store, RoundTTL: time.Nanosecond})
	say := func(id, text string) string {
		replies, err := eng.Handle(ctx, bot.Message{User: "zs-" + tag, ID: id, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return replies[0].Text
	}
	if got := say("1", "开始"); !strings.Contains(got, "尚未开始") {
		t.Errorf("before start: %s", got)
	}
	if err := ra.SetStatus(ctx, r.ID, bot.RoundOpen); err != nil {
		t.Fatal(err)
	}
	if err := ra.SetStatus(ctx, r.ID, bot.RoundOpen); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("started twice: %v", err)
	}
	say("2", "开始")
	say("3", "43%")
	for i, s := range []string{"381件", "100%", "100%", "无", "否", "无", "法治思维运用还不够深入。", "提交", "确认提交"} {
		say("x"+string(rune('a'+i)), s)
	}
	p, err := ra.Progress(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Text(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
	for _, want := range []string{"区政府办：已提交", "区司法局：未开始（已逾期）", "合计 2 个部门：未开始 1，已提交 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("progress lacks %q:\n%s", want, text)
		}
	}
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb"}
	if err := ra.Reopen(ctx, ref, "", "chen"); bot.ErrorCode(err) != bot.EInvalid {
		t.Errorf("reopen without a reason: %v", err)
	}
	if err := ra.Reopen(ctx, ref, "第2题数字有误，请核对", "chen"); err != nil {
		t.Fatal(err)
	}
	if got := say("y", "继续"); !strings.Contains(got, "第2题数字有误") {
		t.Errorf("contact not told why: %s", got)
	}
	if err := ra.Reopen(ctx, ref, "again", "chen"); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("reopen of an open assignment: %v", err)
	}
	if err := ra.SetStatus(ctx, r.ID, bot.RoundClosed); err != nil {
		t.Fatal(err)
	}
	if got := say("z", "381件"); !strings.Contains(got, "已截止") || !strings.Contains(got, "陈统筹") {
		t.Errorf("late answer: %s", got)
	}
}
