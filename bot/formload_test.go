package bot

import (
	"strings"
	"testing"
)

const okForm = `
id: t
title: 测试
version: "1"
sections:
  - id: s1
    number: 一
    heading: "{year}年度举措"
    template: measures
    questions:
      - {id: gate, prompt: 是否承担执法职能？, kind: yesno, example: 是}
      - {id: docs, prompt: 制发文件多少件？, kind: count, unit: 件, example: 381件, prose: "制发文件{value}", ask_if: gate}
      - {id: rate, prompt: 满意率？, kind: percent, unit: "%", example: 100%}
rules:
  - {kind: le, left: docs, right: docs}
`

func TestLoadForm(t *testing.T) {
	f, err := LoadForm([]byte(okForm))
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != 3 || f.Question("rate").Number != 3 || len(f.Hash) != 12 {
		t.Errorf("form = %+v", f)
	}
	if !strings.HasPrefix(f.Summary(), "t v1《测试》：1 个部分、0 个小节、3 道题") {
		t.Errorf("summary = %s", f.Summary())
	}
	breakages := []struct{ from, to, err string }{
		{"kind: count", "kind: counter", "第 12 行：题目 docs 的类型“counter”不存在"},
		{"unit: 件", "unit: 件件", "第 12 行：题目 docs 的单位“件件”不是计数单位"},
		{"unit: 件", "unit: 万元", "不是计数单位"},
		{"example: 381件", "example: 三五百件", "第 12 行：题目 docs 的示例答案“三五百件”不符合题目要求"},
		{"ask_if: gate", "ask_if: rate", "必须是排在它前面的一道是否题"},
		{"id: rate", "id: docs", "第 13 行：题目编号“docs”为空、格式不对或与前面的题目重复"},
		{"right: docs", "right: nope", "第 15 行：第 1 条规则引用的题目“nope”不存在"},
		{"kind: le", "kind: ge", "应为 le"},
		{"template: measures", "templat: measures", "第 9 行：不认识的字段“templat”"},
		{`prose: "制发文件{value}"`, `prose: "制发文件"`, "缺少 {value}"},
		{`version: "1"`, `version: ""`, "第 4 行：问卷缺少版本号"},
		{`heading: "{year}年度举措"`, `heading: "{yaer}年度举措"`, "第 8 行：不认识的变量 {yaer}"},
		{"example: 100%}", "example: 100%, last_year: 120%}", "题目 rate 的上年数值“120%”不符合题目要求"},
		{"template: measures", "template: [measures]", "第 9 行：这里的写法不对：需要一段文字。"},
		{"kind: yesno", "kind: yesno, min: many", "第 11 行：“many”的写法不对：这里需要数字。"},
		{"  - id: s1", "  - id: s1\n   bad", "YAML 格式有误"},
		{"example: 100%}", "example: 100%, subject: true}", "题目 rate：subject（作为段落主语）只用于文字题"},
		{"example: 100%}", "example: 100%, none: 未涉及}", "题目 rate：none（回复“无”时记录的文字）只用于文字题"},
	}
	for _, b := range breakages {
		src := strings.Replace(okForm, b.from, b.to, 1)
		if src == okForm {
			t.Fatalf("breakage %q does not apply", b.from)
		}
		_, err := LoadForm([]byte(src))
		if err == nil || !strings.Contains(err.Error(), b.err) || ErrorCode(err) != EInvalid {
			t.Errorf("%s → %s: error %v, want %q", b.from, b.to, err, b.err)
		}
	}
}

// TestFormDirCheckWarnings: a form checked before it goes into the forms
// directory or Redis warns, without failing, about years and 普法 plan
// names written as constants, and says which round variable to use.
func TestFormDirCheckWarnings(t *testing.T) {
	src := strings.NewReplacer(`"{year}年度举措"`, `"2025年度举措"`, "制发文件多少件？", "“八五”普法期间制发文件多少件？").Replace(okForm)
	f, problems := CheckForm([]byte(src))
	if f == nil {
		t.Fatalf("warnings stopped the form: %v", problems)
	}
	want := []string{"提醒：第 8 行：“2025年”是写死的年份", "改用 {year}", "提醒：第 12 行：“八五”是写死的普法规划名称", "“{pufa}”"}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("warnings lack %q:\n%s", w, got)
		}
	}
	if len(problems.Errors()) != 0 || len(problems.Warnings()) != 2 {
		t.Errorf("problems = %v", problems)
	}
	// The 十四五 economic plan is not a 普法 plan, and {year} is no constant.
	if _, p := CheckForm([]byte(strings.Replace(okForm, "制发文件多少件？", "“十四五”期间制发文件多少件？", 1))); len(p) != 0 {
		t.Errorf("a plan that is not 普法 warned: %v", p)
	}
}
