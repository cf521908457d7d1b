package figure

import "testing"

var fuzzSeeds = []string{"381件", "一千三百五十二", "103，204件", "10.3万", "百分之四十三", "百分百", "约15次", "15次左右",
	"-5", "1.5件", "同上", "见附件", "😀", "三五百", "两万五", "1,2,3", "百分之", "万", "点五", "0.0001亿元", "超过300场",
	"10余万件", "3万2千件", "2万零500", "近万件", "上千人次", "数十件", "3万25件", "约一千余件", "85万多"}

// FuzzParseFigure: the parser never panics, and a figure it accepts reads
// back to the same value from its canonical echo.
func FuzzParseFigure(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fig, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: error without a message", s)
			}
			return
		}
		if _, ok := DecimalRat(fig.Value); !ok {
			t.Fatalf("%q: value %q is not a decimal", s, fig.Value)
		}
		again, err := Parse(Format(fig))
		if err != nil || again.Value != fig.Value || again.Unit != fig.Unit {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, fig, Format(fig), again, err)
		}
	})
}

// FuzzFindFigures: spans are in bounds, ordered and match their text.
func FuzzFindFigures(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("全年" + s + "，同比减少43%")
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sp := range Find(s) {
			if sp.Start < last || sp.End > len(s) || sp.Start >= sp.End || s[sp.Start:sp.End] != sp.Text {
				t.Fatalf("%q: bad span %+v", s, sp)
			}
			last = sp.End
		}
	})
}

// FuzzChineseNumber: never panics; accepted numerals are decimals.
func FuzzChineseNumber(f *testing.F) {
	for _, s := range []string{"一千三百五十二", "十五", "两万", "三点五", "二〇二五", "一亿零五"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := ChineseNumber(s); ok {
			if _, ok := DecimalRat(v); !ok {
				t.Fatalf("%q → %q", s, v)
			}
		}
	})
}
