package prompts

import (
	"bytes"
	"strings"
	"testing"

	"reportbot/bot"
)

func TestShippedForms(t *testing.T) {
	var out bytes.Buffer
	if err := CheckForms(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "fazhi-annual v") {
		t.Errorf("forms check printed %q", out.String())
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
