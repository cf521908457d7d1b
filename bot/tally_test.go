package bot

import "testing"

// TestTally: one count of questions for every reader. A question behind a
// yes/no gate counts until the gate is answered otherwise than 是; then it
// drops out, and Total + Dropped is always every question of the form.
func TestTally(t *testing.T) {
	f := &Form{Sections: []Section{{Questions: []Question{
		{ID: "a", Prompt: "甲？", Kind: KindCount},
		{ID: "gate", Prompt: "是否承担执法职能？", Kind: KindYesNo, Optional: true},
		{ID: "g1", Prompt: "立案多少件？", Kind: KindCount, AskIf: "gate"},
		{ID: "g2", Prompt: "结案多少件？", Kind: KindCount, AskIf: "gate"},
		{ID: "b", Prompt: "乙？", Kind: KindText, Optional: true},
	}}}}
	f.Index()
	yes := &Answer{Status: Answered, Text: "是"}
	no := &Answer{Status: Answered, Text: "否"}
	skip := &Answer{Status: Skipped}
	na := &Answer{Status: NotApply}
	fig := &Answer{Status: Answered, Figure: &Figure{Value: "3"}}
	rows := []struct {
		name    string
		answers map[string]*Answer
		want    Tally
	}{
		{"nothing yet", nil, Tally{Total: 5, Open: 5}},
		{"gate skipped", map[string]*Answer{"a": fig, "gate": skip}, Tally{Total: 5, Done: 1, Answered: 1, Skipped: 1, Open: 3}},
		{"gate yes", map[string]*Answer{"a": fig, "gate": yes, "g1": fig}, Tally{Total: 5, Done: 3, Answered: 3, Open: 2}},
		{"gate no", map[string]*Answer{"a": fig, "gate": no, "g1": fig}, Tally{Total: 3, Done: 2, Answered: 2, Open: 1, Dropped: 2}},
		{"gate 不涉及", map[string]*Answer{"gate": na, "b": na}, Tally{Total: 3, Done: 2, NotApply: 2, Open: 1, Dropped: 2}},
		{"all through", map[string]*Answer{"a": skip, "gate": yes, "g1": fig, "g2": skip, "b": na},
			Tally{Total: 5, Done: 3, Answered: 2, NotApply: 1, Skipped: 2}},
	}
	for _, r := range rows {
		got := f.Tally(r.answers)
		if got != r.want {
			t.Errorf("%s: %+v, want %+v", r.name, got, r.want)
		}
		if got.Total+got.Dropped != f.Len() {
			t.Errorf("%s: total %d + dropped %d != %d questions", r.name, got.Total, got.Dropped, f.Len())
		}
		if done, total := f.Progress(r.answers); done != got.Done || total != got.Total {
			t.Errorf("%s: Progress = %d/%d, Tally %d/%d", r.name, done, total, got.Done, got.Total)
		}
	}
	if g := f.GatedBy("gate"); len(g) != 2 || g[0].ID != "g1" || g[1].ID != "g2" {
		t.Errorf("GatedBy = %v", g)
	}
}
