package bot

import (
	"strings"
	"testing"
)

// TestYesNoInOfficialsWords: a yes/no question answered the way contacts
// write it: a count above zero, 有 with what there was, a remark in
// brackets, 暂无 or a zero; a reply that says both is asked again.
func TestYesNoInOfficialsWords(t *testing.T) {
	q := &Question{ID: "has_disputes", Kind: KindYesNo, Prompt: "本年度本单位是否被申请行政复议或者被提起行政诉讼？", Example: "否"}
	for _, c := range []struct{ text, want, note string }{
		{"有1件", "是", "有1件"},
		{"有一件", "是", "有一件"},
		{"有2件", "是", "有2件"},
		{"有1起行政诉讼", "是", "有1起行政诉讼"},
		{"被起诉1次", "是", "被起诉1次"},
		{"行政复议1件", "是", "行政复议1件"},
		{"本年度被申请复议1件", "是", "本年度被申请复议1件"},
		{"嗯，有一件", "是", "有一件"},
		{"没有行政诉讼，有1件行政复议", "是", "没有行政诉讼，有1件行政复议"},
		{"诉讼没有，复议有1件", "是", "诉讼没有，复议有1件"},
		{"无诉讼，复议1件", "是", "无诉讼，复议1件"},
		{"仅行政复议1件", "是", "仅行政复议1件"},
		{"有被复议", "是", "有被复议"},
		{"存在", "是", ""},
		{"是（1件）", "是", "1件"},
		{"有（复议）", "是", "复议"},
		{"是，但已撤回", "是", "但已撤回"},
		{"√", "是", ""},
		{"否（无）", "否", ""},
		{"暂无", "否", ""},
		{"零", "否", ""},
		{"0件", "否", ""},
		{"目前没有", "否", ""},
		{"没有被复议，但有1起行政诉讼", "是", "没有被复议，但有1起行政诉讼"},
		// asked again
		{"否（有1件）", "!前后意思相反", ""},
		{"否，但有1件复议", "!前后意思相反", ""},
		{"也许", "!请回复", ""},
		{"被起诉过", "!请回复", ""},
		{"有没有都行", "!请回复", ""},
	} {
		a, err := ParseAnswer(q, c.text)
		if want, ok := strings.CutPrefix(c.want, "!"); ok {
			if err == nil || !strings.Contains(ErrorMessage(err), want) {
				t.Errorf("%q: got %+v, %v; want a refusal with %q", c.text, a, err, want)
			}
			continue
		}
		if err != nil || a.Text != c.want || a.Note != c.note {
			t.Errorf("%q: got %+v, %v; want %s, note %q", c.text, a, err, c.want, c.note)
		}
	}
}
