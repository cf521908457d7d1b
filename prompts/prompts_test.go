package prompts

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
)

func TestShippedForms(t *testing.T) {
	checked, err := (&Library{}).Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(checked) != 2 {
		t.Fatalf("shipped forms: %+v", checked)
	}
	for _, c := range checked {
		if c.Form == nil || c.Origin != OriginShipped || len(c.Problems) != 0 {
			t.Fatalf("shipped form %s: %+v", c.Name, c.Problems)
		}
	}
	if s := checked[0].Form.Summary(); !strings.HasPrefix(s, "fazhi-annual v") {
		t.Errorf("summary %q", s)
	}
	f, err := Form("fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	var headings []string
	for _, s := range f.Sections {
		headings = append(headings, s.Number+s.Heading)
	}
	want := []string{"主要举措和成效", "存在的不足和原因", "第一责任人职责情况", "责任制落实情况", "主要安排"}
	for i, w := range want {
		if i >= len(headings) || !strings.Contains(headings[i], w) {
			t.Errorf("section %d = %v, want it to contain %q", i+1, headings, w)
		}
	}
	optional, items := 0, 0
	for _, q := range f.Questions() {
		if q.Optional {
			optional++
		}
		if q.Kind == bot.KindItems {
			items++
		}
	}
	if optional < 30 || items == 0 {
		t.Errorf("%d optional indicators and %d open-item questions", optional, items)
	}
	if _, err := Form("nope"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("unknown form: %v", err)
	}
}
