package bot

import (
	"strings"
	"testing"
)

// TestSpreadEach: a figure said of each thing in a list (各28件, 均为2场)
// becomes each thing's own, so the reader and the form's matcher see one
// figure per thing; a rate, a list of months, a bracket and a list
// without things are left as written.
func TestSpreadEach(t *testing.T) {
	checkRewrites(t, "SpreadEach", SpreadEach, [][2]string{
		{"人大建议、政协提案各28件", "人大建议28件、政协提案28件"},
		{"承办人大代表建议和政协委员提案各28件，均按期办结", "承办人大代表建议28件、政协委员提案28件，均按期办结"},
		{"今年开展法治讲座、专题培训各为3场", "今年开展法治讲座3场、专题培训3场"},
		{"行政复议、行政诉讼案件均为0件", "行政复议0件、行政诉讼案件0件"},
		{"法律顾问和公职律师都是2名", "法律顾问2名、公职律师2名"},
		{"人大建议、政协提案及群众来信各有5件", "人大建议5件、政协提案5件、群众来信5件"},
		{"人大建议、政协提案各二十八件", "人大建议二十八件、政协提案二十八件"},
		// left alone
		{"三个科室各2件", "三个科室各2件"},
		{"共3次（3月、6月、9月各一次）", "共3次（3月、6月、9月各一次）"},
		{"一季度、三季度各一次", "一季度、三季度各一次"},
		{"每月一次，共12次", "每月一次，共12次"},
		{"人均学时40学时", "人均学时40学时"},
		{"平均每月105次，全年1260次", "平均每月105次，全年1260次"},
		{"人大建议28件，政协提案30件", "人大建议28件，政协提案30件"},
		{"人大建议和政协提案分别为28件、30件", "人大建议和政协提案分别为28件、30件"},
		{"各28件", "各28件"},
	})
}

// TestEachFigureRead: the question's own thing among those a figure is said
// of each takes the figure; a figure of each thing with no list to spread
// over, or a rate, is refused with what to write instead.
func TestEachFigureRead(t *testing.T) {
	npc := &Question{ID: "npc", Kind: KindCount, Unit: "件", Prompt: "承办人大代表建议多少件？", Example: "45件"}
	lectures := &Question{ID: "lec", Kind: KindCount, Unit: "场", Prompt: "举办法治讲座多少场？", Example: "6场"}
	checkFigureCases(t, []figureCase{
		{npc, "人大建议、政协提案各28件", "28"},
		{npc, "承办人大代表建议和政协提案各28件，均已按期办结", "28"},
		{lectures, "全年举办法治讲座、专题培训各3场", "3"},
		{npc, "三个科室各2件", "!合计"},
		{npc, "每个科室各2件", "!合计"},
		{lectures, "每月1场", "!全年合计"},
		{lectures, "每月1场", "!12场"},
	})
}

// TestRateOffersTheYear: a rate per month, quarter or half year is
// refused with the year's figure it would make offered, never stored.
func TestRateOffersTheYear(t *testing.T) {
	study := &Question{ID: "study", Kind: KindCount, Unit: "次", Prompt: "组织常务会会前学法多少次？", Example: "15次"}
	for text, want := range map[string]string{
		"每月1次":   "“12次”",
		"每季度一次":  "“4次”",
		"每半年2次":  "“4次”",
		"每周一次":   "全年合计",
		"每月1.5次": "“18次”",
		"月均105次": "全年为1260次",
		"日均20次":  "是平均数",
		"季均3次":   "全年为12次",
	} {
		a, err := ParseAnswer(study, text)
		if err == nil || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("%q: got %+v, %v; want a refusal with %s", text, a, err, want)
		}
	}
}

// TestSpreadRespectively: things listed first and their figures after
// 分别为 (or 为) in the same order are paired up, as if written apart;
// lists of different lengths, and figures not all joined by a separator,
// are left as written.
func TestSpreadRespectively(t *testing.T) {
	checkRewrites(t, "Spread", Spread, [][2]string{
		{"答复率和满意率分别为100%和98%", "答复率为100%、满意率为98%"},
		{"答复率、满意率分别为100%、98%", "答复率为100%、满意率为98%"},
		{"建议提案的答复率和满意率为100%与98%", "建议提案的答复率为100%、满意率为98%"},
		{"参考率、合格率、优秀率分别达100%、100%、95%，较上年有所提高", "参考率达100%、合格率达100%、优秀率达95%，较上年有所提高"},
		{"人大建议和政协提案分别是36件和28件", "人大建议是36件、政协提案是28件"},
		{"受理和不予受理分别为80件和8件", "受理为80件、不予受理为8件"},
		{"纠正和调解分别为6件与12件", "纠正为6件、调解为12件"},
		{"办结率、满意率分别达到99.6%及96.8%", "办结率达到99.6%、满意率达到96.8%"},
		// left alone
		{"答复率和满意率分别为100%", "答复率和满意率分别为100%"},
		{"答复率、满意率、办结率分别为100%、98%", "答复率、满意率、办结率分别为100%、98%"},
		{"答复率100%，满意率98%", "答复率100%，满意率98%"},
		{"共收到28件，其中建议和提案分别为16件，同比增长12件", "共收到28件，其中建议和提案分别为16件，同比增长12件"},
		{"（答复率和满意率分别为100%和98%）", "（答复率和满意率分别为100%和98%）"},
	})
}

// TestRespectivelyRead: the question's own label among those listed
// before 分别为 takes its own figure, never the first.
func TestRespectivelyRead(t *testing.T) {
	sat := &Question{ID: "sat", Kind: KindPercent, Unit: "%", Prompt: "建议提案的满意率是多少？", Example: "98%"}
	reply := &Question{ID: "reply", Kind: KindPercent, Unit: "%", Prompt: "建议提案的答复率是多少？", Example: "100%"}
	cppcc := &Question{ID: "cppcc", Kind: KindCount, Unit: "件", Prompt: "承办政协委员提案多少件？", Example: "85件"}
	checkFigureCases(t, []figureCase{
		{sat, "答复率和满意率分别为100%和98%", "98"},
		{sat, "答复率、满意率分别为100%、98%", "98"},
		{sat, "答复率和满意率为100%和98%", "98"},
		{reply, "答复率和满意率分别为100%和98%", "100"},
		{cppcc, "人大建议和政协提案分别为36件和28件", "28"},
		{cppcc, "人大建议、政协提案分别为36件、28件", "28"},
		{cppcc, "承办人大代表建议和政协提案分别为23件和31件", "31"},
	})
}

// TestBareOneAsksPercent: a bare 1 on a percentage question is a ratio
// copied from a sheet as often as 1%: the contact is asked which.
func TestBareOneAsksPercent(t *testing.T) {
	q := &Question{ID: "rate", Kind: KindPercent, Unit: "%", Prompt: "答复率是多少？", Example: "100%"}
	for _, text := range []string{"1", "1.0", "1.00"} {
		if a, err := ParseAnswer(q, text); err == nil || !strings.Contains(ErrorMessage(err), "100% 还是 1%") {
			t.Errorf("%q: got %+v, %v", text, a, err)
		}
	}
	for text, want := range map[string]string{"1%": "1", "百分之一": "1", "100": "100"} {
		if a, err := ParseAnswer(q, text); err != nil || a.Figure.Value != want {
			t.Errorf("%q: got %+v, %v; want %s%%", text, a, err, want)
		}
	}
}

// TestWholeWordsOnRates: a rate said complete in words that name it is
// 100%; words of another outcome (全部维持 on a correction rate) are not.
func TestWholeWordsOnRates(t *testing.T) {
	cover := &Question{ID: "cover", Kind: KindPercent, Unit: "%", Prompt: "村（社区）法律顾问覆盖率是多少？", Example: "100%"}
	cert := &Question{ID: "cert", Kind: KindPercent, Unit: "%", Prompt: "执法人员持证上岗率是多少？", Example: "100%"}
	fix := &Question{ID: "fix", Kind: KindPercent, Unit: "%", Prompt: "行政复议纠错率是多少？", Example: "14.1%"}
	for _, c := range []struct {
		q          *Question
		text, want string
	}{
		{cover, "全覆盖", "100"},
		{cover, "实现一村一顾问全覆盖", "100"},
		{cert, "全员持证", "100"},
		{cert, "28人全部持证", "100"},
		{cert, "除1人外全部持证", ""},
		{cert, "未全部持证", ""},
		{fix, "全部维持", ""},
		{fix, "全覆盖", ""},
	} {
		a, err := ParseAnswer(c.q, c.text)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%s %q: stored %+v, want it asked again", c.q.ID, c.text, a.Figure)
		case c.want != "" && (err != nil || a.Figure.Value != c.want || a.Figure.Unit != "%" || a.Wrote != c.text):
			t.Errorf("%s %q: got %+v, %v; want %s%% as written", c.q.ID, c.text, a, err, c.want)
		}
	}
}

// TestPartsTheQuestionNames: figures given as a whole and its parts answer
// a question about the parts with the parts, never the whole; a denial
// the question asks about picks the figure that states it.
func TestPartsTheQuestionNames(t *testing.T) {
	repealed := &Question{ID: "rep", Kind: KindCount, Unit: "件", Prompt: "清理后废止或宣布失效的有多少件？", Example: "3件"}
	notAccepted := &Question{ID: "na", Kind: KindCount, Unit: "件", Prompt: "不予受理多少件？", Example: "2件"}
	lenient := &Question{ID: "len", Kind: KindCount, Unit: "件", Prompt: "适用首违不罚、轻微免罚多少件？", Example: "5件"}
	docs := &Question{ID: "docs", Kind: KindCount, Unit: "件", Prompt: "全年制发文件多少件？", Example: "381件"}
	checkFigureCases(t, []figureCase{
		{repealed, "清理规范性文件35件，其中废止6件、宣布失效2件", "!“8件”"},
		{repealed, "清理规范性文件35件，其中废止6件", "6"},
		{notAccepted, "受理142件，不予受理14件", "14"},
		{lenient, "首违不罚12件，轻微免罚3件", "!“15件”"},
		{docs, "制发文件64件，其中规范性文件3件", "64"},
	})
}

// TestNoSumForOutcomes: when a later figure counts what became of the
// things the first counts (成功, 办结), their sum is never offered;
// figures of things side by side still are.
func TestNoSumForOutcomes(t *testing.T) {
	success := &Question{ID: "ok", Kind: KindCount, Unit: "件", Prompt: "其中调解成功多少件？", Example: "350件"}
	checks := &Question{ID: "chk", Kind: KindCount, Unit: "次", Prompt: "接受人大执法检查、专题视察多少次？", Example: "3次"}
	for _, c := range []struct {
		q          *Question
		text, want string
		offered    bool
	}{
		{success, "调解纠纷2,450件，成功2,398件", "不能确定", false},
		{success, "受理80件，办结78件", "不能确定", false},
		{checks, "接受人大执法检查2次、专题视察1次", "“3次”", true},
	} {
		_, err := ParseAnswer(c.q, c.text)
		msg := ErrorMessage(err)
		if err == nil || !strings.Contains(msg, c.want) || strings.Contains(msg, "合计") != c.offered {
			t.Errorf("%q: %v; want %q, sum offered %v", c.text, err, c.want, c.offered)
		}
	}
}

// figureCase is a text typed at q and the figure value it must store, or
// !words its refusal must hold.
type figureCase struct {
	q          *Question
	text, want string
}

// checkFigureCases reads each case's text as its question's answer.
func checkFigureCases(t *testing.T, cases []figureCase) {
	t.Helper()
	for _, c := range cases {
		a, err := ParseAnswer(c.q, c.text)
		if want, ok := strings.CutPrefix(c.want, "!"); ok {
			if err == nil || !strings.Contains(ErrorMessage(err), want) {
				t.Errorf("%s %q: got %+v, %v; want a refusal with %q", c.q.ID, c.text, a, err, want)
			}
			continue
		}
		if err != nil || a.Figure == nil || a.Figure.Value != c.want {
			t.Errorf("%s %q: got %+v, %v; want %s", c.q.ID, c.text, a, err, c.want)
		}
	}
}

// checkRewrites runs each case's text through f, named name, and checks
// what it writes.
func checkRewrites(t *testing.T, name string, f func(string) string, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		if got := f(c[0]); got != c[1] {
			t.Errorf("%s(%q) = %q, want %q", name, c[0], got, c[1])
		}
	}
}
