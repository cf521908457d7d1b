package figure

import (
	"fmt"
	"testing"
)

func TestChineseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"一千三百五十二", "1352", true},
		{"十五", "15", true},
		{"十", "10", true},
		{"两万", "20000", true},
		{"一百", "100", true},
		{"一千零五", "1005", true},
		{"三百五", "350", true},
		{"两万五", "25000", true},
		{"十万三千二百零四", "103204", true},
		{"一亿", "100000000", true},
		{"三点五", "3.5", true},
		{"零点五", "0.5", true},
		{"二〇二五", "2025", true},
		{"零", "0", true},
		{"壹仟叁佰伍拾贰", "1352", true},
		{"四十三", "43", true},
		{"一百零三万", "1030000", true},
		{"", "", false},
		{"三五百", "", false},
		{"百千", "", false},
		{"点五", "", false},
		{"三点", "", false},
		{"abc", "", false},
	}
	for _, c := range cases {
		got, ok := ChineseNumber(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ChineseNumber(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestDecimalHelpers(t *testing.T) {
	if got, _ := ScaleDecimal("10.3", 4); got != "103000" {
		t.Errorf("ScaleDecimal(10.3, 4) = %q", got)
	}
	if got, _ := ScaleDecimal("103204", -4); got != "10.3204" {
		t.Errorf("ScaleDecimal(103204, -4) = %q", got)
	}
	if got := GroupThousands("103204"); got != "103,204" {
		t.Errorf("GroupThousands = %q", got)
	}
	if got := GroupThousands("-1234567.5"); got != "-1,234,567.5" {
		t.Errorf("GroupThousands = %q", got)
	}
	r, _ := DecimalRat("12.50")
	if got := FormatDecimal(r); got != "12.5" {
		t.Errorf("FormatDecimal = %q", got)
	}
}

// TestScaleDecimalWithoutBig: the string path for figures with no
// multiplier gives what math/big gives, and leaves anything else to it.
func TestScaleDecimalWithoutBig(t *testing.T) {
	viaBig := func(s string) (string, bool) {
		r, ok := DecimalRat(s)
		if !ok {
			return "", false
		}
		return FormatDecimal(r), true
	}
	inputs := []string{"38", "0", "-0", "0.0", "-0.00", "007", "12.50", "-3.000", "0.05", "100", "103204", "-12",
		"", ".5", "5.", "1e3", "+5", "0x1F", "1/2", "1.2.3", "-", "--1", "1_000", "３８", "12.5万"}
	for i := range 2000 {
		inputs = append(inputs, fmt.Sprintf("%d.%03d", i*7919-5000, i%1000), fmt.Sprintf("%05d", i*31))
	}
	for _, s := range inputs {
		got, ok := ScaleDecimal(s, 0)
		want, wantOK := viaBig(s)
		if got != want || ok != wantOK {
			t.Errorf("ScaleDecimal(%q, 0) = %q, %v; math/big gives %q, %v", s, got, ok, want, wantOK)
		}
	}
}
