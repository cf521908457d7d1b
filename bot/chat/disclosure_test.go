package chat_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// disclosureHarness runs a round of the 政府信息公开 form over three
// departments, one contact each, with the Excel workbook wired in.
type disclosureHarness struct {
	*harness
	wb export.TableWorkbook
}

func newDisclosureHarness(t *testing.T) *disclosureHarness {
	t.Helper()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.New(t)
	tag := storetest.RandomID("")
	u := func(n string) string { return n + "-" + tag }
	r := storetest.Round(t, st, form,
		bot.Department{ID: "zfb", Name: "区政府办", Contacts: []string{u("lisi")}},
		bot.Department{ID: "sfj", Name: "区司法局", Contacts: []string{u("wangwu")}},
		bot.Department{ID: "czj", Name: "区财政局", Contacts: []string{u("zhaoliu")}})
	clock := bottest.NewClock(bottest.Monday)
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock, Workbook: export.TableWorkbook{}})
	return &disclosureHarness{harness: &harness{t: t, st: st, eng: eng, clock: clock, round: r,
		ref: bot.AssignmentRef{Round: r.ID, Dept: "zfb"}, tag: tag}}
}

// send sends a message (text or file) and returns the replies.
func (h *disclosureHarness) send(user string, m bot.Message) []bot.Reply {
	h.t.Helper()
	h.n++
	m.User, m.ID = h.uid(user), fmt.Sprintf("m%d", h.n)
	replies, err := h.eng.Handle(context.Background(), m)
	if err != nil {
		h.t.Fatalf("Handle: %v", err)
	}
	return replies
}

func (h *disclosureHarness) grid(dept, qid string) *bot.Answer {
	h.t.Helper()
	a, err := h.st.Assignment(context.Background(), bot.AssignmentRef{Round: h.round.ID, Dept: dept})
	if err != nil {
		h.t.Fatal(err)
	}
	return a.Answers[qid]
}

func expect(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply lacks %q:\n%s", w, got)
		}
	}
}

const brokenT3 = "一、本年新收政府信息公开申请数量\t58\t7\t0\t0\t1\t0\t66\n" +
	"二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n" +
	"三、本年度办理结果\t（一）予以公开\t20\t3\t0\t0\t1\t0\t24\n" +
	"\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t16\t1\t0\t0\t0\t0\t17\n" +
	"\t（四）无法提供\t1.本机关不掌握相关政府信息\t18\t2\t0\t0\t0\t0\t20\n" +
	"\t（七）总计\t57\t6\t0\t0\t1\t0\t62\n" +
	"四、结转下年度继续办理\t5\t1\t0\t0\t0\t0\t6\n"

// TestDisclosureTableByConversation: table three answered row by row,
// only the rows that are not zero; the totals are computed.
func TestDisclosureTableByConversation(t *testing.T) {
	h := newDisclosureHarness(t)
	expect(t, h.say("lisi", "你好"), "第 1/16 题")
	got := h.say("lisi", "修改 10")
	expect(t, got, "第 10/16 题", "统计表（25 行 × 7 列，单位：件）", "回复“逐行”", "表格文件")
	got = h.say("lisi", "逐行")
	expect(t, got, "1. 一、本年新收政府信息公开申请数量", "24. 四、结转下年度继续办理", "哪些结果不是0？")
	if strings.Contains(got, "（七）总计") {
		t.Errorf("the 总计 row is computed, not asked:\n%s", got)
	}
	expect(t, h.say("lisi", "99"), "请回复 1 到 24 之间的行号")
	got = h.say("lisi", "1、3、24")
	expect(t, got, "“一、本年新收政府信息公开申请数量”：请依次填写自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他，共 6 个数")
	expect(t, h.say("lisi", "5 1 0"), "需要 6 个数", "收到 3 个")
	expect(t, h.say("lisi", "5 1 0 0 0 0"), "“（一）予以公开”")
	expect(t, h.say("lisi", "4，1，0，0，0，0"), "“四、结转下年度继续办理”")
	got = h.say("lisi", "1 0 0 0 0 0")
	expect(t, got, "已记录本表", "一、本年新收政府信息公开申请数量：5 / 1 / 0 / 0 / 0 / 0 / 6", "（七）总计：4 / 1 / 0 / 0 / 0 / 0 / 5", "第 1/16 题")
	a := h.grid("zfb", "t3")
	if a == nil || a.Grid["total.total"] != "5" || a.Grid["next.natural"] != "1" || a.Grid["secret.natural"] != "0" {
		t.Fatalf("stored %+v", a)
	}
}

// TestDisclosureTablePasteBrokenThenFixed: a pasted table whose total does
// not add up is refused with the cells named and the difference; the
// corrected table is stored.
func TestDisclosureTablePasteBrokenThenFixed(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("wangwu", "你好")
	h.say("wangwu", "修改 10")
	got := h.say("wangwu", brokenT3)
	expect(t, got, "本表的数字对不上，暂未保存",
		"第 10 题“（七）总计·自然人”为 57，应等于第 10 题“（一）予以公开·自然人”至“（六）其他处理 · 3.其他·自然人”共 21 项之和 54，相差 3。",
		"说明：原因")
	if a := h.grid("sfj", "t3"); a != nil {
		t.Fatalf("a broken table was stored: %+v", a)
	}
	// One line corrects the 总计 row; the rest of the table is kept.
	got = h.say("wangwu", "（七）总计 54 6 0 0 1 0 61")
	expect(t, got, "本年新收加上年结转，应等于办理结果总计加结转下年度", "相差 1")
	got = h.say("wangwu", strings.Replace(strings.Replace(brokenT3, "57\t6\t0\t0\t1\t0\t62", "54\t6\t0\t0\t1\t0\t61", 1), "5\t1\t0\t0\t0\t0\t6", "6\t1\t0\t0\t0\t0\t7", 1))
	expect(t, got, "已记录本表", "（七）总计：54 / 6 / 0 / 0 / 1 / 0 / 61", "第 1/16 题")
	if a := h.grid("sfj", "t3"); a == nil || a.Grid["total.total"] != "61" || a.Why != "" {
		t.Fatalf("stored %+v", a)
	}
}

// TestDisclosureTableExplained: a contact keeps a table that does not add
// up only by writing why; the reason is stored with it and submission
// goes through.
func TestDisclosureTableExplained(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("wangwu", "你好")
	h.say("wangwu", "修改 10")
	h.say("wangwu", brokenT3)
	expect(t, h.say("wangwu", "说明："), "请在“说明：”后写明")
	got := h.say("wangwu", "说明：有 3 件申请由上级机关转来，按转办时间统计")
	expect(t, got, "已按原样记录本表", "有 3 件申请由上级机关转来")
	if a := h.grid("sfj", "t3"); a == nil || a.Why != "有 3 件申请由上级机关转来，按转办时间统计" || a.Grid["total.natural"] != "57" {
		t.Fatalf("stored %+v", a)
	}
	// The coordinator's progress says which department explained what.
	p, err := (&rounds.RoundAdmin{Store: h.st}).Progress(context.Background(), h.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Text(h.clock.Now())
	expect(t, text, "区司法局：填报中，已填 1/16 题", "表格数字对不上已说明 1 处")
	if strings.Contains(text, "区政府办：未开始，已填 0/16 题，最近填写 无，已催 0 次，") {
		t.Errorf("a department without explanations is marked:\n%s", text)
	}
	for _, d := range p.Depts {
		if d.Dept.ID == "sfj" {
			expect(t, p.DeptText(d, h.clock.Now()), "表格核对说明（第 10 题：有 3 件申请由上级机关转来，按转办时间统计）")
		}
	}
	// Submission goes through: the broken rule is explained.
	got = h.say("wangwu", "提交")
	if strings.Contains(got, "提交前请先核对") {
		t.Fatalf("an explained table blocks submission:\n%s", got)
	}
}

// TestDisclosureSubmitArithCheck: a stored table that breaks a rule with
// no explanation (last year's round changed after it was answered) keeps
// the submission back, naming the cells; 说明 then lets it through.
func TestDisclosureSubmitArithCheck(t *testing.T) {
	h := newDisclosureHarness(t)
	ctx := context.Background()
	h.say("lisi", "你好")
	h.say("lisi", "修改 6")
	expect(t, h.say("lisi", "行政规范性文件 5 1 25"), "还有“规章”没有填写")
	expect(t, h.say("lisi", "0"), "已记录本表")
	// Last year's round is linked after the table was answered: its 现行
	// 有效 (20) no longer agrees with this year's (25 = 20 + 5 − 1 + 1).
	last := storetest.Round(h.t, h.st, h.round.Form, bot.Department{ID: "zfb", Name: "区政府办"})
	if _, _, err := h.st.CommitTurn(ctx, bot.AssignmentRef{Round: last.ID, Dept: "zfb"}, 0, "seed-last", &bot.Change{Answers: []*bot.Answer{
		{QID: "t2_docs", Status: bot.Answered, Grid: map[string]string{"normative.current": "20"}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := h.st.UpdateRound(ctx, h.round.ID, func(r *bot.Round) error { r.Previous = last.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	eng := chat.NewEngine(chat.EngineConfig{Store: h.st, Clock: h.clock, Workbook: export.TableWorkbook{}})
	h.eng = eng
	got := h.say("lisi", "提交")
	expect(t, got, "提交前请先核对以下统计表", "“行政规范性文件·现行有效件数”为 25", "相差 1")
	got = h.say("lisi", "说明：上年数字经核实应为 21 件，已更正")
	expect(t, got, "已按原样记录本表")
	got = h.say("lisi", "提交")
	if strings.Contains(got, "提交前请先核对") {
		t.Fatalf("still refused:\n%s", got)
	}
}

// TestDisclosureTableExcelRoundTrip: the contact asks for the Excel file,
// fills table three in it and sends it back; a broken total in the file
// is refused with the cells named, the corrected file is stored.
func TestDisclosureTableExcelRoundTrip(t *testing.T) {
	h := newDisclosureHarness(t)
	form := h.round.Form
	h.say("zhaoliu", "你好")
	h.say("zhaoliu", "修改 10")
	replies := h.send("zhaoliu", bot.Message{Text: "表格文件"})
	if len(replies) != 2 || replies[1].File == nil || !strings.HasSuffix(replies[1].File.Name, ".xlsx") {
		t.Fatalf("replies %+v", replies)
	}
	expect(t, replies[0].Text, "统计表已发给您")
	blank := replies[1].File.Data
	filled, err := export.FillCells(form, blank, "t3", map[string]string{
		"new.natural": "10", "new.business": "2", "open.natural": "6", "open.business": "2", "not_held.natural": "3",
		"total.natural": "8", "next.natural": "1"})
	if err != nil {
		t.Fatal(err)
	}
	replies = h.send("zhaoliu", bot.Message{File: &bot.File{Name: "统计表.xlsx", Data: filled}})
	expect(t, replies[0].Text, "以下表格的数字对不上，暂未保存", "“（七）总计·自然人”为 8", "共 21 项之和 9，相差 1")
	if a := h.grid("czj", "t3"); a != nil {
		t.Fatalf("stored %+v", a)
	}
	filled, err = export.FillCells(form, filled, "t3", map[string]string{"total.natural": ""})
	if err != nil {
		t.Fatal(err)
	}
	filled, err = export.FillCells(form, filled, "t4", map[string]string{"cases.review_upheld": "1"})
	if err != nil {
		t.Fatal(err)
	}
	replies = h.send("zhaoliu", bot.Message{File: &bot.File{Name: "统计表.xlsx", Data: filled}})
	expect(t, replies[0].Text, "已从文件读取并记录", "第 10 题", "第 11 题")
	a := h.grid("czj", "t3")
	if a == nil || a.Grid["total.natural"] != "9" || a.Grid["total.total"] != "11" || a.Grid["new.total"] != "12" {
		t.Fatalf("stored %+v", a)
	}
	if b := h.grid("czj", "t4"); b == nil || b.Grid["cases.review_total"] != "1" {
		t.Fatalf("t4 stored %+v", b)
	}
	h.say("zhaoliu", "修改 6")
	expect(t, h.say("zhaoliu", "乱写的文字"), "没有读到数字")
}
