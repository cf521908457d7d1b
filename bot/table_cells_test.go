package bot_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"reportbot/bot"
)

// TestParseGridCells: one row = the cells typed in the console's grid →
// the grid read (blank cells 0, blank totals left to compute), or the
// cells refused, each named by its row and column.
func TestParseGridCells(t *testing.T) {
	f := disclosureForm(t)
	t3, fees := f.Question("t3"), f.Question("t2_fees")
	for _, c := range []struct {
		name  string
		q     *bot.Question
		cells map[string]string
		want  map[string]string // cells of the grid to check
		given []string
		bad   map[string]string // key → part of the message
	}{
		{name: "plain figures", q: t3, cells: map[string]string{"new.natural": "5", "new.business": " 12 ", "open.natural": "0"},
			want:  map[string]string{"new.natural": "5", "new.business": "12", "open.natural": "0", "carried.natural": "0"},
			given: []string{"new.business", "new.natural", "open.natural"}},
		{name: "full-width digits and thousands", q: t3, cells: map[string]string{"new.natural": "１２", "new.business": "1,204"},
			want: map[string]string{"new.natural": "12", "new.business": "1204"}, given: []string{"new.business", "new.natural"}},
		{name: "blank total is not given", q: t3, cells: map[string]string{"new.natural": "3", "total.natural": ""},
			want: map[string]string{"new.natural": "3", "total.natural": "0"}, given: []string{"new.natural"}},
		{name: "typed total is given", q: t3, cells: map[string]string{"total.natural": "9"},
			want: map[string]string{"total.natural": "9"}, given: []string{"total.natural"}},
		{name: "unknown keys ignored", q: t3, cells: map[string]string{"nosuch.natural": "x", "new.nosuch": "y"},
			want: map[string]string{"new.natural": "0"}, given: nil},
		{name: "letters", q: t3, cells: map[string]string{"new.natural": "12a"},
			bad: map[string]string{"new.natural": "“一、本年新收政府信息公开申请数量·自然人”填写的“12a”不是非负整数"}},
		{name: "negative", q: t3, cells: map[string]string{"open.natural": "-3"},
			bad: map[string]string{"open.natural": "“（一）予以公开·自然人”填写的“-3”不能为负数"}},
		{name: "decimal in a count", q: t3, cells: map[string]string{"new.natural": "1.5"},
			bad: map[string]string{"new.natural": "不是非负整数"}},
		{name: "several bad cells", q: t3, cells: map[string]string{"new.natural": "五", "new.business": "3件", "open.natural": "2"},
			bad: map[string]string{"new.natural": "“五”不是非负整数", "new.business": "“3件”不是非负整数"}},
		{name: "money allows decimals", q: fees, cells: map[string]string{"fees.amount": "12.50"},
			want: map[string]string{"fees.amount": "12.5"}, given: []string{"fees.amount"}},
		{name: "money refuses two points", q: fees, cells: map[string]string{"fees.amount": "1.2.3"},
			bad: map[string]string{"fees.amount": "不是非负数，请只填数字（单位：万元）"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			grid, given, err := bot.ParseGridCells(c.q, c.cells)
			if c.bad != nil {
				ce := bot.CellErrorsOf(err)
				if bot.ErrorCode(err) != bot.EInvalid || len(ce) != len(c.bad) {
					t.Fatalf("err = %v, cells %v", err, ce)
				}
				for k, w := range c.bad {
					if !strings.Contains(ce[k], w) || !strings.Contains(bot.ErrorMessage(err), w) {
						t.Errorf("cell %s: %q, message %q, want %q", k, ce[k], bot.ErrorMessage(err), w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range c.want {
				if grid[k] != v {
					t.Errorf("%s = %q, want %q", k, grid[k], v)
				}
			}
			var got []string
			for k := range given {
				got = append(got, k)
			}
			if len(got) > 0 || len(c.given) > 0 {
				sort.Strings(got)
				if !reflect.DeepEqual(got, c.given) {
					t.Errorf("given %v, want %v", got, c.given)
				}
			}
		})
	}
}
