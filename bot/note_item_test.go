package bot

import (
	"testing"

	"reportbot/bot/figure"
)

// TestNoteItemKeepsEveryFigure: item extraction keeps every figure of the
// text with its full unit, whatever a model returned.
func TestNoteItemKeepsEveryFigure(t *testing.T) {
	text := "强化食品安全监管。全年抽检食品120批次，查处案件15宗，涉案货值约85万元，培训1.2万人次。"
	want := []string{"120批次", "15宗", "约85万元", "1.2万人次"}
	it, err := ParseItem(text)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, figs []Figure) {
		t.Helper()
		var got []string
		for _, f := range figs {
			got = append(got, figure.Format(f))
		}
		if len(got) != len(want) {
			t.Fatalf("%s: figures %q, want %q", name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: figure %d = %q, want %q", name, i, got[i], want[i])
			}
		}
	}
	check("ParseItem", it.Figures)
	// A model that dropped one figure, shortened a unit and invented one.
	model := Item{Title: "强化食品安全监管", Text: "抽检", Figures: []Figure{{Value: "120", Unit: "批"}, {Value: "850000", Unit: "元"}, {Value: "99", Unit: "件"}}}
	check("ValidateItem", ValidateItem(text, model).Figures)
}
