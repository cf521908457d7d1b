package chat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
	"reportbot/store/storetest"
)

// secondRound starts a 政务公开 round beside the desk's 法治 round, for
// 区政府办 and 区财政局 (c2 is a contact of both rounds).
func (x *desk) secondRound() *bot.Round {
	x.t.Helper()
	x.clock.Add(time.Minute) // newer than the desk's round
	form := bottest.Form()
	form.ID, form.Title = "x"+x.tag, "政府信息公开工作年度报告"
	r, err := x.admin.Create(context.Background(), rounds.RoundSpec{ID: storetest.RandomID("g"), Form: form,
		Title: "2025年政府信息公开工作年度报告", Year: 2025, Deadline: x.clock.Now().AddDate(0, 0, 20),
		Depts: []string{x.round.Departments[0].ID, x.round.Departments[2].ID}})
	if err != nil {
		x.t.Fatal(err)
	}
	if _, err := x.admin.Start(context.Background(), r.ID); err != nil {
		x.t.Fatal(err)
	}
	return r
}

// click sends a button's key as WeCom delivers a click, under id.
func (x *desk) click(user, id, key string) string {
	x.t.Helper()
	replies, err := x.d.Handle(context.Background(), bot.Message{User: x.u(user), ID: id, Text: key, Event: bot.EventButton, At: x.clock.Now()})
	if err != nil {
		x.t.Fatalf("%s clicks %q: %v", user, key, err)
	}
	var parts []string
	for _, r := range replies {
		parts = append(parts, r.Text)
		for _, b := range r.Buttons {
			parts = append(parts, "["+b.Text+"|"+b.Key+"]")
		}
	}
	return strings.Join(parts, "\n")
}

// TestInviteButtonOpensItsRound: a contact of two open rounds gets two
// invitations whose buttons each open their own round, also when the
// other was active; a typed 开始 lists both; 切换部门 names the round.
func TestInviteButtonOpensItsRound(t *testing.T) {
	x := newDesk(t, false)
	g := x.secondRound()
	fz := bot.AssignmentRef{Round: x.round.ID, Dept: x.round.Departments[2].ID}
	gk := bot.AssignmentRef{Round: g.ID, Dept: x.round.Departments[2].ID}
	inv := x.jobs.To(x.u("c2"))
	if len(inv) != 2 || !strings.Contains(inv[0], "[开始填报|开始 "+fz.String()+"]") || !strings.Contains(inv[1], "[开始填报|开始 "+gk.String()+"]") {
		t.Fatalf("invitations of two rounds: %q", inv)
	}
	// The second card's button opens the second round, though the first
	// round's assignment was linked first; a retried click once.
	for range 2 {
		if p := x.click("c2", "k1", "开始 "+gk.String()); !strings.Contains(p, "“2025年政府信息公开工作年度报告”填报助手") ||
			!strings.Contains(p, "已切换到：区财政局（2025年政府信息公开工作年度报告）") {
			t.Fatalf("second invitation's button: %s", p)
		}
	}
	if p := x.say("c2", "43%"); !strings.Contains(p, "已记录：43%") {
		t.Fatalf("answer after the click: %s", p)
	}
	if a, _ := x.st.Assignment(context.Background(), gk); a.Answers["meetings_cut"] == nil {
		t.Error("the answer went elsewhere than the round clicked")
	}
	if a, _ := x.st.Assignment(context.Background(), fz); a.Status != bot.NotStarted {
		t.Errorf("the other round was touched: %s", a.Status)
	}
	// A typed 开始 lists the open assignments with a button each.
	p := x.say("c2", "开始")
	for _, want := range []string{"您目前有 2 项填报尚未提交", "2025年度法治政府建设情况报告 · 区财政局 · 未开始",
		"2025年政府信息公开工作年度报告 · 区财政局 · 填报中（当前）", "|开始 " + fz.String() + "]", "|开始 " + gk.String() + "]"} {
		if !strings.Contains(p, want) {
			t.Errorf("开始 with two rounds lacks %q:\n%s", want, p)
		}
	}
	// The first card's button still opens the first round.
	if p := x.click("c2", "k2", "开始 "+fz.String()); !strings.Contains(p, "已切换到：区财政局（2025年度法治政府建设情况报告）") ||
		!strings.Contains(p, "共 9 题") {
		t.Fatalf("first invitation's button: %s", p)
	}
	if p := x.say("c2", "切换部门 2"); !strings.Contains(p, "已切换到：区财政局（2025年政府信息公开工作年度报告）") {
		t.Errorf("切换部门 without the round: %s", p)
	}
	// A contact of one round: 开始 as before; a key of an assignment not
	// theirs is a plain 开始.
	if p := x.say("c1", "开始"); !strings.Contains(p, "第 1/9 题") {
		t.Errorf("plain 开始: %s", p)
	}
	if p := x.click("c1", "k3", "开始 "+gk.String()); !strings.Contains(p, "区司法局") || strings.Contains(p, "信息公开") {
		t.Errorf("someone else's button: %s", p)
	}
}

// TestDeskSeveralRounds: with two open rounds the coordinator's 进度 lists
// both; commands take a round by number or by title words; a department
// is looked up across the rounds, and one in both is asked about.
func TestDeskSeveralRounds(t *testing.T) {
	x := newDesk(t, false)
	x.secondRound()
	x.fill("c0")
	x.say("c0", "提交")
	x.say("c0", "确认提交")
	p := x.say("chen", "进度")
	for _, want := range []string{"目前有 2 个轮次正在进行", "1. 【2025年政府信息公开工作年度报告】填报中，截止 2025年12月23日：已提交 0/2 个部门（未开始 2）",
		"2. 【2025年度法治政府建设情况报告】填报中，截止 2025年12月13日：已提交 1/3 个部门（未开始 2）", "进度 政务公开"} {
		if !strings.Contains(p, want) {
			t.Errorf("进度 of two rounds lacks %q:\n%s", want, p)
		}
	}
	for _, c := range []struct{ say, want, not string }{
		{"进度 政务公开", "【2025年政府信息公开工作年度报告】填报中", "区司法局"},
		{"进度 2", "【2025年度法治政府建设情况报告】填报中", "信息公开"},
		{"进度 法治", "区司法局：未开始", "信息公开"},
		{"进度 区司法局", "【2025年度法治政府建设情况报告 · 区司法局】未开始", ""},
		{"进度 区财政局", "“区财政局”同时参加了多个轮次", ""},
		{"进度 政务公开 区财政局", "【2025年政府信息公开工作年度报告 · 区财政局】", ""},
		{"进度 法治 财政", "【2025年度法治政府建设情况报告 · 区财政局】", ""},
		{"进度 教育局", "正在进行的轮次中都没有名称含“教育局”的部门", ""},
		{"导出", "请写明是哪一轮", "<file"},
		{"导出 法治", "<file 2025年度法治政府建设情况报告.xlsx>", ""},
		{"导出 1", "<file 2025年政府信息公开工作年度报告.xlsx>", ""},
		{"催办 全部", "请写明是哪一轮", "已向"},
		{"催办 政务公开 全部", "已向 2 个部门", ""},
		{"催办 区司法局", "已向 1 个部门", ""},
		{"催办 区财政局", "同时参加了多个轮次", ""},
	} {
		p := x.say("chen", c.say)
		if !strings.Contains(p, c.want) || (c.not != "" && strings.Contains(p, c.not)) {
			t.Errorf("%s: want %q without %q:\n%s", c.say, c.want, c.not, p)
		}
	}
	if got := x.jobs.To(x.u("c1")); len(got) != 2 || !strings.Contains(got[1], "2025年度法治政府建设情况报告") {
		t.Errorf("催办 区司法局 reached: %q", got)
	}
}

// TestSubmitNotifiesCoordinators: a submission tells the coordinator once,
// also when WeCom retries the message; the contact is promised it only
// when it happens.
func TestSubmitNotifiesCoordinators(t *testing.T) {
	x := newDesk(t, false)
	x.fill("c0")
	x.say("c0", "提交")
	ctx := context.Background()
	msg := bot.Message{User: x.u("c0"), ID: "submit-1", Text: "确认提交", At: x.clock.Now()}
	for range 3 {
		replies, err := x.d.Handle(ctx, msg)
		if err != nil || !strings.Contains(replies[0].Text, "已提交") || !strings.Contains(replies[0].Text, "统筹人将收到通知") {
			t.Fatalf("submit: %v %+v", err, replies)
		}
	}
	got := x.jobs.To(x.u("chen"))
	if len(got) != 1 || !strings.Contains(got[0], "“区政府办”已提交“2025年度法治政府建设情况报告”的填报") || !strings.Contains(got[0], "已完成 8/8 题") {
		t.Fatalf("coordinator told: %q", got)
	}
	// Without a coordinator in the roster nobody is told, and nobody is
	// promised.
	x.roster.Coordinators = nil
	x.fill("c1")
	x.say("c1", "提交")
	if p := x.say("c1", "确认提交"); !strings.Contains(p, "已提交") || strings.Contains(p, "统筹人将收到通知") {
		t.Errorf("a promise nobody keeps: %s", p)
	}
	if got := x.jobs.To(x.u("chen")); len(got) != 1 {
		t.Errorf("told after leaving the roster: %q", got)
	}
}

// TestSubmitNotifyHeadReview: with head review, the coordinator hears of
// the submission and of the head's 退回 and 确认, each once.
func TestSubmitNotifyHeadReview(t *testing.T) {
	x := newDesk(t, true)
	ref := bot.AssignmentRef{Round: x.round.ID, Dept: x.round.Departments[0].ID}
	x.fill("c0")
	x.say("c0", "提交")
	if p := x.say("c0", "确认提交"); !strings.Contains(p, "等待部门负责人审核") {
		t.Fatalf("submit: %s", p)
	}
	x.say("h0", "退回 第 2 题有误")
	x.say("c0", "提交")
	x.say("c0", "确认提交")
	for range 2 {
		x.click("h0", "approve-1", "审核通过 "+ref.String())
	}
	got := x.jobs.To(x.u("chen"))
	want := []string{"等待部门负责人审核", "被部门负责人" + x.u("h0") + "退回，说明：第 2 题有误", "等待部门负责人审核", "审核确认，正式提交"}
	if len(got) != len(want) {
		t.Fatalf("coordinator told %d times: %q", len(got), got)
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("message %d lacks %q: %s", i+1, w, got[i])
		}
	}
}

// TestSubmitWithoutHead: a round that asks for head review, a department
// without a head: its submission is final at once, and the contact is
// told so; the round says which departments have no head.
func TestSubmitWithoutHead(t *testing.T) {
	x := newDeskWith(t, true, func(_ *desk, r *bot.Roster) { r.Departments[2].Head = "" })
	if w := rounds.HeadlessText(x.round); !strings.Contains(w, "1 个部门未设负责人：区财政局") || !strings.Contains(w, "直接为“已提交”") {
		t.Errorf("warning: %q", w)
	}
	x.fill("c2")
	x.say("c2", "提交")
	p := x.say("c2", "确认提交")
	if !strings.Contains(p, "本部门未设负责人，因此不经审核、直接提交") || strings.Contains(p, "等待部门负责人审核") {
		t.Errorf("submit without a head: %s", p)
	}
	a, _ := x.st.Assignment(context.Background(), bot.AssignmentRef{Round: x.round.ID, Dept: x.round.Departments[2].ID})
	if a.Status != bot.Submitted {
		t.Errorf("status %s", a.Status)
	}
	if got := x.jobs.To(x.u("chen")); len(got) != 1 || strings.Contains(got[0], "等待") {
		t.Errorf("coordinator told: %q", got)
	}
}
