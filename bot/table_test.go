package bot_test

import (
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/prompts"
)

func disclosureForm(t testing.TB) *bot.Form {
	t.Helper()
	f, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// tableFormHead opens a one-section form whose questions follow; the
// tests' line numbers count from its first line.
const tableFormHead = `id: t
title: 表
version: "1"
sections:
  - id: s
    number: 一
    heading: 表
    template: x
    questions:
`

// TestTableFormCheck: a table question's mistakes are reported in Chinese
// with their lines.
func TestTableFormCheck(t *testing.T) {
	src := tableFormHead + `      - id: grid
        prompt: 填表
        kind: table
        unit: 件件
        example: 全部为0
        table:
          columns:
            - {id: a, label: 甲}
            - {id: a, label: ""}
          rows:
            - {id: r1, label: 一行, cols: [zz]}
      - id: bare
        prompt: 没有表
        kind: table
        unit: 件
        example: 全部为0
rules:
  - kind: eq
    left: grid.r1.b
    right: grid.r9.a + nothing.r1.a
`
	_, problems := bot.CheckForm([]byte(src))
	got := problems.Error()
	for _, want := range []string{
		"第 13 行：表格题 grid 的单位“件件”不是计数单位",
		"第 18 行：表格题 grid 第 2 列的编号“a”为空、格式不对或重复",
		"第 18 行：表格题 grid 第 2 列缺少列名 label",
		"第 20 行：表格题 grid 的行 r1 引用的列“zz”不存在",
		"第 21 行：表格题 bare 缺少表格定义 table",
		"第 28 行：第 1 条规则引用的列“b”不在表格题 grid 中",
		"第 29 行：第 1 条规则引用的行“r9”不在表格题 grid 中",
		"第 29 行：第 1 条规则引用的“nothing”不是表格题",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

const pastedT3 = "\t申请人情况\n" +
	"\t自然人\t法人或其他组织\t\t\t\t\t总计\n" +
	"\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n" +
	"一、本年新收政府信息公开申请数量\t58\t7\t0\t0\t1\t0\t66\n" +
	"二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n" +
	"三、本年度办理结果\t（一）予以公开\t20\t3\t0\t0\t1\t0\t24\n" +
	"\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t16\t1\t0\t0\t0\t0\t17\n" +
	"\t（三）不予公开\t5.属于三类内部事务信息\t1\t0\t0\t0\t0\t0\t1\n" +
	"\t（四）无法提供\t1.本机关不掌握相关政府信息\t18\t2\t0\t0\t0\t0\t20\n" +
	"\t（七）总计\t55\t6\t0\t0\t1\t0\t62\n" +
	"四、结转下年度继续办理\t5\t1\t0\t0\t0\t0\t6\n"

// TestGridPasteFromExcel reads table three as Excel copies it: header
// lines passed over, merged group cells before the row label, rows left
// out are 0.
func TestGridPasteFromExcel(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	grid, given, err := bot.ParseGrid(f, q, pastedT3)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"new.natural": "58", "new.total": "66", "open.legal": "1", "internal.natural": "1",
		"not_held.business": "2", "total.total": "62", "next.business": "1", "secret.natural": "0"} {
		if grid[key] != want {
			t.Errorf("%s = %q, want %s", key, grid[key], want)
		}
	}
	if !given["total.natural"] || given["secret.natural"] {
		t.Errorf("given %v", given)
	}
	if breaks := bot.CheckArith(f, map[string]*bot.Answer{"t3": {Status: bot.Answered, Grid: grid}}, nil); len(breaks) != 0 {
		t.Errorf("breaks %v", breaks[0].Text(f))
	}
}

// TestGridPasteTotalsComputed: rows typed without their 总计 and without
// the 总计 row get them from the form's rules.
func TestGridPasteTotalsComputed(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	grid, _, err := bot.ParseGrid(f, q, "本年新收 3 1 0 0 0 0\n予以公开 2 1 0 0 0 0\n1.重复申请 1 0 0 0 0 0")
	if err == nil {
		t.Fatal("1.重复申请 is 2.重复申请 in the template; a wrong label must be refused")
	}
	grid, _, err = bot.ParseGrid(f, q, "一、本年新收政府信息公开申请数量 3 1 0 0 0 0\n（一）予以公开 2 1 0 0 0 0\n2.重复申请 1 0 0 0 0 0")
	if err != nil {
		t.Fatal(err)
	}
	if grid["new.total"] != "4" || grid["total.natural"] != "3" || grid["total.total"] != "4" || grid["repeat.total"] != "1" {
		t.Errorf("totals not computed: %v", grid)
	}
}

// TestGridPasteErrors: wrong counts of figures and unknown rows are
// refused in plain Chinese.
func TestGridPasteErrors(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	for _, c := range []struct{ in, want string }{
		{"（一）予以公开 1 2 3", "应有 7 个数"},
		{"不知道的行 1 2 3 4 5 6 7", "对不上表中的任何一行"},
		{"标题一行", "没有读到数字"},
		{"（一）予以公开 1 2 0 0 0 0\n（一）予以公开 1 2 0 0 0 0", "出现了两次"},
	} {
		_, _, err := bot.ParseGrid(f, q, c.in)
		if err == nil || !strings.Contains(bot.ErrorMessage(err), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
	if _, _, err := bot.ParseGrid(f, f.Question("t2_fees"), "行政事业性收费 12.5"); err != nil {
		t.Errorf("fees in 万元 with decimals: %v", err)
	}
	if _, _, err := bot.ParseGrid(f, f.Question("t2_license"), "行政许可 12.5"); err == nil {
		t.Error("a count with decimals must be refused")
	}
	// A bare large amount in a column of 万元 is far likelier 元: asked
	// back with both readings; with its unit it is taken.
	if _, _, err := bot.ParseGrid(f, f.Question("t2_fees"), "行政事业性收费 203000"); err == nil || !strings.Contains(bot.ErrorMessage(err), "如“203000元”（即20.3万元）或“203000万元”") {
		t.Errorf("a bare 203000 in 万元: %v", err)
	}
	if grid, _, err := bot.ParseGrid(f, f.Question("t2_fees"), "行政事业性收费 203000元"); err != nil || grid["fees.amount"] != "20.3" {
		t.Errorf("203000元 in 万元: %v %v", grid, err)
	}
	// A row of another table typed on the one-cell fees table is not
	// silently taken as the fee.
	for _, in := range []string{"行政许可 120", "行政处罚 5"} {
		if _, _, err := bot.ParseGrid(f, f.Question("t2_fees"), in); err == nil || !strings.Contains(bot.ErrorMessage(err), "不属于本题") {
			t.Errorf("%s on the fees table: %v", in, err)
		}
	}
	// Yuan written with 千 or 百 (5千元, 3千, 1万2千元) are converted whole,
	// never kept as 5 or 3 万元.
	for in, want := range map[string]string{"收费12.5万元": "12.5", "行政事业性收费 5千元": "0.5", "收费 5百元": "0.05", "3千": "0.3",
		"收费 1万2千元": "1.2", "收费2.5千元": "0.25", "行政事业性收费 3000元": "0.3", "12.5万": "12.5"} {
		if grid, _, err := bot.ParseGrid(f, f.Question("t2_fees"), in); err != nil || grid["fees.amount"] != want {
			t.Errorf("%s: %v %v, want %s", in, grid["fees.amount"], err, want)
		}
	}
}

// TestArithBreakNamesCells: a broken total names its cells and the
// difference.
func TestArithBreakNamesCells(t *testing.T) {
	f := disclosureForm(t)
	grid, _, err := bot.ParseGrid(f, f.Question("t3"), strings.Replace(pastedT3, "（七）总计\t55", "（七）总计\t57", 1))
	if err != nil {
		t.Fatal(err)
	}
	breaks := bot.CheckArith(f, map[string]*bot.Answer{"t3": {Status: bot.Answered, Grid: grid}}, nil)
	var texts []string
	for _, b := range breaks {
		texts = append(texts, b.Text(f))
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		"【“（七）总计”应等于各项办理结果之和】第 10 题“（七）总计·自然人”为 57，应等于第 10 题“（一）予以公开·自然人”至“（六）其他处理 · 3.其他·自然人”共 21 项之和 55，相差 2。",
		"【各行“总计”应等于自然人与各类法人或其他组织之和】第 10 题“（七）总计·总计”为 62，应等于第 10 题“（七）总计·自然人”至“（七）总计·其他”共 6 项之和 64，相差 2。",
		"【本年新收加上年结转，应等于办理结果总计加结转下年度】第 10 题“一、本年新收政府信息公开申请数量·自然人”＋“二、上年结转政府信息公开申请数量·自然人”之和为 60，应等于第 10 题“（七）总计·自然人”＋“四、结转下年度继续办理·自然人”之和 62，相差 2。",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	if len(breaks) != 3 {
		t.Errorf("%d breaks:\n%s", len(breaks), all)
	}
}

// TestArithLastYear: 现行有效 is checked against last year's only when
// last year's answer exists.
func TestArithLastYear(t *testing.T) {
	f := disclosureForm(t)
	now := map[string]*bot.Answer{"t2_docs": {Status: bot.Answered, Grid: map[string]string{
		"rules.made": "0", "rules.repealed": "0", "rules.current": "0",
		"normative.made": "5", "normative.repealed": "1", "normative.current": "25"}}}
	if b := bot.CheckArith(f, now, nil); len(b) != 0 {
		t.Fatalf("no last year, yet %s", b[0].Text(f))
	}
	last := map[string]*bot.Answer{"t2_docs": {Status: bot.Answered, Grid: map[string]string{"normative.current": "20"}}}
	b := bot.CheckArith(f, now, last)
	if len(b) != 1 || !strings.Contains(b[0].Text(f), "“行政规范性文件·现行有效件数”为 25，应等于第 6 题上年“行政规范性文件·现行有效件数”＋") ||
		!strings.Contains(b[0].Text(f), " 24，相差 1。") {
		t.Fatalf("breaks %v", b)
	}
	last["t2_docs"].Grid["normative.current"] = "21"
	if b := bot.CheckArith(f, now, last); len(b) != 0 {
		t.Fatalf("consistent, yet %s", b[0].Text(f))
	}
}

// TestFormCheckTableUnit: a table question's unit that contradicts its
// columns' units — every column in 万元 while the question says 件, or a
// column whose label says 单位：万元 counted in 件 — is flagged with its
// line; the shipped form has none (loading it checks it).
func TestFormCheckTableUnit(t *testing.T) {
	src := tableFormHead + `      - id: fees
        prompt: 收费多少万元？
        kind: table
        unit: 件
        example: 行政事业性收费 12.5
        table:
          columns:
            - {id: amount, label: 本年收费金额（单位：万元）, unit: 万元}
          rows:
            - {id: fees, label: 行政事业性收费}
      - id: fees2
        prompt: 收费多少万元？
        kind: table
        unit: 件
        example: 行政事业性收费 12.5
        table:
          columns:
            - {id: amount, label: 本年收费金额（单位：万元）}
            - {id: n, label: 收费项目数}
          rows:
            - {id: fees, label: 行政事业性收费}
      - id: fine
        prompt: 收费多少万元？
        kind: table
        unit: 万元
        example: 行政事业性收费 12.5
        table:
          columns:
            - {id: amount, label: 本年收费金额（单位：万元）, unit: 万元}
          rows:
            - {id: fees, label: 行政事业性收费}
      - id: mixed
        prompt: 件数和金额
        kind: table
        unit: 件
        example: 全部为0
        table:
          columns:
            - {id: n, label: 件数}
            - {id: amount, label: 金额, unit: 万元}
          rows:
            - {id: r, label: 收费}
`
	_, problems := bot.CheckForm([]byte(src))
	if problems == nil {
		t.Fatal("no problems found")
	}
	got := problems.Error()
	for _, want := range []string{
		"第 13 行：表格题 fees 的单位“件”与各列的单位“万元”不一致",
		"请把 unit 改为 万元",
		"第 27 行：表格题 fees2 第 1 列的列名写明单位“万元”，但这一列的单位是“件”",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, not := range []string{"表格题 fine", "表格题 mixed"} {
		if strings.Contains(got, not) {
			t.Errorf("%s flagged:\n%s", not, got)
		}
	}
	f := disclosureForm(t) // loading checks the shipped form

	if u := f.Question("t2_fees").Unit; u != "万元" {
		t.Errorf("t2_fees unit %q", u)
	}
}
