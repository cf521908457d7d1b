package figure

import "testing"

// TestBoundWords: 高于/不低于/低于 before a figure and + after its unit are
// qualifiers kept with it, of the sense they say, in a figure typed alone
// and inside a sentence.
func TestBoundWords(t *testing.T) {
	for _, c := range []struct{ in, value, unit, qual, sense string }{
		{"高于99%", "99", "%", "高于", "over"},
		{"不低于95%", "95", "%", "不低于", "over"},
		{"大于90%", "90", "%", "大于", "over"},
		{"低于5%", "5", "%", "低于", "under"},
		{"99.9%+", "99.9", "%", "以上", "over"},
		{"200人次+", "200", "人次", "以上", "over"},
	} {
		f, err := Parse(c.in)
		if err != nil || f.Value != c.value || f.Unit != c.unit || f.Qualifier != c.qual || QualifierSense(f.Qualifier) != c.sense {
			t.Errorf("Parse(%q) = %+v, %v; want %s %s %s (%s)", c.in, f, err, c.qual, c.value, c.unit, c.sense)
		}
		spans := Find("群众满意率" + c.in + "，较上年有所提升")
		if len(spans) != 1 || spans[0].Figure != f {
			t.Errorf("Find in a sentence with %q: %+v, want %+v", c.in, spans, f)
		}
	}
}
