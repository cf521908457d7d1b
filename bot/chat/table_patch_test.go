package chat_test

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// TestTablePatchRecomputesTotals: a grid refused for its totals and
// corrected by one row (行名 数字 …) has the totals the bot computed
// recomputed from the corrected row; totals the contact typed stay as
// typed. Nothing is stored that the contact has not seen add up or
// explained.
func TestTablePatchRecomputesTotals(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	h.say("lisi", "逐行")
	got := h.say("lisi", "1、2、3、24")
	expect(t, got, "“一、本年新收政府信息公开申请数量”")
	h.say("lisi", "10 2 0 0 0 0")
	h.say("lisi", "1 0 0 0 0 0")
	h.say("lisi", "7 1 0 0 0 0")
	got = h.say("lisi", "2 0 0 0 0 0")
	expect(t, got, "本表的数字对不上，暂未保存", "“行名 数字 …”")
	got = h.say("lisi", "予以公开 9 2 0 0 0 0")
	expect(t, got, "已记录本表", "（一）予以公开：9 / 2 / 0 / 0 / 0 / 0 / 11", "（七）总计：9 / 2 / 0 / 0 / 0 / 0 / 11")
	a := h.grid("zfb", "t3")
	if a == nil || a.Grid["open.total"] != "11" || a.Grid["total.natural"] != "9" || a.Grid["total.total"] != "11" || a.Why != "" {
		t.Fatalf("stored %+v", a)
	}

	// A total the contact typed is theirs: a patch of another row does
	// not overwrite it, and the rule it breaks is still named.
	h.say("wangwu", "你好")
	h.say("wangwu", "修改 10")
	got = h.say("wangwu", "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n（一）予以公开 2 0 0 0 0 0\n（七）总计 3 0 0 0 0 0 3")
	expect(t, got, "本表的数字对不上", "“（七）总计·自然人”为 3")
	got = h.say("wangwu", "予以公开 3 0 0 0 0 0")
	expect(t, got, "已记录本表", "（一）予以公开：3 / 0 / 0 / 0 / 0 / 0 / 3")
	h.say("wangwu", "修改 10")
	got = h.say("wangwu", "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n（一）予以公开 2 0 0 0 0 0\n（七）总计 3 0 0 0 0 0 3")
	expect(t, got, "本表的数字对不上")
	got = h.say("wangwu", "予以公开 1 0 0 0 0 0")
	expect(t, got, "本表的数字对不上", "“（七）总计·自然人”为 3")
	if strings.Contains(got, "已记录") {
		t.Fatalf("a typed total was overwritten:\n%s", got)
	}
}

// TestTableRowLabelsWithGroup: wherever a row is named alone — the
// 逐行 pick list, the row prompt, a broken rule, the saved echo, the
// console's answer table — the numbered items of table three carry their
// group, so the five “1.” are told apart, and a contact may send the
// label back as shown.
func TestTableRowLabelsWithGroup(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	got := h.say("lisi", "逐行")
	expect(t, got, "5. （三）不予公开 · 1.属于国家秘密\n", "13. （四）无法提供 · 1.本机关不掌握相关政府信息\n",
		"16. （五）不予处理 · 1.信访举报投诉类申请\n", "21. （六）其他处理 · 1.申请人无正当理由逾期不补正", "3. （一）予以公开\n", "1. 一、本年新收政府信息公开申请数量\n")
	got = h.say("lisi", "1、5")
	expect(t, got, "“一、本年新收政府信息公开申请数量”：请依次填写")
	got = h.say("lisi", "2 0 0 0 0 0")
	expect(t, got, "“（三）不予公开 · 1.属于国家秘密”：请依次填写自然人、商业企业")
	got = h.say("lisi", "自然人1")
	expect(t, got, "本表的数字对不上")
	got = h.say("lisi", "（三）不予公开 · 1.属于国家秘密 2 0 0 0 0 0")
	expect(t, got, "已记录本表", "（三）不予公开 · 1.属于国家秘密：2 / 0 / 0 / 0 / 0 / 0 / 2")

	// A rule's message names a numbered row with its group.
	q := h.round.Form.Question("t3")
	bad := map[string]*bot.Answer{"t3": {Status: bot.Answered, Grid: map[string]string{"total.natural": "1"}}}
	var texts []string
	for _, b := range bot.CheckArith(h.round.Form, bad, nil) {
		texts = append(texts, b.Text(h.round.Form))
	}
	expect(t, strings.Join(texts, "\n"), "至“（六）其他处理 · 3.其他·自然人”共 21 项之和 0")

	view := q.Table.View(h.grid("zfb", "t3").Grid)
	labels := map[string]bool{}
	for _, r := range view.Rows {
		labels[r.Label] = true
	}
	for _, want := range []string{"（三）不予公开 · 1.属于国家秘密", "（四）无法提供 · 3.补正后申请内容仍不明确", "（七）总计", "四、结转下年度继续办理"} {
		if !labels[want] {
			t.Errorf("the answer table lacks the row %q: %v", want, labels)
		}
	}
}

// TestTableNaturalAnswersInChat: the reviewer's answers, as a contact
// sends them, are stored and echoed.
func TestTableNaturalAnswersInChat(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	expect(t, h.say("lisi", "修改 7"), "第 7/16 题")
	expect(t, h.say("lisi", "行政许可：120"), "已记录本表", "行政许可：120")
	expect(t, h.say("lisi", "修改 6"), "第 6/16 题")
	expect(t, h.say("lisi", "行政规范性文件：制发5件，废止1件，现行有效25件"), "已读到", "行政规范性文件：5 / 1 / 25", "还有“规章”没有填写")
	expect(t, h.say("lisi", "没有"), "已记录本表", "行政规范性文件：5 / 1 / 25")
	expect(t, h.say("lisi", "修改 9"), "本年行政事业性收费金额是多少万元", "单位：万元")
	expect(t, h.say("lisi", "行政事业性收费 12.5万元"), "已记录本表", "行政事业性收费：12.5")
	expect(t, h.say("lisi", "修改 11"), "第 11/16 题")
	expect(t, h.say("lisi", "行政复议维持1件"), "已记录本表", "案件数量：1 / 0 / 0 / 0 / 1 / 0")
	expect(t, h.say("lisi", "修改 10"), "第 10/16 题")
	h.say("lisi", "逐行")
	h.say("lisi", "1、3")
	expect(t, h.say("lisi", "自然人12，商业企业2"), "“（一）予以公开”")
	expect(t, h.say("lisi", "自然人十二，商业企业二"), "已记录本表", "（一）予以公开：12 / 2 / 0 / 0 / 0 / 0 / 14", "（七）总计：12 / 2 / 0 / 0 / 0 / 0 / 14")
	a := h.grid("zfb", "t2_fees")
	if a == nil || a.Grid["fees.amount"] != "12.5" {
		t.Fatalf("fees stored %+v", a)
	}
}

// TestTablePatchSavedGrid: back at a saved table with 修改 N, one line
// naming a row changes that row only; before, the line replaced the whole
// table and the other rows silently became 0. A whole table pasted again
// still replaces it.
func TestTablePatchSavedGrid(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	got := h.say("lisi", "一、本年新收政府信息公开申请数量 12 1 0 0 0 0\n（一）予以公开 8 1 0 0 0 0\n（二）部分公开 4 0 0 0 0 0")
	expect(t, got, "已记录本表")
	h.say("lisi", "修改 10")
	got = h.say("lisi", "部分公开 3 0 0 0 0 0")
	expect(t, got, "本表的数字对不上")
	got = h.say("lisi", "予以公开 9 1 0 0 0 0")
	expect(t, got, "已记录本表", "（一）予以公开：9 / 1 / 0 / 0 / 0 / 0 / 10", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）：3 / 0 / 0 / 0 / 0 / 0 / 3")
	a := h.grid("zfb", "t3")
	if a == nil || a.Grid["new.natural"] != "12" || a.Grid["partial.natural"] != "3" || a.Grid["total.natural"] != "12" {
		t.Fatalf("stored %+v", a)
	}
	// One line on the saved table, adding up: that row changes, the rest stays.
	h.say("lisi", "修改 10")
	got = h.say("lisi", "一、本年新收政府信息公开申请数量 12 1 0 0 0 0")
	expect(t, got, "其他行保持原来的数字", "（一）予以公开：9 / 1 / 0 / 0 / 0 / 0 / 10")
	if a := h.grid("zfb", "t3"); a.Grid["open.natural"] != "9" || a.Grid["partial.natural"] != "3" {
		t.Fatalf("a one-line change cleared other rows: %+v", a.Grid)
	}
	// The whole table again replaces it.
	h.say("lisi", "修改 10")
	got = h.say("lisi", "一、本年新收政府信息公开申请数量 2 0 0 0 0 0\n（一）予以公开 2 0 0 0 0 0")
	expect(t, got, "已记录本表")
	if a := h.grid("zfb", "t3"); a.Grid["partial.natural"] != "0" || a.Grid["open.natural"] != "2" {
		t.Fatalf("a whole table pasted again: %+v", a.Grid)
	}
}

// TestTablePatchDropsTypedTotal: a row sent with a wrong 总计 is refused;
// sent again without the 总计 (as “总计可以不填” invites), the total is
// computed, not the wrong one kept. A one-line change that does not add up
// does not claim to have changed the table.
func TestTablePatchDropsTypedTotal(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	got := h.say("lisi", "一、本年新收政府信息公开申请数量 58 7 0 0 1 0 60")
	expect(t, got, "本表的数字对不上", "为 60")
	got = h.say("lisi", "一、本年新收政府信息公开申请数量 58 7 0 0 1 0")
	if strings.Contains(got, "为 60") {
		t.Errorf("the dropped total is still quoted:\n%s", got)
	}
	got = h.say("lisi", "（一）予以公开 58 7 0 0 1 0")
	expect(t, got, "已记录本表", "一、本年新收政府信息公开申请数量：58 / 7 / 0 / 0 / 1 / 0 / 66")

	h.say("lisi", "修改 10")
	got = h.say("lisi", "（一）予以公开 50 7 0 0 1 0")
	expect(t, got, "本表的数字对不上")
	if strings.Contains(got, "已按您发来的这一行修改本表") {
		t.Errorf("a refused change says it changed the table:\n%s", got)
	}
}

// TestTableHeadingsZeroKeepsTheRest: on a saved table, “不予公开、无法提供
// 都是0” sets only those headings' rows to 0; the figures of every other
// row stay (it used to be read as “the whole table is 0”, wiping them).
func TestTableHeadingsZeroKeepsTheRest(t *testing.T) {
	h := newDisclosureHarness(t)
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	got := h.say("lisi", "新收自然人4件，予以公开自然人3件，结转下年度继续办理自然人1件")
	expect(t, got, "已记录本表")
	if a := h.grid("zfb", "t3"); a == nil || a.Grid["next.natural"] != "1" {
		t.Fatalf("stored %+v", a)
	}
	for _, text := range []string{"不予公开、无法提供都是0", "不予公开、无法提供都没有发生", "不予公开和无法提供均为零", "不予公开的一件也没有"} {
		h.say("lisi", "修改 10")
		got = h.say("lisi", text)
		expect(t, got, "已记录本表")
		a := h.grid("zfb", "t3")
		if a == nil || a.Grid["new.natural"] != "4" || a.Grid["open.natural"] != "3" || a.Grid["next.natural"] != "1" || a.Grid["secret.natural"] != "0" {
			t.Fatalf("%q: stored %+v", text, a)
		}
	}
}
