package bot

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{"381件", "一千三百五十二", "103，204件", "10.3万", "百分之四十三", "百分百", "约15次", "15次左右",
	"-5", "1.5件", "同上", "见附件", "😀", "三五百", "两万五", "1,2,3", "百分之", "万", "点五", "0.0001亿元", "超过300场"}

// FuzzParseAnswer: every kind survives any input without panicking.
func FuzzParseAnswer(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	qs := []*Question{
		{ID: "c", Kind: KindCount, Unit: "件", Example: "381件"},
		{ID: "p", Kind: KindPercent, Unit: "%", Example: "43%"},
		{ID: "a", Kind: KindAmount, Unit: "万元", Example: "12.5万元"},
		{ID: "t", Kind: KindText, Example: "文字"},
		{ID: "l", Kind: KindList, Example: "甲、乙"},
		{ID: "d", Kind: KindDate, Example: "2025年3月1日"},
		{ID: "y", Kind: KindYesNo, Example: "是"},
		{ID: "i", Kind: KindItems, Example: "标题。内容"},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range qs {
			a, err := ParseAnswer(q, s)
			if err == nil && FormatAnswer(q, a) == "" && utf8.ValidString(s) {
				t.Fatalf("%s %q: accepted but echoes nothing", q.Kind, s)
			}
		}
	})
}
