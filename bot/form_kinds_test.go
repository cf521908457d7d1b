package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
)

// TestKindFormFor: a department sees the questions meant for every
// department and those of its own kinds, in subsections or not, numbered
// afresh; the filtered form is computed once per set of kinds.
func TestKindFormFor(t *testing.T) {
	f := &bot.Form{ID: "k", Title: "t", Version: "1", Sections: []bot.Section{
		{ID: "s1", Number: "一", Heading: "举措", Template: "measures", Subsections: []bot.Subsection{
			{ID: "b1", Heading: "规范流程，提升服务效能", Kinds: []string{"政府办"}, Questions: []bot.Question{
				{ID: "docs", Prompt: "制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "1件"},
			}},
			{ID: "b2", Heading: "严格执法", Questions: []bot.Question{
				{ID: "inspections", Prompt: "行政检查多少次？", Kind: bot.KindCount, Unit: "次", Example: "1次", Kinds: []string{"行政执法"}},
				{ID: "training", Prompt: "法治培训多少场？", Kind: bot.KindCount, Unit: "场", Example: "1场"},
			}},
		}, Questions: []bot.Question{
			{ID: "mediators", Prompt: "人民调解员多少人？", Kind: bot.KindCount, Unit: "人", Example: "1人", Kinds: []string{"司法行政"}},
		}},
	}}
	f.Index()
	ids := func(g *bot.Form) (out []string) {
		for _, q := range g.Questions() {
			out = append(out, q.ID)
		}
		return out
	}
	for _, c := range []struct {
		kinds []string
		want  string
	}{
		{nil, "[training]"},
		{[]string{"政府办"}, "[docs training]"},
		{[]string{"司法行政", "行政执法"}, "[inspections training mediators]"},
		{[]string{"教育"}, "[training]"},
	} {
		g := f.For(c.kinds)
		if got := fmtIDs(ids(g)); got != c.want {
			t.Errorf("For(%v) asks %s, want %s", c.kinds, got, c.want)
		}
		if q := g.Questions()[0]; q.Number != 1 {
			t.Errorf("For(%v): first question numbered %d", c.kinds, q.Number)
		}
		if f.For(c.kinds) != g {
			t.Errorf("For(%v) is not cached", c.kinds)
		}
	}
	if n := len(f.For([]string{"政府办"}).Sections[0].Subsections); n != 2 {
		t.Errorf("政府办 sees %d subsections, want 2", n)
	}
	if n := len(f.For(nil).Sections[0].Subsections); n != 1 {
		t.Errorf("a department of no kind sees %d subsections, want 1 (b1 is 政府办 only)", n)
	}
	if got := f.Kinds(); fmtIDs(got) != "[司法行政 政府办 行政执法]" {
		t.Errorf("Kinds = %v", got)
	}
	r := &bot.Round{Form: f, Departments: []bot.Department{{ID: "sfj", Kinds: []string{"司法行政"}}}}
	if got := fmtIDs(ids(r.FormFor("sfj"))); got != "[training mediators]" {
		t.Errorf("FormFor(sfj) = %s", got)
	}
}

func fmtIDs(ids []string) string {
	s := "["
	for i, id := range ids {
		if i > 0 {
			s += " "
		}
		s += id
	}
	return s + "]"
}

// TestKindYearVars: a form's wording follows the round's year, so a 2026
// round speaks of the 九五 plan and a 2025 one of the 八五 plan.
func TestKindYearVars(t *testing.T) {
	for _, c := range []struct {
		year int
		want string
	}{{2020, "七五"}, {2021, "八五"}, {2025, "八五"}, {2026, "九五"}, {2030, "九五"}, {2031, "十五"}} {
		if got := bot.PufaPlan(c.year); got != c.want {
			t.Errorf("PufaPlan(%d) = %s, want %s", c.year, got, c.want)
		}
	}
	v := bot.Vars{Year: 2026, Dept: "区司法局"}
	if got := v.Fill("“{pufa}”普法及{dept}{next_year}年安排（{year}年度）"); got != "“九五”普法及区司法局2027年安排（2026年度）" {
		t.Errorf("Fill = %s", got)
	}
	if got := (bot.Vars{Year: 2026}).Fill("{dept}关于{year}年度"); got != "{dept}关于2026年度" {
		t.Errorf("Fill without a department = %s", got)
	}
}

// TestVarsFillAsReplacer: Fill, written by hand for speed, fills exactly
// as a strings.Replacer of the variables would.
func TestVarsFillAsReplacer(t *testing.T) {
	for _, v := range []bot.Vars{{Year: 2026, Dept: "区司法局"}, {Year: 2025}} {
		pairs := []string{"{year}", fmt.Sprint(v.Year), "{next_year}", fmt.Sprint(v.Year + 1), "{pufa}", bot.PufaPlan(v.Year)}
		if v.Dept != "" {
			pairs = append(pairs, "{dept}", v.Dept)
		}
		r := strings.NewReplacer(pairs...)
		for _, s := range []string{"", "无变量", "{", "}", "{{year}}", "{year", "year}", "a{b}c{", "{year}{year}",
			"{next_year}{pufa}{dept}", "“{pufa}”普法及{dept}{next_year}年安排（{year}年度）", "{de{dept}pt}", "{YEAR}{ year}"} {
			if got, want := v.Fill(s), r.Replace(s); got != want {
				t.Errorf("%+v.Fill(%q) = %q, a Replacer gives %q", v, s, got, want)
			}
		}
	}
}
