package bot_test

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// FuzzGridPaste: any pasted text either is refused with a message or
// gives a grid with a canonical non-negative number in every cell, and
// the rules can be checked over it.
func FuzzGridPaste(f *testing.F) {
	for _, s := range []string{pastedT3, "全部为0", "（一）予以公开 1 2 3", "\t\t\n1\t2", "一、本年新收 1,000 0 0 0 0 0",
		"2.重复申请 ５ 0 0 0 0 0", "（七）总计 -1 0 0 0 0 0 0", "行政规范性文件 5 1 25", "3.其他 1e9 0 0 0 0 0"} {
		f.Add(s)
	}
	form := disclosureForm(f)
	q := form.Question("t3")
	f.Fuzz(func(t *testing.T, s string) {
		grid, _, err := bot.ParseGrid(form, q, s)
		if err != nil {
			if bot.ErrorMessage(err) == "" {
				t.Fatalf("%q: refused without a message", s)
			}
			return
		}
		for k, v := range grid {
			if v == "" || strings.HasPrefix(v, "-") {
				t.Fatalf("%q: cell %s = %q", s, k, v)
			}
		}
		for _, b := range bot.CheckArith(form, map[string]*bot.Answer{"t3": {Status: bot.Answered, Grid: grid}}, nil) {
			if b.Text(form) == "" {
				t.Fatal("a break without text")
			}
		}
	})
}

// BenchmarkArithCheck is the cost of checking every rule of the
// 政府信息公开 form on a full answer, which a table answer pays once.
func BenchmarkArithCheck(b *testing.B) {
	form := disclosureForm(b)
	grid, _, err := bot.ParseGrid(form, form.Question("t3"), pastedT3)
	if err != nil {
		b.Fatal(err)
	}
	answers := map[string]*bot.Answer{"t3": {Status: bot.Answered, Grid: grid}}
	for b.Loop() {
		bot.CheckArith(form, answers, nil)
	}
}

// BenchmarkGridPaste is the cost of reading a pasted table three.
func BenchmarkGridPaste(b *testing.B) {
	form := disclosureForm(b)
	q := form.Question("t3")
	for b.Loop() {
		if _, _, err := bot.ParseGrid(form, q, pastedT3); err != nil {
			b.Fatal(err)
		}
	}
}
