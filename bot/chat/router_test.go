package chat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/editorial"
	"reportbot/bot/rounds"
	"reportbot/store"
	"reportbot/store/storetest"
)

// desk is a Desk over the test Redis with a roster of three departments,
// heads, a coordinator, and a round that is open.
type desk struct {
	t      *testing.T
	st     *store.Store
	d      *chat.Router
	roster *bot.Roster
	jobs   *bottest.Jobs
	clock  *bottest.Clock
	round  *bot.Round
	admin  *rounds.RoundAdmin
	tag    string
	n      int
}

func (x *desk) u(name string) string { return name + "-" + x.tag }

func (x *desk) say(user, text string) string {
	x.t.Helper()
	x.n++
	replies, err := x.d.Handle(context.Background(), bot.Message{User: x.u(user), ID: fmt.Sprintf("m%d", x.n), Text: text, At: x.clock.Now()})
	if err != nil {
		x.t.Fatalf("%s says %q: %v", user, text, err)
	}
	var parts []string
	for _, r := range replies {
		parts = append(parts, r.Text)
		for _, b := range r.Buttons {
			parts = append(parts, "["+b.Text+"|"+b.Key+"]")
		}
		if r.File != nil {
			parts = append(parts, "<file "+r.File.Name+">")
		}
	}
	return strings.Join(parts, "\n")
}

func newDesk(t *testing.T, headConfirm bool) *desk { return newDeskWith(t, headConfirm, nil) }

// newDeskWith is newDesk with the roster changed by edit before the round
// is created.
func newDeskWith(t *testing.T, headConfirm bool, edit func(*desk, *bot.Roster)) *desk {
	st := storetest.New(t)
	tag := storetest.RandomID("")
	x := &desk{t: t, st: st, jobs: &bottest.Jobs{}, tag: tag,
		clock: bottest.NewClock(bottest.Date(2025, 12, 3, 10, 0))} // a Wednesday
	roster := &bot.Roster{Coordinators: []string{x.u("chen")}}
	for i, name := range []string{"区政府办", "区司法局", "区财政局"} {
		roster.Departments = append(roster.Departments, bot.Department{ID: fmt.Sprintf("d%d%s", i, tag), Name: name,
			Contacts: []string{x.u(fmt.Sprintf("c%d", i))}, Head: x.u(fmt.Sprintf("h%d", i))})
	}
	if edit != nil {
		edit(x, roster)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	x.roster = roster
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: x.clock, Jobs: x.jobs, Logger: log, Roster: bot.NewLiveRoster(roster)})
	rem := &rounds.Reminders{Store: st, Jobs: x.jobs, Plan: rounds.DefaultReminderPlan(), Clock: x.clock, Log: log}
	admin := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: x.clock, Reminders: rem, Jobs: x.jobs}
	desk := &chat.Desk{Engine: eng, Rounds: admin, Reminders: rem, Store: st, Log: log,
		Export: func(_ context.Context, r *bot.Round) (*bot.File, error) {
			return &bot.File{Name: r.Title + ".xlsx", Data: []byte("xlsx")}, nil
		}}
	x.d = &chat.Router{Engine: eng, Desk: desk, Roster: bot.NewLiveRoster(roster), Store: st, Clock: x.clock, Log: log}
	r, err := admin.Create(context.Background(), rounds.RoundSpec{ID: storetest.RandomID("r"), Form: bottest.Form(), Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: x.clock.Now().AddDate(0, 0, 10), Coordinator: "区司法局 陈统筹", HeadConfirm: headConfirm})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Start(context.Background(), r.ID); err != nil {
		t.Fatal(err)
	}
	x.round, x.admin = r, admin
	return x
}

var fullAnswers = []string{"开始", "43%", "381件", "100%", "100%", "无", "否", "无", "不足。"}

func (x *desk) fill(contact string) {
	for _, s := range fullAnswers {
		x.say(contact, s)
	}
}

// TestProgressCoordinatorCommands: 进度, 进度 <部门>, 催办, 导出 for the
// coordinator; the same words from a contact are refused or mean their
// own review.
func TestProgressCoordinatorCommands(t *testing.T) {
	x := newDesk(t, false)
	// Starting the round queued one invitation per contact.
	if inv := x.jobs.To(x.u("c1")); len(inv) != 1 || !strings.Contains(inv[0], "开始填报") {
		t.Fatalf("invitation: %q", inv)
	}
	x.fill("c0")
	x.say("c0", "提交")
	x.say("c0", "确认提交")
	x.say("c1", "开始")
	x.say("c1", "43%")

	p := x.say("chen", "进度")
	for _, want := range []string{"区政府办：已提交", "区司法局：填报中", "已填 1/", "区财政局：未开始", "合计 3 个部门"} {
		if !strings.Contains(p, want) {
			t.Errorf("进度 lacks %q:\n%s", want, p)
		}
	}
	p = x.say("chen", "进度 司法")
	for _, want := range []string{"区司法局", "填报中", "尚未填写", "2. 全年制发文件多少件", x.u("c1")} {
		if !strings.Contains(p, want) {
			t.Errorf("进度 司法 lacks %q:\n%s", want, p)
		}
	}
	if p := x.say("chen", "进度 教育局"); !strings.Contains(p, "没有名称含“教育局”的部门") {
		t.Errorf("unknown department: %s", p)
	}
	if p := x.say("chen", "催办"); !strings.Contains(p, "请写明催办哪个部门") {
		t.Errorf("催办 without a department: %s", p)
	}
	if p := x.say("chen", "催办 全部"); !strings.Contains(p, "已向 2 个部门") {
		t.Errorf("催办 全部: %s", p)
	}
	if got := x.jobs.To(x.u("c0")); len(got) != 1 {
		t.Errorf("a submitted department was nudged: %q", got)
	}
	if got := x.jobs.To(x.u("c2")); len(got) != 2 || !strings.Contains(got[1], "统筹人提醒") {
		t.Errorf("nudge to a department not started: %q", got)
	}
	if p := x.say("chen", "催办 区财政局"); !strings.Contains(p, "今天已催办过") {
		t.Errorf("second nudge the same day: %s", p)
	}
	if p := x.say("chen", "进度"); !strings.Contains(p, "区财政局：未开始，已填 0/") || !strings.Contains(p, "已催 1 次") {
		t.Errorf("reminders sent not shown:\n%s", p)
	}
	if p := x.say("chen", "导出"); !strings.Contains(p, "<file 2025年度法治政府建设情况报告.xlsx>") {
		t.Errorf("导出: %s", p)
	}
	// At night the coordinator's 催办 is held back, with a reason.
	x.clock.Add(12 * time.Hour)
	if p := x.say("chen", "催办 区财政局"); !strings.Contains(p, "休息时间") {
		t.Errorf("催办 at night: %s", p)
	}
	// A contact's 导出 and 催办 are refused; 进度 shows their own answers.
	if p := x.say("c1", "导出"); !strings.Contains(p, "仅限统筹人") {
		t.Errorf("contact 导出: %s", p)
	}
	if p := x.say("c1", "催办 全部"); !strings.Contains(p, "仅限统筹人") {
		t.Errorf("contact 催办: %s", p)
	}
	if p := x.say("c1", "进度"); !strings.Contains(p, "已完成 1/") {
		t.Errorf("contact 进度: %s", p)
	}
	// A coordinator with nothing to fill in gets the coordinator's help.
	if p := x.say("chen", "你好"); !strings.Contains(p, "您是统筹人") {
		t.Errorf("coordinator help: %s", p)
	}
}

// TestRoundHeadReview: with head confirmation, 提交 waits for the head;
// 退回 with a reason reopens it for the contact, 确认 makes it final, and a
// retried 确认 takes effect once.
func TestRoundHeadReview(t *testing.T) {
	x := newDesk(t, true)
	ctx := context.Background()
	ref := bot.AssignmentRef{Round: x.round.ID, Dept: x.round.Departments[0].ID}
	x.fill("c0")
	x.say("c0", "提交")
	if p := x.say("c0", "确认提交"); !strings.Contains(p, "等待部门负责人审核") {
		t.Fatalf("submit with review: %s", p)
	}
	a, _ := x.st.Assignment(ctx, ref)
	if a.Status != bot.PendingReview {
		t.Fatalf("status %s", a.Status)
	}
	head := x.jobs.To(x.u("h0"))
	if len(head) != 2 || !strings.Contains(head[0], "381件") || !strings.Contains(head[1], "[确认|审核通过 "+ref.String()+"]") {
		t.Fatalf("review request to the head: %q", head)
	}
	if p := x.say("c0", "修改 2"); !strings.Contains(p, "等待部门负责人审核") {
		t.Errorf("contact edits while pending: %s", p)
	}
	if len(x.jobs.Drafts()) != 0 {
		t.Error("drafting queued before the head confirmed")
	}
	// Another department's head may not review it.
	if p := x.say("h1", "审核通过 "+ref.String()); !strings.Contains(p, "不是“区政府办”的部门负责人") {
		t.Errorf("wrong head: %s", p)
	}
	// 退回: the card button asks for a reason, the reason reopens.
	if p := x.say("h0", "审核退回 "+ref.String()); !strings.Contains(p, "请回复退回原因") {
		t.Errorf("return button: %s", p)
	}
	if p := x.say("h0", "退回 第 2 题件数与台账不一致"); !strings.Contains(p, "已退回“区政府办”") {
		t.Fatalf("return: %s", p)
	}
	if got := x.jobs.To(x.u("c0")); !strings.Contains(got[len(got)-1], "第 2 题件数与台账不一致") {
		t.Errorf("contact not told the reason: %q", got)
	}
	if p := x.say("c0", "继续"); !strings.Contains(p, "第 2 题件数与台账不一致") {
		t.Errorf("contact resumes without the reason: %s", p)
	}
	x.say("c0", "修改 2")
	x.say("c0", "380件")
	x.say("c0", "提交")
	x.say("c0", "确认提交")
	// 确认, delivered three times as WeCom retries a callback.
	msg := bot.Message{User: x.u("h0"), ID: "approve-1", Text: "审核通过 " + ref.String(), At: x.clock.Now()}
	for i := range 3 {
		replies, err := x.d.Handle(ctx, msg)
		if err != nil || !strings.Contains(replies[0].Text, "已确认“区政府办”") {
			t.Fatalf("approve try %d: %v %+v", i, err, replies)
		}
	}
	a, _ = x.st.Assignment(ctx, ref)
	audit, _ := x.st.Audit(ctx, ref)
	approvals := 0
	for _, e := range audit {
		if e.Event == "approve" {
			approvals++
		}
	}
	if a.Status != bot.Submitted || approvals != 1 || len(x.jobs.Drafts()) != 1 {
		t.Errorf("after approval: status %s, %d approvals, %d drafts", a.Status, approvals, len(x.jobs.Drafts()))
	}
	if p := x.say("h0", "退回 再看看"); !strings.Contains(p, "没有待审核") {
		t.Errorf("return after approval: %s", p)
	}
}

// TestRoundYearOverYear: last year's value is shown with each question and
// a figure far from it is confirmed before it is stored.
func TestRoundYearOverYear(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	tag := storetest.RandomID("")
	dept := bot.Department{ID: "zfb" + tag, Name: "区政府办", Contacts: []string{"zs-" + tag}}
	form := bottest.Form()
	last := storetest.Round(t, st, form, dept)
	clock := bottest.NewClock(bottest.Monday)
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock})
	n := 0
	say := func(text string) string {
		n++
		r, err := eng.Handle(ctx, bot.Message{User: "zs-" + tag, ID: fmt.Sprint("y", n), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return r[0].Text
	}
	for _, s := range []string{"开始", "43%", "381件"} {
		say(s)
	}
	st.UpdateRound(ctx, last.ID, func(r *bot.Round) error { r.Status = bot.RoundClosed; r.Year = 2024; return nil })
	admin := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(&bot.Roster{Departments: []bot.Department{dept}}), Clock: clock}
	r, err := admin.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度", Year: 2025,
		Deadline: clock.Now().AddDate(0, 1, 0), Previous: last.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Start(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.SetActive(ctx, "zs-"+tag, bot.AssignmentRef{Round: r.ID, Dept: dept.ID}); err != nil {
		t.Fatal(err)
	}
	if p := say("开始"); !strings.Contains(p, "上年为 43%") {
		t.Errorf("first question without last year's value: %s", p)
	}
	if p := say("40%"); !strings.Contains(p, "已记录：40%") || !strings.Contains(p, "上年为 381件") {
		t.Errorf("a small change is stored at once: %s", p)
	}
	if p := say("1200件"); !strings.Contains(p, "上年为 381件，增加 215.0%") || !strings.Contains(p, "回复“是”记录") {
		t.Fatalf("a large change is not questioned: %s", p)
	}
	if p := say("390件"); !strings.Contains(p, "已记录：390件") {
		t.Errorf("a corrected figure: %s", p)
	}
	say("上一题")
	say("100件")
	if p := say("是"); !strings.Contains(p, "已记录：100件") {
		t.Errorf("confirmed large change: %s", p)
	}
	a, _ := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: dept.ID})
	if a.Answers["docs"].Figure.Value != "100" {
		t.Errorf("stored %+v", a.Answers["docs"].Figure)
	}
	// Creating a round picks the previous one of the same form by itself.
	r2, err := admin.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2026年度", Year: 2026,
		Deadline: clock.Now().AddDate(0, 1, 0)})
	if err != nil || r2.Previous != r.ID {
		t.Errorf("previous round picked: %q %v", r2.Previous, err)
	}
}

// TestProgressDeskRoundTrips: through the Desk, an answer costs the same 3
// Redis round trips as through the Engine, also for a contact who is a
// coordinator and an editor too (the Desk reads the user once).
func TestProgressDeskRoundTrips(t *testing.T) {
	x := newDesk(t, false)
	x.say("c0", "开始")
	before := x.st.RoundTrips()
	x.say("c0", "43%")
	if n := x.st.RoundTrips() - before; n > 3 {
		t.Errorf("a contact's answer took %d round trips", n)
	}
	ro := x.roster
	ro.Coordinators = append(ro.Coordinators, x.u("c1"))
	ro.Editors = append(ro.Editors, x.u("c1"))
	x.d.Editorial = &editorial.Editorial{Store: x.st, Rounds: x.st, Roster: bot.NewLiveRoster(ro)}
	x.say("c1", "开始")
	before = x.st.RoundTrips()
	if r := x.say("c1", "43%"); !strings.Contains(r, "已记录：43%") {
		t.Fatalf("coordinator-contact's answer: %s", r)
	}
	if n := x.st.RoundTrips() - before; n > 3 {
		t.Errorf("a coordinator and editor who is a contact took %d round trips for an answer", n)
	}
}

// TestFormDraftLastYear: a form drafted from last year's report carries
// last year's values; with no previous round they are shown with each
// question and seed the year-over-year check.
func TestFormDraftLastYear(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	tag := storetest.RandomID("")
	form := bottest.Form()
	form.Sections[0].Questions[0].LastYear = "43%"
	form.Sections[0].Questions[1].LastYear = "381件"
	form.Index()
	storetest.Round(t, st, form, bot.Department{ID: "zfb" + tag, Name: "区政府办", Contacts: []string{"zs-" + tag}})
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: bottest.NewClock(bottest.Monday)})
	n := 0
	say := func(text string) string {
		n++
		r, err := eng.Handle(ctx, bot.Message{User: "zs-" + tag, ID: fmt.Sprint("l", n), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return r[0].Text
	}
	if p := say("开始"); !strings.Contains(p, "上年为 43%") {
		t.Errorf("first question without the form's last-year value: %s", p)
	}
	if p := say("40%"); !strings.Contains(p, "已记录：40%") || !strings.Contains(p, "上年为 381件") {
		t.Errorf("a small change: %s", p)
	}
	if p := say("1200件"); !strings.Contains(p, "上年为 381件，增加 215.0%") {
		t.Errorf("a large change from the form's last-year value is not questioned: %s", p)
	}
}
