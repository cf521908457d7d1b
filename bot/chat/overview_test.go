package chat_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
)

// TestCountsAgree: the welcome, the position, 暂停, 查看, the submit card
// and the console's progress all count the same questions; a yes/no gate
// answered 否 says which questions drop out and the new count, and every
// later count uses it.
func TestCountsAgree(t *testing.T) {
	h := newHarness(t, bottest.Form())
	console := func() int {
		t.Helper()
		p, err := (&rounds.RoundAdmin{Store: h.st}).Progress(context.Background(), h.round.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Depts {
			if d.Dept.ID == h.ref.Dept {
				return d.Total
			}
		}
		t.Fatal("department not in progress")
		return 0
	}
	h.expect("zhangsan", "开始", "共 9 题", "其中 1 题仅在前面的是否题回答“是”时需要填写", "第 1/9 题")
	h.expect("zhangsan", "暂停", "当前在第 1 题，已完成 0/9 题")
	if n := console(); n != 9 {
		t.Errorf("console total = %d, want 9", n)
	}
	h.expect("zhangsan", "修改 6", "第 6/9 题")
	got := h.expect("zhangsan", "否", "已记录：否", "因第 6 题回答“否”，第 7 题无需填写，本部门需填写的题目为 8 题")
	if strings.Contains(got, "/9 题，已完成") {
		t.Errorf("two counts in one sentence:\n%s", got)
	}
	h.expect("zhangsan", "暂停", "已完成 1/8 题，另有 1 题因是否题回答“否”无需填写")
	h.expect("zhangsan", "查看", "已完成 1/8 题", "另有 1 题因是否题回答“否”无需填写")
	h.expect("zhangsan", "提交", "本部门共 8 题需填写，已完成 1 题")
	if n := console(); n != 8 {
		t.Errorf("console total = %d, want 8", n)
	}
	// Changed to 是, the question comes back and the count with it.
	h.expect("zhangsan", "修改 6", "第 6/9 题")
	h.expect("zhangsan", "是", "第 7 题需要填写，本部门需填写的题目为 9 题")
	if n := console(); n != 9 {
		t.Errorf("console total = %d, want 9", n)
	}
}

// TestCountsAgreeShippedForm: for each kind of department of the shipped
// form, the welcome's count is the console's and 查看's, and the position
// never counts more questions than the welcome.
func TestCountsAgreeShippedForm(t *testing.T) {
	form := shippedForm(t)
	for _, kind := range []string{"政府办", "司法行政", "教育", ""} {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, form)
			want := form.For(kindList(kind)).Tally(nil).Total
			err := h.st.UpdateRound(context.Background(), h.round.ID, func(r *bot.Round) error {
				r.Departments[0].Kinds = kindList(kind)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			welcome := h.say("zhangsan", "开始")
			if !strings.Contains(welcome, fmt.Sprintf("共 %d 题", want)) {
				t.Fatalf("welcome lacks 共 %d 题:\n%s", want, welcome)
			}
			for _, m := range questionNo.FindAllStringSubmatch(welcome, -1) {
				if n, _ := strconv.Atoi(m[2]); n != want {
					t.Errorf("position %s, welcome says %d", m[0], want)
				}
			}
			h.expect("zhangsan", "暂停", fmt.Sprintf("已完成 0/%d 题", want))
			h.expect("zhangsan", "继续")
			h.expect("zhangsan", "跳过")
			h.expect("zhangsan", "查看", fmt.Sprintf("共 %d 题：已填写 0 题，跳过 1 题", want))
			h.expect("zhangsan", "提交", fmt.Sprintf("本部门共 %d 题需填写", want))
		})
	}
}

func kindList(k string) []string {
	if k == "" {
		return nil
	}
	return []string{k}
}

// TestReviewShort: 查看 with nothing filled in says so and how to start,
// and starts nothing; on a long form it is an overview that fits in one
// message (counts, what each section lacks, the next question), and 查看全部
// lists every question.
func TestReviewShort(t *testing.T) {
	h := newHarness(t, shippedForm(t))
	h.expect("zhangsan", "进度", "还没有填写任何内容", "回复“开始”即可开始填写")
	got := h.expect("zhangsan", "查看", "还没有填写任何内容", "回复“开始”即可开始填写")
	if strings.Contains(got, "第 1/") {
		t.Errorf("查看 asked a question:\n%s", got)
	}
	if a := h.assignment(); a.Status != bot.NotStarted && a.Status != "" || a.Cursors[h.uid("zhangsan")] != nil {
		t.Errorf("查看 started the form: status %q cursor %+v", a.Status, a.Cursors[h.uid("zhangsan")])
	}
	h.expect("zhangsan", "开始", "第 1/")
	h.expect("zhangsan", "查看", "还没有填写任何内容", "回复“继续”从第 1 题开始填写")
	h.expect("zhangsan", "跳过", "第 2/")
	h.expect("zhangsan", "381件", "已记录：381件")
	got = h.expect("zhangsan", "查看", "已填写 1 题，跳过 1 题", "一、", "跳过第 1 题", "下一题：第 3 题", "查看全部")
	if len(got) > 2048 {
		t.Errorf("查看 is %d bytes, more than one message", len(got))
	}
	all := h.say("zhangsan", "查看全部")
	total := h.round.FormFor("zfb").Len()
	if !strings.Contains(all, fmt.Sprintf("\n%d. ", total)) || !strings.Contains(all, "（已跳过）") {
		t.Errorf("查看全部 does not list every question:\n%.600s", all)
	}
}

// TestFinishCardCounts: when the last question is passed with some
// skipped, the card says so and what to do, never 填写完毕.
func TestFinishCardCounts(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	for _, s := range []string{"43%", "跳过", "跳过", "跳过", "完成", "是", "3件", "不涉及"} {
		h.say("zhangsan", s)
	}
	got := h.expect("zhangsan", "跳过", "全部题目已过一遍", "共 9 题", "已填写 5 题", "跳过 4 题（第 2–4 题、第 9 题）",
		"修改 N", "查看", "提交")
	if strings.Contains(got, "填写完毕") {
		t.Errorf("finish card claims all filled in:\n%s", got)
	}
	h.say("zhangsan", "修改 2")
	h.say("zhangsan", "381件")
	h.say("zhangsan", "修改 3")
	h.say("zhangsan", "100%")
	h.say("zhangsan", "修改 4")
	h.say("zhangsan", "100%")
	h.say("zhangsan", "修改 9")
	h.expect("zhangsan", "不足。", "全部题目已填写完毕", "共 9 题，其中不涉及 2 题")
}

// TestPauseThenChat: after 暂停 the next message, whatever it is, resumes
// with a reminder of where the contact was and answers nothing.
func TestPauseThenChat(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.expect("zhangsan", "43%", "第 2/9 题")
	h.expect("zhangsan", "暂停", "已保存进度")
	h.expect("zhangsan", "明天再填", "已保存进度", "当前在第 2 题")
	if c := h.assignment().Cursors[h.uid("zhangsan")]; c == nil || !c.Paused {
		t.Fatalf("明天再填 after 暂停 resumed: %+v", c)
	}
	got := h.expect("zhangsan", "你好", "欢迎回来", "当前在第 2 题", "第 2/9 题")
	if strings.Contains(got, "已记录") {
		t.Errorf("a greeting after 暂停 was recorded:\n%s", got)
	}
	if a := h.answers()["docs"]; a != nil {
		t.Fatalf("docs = %+v", a)
	}
	h.expect("zhangsan", "381件", "已记录：381件", "第 3/9 题")
	// 暂停 then a command runs the command.
	h.expect("zhangsan", "暂停", "已保存进度")
	h.expect("zhangsan", "跳过", "已跳过第 3 题", "第 4/9 题")
}

// TestContactProgressStartsNothing: a contact's 进度 before they begin
// shows their own state and starts nothing; afterwards it is 查看.
func TestContactProgressStartsNothing(t *testing.T) {
	x := newDesk(t, false)
	got := x.say("c1", "进度")
	if !strings.Contains(got, "还没有填写任何内容") || questionNo.MatchString(got) {
		t.Errorf("contact 进度 before start:\n%s", got)
	}
	ref := bot.AssignmentRef{Round: x.round.ID, Dept: x.round.Departments[1].ID}
	a, err := x.st.Assignment(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status == bot.InProgress || len(a.Cursors) > 0 {
		t.Errorf("进度 started the form: %s %+v", a.Status, a.Cursors)
	}
	x.say("c1", "开始")
	x.say("c1", "43%")
	if got := x.say("c1", "进度"); !strings.Contains(got, "已完成 1/9 题") {
		t.Errorf("contact 进度: %s", got)
	}
}

// TestWelcomeAfterGate: a second contact of the department, welcomed
// after the first answered a gate 否, is told the smaller count and why.
func TestWelcomeAfterGate(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "修改 6")
	h.expect("zhangsan", "否", "本部门需填写的题目为 8 题")
	h.expect("lisi", "你好", "共 8 题", "另有 1 题因是否题回答“否”无需填写", "第 1/9 题")
}
