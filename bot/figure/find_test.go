package figure

import (
	"os"
	"testing"
)

// TestFindFiguresSeed runs the finder over the real report: every figure it
// states must be found with its exact value and unit, and words such as 统一,
// 一是, 四中全会 must not be taken for figures.
func TestFindFiguresSeed(t *testing.T) {
	data, err := os.ReadFile("testdata/seed_report.txt") // a copy of ../shared/seeds/000_c4f63c8c7497866c.txt
	if err != nil {
		t.Fatalf("the seed report is needed beside the checkout: %v", err)
	}
	found := map[string]int{}
	for _, sp := range Find(string(data)) {
		found[sp.Figure.Value+sp.Figure.Unit]++
		if string(data)[sp.Start:sp.End] != sp.Text {
			t.Errorf("span %d:%d is %q, Text %q", sp.Start, sp.End, string(data)[sp.Start:sp.End], sp.Text)
		}
	}
	want := []string{"43%", "381件", "1352件", "336场", "15次", "167份", "17次", "83项", "93条", "1705条",
		"15件", "45件", "85件", "100%", "103204件", "4项", "2次", "34次", "19次", "2025年", "2026年",
		"12345"} // the 12345 hotline: a bare number, returned for the caller to judge
	for _, w := range want {
		if found[w] == 0 {
			t.Errorf("figure %s not found (found %v)", w, found)
		}
	}
	for k := range found {
		ok := false
		for _, w := range want {
			ok = ok || k == w
		}
		if !ok {
			t.Errorf("unexpected figure %q in the seed", k)
		}
	}
}

func TestFindFiguresWords(t *testing.T) {
	for _, s := range []string{"统一思想", "一是加强学习", "第一责任人", "十分重要", "一流营商环境", "党的二十届四中全会", "三重一大", "一些问题", "第3次会议"} {
		if got := Find(s); len(got) != 0 {
			t.Errorf("%q: found %+v", s, got)
		}
	}
	got := Find("组织培训约15次，参训三百人次，减少百分之四十三，办理10.3万件，资金1.2亿元")
	want := []string{"约15次", "300人次", "43%", "103000件", "120000000元"}
	if len(got) != len(want) {
		t.Fatalf("found %+v", got)
	}
	for i, sp := range got {
		f := sp.Figure
		s := f.Qualifier + f.Value + f.Unit
		if s != want[i] {
			t.Errorf("figure %d = %q, want %q", i, s, want[i])
		}
	}
}
