package bot_test

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// TestTableNaturalAnswers: table questions take what contacts write —
// cells named by their column words, units after numbers, Chinese
// numerals, 、，： between cells, abbreviated row names, a one-cell table
// answered by a number with words around it — and refuse only what is
// ambiguous, with an example. want lists the cells expected (others 0
// or computed); refuse, the words the message must contain.
func TestTableNaturalAnswers(t *testing.T) {
	f := disclosureForm(t)
	cases := []gridCase{
		// Q7, one cell: 行政许可 本年处理决定数量.
		{qid: "t2_license", in: "120", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "120件", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可120件", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可 120件", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可：120", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可，120", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "共120件", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "本年共作出行政许可决定一百二十件。", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可 1,200件", want: map[string]string{"license.decisions": "1200"}},
		{qid: "t2_license", in: "2025年行政许可120件", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "行政许可120件，行政处罚3件", refuse: []string{"只需填写一个数字", "收到 2 个"}},
		{qid: "t2_license", in: "约120件", refuse: []string{"确切"}},
		{qid: "t2_license", in: "行政许可120万元", refuse: []string{"单位不对"}},
		{qid: "t2_license", in: "行政许可 12.5", refuse: []string{"应为整数"}},
		{qid: "t2_license", in: "还没统计", refuse: []string{"没有读到数字", "行政许可 5件"}},
		// Q6: 规章 / 行政规范性文件 × 制发 / 废止 / 现行有效.
		{qid: "t2_docs", in: "行政规范性文件 5 1 25", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25", "rules.made": "0"}},
		{qid: "t2_docs", in: "行政规范性文件 5、1、25", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "行政规范性文件：制发5件，废止1件，现行有效25件", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "行政规范性文件 五 一 二十五", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "规范性文件 5 1 25", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "规范性文件 制发五件 现行有效二十五件", want: map[string]string{"normative.made": "5", "normative.repealed": "0", "normative.current": "25"}},
		{qid: "t2_docs", in: "规章 0 0 3\n行政规范性文件 5 1 25", want: map[string]string{"rules.current": "3", "normative.current": "25"}},
		{qid: "t2_docs", in: "规章：现行有效3件；行政规范性文件：制发5件，废止1件，现行有效25件", want: map[string]string{"rules.current": "3", "normative.made": "5", "normative.current": "25"}},
		{qid: "t2_docs", in: "行政规范性文件：本年制发件数 5，本年废止件数 1，现行有效件数 25", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "行政规范性文件：5件、1件、25件", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t2_docs", in: "文件 5 1 25", want: map[string]string{"normative.made": "5", "normative.current": "25"}},
		{qid: "t2_enforce", in: "行政 5", refuse: []string{"“行政”可能是", "“行政处罚”", "请写全行名"}},
		{qid: "t2_docs", in: "行政规范性文件 制发5 1 25", refuse: []string{"有的数写了列名、有的没写", "本年制发件数5，本年废止件数1"}},
		{qid: "t2_docs", in: "行政规范性文件 5 1", refuse: []string{"应有 3 个数", "收到 2 个"}},
		{qid: "t2_docs", in: "行政规范性文件 发布5件", refuse: []string{"“发布”不是本行的列名", "本年制发件数5"}},
		{qid: "t2_docs", in: "行政规范性文件 制发5件 制发6件", refuse: []string{"写了两次"}},
		{qid: "t2_docs", in: "行政规范性文件 5 1 25件左右", refuse: []string{"确切"}},
		{qid: "t2_docs", in: "行政规范性文件 5 1 25 件数待核", refuse: []string{"没有看懂", "待核"}},
		// Q8, two rows of one column on one line.
		{qid: "t2_enforce", in: "行政处罚36件，行政强制2件", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "2"}},
		{qid: "t2_enforce", in: "处罚 36 强制 二", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "2"}},
		// Q9, 万元.
		{qid: "t2_fees", in: "行政事业性收费 12.5万元", want: map[string]string{"fees.amount": "12.5"}},
		{qid: "t2_fees", in: "行政事业性收费 12.5", want: map[string]string{"fees.amount": "12.5"}},
		{qid: "t2_fees", in: "收费12.5万", want: map[string]string{"fees.amount": "12.5"}},
		{qid: "t2_fees", in: "行政事业性收费 125000元", want: map[string]string{"fees.amount": "12.5"}},
		{qid: "t2_fees", in: "行政事业性收费 12.5件", refuse: []string{"单位不对", "万元"}},
		// Q11, one row of fifteen columns, three totals.
		{qid: "t4", in: "行政复议维持1件", want: map[string]string{"cases.review_upheld": "1", "cases.review_total": "1", "cases.direct_total": "0"}},
		{qid: "t4", in: "行政复议：结果维持1件，结果纠正1件；复议后起诉尚未审结2件", want: map[string]string{"cases.review_upheld": "1", "cases.review_corrected": "1", "cases.review_total": "2", "cases.after_pending": "2", "cases.after_total": "2"}},
		{qid: "t4", in: "未经复议直接起诉纠正1件", want: map[string]string{"cases.direct_corrected": "1", "cases.direct_total": "1"}},
		{qid: "t4", in: "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0", want: map[string]string{"cases.review_upheld": "1", "cases.review_total": "1"}},
		{qid: "t4", in: "维持1件", refuse: []string{"“维持”可能是", "行政复议结果维持", "复议后起诉结果维持"}},
		// Q10, table three.
		{qid: "t3", in: "予以公开 自然人10，商业企业2", want: map[string]string{"open.natural": "10", "open.business": "2", "open.total": "12", "total.total": "12"}},
		{qid: "t3", in: "（三）不予公开 · 1.属于国家秘密 1 0 0 0 0 0", want: map[string]string{"secret.natural": "1", "total.natural": "1"}},
		{qid: "t3", in: "不予公开 属于国家秘密 1 0 0 0 0 0", want: map[string]string{"secret.natural": "1"}},
		{qid: "t3", in: "三类内部事务信息 自然人1", want: map[string]string{"internal.natural": "1"}},
		{qid: "t3", in: "危及“三安全一稳定” 2 0 0 0 0 0", want: map[string]string{"safety.natural": "2"}},
		{qid: "t3", in: "本年新收 3 1 0 0 0 0 4", want: map[string]string{"new.natural": "3", "new.business": "1", "new.total": "4"}},
		{qid: "t3", in: "2.重复申请 1 0 0 0 0 0", want: map[string]string{"repeat.natural": "1"}},
		{qid: "t3", in: "3.其他 其他2", want: map[string]string{"other_handling.other": "2", "other_handling.natural": "0"}},
		{qid: "t3", in: "1.重复申请 1 0 0 0 0 0", refuse: []string{"对不上表中的任何一行"}},
		{qid: "t3", in: "公开 1 0 0 0 0 0", refuse: []string{"“公开”可能是", "请写全行名"}},
		{qid: "t3", in: "不予公开 1 0 0 0 0 0", refuse: []string{"“不予公开”下有 8 项", "（三）不予公开 · 1.属于国家秘密"}},
		{qid: "t3", in: "（七）总计 -1 0 0 0 0 0 0", refuse: []string{"负数"}},
		{qid: "t3", in: "予以公开 自然人10 自然人2", refuse: []string{"写了两次"}},
		{qid: "t3", in: "自然人10", refuse: []string{"“自然人10”没有写是哪一行", "一、本年新收政府信息公开申请数量 自然人10"}},
		{qid: "t2_docs", in: "制发5件", refuse: []string{"没有写是哪一行"}},
		{qid: "t2_docs", in: "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t3\n行政规范性文件\t5\t1\t25",
			want: map[string]string{"rules.current": "3", "normative.made": "5", "normative.repealed": "1", "normative.current": "25"}},
		{qid: "t3", in: "无法提供 本机关不掌握 3 0 0 0 0 0", want: map[string]string{"not_held.natural": "3", "total.natural": "3"}},
		{qid: "t2_enforce", in: "36\n2", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "2"}},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
	checkGridCases(t, f, cases)
}

// TestTableRowByRowNamed: in conversation a row may be given by naming
// only the columns that are not zero, and may repeat its own name.
func TestTableRowByRowNamed(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	open := q.Table.Row("open")
	for _, c := range []struct {
		in   string
		want map[string]string
		bad  string
	}{
		{in: "自然人10，商业企业2", want: map[string]string{"open.natural": "10", "open.business": "2", "open.research": "0"}},
		{in: "10 2 0 0 0 0", want: map[string]string{"open.natural": "10", "open.business": "2"}},
		{in: "予以公开 9 2 0 0 0 0", want: map[string]string{"open.natural": "9"}},
		{in: "自然人十", want: map[string]string{"open.natural": "10"}},
		{in: "其他 3", want: map[string]string{"open.other": "3"}},
		{in: "5 1 0", bad: "需要 6 个数"},
		{in: "部分公开 1 0 0 0 0 0", bad: "现在填写的是“（一）予以公开”"},
		{in: "没有", bad: "没有读到数字"},
	} {
		cells, err := bot.ParseRowFigures(q, open, c.in)
		if c.bad != "" {
			if err == nil || !strings.Contains(bot.ErrorMessage(err), c.bad) {
				t.Errorf("%q: %v, want %q", c.in, err, c.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		for k, v := range c.want {
			if got := cells[k]; got != v && !(v == "0" && got == "") {
				t.Errorf("%q: %s = %q, want %q", c.in, k, got, v)
			}
		}
	}
}

func nonZero(g map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range g {
		if v != "0" {
			out[k] = v
		}
	}
	return out
}

// TestTableNothingHappened: a table answered by saying nothing of the kind
// happened is every cell 0 (the form asks for 0 where there is none); a
// sentence with a figure or an exception is not.
func TestTableNothingHappened(t *testing.T) {
	for _, s := range []string{"无", "没有", "均为0", "全年无申请", "本年度未收到政府信息公开申请", "没有行政复议和诉讼", "今年无。", "我局未收取信息处理费", "复议诉讼都没有", "今年一件申请都没收到", "处罚强制都没有", "处罚、强制都是0",
		// the kinds named, then none, in the other words officials use
		"复议诉讼均为零", "行政复议、行政诉讼都没有发生", "行政复议未收到", "行政复议和行政诉讼均未发生", "复议诉讼都没发生", "信息公开申请一件也没收到",
		"本年度未发生政府信息公开行政复议和行政诉讼", "不涉及收费"} {
		if !bot.IsAllZero(s) {
			t.Errorf("%q is not read as all zero", s)
		}
	}
	for _, s := range []string{"无，但有1件复议", "没有，只有处罚36件", "全年收到申请3件", "无申请，除行政复议一件外", "收到申请", "处罚36，没有强制", "除了新收1件，其他都是0", "新收自然人1件其余都没有",
		"没有被申请行政复议，但有一起行政诉讼正在审理，预计明年一季度结案", "未收到的申请为3件", "3件未发生"} {
		if bot.IsAllZero(s) {
			t.Errorf("%q is read as all zero", s)
		}
	}
}

// TestTableRowNothing: a clause saying one row has nothing (规章不涉及,
// 没有强制) makes that row 0 beside the figures of the others.
func TestTableRowNothing(t *testing.T) {
	f := disclosureForm(t)
	for _, c := range []struct {
		qid, in string
		want    map[string]string
	}{
		{"t2_docs", "规章不涉及，规范性文件5 1 25", map[string]string{"normative.made": "5", "normative.current": "25", "rules.made": "0"}},
		{"t2_enforce", "处罚36，没有强制", map[string]string{"penalty.decisions": "36", "coercion.decisions": "0"}},
		{"t2_enforce", "行政处罚36；行政强制无", map[string]string{"penalty.decisions": "36", "coercion.decisions": "0"}},
	} {
		grid, given, err := bot.ParseGrid(f, f.Question(c.qid), c.in)
		if err != nil {
			t.Errorf("%s %q: %v", c.qid, c.in, err)
			continue
		}
		for k, v := range c.want {
			if grid[k] != v {
				t.Errorf("%s %q: %s = %q, want %q (grid %v)", c.qid, c.in, k, grid[k], v, grid)
			}
		}
		if len(given) < 2 {
			t.Errorf("%s %q: the row said to have nothing is not counted as given: %v", c.qid, c.in, given)
		}
	}
}

// TestTableColumnAfterFigure: the outcome written after the figure (行政复议
// 1件，维持; 直接起诉1件，尚未审结; 被申请行政复议1件，维持原答复) names its
// column; words after it that name none are still refused.
func TestTableColumnAfterFigure(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t4")
	for in, cell := range map[string]string{"行政复议1件，维持": "cases.review_upheld", "复议1件维持": "cases.review_upheld",
		"直接起诉1件，尚未审结": "cases.direct_pending", "被申请行政复议1件，维持原答复": "cases.review_upheld",
		"行政复议1件，结果纠正": "cases.review_corrected"} {
		grid, _, err := bot.ParseGrid(f, q, in)
		if err != nil || grid[cell] != "1" {
			t.Errorf("%s: %v %v", in, grid, err)
		}
	}
	if _, _, err := bot.ParseGrid(f, q, "行政复议1件，已办结"); err == nil || !strings.Contains(bot.ErrorMessage(err), "“行政复议”下有 4 列") ||
		!strings.Contains(bot.ErrorMessage(err), "如“行政复议结果维持1”") {
		t.Errorf("行政复议1件，已办结 names no outcome column: %v", err)
	}
}

// TestTableEverydayWords: the table read with the words people use for its
// own (收到 for 新收, 其中 before the parts, 申请 after the applicant), and
// a row's one figure without a column taken as its total.
func TestTableEverydayWords(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	for in, want := range map[string]map[string]string{
		"收到自然人申请5件":          {"new.natural": "5", "new.total": "5"},
		"今年收到自然人申请3件":        {"new.natural": "3"},
		"新收自然人申请2件，企业申请1件":   {"new.natural": "2", "new.business": "1", "new.total": "3"},
		"新收 5件，其中自然人3、商业企业2": {"new.natural": "3", "new.business": "2", "new.total": "5"},
		"新收自然人3件，法律服务机构2件":   {"new.natural": "3", "new.legal": "2"},
	} {
		grid, _, err := bot.ParseGrid(f, q, in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		for k, v := range want {
			if grid[k] != v {
				t.Errorf("%s: %s = %q, want %q", in, k, grid[k], v)
			}
		}
	}
}

// TestTableDatesLeftOut: a period or a date written in a table line
// (（1月至12月）, 截至12月31日) is no cell.
func TestTableDatesLeftOut(t *testing.T) {
	f := disclosureForm(t)
	grid, _, err := bot.ParseGrid(f, f.Question("t2_docs"), "规范性文件：截至12月31日现行有效25件，本年制发5件")
	if err != nil || grid["normative.current"] != "25" || grid["normative.made"] != "5" {
		t.Errorf("截至12月31日: %v %v", grid, err)
	}
	grid, _, err = bot.ParseGrid(f, f.Question("t2_docs"), "规范性文件 5 1 25（2025年）")
	if err != nil || grid["normative.repealed"] != "1" {
		t.Errorf("（2025年）: %v %v", grid, err)
	}
	grid, _, err = bot.ParseGrid(f, f.Question("t3"), "新收 自然人5件（1月至12月）")
	if err != nil || grid["new.natural"] != "5" {
		t.Errorf("（1月至12月）: %v %v", grid, err)
	}
}

// gridCase is one typed table answer and what ParseGrid makes of it: the
// cells it sets (want, others unchecked), or, when refuse is set, the
// words the refusal or the question asked back must hold.
type gridCase struct {
	qid, in string
	want    map[string]string
	refuse  []string
}

// checkGridCases runs ParseGrid over cases with form f.
func checkGridCases(t *testing.T, f *bot.Form, cases []gridCase) {
	t.Helper()
	for _, c := range cases {
		q := f.Question(c.qid)
		grid, _, err := bot.ParseGrid(f, q, c.in)
		if c.refuse != nil {
			if err == nil {
				t.Errorf("%s %q: accepted %v, want refused or asked back", c.qid, c.in, nonZero(grid))
				continue
			}
			for _, w := range c.refuse {
				if !strings.Contains(bot.ErrorMessage(err), w) {
					t.Errorf("%s %q: message %q lacks %q", c.qid, c.in, bot.ErrorMessage(err), w)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", c.qid, c.in, bot.ErrorMessage(err))
			continue
		}
		for k, v := range c.want {
			if grid[k] != v {
				t.Errorf("%s %q: %s = %q, want %q (grid %v)", c.qid, c.in, k, grid[k], v, nonZero(grid))
			}
		}
	}
}
