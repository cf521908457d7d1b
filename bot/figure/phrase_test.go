package figure

import "testing"

// TestPhraseQualifiers: the approximations officials type are found with
// their qualifier, and common words that hold a numeral are not figures.
func TestPhraseQualifiers(t *testing.T) {
	cases := []struct {
		text string
		want []Figure
	}{
		{"大概15%", []Figure{{Value: "15", Unit: "%", Qualifier: "大概"}}},
		{"三十来次", []Figure{{Value: "30", Unit: "次", Qualifier: "来"}}},
		{"不到10件", []Figure{{Value: "10", Unit: "件", Qualifier: "不到"}}},
		{"至少3场", []Figure{{Value: "3", Unit: "场", Qualifier: "至少"}}},
		{"学法12回", []Figure{{Value: "12", Unit: "回"}}},
		{"元旦春节两节期间", nil},
		{"一年来，三年以来", nil},
	}
	for _, c := range cases {
		got := Find(c.text)
		if len(got) != len(c.want) {
			t.Errorf("%q: found %+v, want %+v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i].Figure != c.want[i] {
				t.Errorf("%q: %+v, want %+v", c.text, got[i].Figure, c.want[i])
			}
		}
	}
	if !SameUnit("回", "次") || QualifierSense("来") != "about" || QualifierSense("不到") != "under" {
		t.Error("回 is not 次, or a qualifier's sense is wrong")
	}
	if f, err := Parse(Format(Figure{Value: "30", Unit: "次", Qualifier: "来"})); err != nil || f.Qualifier != "来" || f.Value != "30" {
		t.Errorf("30来次 does not read back: %+v %v", f, err)
	}
}
