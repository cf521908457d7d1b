package chat_test

import (
	"testing"
)

// TestTableRestRowsInChat: a sentence naming one row of a table of two
// rows (处罚36) is not stored with the other row silently 0: the bot says
// what it read, names the row still to answer and waits for it; 0, 没有,
// its figures or a line naming it finish the table.
func TestTableRestRowsInChat(t *testing.T) {
	for _, c := range []struct {
		q, first, then string
		want           []string
		cell, value    string
	}{
		{"8", "处罚36", "2", []string{"已记录本表", "行政处罚：36", "行政强制：2"}, "coercion.decisions", "2"},
		{"8", "行政处罚36件", "没有", []string{"已记录本表", "行政处罚：36"}, "penalty.decisions", "36"},
		{"8", "处罚36", "行政强制措施3件", []string{"已记录本表", "行政强制：3"}, "coercion.decisions", "3"},
		{"8", "处罚36", "全部为0", []string{"已记录本表", "行政处罚：36"}, "penalty.decisions", "36"},
		{"8", "处罚都没有", "行政强制3件", []string{"已记录本表", "行政强制：3"}, "coercion.decisions", "3"},
		{"8", "没有行政强制", "处罚12", []string{"已记录本表", "行政处罚：12"}, "penalty.decisions", "12"},
		{"6", "规章 制发 1 件 废止 0 件 现行有效 4 件", "行政规范性文件 5 1 25", []string{"已记录本表", "规章：1 / 0 / 4", "行政规范性文件：5 / 1 / 25"}, "normative.current", "25"},
	} {
		h := newDisclosureHarness(t)
		h.say("lisi", "你好")
		h.say("lisi", "修改 "+c.q)
		got := h.say("lisi", c.first)
		expect(t, got, "已读到", "没有填写", "暂未保存", "没有的请回复“0”")
		qid := map[string]string{"6": "t2_docs", "8": "t2_enforce"}[c.q]
		if a := h.grid("zfb", qid); a != nil {
			t.Fatalf("%s: stored before the other row was answered: %v", c.first, a.Grid)
		}
		expect(t, h.say("lisi", c.then), c.want...)
		a := h.grid("zfb", qid)
		if a == nil || a.Grid[c.cell] != c.value {
			t.Errorf("%s / %s: stored %+v", c.first, c.then, a)
		}
	}
}
