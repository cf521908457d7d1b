package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPhraseFormsTry: `forms try` prints what the engine would store or
// why it refuses, as text and as JSON, by question id or number, with no
// Redis configured.
func TestPhraseFormsTry(t *testing.T) {
	out, err := formsRun(t, nil, Options{}, "try", "fazhi-annual", "2", "今年一共发文420宗，已全部办结")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"第 2 题（docs_issued，count）", "已记录：420件（您写的是“420宗”）。备注：已全部办结。", "数值：420", "单位：件", "限定词：—", "备注：已全部办结"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	out, err = formsRun(t, nil, Options{}, "try", "-json", "prompts/forms/fazhi-annual.yaml", "docs_issued", "一千二百多件")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Value, Unit, Qualifier, Stored, Refusal string }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.Value != "1200" || res.Unit != "件" || res.Qualifier != "多" || res.Stored != "1200多件" || res.Refusal != "" {
		t.Errorf("json = %+v", res)
	}
	out, err = formsRun(t, nil, Options{}, "try", "fazhi-annual", "docs_issued", "收到42件，办结40件")
	if err != nil || !strings.Contains(out, "不记录") || !strings.Contains(out, "“42件”、“40件”") {
		t.Errorf("refusal: %v\n%s", err, out)
	}
	// Chat is no answer, even on a question that takes any words.
	for _, typed := range []string{"你好", "好的", "收到", "谢谢", "在吗", "稍等", "明天再填", "这个问题什么意思"} {
		out, err = formsRun(t, nil, Options{}, "try", "fazhi-annual", "5", typed)
		if err != nil || !strings.Contains(out, "不是答案") || strings.Contains(out, "已记录") {
			t.Errorf("%q: %v\n%s", typed, err, out)
		}
	}
	// -kind numbers the questions as that department sees them: 政府办's
	// 38th is not the form's 38th.
	out, err = formsRun(t, nil, Options{}, "try", "-kind", "政府办", "fazhi-annual", "38", "326件")
	whole, _ := formsRun(t, nil, Options{}, "try", "fazhi-annual", "38", "326件")
	if err != nil || !strings.Contains(out, "第 38 题") || strings.SplitN(out, "\n", 2)[0] == strings.SplitN(whole, "\n", 2)[0] {
		t.Errorf("-kind: %v\n%s\nwhole form:\n%s", err, out, whole)
	}
	if _, err := formsRun(t, nil, Options{}, "try", "-kind", "火星", "fazhi-annual", "38", "3件"); err == nil || !strings.Contains(err.Error(), "没有“火星”类部门") {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := formsRun(t, nil, Options{}, "try", "fazhi-annual", "no_such", "3件"); err == nil || !strings.Contains(err.Error(), "没有题目") {
		t.Errorf("unknown question: %v", err)
	}
	if _, err := formsRun(t, nil, Options{}, "try", "fazhi-annual"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("usage: %v", err)
	}
}

// TestFormsTryTable: a table answer is read with the whole form, as the
// chat reads it: totals computed by the form's rules, a row of another
// table refused, 无 every cell 0.
// TestFormsTryReadsAsTheChat: forms try reads with what the whole form
// tells, as the conversation does: a figure counting two questions'
// things together is refused, one said of each listed thing is this
// question's.
func TestFormsTryReadsAsTheChat(t *testing.T) {
	out, err := formsRun(t, nil, Options{}, "try", "fazhi-annual", "npc_suggestions", "承办人大建议和政协提案共56件")
	if err != nil || !strings.Contains(out, "不记录") || !strings.Contains(out, "合起来的数字") {
		t.Errorf("combined figure: %v\n%s", err, out)
	}
	out, err = formsRun(t, nil, Options{}, "try", "fazhi-annual", "npc_suggestions", "人大建议、政协提案各28件")
	if err != nil || !strings.Contains(out, "记录：28件") || !strings.Contains(out, "备注：政协提案28件") {
		t.Errorf("a figure of each: %v\n%s", err, out)
	}
}

func TestFormsTryTable(t *testing.T) {
	out, err := formsRun(t, nil, Options{}, "try", "xxgk-annual", "t4", "复议维持1件")
	if err != nil || !strings.Contains(out, "已记录：案件数量：1 / 0 / 0 / 0 / 1 /") {
		t.Errorf("t4 with its total: %v\n%s", err, out)
	}
	out, err = formsRun(t, nil, Options{}, "try", "xxgk-annual", "t2_fees", "行政许可 120")
	if err != nil || !strings.Contains(out, "不属于本题") {
		t.Errorf("another table's row: %v\n%s", err, out)
	}
	out, err = formsRun(t, nil, Options{}, "try", "xxgk-annual", "t3", "全年无申请")
	if err != nil || !strings.Contains(out, "全部为 0") {
		t.Errorf("无 on a table: %v\n%s", err, out)
	}
}
