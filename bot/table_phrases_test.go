package bot_test

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// TestTablePhrasesOfficials: the kinds of sentence officials type in chat
// for the statutory tables — the applicant in brackets after the figure,
// 都是0 with the exceptions named, 法人 for the five columns under it, a
// column heading followed by its figures, the everyday names of rows,
// units written apart from their figures — are read into the right
// cells, or, when they could mean several cells, asked back naming the
// choices. want lists cells expected (others 0 or computed); ask, the
// words the question back must contain.
func TestTablePhrasesOfficials(t *testing.T) {
	f := disclosureForm(t)
	cases := []gridCase{
		// 1. The applicant in brackets after the figure.
		{qid: "t3", in: "收到申请2件（自然人）", want: map[string]string{"new.natural": "2", "new.total": "2", "new.business": "0"}},
		{qid: "t3", in: "新收3件（均为自然人）", want: map[string]string{"new.natural": "3", "new.total": "3"}},
		{qid: "t3", in: "新收申请5件(其中企业2件，自然人3件)", want: map[string]string{"new.natural": "3", "new.business": "2", "new.total": "5"}},
		{qid: "t3", in: "新收申请5件(其中企业2件)", refuse: []string{"还有 3 件", "自然人", "科研机构", "商业企业2"}},
		{qid: "t3", in: "予以公开4件（均为自然人），上年结转1件（自然人）", want: map[string]string{"open.natural": "4", "carried.natural": "1"}},
		{qid: "t3", in: "收到申请2件（线上）", refuse: []string{"没有看懂", "线上"}},
		{qid: "t3", in: "新收申请36件，全部来自自然人，同比上升16%", want: map[string]string{"new.natural": "36", "new.total": "36"}},
		{qid: "t3", in: "结转下年度继续办理1件，为自然人申请", want: map[string]string{"next.natural": "1"}},
		{qid: "t3", in: "新收申请3件，是商业企业", want: map[string]string{"new.business": "3", "new.natural": "0"}},
		{qid: "t3", in: "新收申请3件，为此加班", refuse: []string{"没有看懂"}},
		// Whose every figure of the line is, said once at its end.
		{qid: "t3", in: "予以公开7件、部分公开3件，申请人均为自然人", want: map[string]string{"open.natural": "7", "partial.natural": "3", "total.natural": "10"}},
		{qid: "t3", in: "收到申请10件，其中予以公开7件，均为自然人", want: map[string]string{"new.natural": "10", "open.natural": "7"}},
		{qid: "t3", in: "新收3件，均为法人", refuse: []string{"是哪一类申请人"}},
		// 2. Every cell 0 except those named.
		{qid: "t3", in: "都是0，除了新收自然人1件", want: map[string]string{"new.natural": "1", "new.total": "1", "open.natural": "0"}},
		{qid: "t3", in: "其余均为0，只有新收自然人2件", want: map[string]string{"new.natural": "2", "new.total": "2"}},
		{qid: "t3", in: "除新收自然人1件外均为0", want: map[string]string{"new.natural": "1"}},
		{qid: "t3", in: "除了新收自然人1件、予以公开自然人1件以外，其他都是0", want: map[string]string{"new.natural": "1", "open.natural": "1", "total.natural": "1"}},
		{qid: "t2_enforce", in: "除行政处罚36件外，其余都没有", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "0"}},
		{qid: "t4", in: "别的都是0，只有行政复议维持1件", want: map[string]string{"cases.review_upheld": "1", "cases.review_total": "1"}},
		{qid: "t2_docs", in: "行政规范性文件 5，1，0", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "0"}},
		// The column after the figure, with who decided it.
		{qid: "t4", in: "复议后起诉1件，法院维持", want: map[string]string{"cases.after_upheld": "1", "cases.after_total": "1", "cases.review_total": "0"}},
		{qid: "t4", in: "直接起诉1件，被纠正", want: map[string]string{"cases.direct_corrected": "1", "cases.direct_total": "1"}},
		// Rows listed first, their figures after 分别.
		{qid: "t2_enforce", in: "处罚、强制分别是45和0", want: map[string]string{"penalty.decisions": "45", "coercion.decisions": "0"}},
		{qid: "t2_enforce", in: "行政处罚、行政强制分别为45件、3件", want: map[string]string{"penalty.decisions": "45", "coercion.decisions": "3"}},
		// 3. 法人 for the five columns under 法人或其他组织.
		{qid: "t3", in: "新收法人申请2件", refuse: []string{"“法人”下有 5 列", "商业企业、科研机构、社会公益组织、法律服务机构、其他", "商业企业2"}},
		{qid: "t3", in: "新收法人或其他组织申请2件", refuse: []string{"下有 5 列", "社会公益组织"}},
		{qid: "t3", in: "新收法人申请0件，自然人3件", want: map[string]string{"new.natural": "3", "new.business": "0", "new.other": "0", "new.total": "3"}},
		{qid: "t3", in: "新收自然人3件，法人0件", want: map[string]string{"new.natural": "3", "new.total": "3"}},
		{qid: "t3", in: "新收 法人或其他组织 2 0 0 1 0", want: map[string]string{"new.business": "2", "new.legal": "1", "new.total": "3"}},
		// 4. A column heading followed by its figures in order.
		{qid: "t4", in: "行政复议 1 0 0 0 1", want: map[string]string{"cases.review_upheld": "1", "cases.review_total": "1", "cases.direct_total": "0"}},
		{qid: "t4", in: "行政复议 1 0 0 1", want: map[string]string{"cases.review_upheld": "1", "cases.review_pending": "1", "cases.review_total": "2"}},
		{qid: "t4", in: "直接起诉 0 0 0 0", want: map[string]string{"cases.direct_upheld": "0", "cases.direct_total": "0"}},
		{qid: "t4", in: "行政复议 1 0 0 0 直接起诉 0 1 0 0", want: map[string]string{"cases.review_upheld": "1", "cases.direct_corrected": "1", "cases.direct_total": "1"}},
		{qid: "t4", in: "行政复议 1 0 0", refuse: []string{"“行政复议”下有 4 列", "收到 3 个数"}},
		{qid: "t4", in: "行政复议0件", want: map[string]string{"cases.review_total": "0"}},
		{qid: "t4", in: "行政复议2件", refuse: []string{"“行政复议”下有 4 列", "行政复议结果维持"}},
		// 5. The names people use for rows.
		{qid: "t2_enforce", in: "强制措施 3", want: map[string]string{"coercion.decisions": "3", "penalty.decisions": "0"}},
		{qid: "t2_enforce", in: "行政处罚36件，行政强制措施3件", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "3"}},
		{qid: "t2_enforce", in: "处罚决定36件，强制执行2件", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "2"}},
		{qid: "t2_enforce", in: "行政处罚决定书36份，行政强制0", want: map[string]string{"penalty.decisions": "36"}},
		{qid: "t2_enforce", in: "决定书36份", refuse: []string{"没有写是哪一行", "“行政处罚”还是“行政强制”"}},
		{qid: "t2_license", in: "许可120", want: map[string]string{"license.decisions": "120"}},
		{qid: "t2_license", in: "许可决定书120份", want: map[string]string{"license.decisions": "120"}},
		{qid: "t4", in: "复议驳回1件", refuse: []string{"驳回", "“行政复议结果维持”还是“行政复议其他结果”"}},
		{qid: "t4", in: "行政复议1件，驳回", refuse: []string{"驳回", "“行政复议结果维持”还是“行政复议其他结果”"}},
		{qid: "t4", in: "驳回诉讼请求1件", refuse: []string{"“未经复议直接起诉结果维持”还是“未经复议直接起诉其他结果”；“复议后起诉结果维持”"}},
		{qid: "t4", in: "起诉被驳回1件", refuse: []string{"驳回", "未经复议直接起诉结果维持", "复议后起诉其他结果"}},
		// 6. Units apart from their figures.
		{qid: "t2_docs", in: "规章 制发 5 件 废止 1 件 现行有效 20 件", want: map[string]string{"rules.made": "5", "rules.repealed": "1", "rules.current": "20"}},
		{qid: "t2_docs", in: "规范性文件：制发5件、废止1件、现行有效32件", want: map[string]string{"normative.made": "5", "normative.repealed": "1", "normative.current": "32"}},
		{qid: "t2_docs", in: "规范性文件：制发 5 件，废止 1 件，现行有效 32 件", want: map[string]string{"normative.made": "5", "normative.current": "32"}},
		{qid: "t2_docs", in: "制发 5 件 废止 1 件", refuse: []string{"没有写是哪一行", "“规章”还是“行政规范性文件”"}},
		// Phrasings after published reports.
		{qid: "t3", in: "新收1件", refuse: []string{"是哪一类申请人", "自然人1"}},
		{qid: "t3", in: "上年结转0件", want: map[string]string{"carried.natural": "0"}},
		{qid: "t3", in: "本年新收自然人申请12件、法人或其他组织申请0件", want: map[string]string{"new.natural": "12", "new.total": "12"}},
		{qid: "t3", in: "结转下年度继续办理2件（自然人）", want: map[string]string{"next.natural": "2", "next.total": "2"}},
		{qid: "t3", in: "予以公开 自然人 8 件，商业企业 1 件", want: map[string]string{"open.natural": "8", "open.business": "1", "open.total": "9"}},
		{qid: "t2_docs", in: "规章：新制定2件，废止1件，现行有效15件", want: map[string]string{"rules.made": "2", "rules.repealed": "1", "rules.current": "15"}},
		{qid: "t4", in: "被申请行政复议2件，均维持原行政行为", want: map[string]string{"cases.review_upheld": "2", "cases.review_total": "2"}},
		{qid: "t4", in: "直接起诉1件，尚在审理中", want: map[string]string{"cases.direct_pending": "1", "cases.direct_total": "1"}},
		{qid: "t4", in: "复议后起诉1件，法院审理中", want: map[string]string{"cases.after_pending": "1", "cases.after_total": "1"}},
		{qid: "t4", in: "行政诉讼0件，行政复议1件（结果维持）", want: map[string]string{"cases.review_upheld": "1", "cases.direct_total": "0", "cases.after_total": "0"}},
		{qid: "t3", in: "上年结转2件，均为自然人申请", want: map[string]string{"carried.natural": "2", "carried.total": "2"}},
		{qid: "t3", in: "新收66件，其中自然人58件、商业企业7件、法律服务机构1件", want: map[string]string{"new.natural": "58", "new.business": "7", "new.legal": "1", "new.total": "66"}},
		{qid: "t3", in: "上年结转2件，其中自然人1件", refuse: []string{"还有 1 件"}},
		// A heading over several rows, then 0: all of its rows 0; another
		// figure there is still asked row by row.
		{qid: "t3", in: "新收自然人3件，予以公开自然人3件，不予公开 0", want: map[string]string{"new.natural": "3", "open.natural": "3", "secret.natural": "0", "inquiry.total": "0", "total.natural": "3"}},
		{qid: "t3", in: "不予公开的0件，无法提供0件", want: map[string]string{"secret.natural": "0", "not_held.total": "0"}},
		{qid: "t3", in: "不予公开 2", refuse: []string{"下有 8 项"}},
		{qid: "t3", in: "新收自然人2件，予以公开自然人2件，不予公开、无法提供都是0", want: map[string]string{"new.natural": "2", "open.natural": "2", "process.natural": "0", "unclear.total": "0"}},
		{qid: "t3", in: "不予处理和其他处理均为0", want: map[string]string{"petition.natural": "0", "other_handling.total": "0"}},
		// Rows or headings said to have none, alone or beside figures.
		{qid: "t2_enforce", in: "处罚36，强制都没有", want: map[string]string{"penalty.decisions": "36", "coercion.decisions": "0"}},
		{qid: "t3", in: "新收自然人1件，予以公开自然人1件，不予公开、无法提供都没有", want: map[string]string{"new.natural": "1", "secret.natural": "0", "not_held.natural": "0"}},
		{qid: "t3", in: "不予公开都没有", want: map[string]string{"secret.natural": "0", "inquiry.total": "0"}},
	}
	checkGridCases(t, f, cases)
}

// TestTableExceptionsGiveEveryCell: 都是0 with exceptions states every
// cell, so a saved table changed by such a sentence keeps none of its old
// figures: every cell a contact fills in is given.
func TestTableExceptionsGiveEveryCell(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	_, given, err := bot.ParseGrid(f, q, "其余都是0，只有新收自然人1件")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"new.natural", "open.natural", "next.other", "secret.business"} {
		if !given[k] {
			t.Errorf("%s is not given", k)
		}
	}
	if given["new.total"] {
		t.Errorf("the total is computed, not given")
	}
}

// TestTableGroupTotalChecked: a heading's figures followed by its total
// keep the total as typed, so the form's rules check it.
func TestTableGroupTotalChecked(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t4")
	grid, given, err := bot.ParseGrid(f, q, "行政复议 1 0 0 0 2")
	if err != nil {
		t.Fatal(err)
	}
	if grid["cases.review_total"] != "2" || !given["cases.review_total"] {
		t.Fatalf("the typed total is not kept: %v %v", grid, given)
	}
	bs := bot.CheckArith(f, map[string]*bot.Answer{"t4": {QID: "t4", Status: bot.Answered, Grid: grid}}, nil)
	if len(bs) == 0 {
		t.Errorf("行政复议 1 0 0 0 2 breaks no rule")
	}
}

// TestTableRowByRowPhrases: in conversation a row asked alone takes 0 or
// 无 for all its cells, and 法人 0 for the five columns under it.
func TestTableRowByRowPhrases(t *testing.T) {
	f := disclosureForm(t)
	q := f.Question("t3")
	open := q.Table.Row("open")
	for in, want := range map[string]map[string]string{
		"自然人3，法人0":   {"open.natural": "3", "open.business": "0", "open.other": "0"},
		"3件（均为自然人）":  {"open.natural": "3"},
		"都是0，除了自然人2": {"open.natural": "2", "open.business": "0"},
	} {
		cells, err := bot.ParseRowFigures(q, open, in)
		if err != nil {
			t.Errorf("%q: %v", in, bot.ErrorMessage(err))
			continue
		}
		for k, v := range want {
			if got := cells[k]; got != v && !(v == "0" && got == "") {
				t.Errorf("%q: %s = %q, want %q", in, k, got, v)
			}
		}
	}
}

// TestTableUnansweredRows: a table of few rows answered for some of them
// has the others still to answer; a table of many rows does not (rows
// not named are 0), nor one where the rest was said to be 0.
func TestTableUnansweredRows(t *testing.T) {
	f := disclosureForm(t)
	for _, c := range []struct {
		qid, in string
		want    string
	}{
		{"t2_enforce", "处罚36", "coercion"},
		{"t2_docs", "行政规范性文件 5 1 25", "rules"},
		{"t2_enforce", "处罚36，强制0", ""},
		{"t2_enforce", "处罚36，没有强制", ""},
		{"t2_enforce", "处罚36，其他都是0", ""},
		{"t3", "新收自然人1件", ""},
	} {
		q := f.Question(c.qid)
		_, given, err := bot.ParseGrid(f, q, c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		var ids []string
		for _, r := range bot.UnansweredRows(q, given) {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != c.want {
			t.Errorf("%s %q: unanswered %v, want %q", c.qid, c.in, ids, c.want)
		}
	}
}

// TestTableAllZeroNamesRows: a “none” sentence is the whole table's only
// when it names no rows, or all of them.
func TestTableAllZeroNamesRows(t *testing.T) {
	f := disclosureForm(t)
	for _, c := range []struct {
		qid, in string
		all     bool
	}{
		{"t3", "全年无申请", true},
		{"t3", "都是0", true},
		{"t3", "无法提供、不予处理都是0", false},
		{"t3", "不予公开都没有", false},
		{"t2_enforce", "处罚、强制都是0", true},
		{"t2_enforce", "处罚都没有", false},
		{"t4", "复议诉讼都没有", true},
	} {
		if got := f.Question(c.qid).Table.AllZero(c.in); got != c.all {
			t.Errorf("%s %q: AllZero %v, want %v", c.qid, c.in, got, c.all)
		}
	}
}
