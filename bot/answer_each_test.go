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
	for _, c := range []struct{ in, want string }{
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
	} {
		if got := SpreadEach(c.in); got != c.want {
			t.Errorf("SpreadEach(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestEachFigureRead: the question's own thing among those a figure is said
// of each takes the figure; a figure of each thing with no list to spread
// over, or a rate, is refused with what to write instead.
func TestEachFigureRead(t *testing.T) {
	npc := &Question{ID: "npc", Kind: KindCount, Unit: "件", Prompt: "承办人大代表建议多少件？", Example: "45件"}
	lectures := &Question{ID: "lec", Kind: KindCount, Unit: "场", Prompt: "举办法治讲座多少场？", Example: "6场"}
	for _, c := range []struct {
		q    *Question
		text string
		want string // the figure, or !words of the refusal
	}{
		{npc, "人大建议、政协提案各28件", "28"},
		{npc, "承办人大代表建议和政协提案各28件，均已按期办结", "28"},
		{lectures, "全年举办法治讲座、专题培训各3场", "3"},
		{npc, "三个科室各2件", "!合计"},
		{npc, "每个科室各2件", "!合计"},
		{lectures, "每月1场", "!全年合计"},
		{lectures, "每月1场", "!12场"},
	} {
		a, err := ParseAnswer(c.q, c.text)
		if strings.HasPrefix(c.want, "!") {
			if err == nil || !strings.Contains(ErrorMessage(err), c.want[1:]) {
				t.Errorf("%q: got %+v, %v; want a refusal with %q", c.text, a, err, c.want[1:])
			}
			continue
		}
		if err != nil || a.Figure == nil || a.Figure.Value != c.want {
			t.Errorf("%q: got %+v, %v; want %s", c.text, a, err, c.want)
		}
	}
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
	} {
		a, err := ParseAnswer(study, text)
		if err == nil || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("%q: got %+v, %v; want a refusal with %s", text, a, err, want)
		}
	}
}
