package figure

import "testing"

// TestSameAssertionScale: a figure written with 万 or 亿 asserts the same
// as the answer stored in the question's unit, and a qualifier or another
// unit still tells them apart.
func TestSameAssertionScale(t *testing.T) {
	for _, c := range []struct {
		found, want string
		same        bool
	}{
		{"249.5万元", "2495000元", true},
		{"2495000元", "249.5万元", true},
		{"1.2亿元", "12000万元", true},
		{"3.6万人次", "36000人次", true},
		{"249.5万元", "249.5元", false},
		{"约249.5万元", "249.5万元", false},
		{"249.5万件", "2495000元", false},
		{"53宗", "53件", true},
		{"53", "53件", true},
	} {
		f, err := Parse(c.found)
		if err != nil {
			t.Fatal(c.found, err)
		}
		w, err := Parse(c.want)
		if err != nil {
			t.Fatal(c.want, err)
		}
		// The answer as stored keeps the question's unit (249.5 万元).
		if u := c.want; len(u) > 0 && (u == "249.5万元" || u == "12000万元") {
			w = Figure{Value: map[string]string{"249.5万元": "249.5", "12000万元": "12000"}[u], Unit: "万元"}
		}
		if got := SameAssertion(f, w); got != c.same {
			t.Errorf("SameAssertion(%s, %s) = %v", c.found, c.want, got)
		}
	}
}
