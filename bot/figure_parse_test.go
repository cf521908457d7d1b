package bot

import (
	"strings"
	"testing"
)

func q(kind Kind, unit string) *Question {
	return &Question{ID: "x", Prompt: "全区性会议同比减少了百分之多少？", Kind: kind, Unit: unit, Example: "例"}
}

// TestParseAnswerFigures is the table of how contacts type figures: each
// row is the question's kind and unit, what is typed, and the canonical
// echo, or a substring of the error sentence.
func TestParseAnswerFigures(t *testing.T) {
	rows := []struct {
		kind  Kind
		unit  string
		typed string
		want  string // canonical echo; "" when an error is expected
		err   string // substring of the error message
	}{
		// The seed's figures, typed in varied ways.
		{KindPercent, "%", "43%", "43%", ""},
		{KindPercent, "%", "43％", "43%", ""},
		{KindPercent, "%", "百分之四十三", "43%", ""},
		{KindPercent, "%", "减少43%", "43%", ""},
		{KindPercent, "%", "43", "43%", ""},
		{KindCount, "件", "381件", "381件", ""},
		// A synonym of the unit counts the same (多少名 is answered in 人).
		{KindCount, "人", "3名", "3人", ""},
		{KindCount, "场", "15余场次", "15余场", ""},
		{KindCount, "件", "898宗", "898件", ""},
		{KindCount, "件", "3次", "", "本题的单位是“件”"},
		// Several figures in a unit the question refuses: no sum is
		// offered in it (6期 would be refused next).
		{KindCount, "场", "专题讲座4期，培训班2期", "", "本题的单位是“场”"},
		{KindCount, "件", "381", "381件", ""},
		{KindCount, "件", "３８１件", "381件", ""},
		{KindCount, "件", "三百八十一件", "381件", ""},
		{KindCount, "件", "一千三百五十二", "1352件", ""},
		{KindCount, "件", "1352 件", "1352件", ""},
		{KindCount, "件", "1,352件", "1352件", ""},
		{KindCount, "场", "336场", "336场", ""},
		{KindCount, "场", "共336场", "336场", ""},
		{KindCount, "次", "15次", "15次", ""},
		{KindCount, "次", "十五次", "15次", ""},
		{KindCount, "次", "15次左右", "15次左右", ""},
		{KindCount, "次", "约15次", "约15次", ""},
		{KindCount, "份", "167份", "167份", ""},
		{KindCount, "次", "十七", "17次", ""},
		{KindCount, "项", "83项", "83项", ""},
		{KindCount, "条", "93条", "93条", ""},
		{KindCount, "条", "1705条", "1705条", ""},
		{KindCount, "件", "四十五件", "45件", ""},
		{KindCount, "件", "85件", "85件", ""},
		{KindPercent, "%", "100%", "100%", ""},
		{KindPercent, "%", "百分之百", "100%", ""},
		{KindPercent, "%", "百分百", "100%", ""},
		{KindCount, "件", "103，204件", "103,204件", ""},
		{KindCount, "件", "103,204", "103,204件", ""},
		{KindCount, "件", "103204件", "103,204件", ""},
		{KindCount, "件", "10.3204万件", "103,204件", ""},
		{KindCount, "件", "十万三千二百零四件", "103,204件", ""},
		{KindCount, "项", "4项", "4项", ""},
		{KindCount, "次", "两次", "2次", ""},
		{KindCount, "次", "三十四次", "34次", ""},
		{KindCount, "次", "19", "19次", ""},
		// Other generous forms.
		{KindCount, "件", "两万", "20,000件", ""},
		{KindCount, "件", "两万五", "25,000件", ""},
		{KindCount, "件", "10.3万", "103,000件", ""},
		{KindCount, "件", "100余件", "100余件", ""},
		{KindCount, "件", "一百多件", "100多件", ""},
		{KindCount, "场", "超过300场", "超过300场", ""},
		{KindPercent, "%", "近百分之九十", "近90%", ""},
		{KindPercent, "%", "99.5%", "99.5%", ""},
		{KindCount, "人次", "120人次", "120人次", ""},
		{KindCount, "件", "无", "0件", ""},
		{KindCount, "件", "没有", "0件", ""},
		{KindCount, "件", "0", "0件", ""},
		{KindCount, "件", "零", "0件", ""},
		{KindAmount, "万元", "12.5万元", "12.5万元", ""},
		{KindAmount, "万元", "125000元", "12.5万元", ""},
		{KindAmount, "万元", "1.2亿元", "12,000万元", ""},
		{KindAmount, "万元", "三点五万元", "3.5万元", ""},
		{KindAmount, "万元", "0.01万元", "0.01万元", ""},
		{KindNumber, "", "-3", "-3", ""},
		// Bad input: one clear sentence, nothing stored.
		{KindCount, "件", "", "", "请填写一个数字"},
		{KindCount, "件", "   ", "", "请填写一个数字"},
		{KindCount, "件", strings.Repeat("很", 10000), "", "只需填写一个数字"},
		{KindCount, "件", "😀😀", "", "请填写一个数字"},
		{KindCount, "件", "-5件", "", "不能为负数"},
		{KindCount, "件", "负五件", "", "不能为负数"},
		{KindCount, "件", "1.5件", "", "应为整数"},
		{KindCount, "件", "abc", "", "请填写一个数字"},
		{KindCount, "件", "同上", "", "不能写“同上”"},
		{KindCount, "件", "见附件", "", "暂不支持附件"},
		{KindCount, "件", "381件和15次", "", "只填写一个数字"},
		{KindCount, "件", "381,15", "", "只填写一个数字"},
		{KindCount, "件", "3万元", "", "单位是“件”"},
		{KindCount, "件", "381次", "", "单位是“件”"},
		{KindCount, "件", "43%", "", "不是百分比"},
		{KindCount, "件", "381只羊", "", "没有看懂"},
		{KindPercent, "%", "120%", "", "不能超过 100%"},
		{KindPercent, "%", "43件", "", "填写百分比"},
		{KindAmount, "万元", "-1万元", "", "不能为负数"},
		{KindCount, "件", "三五百件", "", "不是确切的数字"},
		{KindCount, "件", "1000000000000000000000件", "", "数字过大"},
	}
	for i, r := range rows {
		qq := q(r.kind, r.unit)
		qq.Example = "381件"
		a, err := ParseAnswer(qq, r.typed)
		if r.err != "" {
			if err == nil {
				t.Errorf("%d %.20q: no error, stored %q", i, r.typed, FormatAnswer(qq, a))
				continue
			}
			if msg := ErrorMessage(err); !strings.Contains(msg, r.err) || !strings.Contains(msg, "例如：381件") || ErrorCode(err) != EInvalid {
				t.Errorf("%d %.20q: error %q (code %s), want %q with the example", i, r.typed, msg, ErrorCode(err), r.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%d %q: %v", i, r.typed, err)
			continue
		}
		if got := FormatAnswer(qq, a); got != r.want {
			t.Errorf("%d %q: echo %q, want %q", i, r.typed, got, r.want)
		}
	}
	if len(rows) < 60 {
		t.Fatalf("only %d rows", len(rows))
	}
}

// TestParseAnswerExactValues checks the stored value itself, not the echo:
// figures are kept as exact decimals with the qualifier apart.
func TestParseAnswerExactValues(t *testing.T) {
	for _, c := range []struct {
		kind                 Kind
		unit, typed          string
		value, unitOut, qual string
	}{
		{KindCount, "件", "103，204件", "103204", "件", ""},
		{KindCount, "次", "15次左右", "15", "次", "左右"},
		{KindPercent, "%", "近百分之九十", "90", "%", "近"},
		{KindAmount, "万元", "125000元", "12.5", "万元", ""},
		{KindAmount, "万元", "0.1元", "0.00001", "万元", ""},
	} {
		a, err := ParseAnswer(q(c.kind, c.unit), c.typed)
		if err != nil {
			t.Fatalf("%q: %v", c.typed, err)
		}
		if f := a.Figure; f.Value != c.value || f.Unit != c.unitOut || f.Qualifier != c.qual {
			t.Errorf("%q: %+v, want %s %s %s", c.typed, *f, c.value, c.unitOut, c.qual)
		}
	}
}

func TestParseAnswerOtherKinds(t *testing.T) {
	choice := &Question{ID: "c", Kind: KindChoice, Choices: []string{"市级", "区级", "街道级"}, Example: "区级"}
	for _, c := range []struct {
		q     *Question
		typed string
		want  string
		bad   bool
	}{
		{&Question{ID: "t", Kind: KindText, Example: "节能领域"}, "  节能领域 ", "节能领域", false},
		{&Question{ID: "t", Kind: KindText, Example: "节能领域"}, "😀", "", true},
		// A post, not a name: a bare name on a subject (职务) question is
		// asked again; a post, or a post with the name, is taken.
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "张伟", "", true},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "欧阳明华", "", true},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "王晓燕", "", true},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "局党组书记、局长", "局党组书记、局长", false},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "主任 张伟", "主任 张伟", false},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "街道党工委书记", "街道党工委书记", false},
		{&Question{ID: "t", Kind: KindText, Subject: true, Example: "政府办党组书记"}, "校长", "校长", false},
		{&Question{ID: "t", Kind: KindText, Example: "节能领域"}, "张伟", "张伟", false},
		{&Question{ID: "t", Kind: KindText, Example: "节能领域", MaxLen: 5}, "一二三四五六", "", true},
		{&Question{ID: "l", Kind: KindList, Example: "甲、乙"}, "1. 宪法日宣传\n2. 民法典宣传", "宪法日宣传；民法典宣传", false},
		{&Question{ID: "l", Kind: KindList, Example: "甲、乙"}, "（一）甲；（二）乙。", "甲；乙", false},
		{choice, "2", "区级", false},
		{choice, "街道", "街道级", false},
		{choice, "省级", "", true},
		{&Question{ID: "y", Kind: KindYesNo, Example: "是"}, "是的", "是", false},
		{&Question{ID: "y", Kind: KindYesNo, Example: "是"}, "没有", "否", false},
		{&Question{ID: "y", Kind: KindYesNo, Example: "是"}, "也许", "", true},
		{&Question{ID: "d", Kind: KindDate, Example: "2025年3月1日"}, "2025年3月1日", "2025-03-01", false},
		{&Question{ID: "d", Kind: KindDate, Example: "2025年3月1日"}, "2025.3.1", "2025-03-01", false},
		{&Question{ID: "d", Kind: KindDate, Example: "2025年3月1日"}, "2025-02-30", "", true},
	} {
		a, err := ParseAnswer(c.q, c.typed)
		if c.bad {
			if err == nil {
				t.Errorf("%q: accepted as %q", c.typed, FormatAnswer(c.q, a))
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.typed, err)
			continue
		}
		if got := FormatAnswer(c.q, a); got != c.want {
			t.Errorf("%q = %q, want %q", c.typed, got, c.want)
		}
	}
}

func TestParseItem(t *testing.T) {
	it, err := ParseItem("（一）规范流程，提升服务效能。制发文件381件，全区性会议同比减少43%。")
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "规范流程，提升服务效能" || !strings.HasPrefix(it.Text, "制发文件") {
		t.Errorf("item = %+v", it)
	}
	if len(it.Figures) != 2 || it.Figures[0].Value != "381" || it.Figures[1].Value != "43" || it.Figures[1].Unit != "%" {
		t.Errorf("figures = %+v", it.Figures)
	}
	if _, err := ParseItem("好"); err == nil {
		t.Error("a one-character item was accepted")
	}
}

func TestCheckRules(t *testing.T) {
	f := &Form{Sections: []Section{{Questions: []Question{
		{ID: "received", Prompt: "收到多少件？", Kind: KindCount, Unit: "件"},
		{ID: "accepted", Prompt: "受理多少件？", Kind: KindCount, Unit: "件"},
		{ID: "reply", Prompt: "答复率？", Kind: KindPercent, Unit: "%"},
		{ID: "satisfied", Prompt: "满意率？", Kind: KindPercent, Unit: "%"},
	}}}, Rules: []Rule{{Kind: "le", Left: "accepted", Right: "received"}, {Kind: "requires", Left: "satisfied", Right: "reply"}}}
	f.Index()
	fig := func(v string) *Answer { return &Answer{Status: Answered, Figure: &Figure{Value: v, Unit: "件"}} }
	if err := CheckRules(f, map[string]*Answer{"received": fig("5"), "accepted": fig("4")}); err != nil {
		t.Errorf("parts ≤ total refused: %v", err)
	}
	err := CheckRules(f, map[string]*Answer{"received": fig("5"), "accepted": fig("6")})
	if err == nil || !strings.Contains(ErrorMessage(err), "不能大于第 1 题") {
		t.Errorf("part > total: %v", err)
	}
	if err := CheckRules(f, map[string]*Answer{"satisfied": fig("100")}); err == nil || !strings.Contains(ErrorMessage(err), "请先填写第 3 题") {
		t.Errorf("满意率 without 答复率: %v", err)
	}
	if err := CheckRules(f, map[string]*Answer{"satisfied": fig("100"), "reply": {Status: Skipped}}); err == nil {
		t.Error("a skipped 答复率 satisfied the rule")
	}
}

// TestCheckRulesWith: a turn's check of one answer applies every rule
// naming its question, with the answer in place of the stored one, and
// leaves the stored answers alone; rules about other questions are not
// its business.
func TestCheckRulesWith(t *testing.T) {
	f := &Form{Sections: []Section{{Questions: []Question{
		{ID: "received", Prompt: "收到多少件？", Kind: KindCount, Unit: "件"},
		{ID: "accepted", Prompt: "受理多少件？", Kind: KindCount, Unit: "件"},
		{ID: "reply", Prompt: "答复率？", Kind: KindPercent, Unit: "%"},
		{ID: "satisfied", Prompt: "满意率？", Kind: KindPercent, Unit: "%"},
	}}}, Rules: []Rule{{Kind: "le", Left: "accepted", Right: "received"}, {Kind: "requires", Left: "satisfied", Right: "reply"}}}
	f.Index()
	fig := func(qid, v string) *Answer {
		return &Answer{QID: qid, Status: Answered, Figure: &Figure{Value: v, Unit: "件"}}
	}
	stored := map[string]*Answer{"received": fig("received", "5"), "accepted": fig("accepted", "4")}
	for _, c := range []struct {
		ans  *Answer
		want string // in the error; "" for none
	}{
		{fig("accepted", "5"), ""},
		{fig("accepted", "6"), "不能大于第 1 题"},    // as left
		{fig("received", "3"), "不能大于第 1 题"},    // as right: the stored 4 is now too many
		{fig("received", "4"), ""},             // replaces the stored 5
		{fig("satisfied", "100"), "请先填写第 3 题"}, // requires
		{fig("reply", "100"), ""},
	} {
		err := CheckRulesWith(f, stored, c.ans)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(ErrorMessage(err), c.want)) {
			t.Errorf("%s=%s: %v, want %q", c.ans.QID, c.ans.Figure.Value, err, c.want)
		}
		// The same verdict as checking every rule over the answers with
		// this one stored.
		trial := map[string]*Answer{c.ans.QID: c.ans}
		for k, v := range stored {
			if k != c.ans.QID {
				trial[k] = v
			}
		}
		if all := CheckRules(f, trial); (all == nil) != (err == nil) {
			t.Errorf("%s=%s: CheckRulesWith %v, CheckRules %v", c.ans.QID, c.ans.Figure.Value, err, all)
		}
	}
	if len(stored) != 2 || stored["received"].Figure.Value != "5" || stored["accepted"].Figure.Value != "4" {
		t.Errorf("the stored answers changed: %+v", stored)
	}
	// A rule another question breaks already does not refuse this one.
	broken := map[string]*Answer{"satisfied": fig("satisfied", "100")}
	if err := CheckRulesWith(f, broken, fig("received", "5")); err != nil {
		t.Errorf("an answer the broken rule does not name was refused: %v", err)
	}
}
