package rounds_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/rounds"
	"reportbot/store/storetest"
)

// TestRoundDeadlineMoved: a coordinator extends a running round's
// deadline (延期). The contacts of departments not submitted (answering,
// or invited and not yet begun) are told once; one that submitted is not;
// the
// reminder 3 days before goes out again for the new date, and the count of
// reminders sent keeps the first one; the change is in the round's
// history; a past date, the same date and a closed round are refused.
func TestRoundDeadlineMoved(t *testing.T) {
	ctx := bot.WithActor(context.Background(), "co1")
	st := storetest.New(t)
	tag := storetest.RandomID("")
	clock := bottest.NewClock(time.Date(2026, 12, 7, 9, 0, 0, 0, bot.CST)) // a Monday
	roster := &bot.Roster{Departments: []bot.Department{
		{ID: "zfb", Name: "区政府办", Contacts: []string{"zs-" + tag}},
		{ID: "sfj", Name: "区司法局", Contacts: []string{"zl-" + tag}},
		{ID: "czj", Name: "区财政局", Contacts: []string{"zb-" + tag}},
	}}
	jobs := &bottest.Jobs{}
	rem := &rounds.Reminders{Store: st, Jobs: jobs, Plan: rounds.DefaultReminderPlan(), Clock: clock,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ra := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: clock, Reminders: rem, Jobs: jobs}
	r, err := ra.Create(ctx, rounds.RoundSpec{ID: "d" + tag, Form: bottest.Form(), Title: "2026年度法治政府建设情况报告", Year: 2026,
		Deadline: time.Date(2026, 12, 11, 23, 59, 0, 0, bot.CST)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ra.Start(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock, RoundTTL: time.Nanosecond})
	say := func(user, id, text string) {
		if _, err := eng.Handle(ctx, bot.Message{User: user, ID: id, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	say("zs-"+tag, "1", "开始")
	say("zs-"+tag, "2", "43%")
	for i, s := range []string{"开始", "43%", "381件", "100%", "100%", "无", "否", "无", "不足。", "提交", "确认提交"} {
		say("zl-"+tag, "z"+string(rune('a'+i)), s)
	}
	// Tuesday 8 December: the reminder 3 days before goes out.
	clock.Set(time.Date(2026, 12, 8, 12, 0, 0, 0, bot.CST))
	if _, err := rem.TickRound(ctx, r.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	zfb := bot.AssignmentRef{Round: r.ID, Dept: "zfb"}
	if n, _ := st.ReminderCount(ctx, zfb); n != 1 {
		t.Fatalf("reminders before the move: %d", n)
	}

	for _, bad := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 23, 59, 0, 0, bot.CST), "已经过去"},
		{r.Deadline, "本来就是"},
	} {
		if _, err := ra.SetDeadline(ctx, r.ID, bad.at, true); err == nil || !strings.Contains(bot.ErrorMessage(err), bad.want) {
			t.Errorf("%s: %v", bad.want, err)
		}
	}
	newAt := time.Date(2026, 12, 18, 23, 59, 0, 0, bot.CST)
	moved, err := ra.SetDeadline(ctx, r.ID, newAt, true)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Told != 2 || !strings.Contains(moved.Text(), "已通知未提交部门的 2 位填报人") || !strings.Contains(moved.Text(), "2026年12月18日") {
		t.Errorf("moved: %+v %s", moved, moved.Text())
	}
	// The contact answering and the one invited who has not begun are
	// told; the one who submitted is not.
	for _, u := range []string{"zs-" + tag, "zb-" + tag} {
		told := jobs.To(u)
		if len(told) == 0 || !strings.Contains(told[len(told)-1], "截止时间已调整为 2026年12月18日（原为 2026年12月11日）") {
			t.Errorf("%s was not told: %q", u, told)
		}
	}
	for _, m := range jobs.To("zl-" + tag) {
		if strings.Contains(m, "截止时间已调整") {
			t.Errorf("told although submitted: %q", m)
		}
	}
	// Again with the same key (a double click): told once.
	if _, err := ra.SetDeadline(ctx, r.ID, newAt, true); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("the same deadline twice: %v", err)
	}
	// Tuesday 15 December: 3 days before the new deadline, a reminder again.
	clock.Set(time.Date(2026, 12, 15, 12, 0, 0, 0, bot.CST))
	if _, err := rem.TickRound(ctx, r.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.ReminderCount(ctx, zfb); n != 2 {
		t.Errorf("reminders after the move: %d, want 2", n)
	}
	last := jobs.To("zs-" + tag)
	if !strings.Contains(last[len(last)-1], "将于 2026年12月18日 截止") {
		t.Errorf("the reminder for the new deadline: %q", last[len(last)-1])
	}
	events, err := st.RoundEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := events[len(events)-1]
	if e.Label() != "修改截止时间" || e.By != "co1" || !strings.Contains(e.Detail, "→ 2026年12月18日") || !strings.Contains(e.Detail, "通知 2 位填报人") {
		t.Errorf("history: %+v", e)
	}
	if err := ra.SetStatus(ctx, r.ID, bot.RoundClosed); err != nil {
		t.Fatal(err)
	}
	if _, err := ra.SetDeadline(ctx, r.ID, newAt.AddDate(0, 0, 7), true); bot.ErrorCode(err) != bot.EConflict || !strings.Contains(bot.ErrorMessage(err), "重新开放") {
		t.Errorf("a closed round: %v", err)
	}
}

// TestDeadlineNote: a deadline on a holiday or a weekend is pointed out.
func TestDeadlineNote(t *testing.T) {
	cal := bot.WithBuiltin(nil)
	for at, want := range map[time.Time]string{
		time.Date(2026, 10, 1, 23, 59, 0, 0, bot.CST):  "2026年10月1日 是国庆节假期",
		time.Date(2026, 12, 26, 23, 59, 0, 0, bot.CST): "2026年12月26日 是周六",
		time.Date(2026, 10, 10, 23, 59, 0, 0, bot.CST): "",
		time.Date(2026, 12, 31, 23, 59, 0, 0, bot.CST): "",
	} {
		if got := rounds.DeadlineNote(cal, at); (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", at.Format("01-02"), got, want)
		}
	}
}
