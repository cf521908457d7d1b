package chat_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/store"
	"reportbot/store/storetest"
)

type harness struct {
	t     testing.TB
	st    *store.Store
	eng   *chat.Engine
	clock *bottest.Clock
	round *bot.Round
	ref   bot.AssignmentRef
	n     int
	tag   string // appended to user ids: tests share one Redis
}

// uid maps a test user name to the id used in this test's round.
func (h *harness) uid(name string) string { return name + "-" + h.tag }

func newHarness(t testing.TB, form *bot.Form) *harness {
	t.Helper()
	st := storetest.New(t)
	tag := storetest.RandomID("")
	u := func(n string) string { return n + "-" + tag }
	r := storetest.Round(t, st, form,
		bot.Department{ID: "zfb", Name: "区政府办", Kinds: []string{"政府办"}, Contacts: []string{u("zhangsan"), u("lisi")}},
		bot.Department{ID: "sfj", Name: "区司法局", Contacts: []string{u("zhangsan"), u("wangwu")}})
	clock := bottest.NewClock(bottest.Monday)
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock})
	return &harness{t: t, st: st, eng: eng, clock: clock, round: r, ref: bot.AssignmentRef{Round: r.ID, Dept: "zfb"}, tag: tag}
}

// say sends text as user and returns the joined reply text.
func (h *harness) say(user, text string) string {
	h.t.Helper()
	h.n++
	replies, err := h.eng.Handle(context.Background(), bot.Message{User: h.uid(user), ID: fmt.Sprintf("m%d", h.n), Text: text})
	if err != nil {
		h.t.Fatalf("Handle(%q): %v", text, err)
	}
	var parts []string
	for _, r := range replies {
		parts = append(parts, r.Text)
	}
	return strings.Join(parts, "\n")
}

func (h *harness) answers() map[string]*bot.Answer {
	h.t.Helper()
	a, err := h.st.Assignment(context.Background(), h.ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return a.Answers
}

func (h *harness) assignment() *bot.Assignment {
	h.t.Helper()
	a, err := h.st.Assignment(context.Background(), h.ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

var questionNo = regexp.MustCompile(`第 (\d+)/(\d+) 题`)

// currentQuestion returns the number of the last question a reply asks.
func currentQuestion(reply string) int {
	m := questionNo.FindAllStringSubmatch(reply, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

// TestConversationTable drives one contact through the test form: each row
// is what the contact types, what the reply must contain, and what is then
// stored for a question (canonical echo), if anything.
func TestConversationTable(t *testing.T) {
	h := newHarness(t, bottest.Form())
	form := h.round.Form
	rows := []struct {
		typed     string
		replyHas  []string
		qid, want string // stored canonical answer after the turn
	}{
		{"你好", []string{"您好", "区政府办", "第 1/9 题", "例如：43%"}, "", ""},
		{"百分之四十三", []string{"已记录：43%", "第 2/9 题"}, "meetings_cut", "43%"},
		{"abc", []string{"例如：381件", "第 2/9 题"}, "docs", ""},
		{"-5件", []string{"381件", "第 2/9 题"}, "docs", ""},
		{"1.5件", []string{"第 2/9 题"}, "docs", ""},
		{"同上", []string{"第 2/9 题"}, "docs", ""},
		{"三百八十一件", []string{"已记录：381件", "第 3/9 题"}, "docs", "381件"},
		{"上一题", []string{"第 2/9 题", "当前答案：381件"}, "docs", "381件"},
		{"381件", []string{"已记录：381件", "第 3/9 题"}, "docs", "381件"},
		{"跳过", []string{"已跳过第 3 题", "第 4/9 题"}, "reply_rate", "（已跳过）"},
		{"100%", []string{"先填写答复率", "第 4/9 题"}, "satisfaction", ""},
		{"修改 3", []string{"第 3/9 题"}, "", ""},
		{"百分之百", []string{"已记录：100%", "第 4/9 题"}, "reply_rate", "100%"},
		{"百分百", []string{"已记录：100%", "第 5/9 题", "完成"}, "satisfaction", "100%"},
		{"规范流程，提升服务效能。制定完善会务保障实施细则，全区性会议同比减少43%", []string{"请确认这一条", "【规范流程，提升服务效能】", "数据：43%"}, "measures", ""},
		{"是", []string{"已记录第 1 条"}, "", ""},
		{"撤销", []string{"本题现有 0 条"}, "", ""},
		{"依法公开。区政府网站公开信息1075条", []string{"请确认这一条", "1075条"}, "", ""},
		{"否", []string{"已放弃这一条"}, "measures", "（已跳过）"},
		{"依法公开。区政府网站公开信息1705条", []string{"请确认这一条", "1705条"}, "", ""},
		{"随便", []string{"请用一句话写明这项举措"}, "", ""},
		{"依法公开。区政府网站公开信息1705条。", []string{"请确认这一条", "1705条"}, "", ""},
		{"是", []string{"已记录第 1 条"}, "", ""},
		{"完成", []string{"本题共记录 1 条", "二、存在的不足和原因", "第 6/9 题"}, "", ""},
		{"否", []string{"已记录：否", "第 8/9 题"}, "enforce", "否"},
		{"不涉及", []string{"已记录：不涉及", "第 9/9 题"}, "training", "不涉及"},
		{"不涉及", []string{"必答题", "第 9/9 题"}, "shortcoming", ""},
		{"法治思维运用还不够深入。", []string{"已记录", "全部题目已填写完毕"}, "shortcoming", "法治思维运用还不够深入。"},
		{"查看", []string{"1. 全区性会议同比减少了百分之多少：43%", "2. 全年制发文件多少件：381件"}, "", ""},
		{"提交", []string{"确认提交"}, "", ""},
		{"随便说点什么", []string{"确认提交"}, "", ""},
		{"确认提交", []string{"已提交", "感谢"}, "", ""},
		{"100件", []string{"已于", "不能修改"}, "", ""},
		{"查看", []string{"381件"}, "", ""},
	}
	for i, row := range rows {
		got := h.say("zhangsan", row.typed)
		for _, want := range row.replyHas {
			if !strings.Contains(got, want) {
				t.Fatalf("row %d %q: reply lacks %q:\n%s", i, row.typed, want, got)
			}
		}
		if row.qid == "" {
			continue
		}
		a := h.answers()[row.qid]
		stored := ""
		if a != nil {
			stored = bot.FormatAnswer(form.Question(row.qid), a)
		}
		if stored != row.want {
			t.Fatalf("row %d %q: stored %s = %q, want %q", i, row.typed, row.qid, stored, row.want)
		}
	}
	a := h.assignment()
	if a.Status != bot.Submitted || a.SubmittedBy != h.uid("zhangsan") {
		t.Errorf("status = %s by %q, want submitted by zhangsan", a.Status, a.SubmittedBy)
	}
	if items := a.Answers["measures"].Items; len(items) != 1 || items[0].Title != "依法公开" {
		t.Errorf("items = %+v", items)
	}
	if _, ok := a.Answers["cases"]; ok {
		t.Error("a question behind a 否 gate was stored")
	}
	audit, err := h.st.Audit(context.Background(), h.ref)
	if err != nil {
		t.Fatal(err)
	}
	last := audit[len(audit)-1]
	if last.Event != "submit" || last.User != h.uid("zhangsan") {
		t.Errorf("last audit entry = %+v", last)
	}
	var docsChanges []bot.AuditEntry
	for _, e := range audit {
		if e.QID == "docs" {
			docsChanges = append(docsChanges, e)
		}
	}
	if len(docsChanges) != 2 || docsChanges[0].Raw != "三百八十一件" || docsChanges[1].Old != "381件" {
		t.Errorf("audit of docs = %+v", docsChanges)
	}
}

// TestBadInputKeepsState checks that each bad answer gets one Chinese
// sentence with an example, re-asks the question, and stores nothing.
func TestBadInputKeepsState(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "43%")
	before := h.assignment()
	for _, bad := range []string{"", "   ", strings.Repeat("很", 10000), "😀😀", "-3", "2.5", "abc", "同上", "见附件", "381件和15次", "3万元", "381次"} {
		got := h.say("zhangsan", bad)
		if !strings.Contains(got, "第 2/9 题") {
			t.Errorf("%.20q: question not asked again:\n%s", bad, got)
		}
		if !strings.Contains(got, "例如") {
			t.Errorf("%.20q: no example given:\n%s", bad, got)
		}
	}
	after := h.assignment()
	if after.Version != before.Version || after.Answers["docs"] != nil {
		t.Errorf("bad input changed state: version %d → %d, docs %+v", before.Version, after.Version, after.Answers["docs"])
	}
}

// TestGateAndSwitch covers a yes/no gate answered 是 and a contact who
// fills in for two departments.
func TestGateAndSwitch(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	for _, s := range []string{"43%", "381件", "100%", "100%", "无", "是"} {
		h.say("zhangsan", s)
	}
	if got := h.say("zhangsan", "12件"); !strings.Contains(got, "已记录：12件") {
		t.Fatalf("gated question not asked:\n%s", got)
	}
	got := h.say("zhangsan", "切换部门")
	if !strings.Contains(got, "1. 区政府办") || !strings.Contains(got, "2. 区司法局") || !strings.Contains(got, "（当前）") {
		t.Fatalf("switch list:\n%s", got)
	}
	got = h.say("zhangsan", "切换部门 2")
	if !strings.Contains(got, "已切换到：区司法局") || !strings.Contains(got, "第 1/9 题") {
		t.Fatalf("switch:\n%s", got)
	}
	h.say("zhangsan", "50%")
	other := bot.AssignmentRef{Round: h.ref.Round, Dept: "sfj"}
	a, err := h.st.Assignment(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	if a.Answers["meetings_cut"] == nil || a.Answers["meetings_cut"].Figure.Value != "50" {
		t.Errorf("answer went to the wrong department: %+v", a.Answers)
	}
	if h.answers()["meetings_cut"].Figure.Value != "43" {
		t.Error("first department's answer changed")
	}
	if got := h.say("outsider", "你好"); !strings.Contains(got, "没有需要填报的任务") {
		t.Errorf("outsider: %s", got)
	}
}

// TestPauseResumeDaysLater checks that progress survives a pause and a new
// engine (another replica, days later).
func TestPauseResumeDaysLater(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "43%")
	if got := h.say("zhangsan", "暂停"); !strings.Contains(got, "已保存进度") {
		t.Fatalf("pause: %s", got)
	}
	h.eng = chat.NewEngine(chat.EngineConfig{Store: h.st})
	got := h.say("zhangsan", "继续")
	if !strings.Contains(got, "欢迎回来") || !strings.Contains(got, "第 2/9 题") || !strings.Contains(got, "已完成 1/") {
		t.Fatalf("resume: %s", got)
	}
	replies, err := h.eng.Handle(context.Background(), bot.Message{User: h.uid("zhangsan"), ID: "enter-1", Event: bot.EventEnter, At: h.clock.Now()})
	if err != nil || !strings.Contains(replies[0].Text, "第 2/9 题") {
		t.Fatalf("enter event: %v %+v", err, replies)
	}
}

// TestRedisOutageLosesNothing: with Redis gone the turn fails as
// EUnavailable (the user is told 系统繁忙) and, once Redis is back, the same
// message is applied normally.
func TestRedisOutageLosesNothing(t *testing.T) {
	st, _ := storetest.Embedded(t) // its own Redis: the test uses plain user ids
	r := storetest.Round(t, st, bottest.Form(), bot.Department{ID: "zfb", Name: "区政府办", Contacts: []string{"u1"}})
	eng := chat.NewEngine(chat.EngineConfig{Store: st})
	ctx := context.Background()
	if _, err := eng.Handle(ctx, bot.Message{User: "u1", ID: "1", Text: "开始"}); err != nil {
		t.Fatal(err)
	}
	down := &failingStore{Store: st}
	eng = chat.NewEngine(chat.EngineConfig{Store: down})
	msg := bot.Message{User: "u1", ID: "2", Text: "43%"}
	for _, failAt := range []string{"user", "load", "commit"} {
		down.failAt = failAt
		_, err := eng.Handle(ctx, msg)
		if bot.ErrorCode(err) != bot.EUnavailable || bot.ErrorMessage(err) != bot.MsgBusy {
			t.Fatalf("Redis down at %s: %v", failAt, err)
		}
	}
	a, _ := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: "zfb"})
	if a.Answers["meetings_cut"] != nil {
		t.Fatal("a failed turn stored an answer")
	}
	down.failAt = ""
	replies, err := eng.Handle(ctx, msg)
	if err != nil || !strings.Contains(replies[0].Text, "已记录：43%") {
		t.Fatalf("after recovery: %v %+v", err, replies)
	}
}

// failingStore fails one store call the way the Redis adapter does when
// Redis is unreachable.
type failingStore struct {
	*store.Store
	failAt string
}

func (f *failingStore) unavailable() error {
	return &bot.Error{Code: bot.EUnavailable, Message: bot.MsgBusy, Op: "store: test outage"}
}

func (f *failingStore) User(ctx context.Context, u string) (*bot.UserState, error) {
	if f.failAt == "user" {
		return nil, f.unavailable()
	}
	return f.Store.User(ctx, u)
}

func (f *failingStore) LoadTurn(ctx context.Context, ref bot.AssignmentRef, k string) (*bot.Assignment, []bot.Reply, error) {
	if f.failAt == "load" {
		return nil, nil, f.unavailable()
	}
	return f.Store.LoadTurn(ctx, ref, k)
}

func (f *failingStore) CommitTurn(ctx context.Context, ref bot.AssignmentRef, v int64, k string, ch *bot.Change, r []bot.Reply) ([]bot.Reply, bool, error) {
	if f.failAt == "commit" {
		return nil, false, f.unavailable()
	}
	return f.Store.CommitTurn(ctx, ref, v, k, ch, r)
}
