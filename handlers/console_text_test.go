package handlers

import (
	"reflect"
	"strings"
	"testing"

	"reportbot/bot"
)

// at is the span of the n-th (from 1) occurrence of fig in text, by byte
// offsets, as the fact lock reports it.
func at(text, fig string, n int) bot.Span {
	off := 0
	for ; n > 1; n-- {
		i := strings.Index(text[off:], fig)
		off += i + len(fig)
	}
	i := off + strings.Index(text[off:], fig)
	return bot.Span{Start: i, End: i + len(fig), Text: fig}
}

// TestPieces: one row = a draft and what the fact lock judged in it → the
// runs the console shows, sourced figures carrying their source and
// unsourced ones the note. The runs always add up to the draft.
func TestPieces(t *testing.T) {
	src := func(qids []string) string { return "出处：" + strings.Join(qids, "、") }
	const note = "找不到出处"
	sourced := func(text, fig string, n int, qids ...string) bot.SourcedSpan {
		return bot.SourcedSpan{Span: at(text, fig, n), QIDs: qids}
	}
	const (
		one   = "全年制发规范性文件381件，同比增长12%。"
		mixed = "开展培训12场，覆盖2,400人次，行政复议纠错率为43%。"
		edges = "381件文件全部备案，备案率100%"
		twice = "收到复议申请15件，办结15件。"
		paras = "一是完善制度。\n二是制发文件381件。\n三是培训约15次。"
	)
	for _, c := range []struct {
		name      string
		text      string
		sourced   []bot.SourcedSpan
		unsourced []bot.Span
		want      []piece
	}{
		{name: "empty", text: "", want: nil},
		{name: "empty text, stale lock", text: "", sourced: []bot.SourcedSpan{{Span: bot.Span{Start: 0, End: 6}, QIDs: []string{"q1"}}}, want: nil},
		{name: "no figures", text: "深入推进依法行政，持续优化营商环境。",
			want: []piece{{Text: "深入推进依法行政，持续优化营商环境。"}}},
		{name: "one sourced figure", text: one, sourced: []bot.SourcedSpan{sourced(one, "381件", 1, "docs")},
			want: []piece{{Text: "全年制发规范性文件"}, {Text: "381件", Source: "出处：docs"}, {Text: "，同比增长12%。"}}},
		{name: "one unsourced figure", text: one, unsourced: []bot.Span{at(one, "12%", 1)},
			want: []piece{{Text: "全年制发规范性文件381件，同比增长"}, {Text: "12%", Flag: true, Source: note}, {Text: "。"}}},
		{name: "sourced and unsourced, in any order", text: mixed,
			sourced:   []bot.SourcedSpan{sourced(mixed, "43%", 1, "fix_rate"), sourced(mixed, "12场", 1, "trainings")},
			unsourced: []bot.Span{at(mixed, "2,400人次", 1)},
			want: []piece{{Text: "开展培训"}, {Text: "12场", Source: "出处：trainings"}, {Text: "，覆盖"},
				{Text: "2,400人次", Source: note, Flag: true}, {Text: "，行政复议纠错率为"}, {Text: "43%", Source: "出处：fix_rate"}, {Text: "。"}}},
		{name: "figures at both ends", text: edges,
			sourced: []bot.SourcedSpan{sourced(edges, "381件", 1, "docs"), sourced(edges, "100%", 1, "filed_rate")},
			want:    []piece{{Text: "381件", Source: "出处：docs"}, {Text: "文件全部备案，备案率"}, {Text: "100%", Source: "出处：filed_rate"}}},
		{name: "one figure from two questions", text: twice,
			sourced: []bot.SourcedSpan{sourced(twice, "15件", 1, "received", "closed"), sourced(twice, "15件", 2, "closed")},
			want: []piece{{Text: "收到复议申请"}, {Text: "15件", Source: "出处：received、closed"}, {Text: "，办结"},
				{Text: "15件", Source: "出处：closed"}, {Text: "。"}}},
		{name: "overlapping span dropped", text: one,
			sourced:   []bot.SourcedSpan{sourced(one, "381件", 1, "docs")},
			unsourced: []bot.Span{{Start: at(one, "381件", 1).Start + 1, End: at(one, "381件", 1).End}},
			want:      []piece{{Text: "全年制发规范性文件"}, {Text: "381件", Source: "出处：docs"}, {Text: "，同比增长12%。"}}},
		{name: "span past the end dropped", text: "制发文件381件",
			sourced: []bot.SourcedSpan{{Span: bot.Span{Start: 12, End: 40}, QIDs: []string{"docs"}}},
			want:    []piece{{Text: "制发文件381件"}}},
		{name: "several paragraphs", text: paras,
			sourced:   []bot.SourcedSpan{sourced(paras, "381件", 1, "docs")},
			unsourced: []bot.Span{at(paras, "约15次", 1)},
			want: []piece{{Text: "一是完善制度。\n二是制发文件"}, {Text: "381件", Source: "出处：docs"}, {Text: "。\n三是培训"},
				{Text: "约15次", Source: note, Flag: true}, {Text: "。"}}},
	} {
		got := pieces(c.text, bot.FactLock{Sourced: c.sourced, Unsourced: c.unsourced}, src, note)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
		var whole strings.Builder
		for _, p := range got {
			whole.WriteString(p.Text)
		}
		if whole.String() != c.text {
			t.Errorf("%s: pieces add up to %q, not the draft", c.name, whole.String())
		}
	}
}

// TestAnswerSources: one row = the questions a figure came from → how the
// console describes its source.
func TestAnswerSources(t *testing.T) {
	form := &bot.Form{Sections: []bot.Section{
		{ID: "measures", Questions: []bot.Question{
			{ID: "docs", Prompt: "全年制发规范性文件多少件？", Kind: bot.KindCount, Unit: "件"},
			{ID: "fix_rate", Prompt: "行政复议纠错率是多少?", Kind: bot.KindPercent, Unit: "%"},
		}},
		{ID: "training", Questions: []bot.Question{
			{ID: "trainings", Prompt: "全年开展法治培训多少次", Kind: bot.KindCount, Unit: "次"},
			{ID: "reached", Prompt: "培训覆盖多少人次？", Kind: bot.KindCount, Unit: "人次"},
			{ID: "notes", Prompt: "其他需要说明的情况？", Kind: bot.KindText, Optional: true},
		}},
	}}
	round := &bot.Round{ID: "r2025", Form: form}
	a := &bot.Assignment{Answers: map[string]*bot.Answer{
		"docs":      {QID: "docs", Status: bot.Answered, Figure: &bot.Figure{Value: "381", Unit: "件"}},
		"fix_rate":  {QID: "fix_rate", Status: bot.Skipped},
		"trainings": {QID: "trainings", Status: bot.Answered, Figure: &bot.Figure{Value: "15", Unit: "次", Qualifier: "约"}},
		"reached":   {QID: "reached", Status: bot.Answered, Figure: &bot.Figure{Value: "103204", Unit: "人次"}},
	}}
	describe := answerSources(round, a)
	for _, c := range []struct {
		qids []string
		want string
	}{
		{nil, ""},
		{[]string{"docs"}, "第1题 全年制发规范性文件多少件：381件"},
		{[]string{"fix_rate"}, "第2题 行政复议纠错率是多少：（已跳过）"},
		{[]string{"trainings"}, "第3题 全年开展法治培训多少次：约15次"},
		{[]string{"reached"}, "第4题 培训覆盖多少人次：103,204人次"},
		{[]string{"notes"}, "第5题 其他需要说明的情况：（未填）"},
		{[]string{"docs", "reached"}, "第1题 全年制发规范性文件多少件：381件；第4题 培训覆盖多少人次：103,204人次"},
		{[]string{"gone"}, ""},
		{[]string{"gone", "docs"}, "第1题 全年制发规范性文件多少件：381件"},
	} {
		if got := describe(c.qids); got != c.want {
			t.Errorf("%q: got %q, want %q", c.qids, got, c.want)
		}
	}
}

// TestSplitParas: one row = runs of a draft → its paragraphs; a figure is
// never cut, even where its run holds a newline.
func TestSplitParas(t *testing.T) {
	fig := piece{Text: "381件", Source: "第1题 全年制发规范性文件多少件：381件"}
	flag := piece{Text: "12场", Source: "找不到出处", Flag: true}
	for _, c := range []struct {
		name string
		in   []piece
		want [][]piece
	}{
		{"empty", nil, [][]piece{nil}},
		{"one line", []piece{{Text: "深入推进依法行政。"}}, [][]piece{{{Text: "深入推进依法行政。"}}}},
		{"two lines", []piece{{Text: "一是完善制度。\n二是加强监督。"}},
			[][]piece{{{Text: "一是完善制度。"}}, {{Text: "二是加强监督。"}}}},
		{"blank line keeps an empty paragraph", []piece{{Text: "甲。\n\n乙。"}},
			[][]piece{{{Text: "甲。"}}, nil, {{Text: "乙。"}}}},
		{"trailing newline", []piece{{Text: "甲。\n"}}, [][]piece{{{Text: "甲。"}}, nil}},
		{"figures across paragraphs",
			[]piece{{Text: "制发文件"}, fig, {Text: "。\n二是开展培训"}, flag, {Text: "。"}},
			[][]piece{{{Text: "制发文件"}, fig, {Text: "。"}}, {{Text: "二是开展培训"}, flag, {Text: "。"}}}},
		{"figure run with a newline stays whole",
			[]piece{{Text: "381\n件", Source: "出处"}},
			[][]piece{{{Text: "381\n件", Source: "出处"}}}},
	} {
		if got := splitParas(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

// TestSentences: a text cut as an editor reads it, after 。 ； and
// newlines, trimmed, without empty sentences.
func TestSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  \n ", nil},
		{"深入推进依法行政", []string{"深入推进依法行政"}},
		{"一是制发文件381件。二是开展培训12场；三是……", []string{"一是制发文件381件。", "二是开展培训12场；", "三是……"}},
		{"第一段。\n  第二段\n", []string{"第一段。", "第二段"}},
		{"纠错率43.5%, 同比上升. 完成", []string{"纠错率43.5%, 同比上升. 完成"}},
	} {
		if got := sentences(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("sentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDiffSentences: one row = an earlier and the current version → the
// sentences kept, deleted and inserted, in reading order.
func TestDiffSentences(t *testing.T) {
	keep := func(s string) diffPiece { return diffPiece{Text: s} }
	del := func(s string) diffPiece { return diffPiece{Text: s, Op: "del"} }
	ins := func(s string) diffPiece { return diffPiece{Text: s, Op: "ins"} }
	const (
		a = "一是完善制度。"
		b = "二是制发文件381件。"
		c = "三是开展培训12场。"
	)
	for _, r := range []struct {
		name     string
		from, to string
		want     []diffPiece
	}{
		{"both empty", "", "", nil},
		{"same", a + b, a + b, []diffPiece{keep(a), keep(b)}},
		{"only spacing differs", a + " " + b, a + b, []diffPiece{keep(a), keep(b)}},
		{"from nothing", "", a + b, []diffPiece{ins(a), ins(b)}},
		{"to nothing", a + b, "", []diffPiece{del(a), del(b)}},
		{"inserted", a + c, a + b + c, []diffPiece{keep(a), ins(b), keep(c)}},
		{"deleted", a + b + c, a + c, []diffPiece{keep(a), del(b), keep(c)}},
		{"changed", a + b + c, a + "二是制发文件382件。" + c,
			[]diffPiece{keep(a), ins("二是制发文件382件。"), del(b), keep(c)}},
		{"appended at the end", a, a + b, []diffPiece{keep(a), ins(b)}},
		{"paragraphs", a + "\n" + b + "\n" + c, a + "\n" + c + "\n四是加强监督；",
			[]diffPiece{keep(a), del(b), keep(c), ins("四是加强监督；")}},
	} {
		if got := diffSentences(r.from, r.to); !reflect.DeepEqual(got, r.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", r.name, got, r.want)
		}
	}
}
