package bot

import (
	"strings"
	"testing"

	"reportbot/bot/figure"
)

// TestParseItemTitle: the title is the contact's own short heading, never
// a cut-off sentence. With no heading before 。 or ：, a long first
// sentence gives its first clause as the title and the rest as the
// detail; every figure of the message is kept.
func TestParseItemTitle(t *testing.T) {
	rows := []struct {
		typed, title, text string
		figures            []string
	}{
		{"开展安全生产专项执法检查，检查企业120余家，发现隐患36处，涉案货值约85万元，全部整改到位",
			"开展安全生产专项执法检查", "检查企业120余家，发现隐患36处，涉案货值约85万元，全部整改到位",
			[]string{"120余家", "36处", "约85万元"}},
		{"开展安全生产专项执法检查，检查企业120余家，发现隐患36处。全部整改到位，涉案货值约85万元。",
			"开展安全生产专项执法检查", "检查企业120余家，发现隐患36处。全部整改到位，涉案货值约85万元。",
			[]string{"120余家", "36处", "约85万元"}},
		{"规范流程，提升服务效能。制定会务保障实施细则，全区性会议同比减少43%",
			"规范流程，提升服务效能", "制定会务保障实施细则，全区性会议同比减少43%", []string{"43%"}},
		{"（二）依法公开：区政府网站公开信息1075条", "依法公开", "区政府网站公开信息1075条", []string{"1075条"}},
		{"依法公开", "依法公开", "", nil},
		{"深入推进严格规范公正文明执法；全年办理行政处罚案件215宗，罚没款项合计约三百二十万元",
			"深入推进严格规范公正文明执法", "全年办理行政处罚案件215宗，罚没款项合计约三百二十万元", []string{"215宗", "约320万元"}},
	}
	for _, r := range rows {
		it, err := ParseItem(r.typed)
		if err != nil {
			t.Errorf("%q: %v", r.typed, err)
			continue
		}
		if it.Title != r.title || it.Text != r.text {
			t.Errorf("%q:\n title %q, want %q\n text %q, want %q", r.typed, it.Title, r.title, it.Text, r.text)
		}
		if strings.Contains(it.Title, "…") {
			t.Errorf("%q: title cut: %q", r.typed, it.Title)
		}
		var got []string
		for _, f := range it.Figures {
			got = append(got, figure.Format(f))
		}
		if strings.Join(got, "、") != strings.Join(r.figures, "、") {
			t.Errorf("%q: figures %q, want %q", r.typed, got, r.figures)
		}
	}
}

// TestParseItemLongClause: one long clause without any punctuation is
// kept whole as the title, not cut in the middle of a word.
func TestParseItemLongClause(t *testing.T) {
	typed := "全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度并组织专项培训"
	it, err := ParseItem(typed)
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != typed || it.Text != "" {
		t.Errorf("item = %+v", it)
	}
}
