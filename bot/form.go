package bot

import (
	"slices"
	"strings"
	"sync"
)

// Kind is what sort of answer a question takes.
type Kind string

// Question kinds.
const (
	KindCount   Kind = "count"   // a non-negative whole number with a unit: 381 件
	KindAmount  Kind = "amount"  // money, exact decimal, in 万元 or 元
	KindPercent Kind = "percent" // 0–100 unless the question's bounds say otherwise: 43%
	KindNumber  Kind = "number"  // any decimal, with an optional unit
	KindText    Kind = "text"    // free text, one message
	KindList    Kind = "list"    // several short entries, one per line or separated by 、；
	KindChoice  Kind = "choice"  // one of Choices
	KindYesNo   Kind = "yesno"   // 是 / 否
	KindDate    Kind = "date"    // a calendar date, stored as YYYY-MM-DD
	KindItems   Kind = "items"   // open measure items, one per message, until 完成
)

// Numeric reports whether answers of kind k are figures.
func (k Kind) Numeric() bool {
	switch k {
	case KindCount, KindAmount, KindPercent, KindNumber:
		return true
	}
	return false
}

// Form is a report type's questionnaire: ordered sections of questions. Forms
// are data (prompts/forms/*.yaml); a round keeps a frozen copy of its form.
type Form struct {
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`     // 法治政府建设年度报告
	Version string `yaml:"version" json:"version"` // bumped on every change
	// ReportTitle is the report's title pattern; {dept} and {year} are filled in.
	ReportTitle string `yaml:"report_title" json:"report_title"`
	// ReportOpening is the report's first paragraph; {dept} and {year}
	// are filled in.
	ReportOpening string    `yaml:"report_opening" json:"report_opening"`
	Intro         string    `yaml:"intro" json:"intro"` // the bot's greeting for this form
	Sections      []Section `yaml:"sections" json:"sections"`
	Rules         []Rule    `yaml:"rules" json:"rules"`

	// Hash is the content hash of the source the form was loaded from.
	Hash string `yaml:"-" json:"hash"`

	flat  []*Question
	index map[string]int
	kinds *kindCache // the form as each set of department kinds sees it
	arith *arithCache
}

// Section is one numbered part of the report (一、主要举措和成效). Its
// questions stand under subsection headings (the report's （一）（二）),
// then, if any, under the section itself.
type Section struct {
	ID       string `yaml:"id" json:"id"`
	Number   string `yaml:"number" json:"number"`     // 一
	Heading  string `yaml:"heading" json:"heading"`   // the report heading; round variables are filled in
	Template string `yaml:"template" json:"template"` // drafting template name (prompts/llm)
	Intro    string `yaml:"intro" json:"intro"`       // said when the contact enters the section
	// Lead is the section's opening sentence in the report, if it has one.
	Lead        string       `yaml:"lead" json:"lead,omitempty"`
	Subsections []Subsection `yaml:"subsections" json:"subsections,omitempty"`
	Questions   []Question   `yaml:"questions" json:"questions,omitempty"`
}

// Subsection is a group of questions under one of the report's numbered
// headings, such as （一）规范流程，提升服务效能. A draft writes it as one
// paragraph: the heading, the lead sentence if any, then its facts.
type Subsection struct {
	ID      string `yaml:"id" json:"id"`
	Heading string `yaml:"heading" json:"heading"` // 规范流程，提升服务效能 (numbered by position)
	Lead    string `yaml:"lead" json:"lead,omitempty"`
	// Kinds limits the whole block to departments of these kinds; empty:
	// every department.
	Kinds     []string   `yaml:"kinds" json:"kinds,omitempty"`
	Questions []Question `yaml:"questions" json:"questions"`
}

// Question is one thing the bot asks.
type Question struct {
	ID     string `yaml:"id" json:"id"`
	Prompt string `yaml:"prompt" json:"prompt"`
	Kind   Kind   `yaml:"kind" json:"kind"`
	// Unit is the canonical unit (件 次 场 份 项 条 人 人次 个 万元 元 %).
	Unit string `yaml:"unit" json:"unit,omitempty"`
	// Min and Max bound a figure, inclusive; nil means unbounded (counts are
	// never negative, percents never above 100 unless Max says so).
	Min *float64 `yaml:"min" json:"min,omitempty"`
	Max *float64 `yaml:"max" json:"max,omitempty"`
	// Optional questions may be answered 无/不涉及 or skipped without being
	// listed as missing at submission.
	Optional bool     `yaml:"optional" json:"optional,omitempty"`
	Example  string   `yaml:"example" json:"example"`
	Help     string   `yaml:"help" json:"help,omitempty"`
	Choices  []string `yaml:"choices" json:"choices,omitempty"`
	// Prose is how the answer reads in a report sentence, with {value} for the
	// canonical figure and its unit: "制发文件{value}".
	Prose string `yaml:"prose" json:"prose,omitempty"`
	// Labels are other words a report uses for this figure (满意度 for
	// 满意率): a figure written right after one must be this answer.
	Labels []string `yaml:"labels" json:"labels,omitempty"`
	// Sum marks a figure that adds up across departments (documents,
	// meetings, cases): the district summary totals it.
	Sum bool `yaml:"sum" json:"sum,omitempty"`
	// AskIf names a yes/no question; this question is asked only when that
	// one was answered 是.
	AskIf string `yaml:"ask_if" json:"ask_if,omitempty"`
	// Additive figures may be summed across departments.
	Additive bool `yaml:"additive" json:"additive,omitempty"`
	// MaxLen caps text answers, in characters (default 2000).
	MaxLen int `yaml:"max_len" json:"max_len,omitempty"`
	// Kinds limits the question to departments of these kinds (政府办,
	// 司法行政, 行政执法, 街道乡镇…); empty: every department.
	Kinds []string `yaml:"kinds" json:"kinds,omitempty"`
	// ZeroNews says a zero is worth reporting (败诉0件); other zeros are
	// left out of the prose (听证0次).
	ZeroNews bool `yaml:"zero_news" json:"zero_news,omitempty"`
	// Subject marks a short text answer naming who acts (a title: 政府办党组
	// 书记): a draft opens the section's paragraph with it, as the subject
	// of the text answers that follow, not as a paragraph of its own.
	Subject bool `yaml:"subject" json:"subject,omitempty"`
	// None is what 无 (没有, 无此情况) stands for on a required text
	// question whose prompt invites it (没有收取请回复“无”): the answer
	// stored, e.g. 本年度未收取信息处理费。
	None string `yaml:"none" json:"none,omitempty"`
	// LastYear is last year's answer as a form drafted from last year's
	// report found it ("381件"): the year-over-year check uses it when the
	// round has no previous round to read the department's answers from.
	LastYear string `yaml:"last_year" json:"last_year,omitempty"`
	// Table is the grid a table question asks for.
	Table *Table `yaml:"table" json:"table,omitempty"`

	// Section is the index of the question's section, Subsection the index
	// of its subsection in that section (-1 for none); Number is its
	// 1-based position in the whole form. All are set by Form.Index.
	Section    int `yaml:"-" json:"-"`
	Subsection int `yaml:"-" json:"-"`
	Number     int `yaml:"-" json:"-"`
}

// Rule is a cross-field check applied after every answer.
type Rule struct {
	// Kind is "le" (Left ≤ Right: parts ≤ totals), "requires" (Left may
	// be answered only when Right is) or "eq" (arithmetic over table
	// cells: Left and Right are sums such as "t3.total.* + t3.next.*",
	// see ArithRule).
	Kind    string `yaml:"kind" json:"kind"`
	Left    string `yaml:"left" json:"left"`
	Right   string `yaml:"right" json:"right"`
	Message string `yaml:"message" json:"message"` // Chinese, shown when violated
}

// Index builds the flat question order: each section's subsections in
// order, then the section's own questions. It is called by the form loader
// and must be called again after a Form is decoded from JSON.
func (f *Form) Index() {
	f.flat = f.flat[:0]
	f.index = make(map[string]int)
	f.kinds = &kindCache{forms: map[string]*Form{}}
	f.arith = &arithCache{}
	add := func(q *Question, si, sub int) {
		q.Section, q.Subsection = si, sub
		q.Number = len(f.flat) + 1
		f.index[q.ID] = len(f.flat)
		f.flat = append(f.flat, q)
	}
	for si := range f.Sections {
		s := &f.Sections[si]
		for bi := range s.Subsections {
			for qi := range s.Subsections[bi].Questions {
				add(&s.Subsections[bi].Questions[qi], si, bi)
			}
		}
		for qi := range s.Questions {
			add(&s.Questions[qi], si, -1)
		}
	}
}

// kindCache keeps Form.For's result per set of department kinds.
type kindCache struct {
	mu    sync.Mutex
	forms map[string]*Form
}

// For returns the form as a department of the given kinds sees it: only
// the questions (and subsections) that apply to one of its kinds, or to
// every department, numbered afresh. A department with no kinds sees the
// questions meant for every department. The result is cached; callers must
// not change it.
func (f *Form) For(kinds []string) *Form {
	f.Questions() // indexed
	key := strings.Join(kinds, "\x00")
	f.kinds.mu.Lock()
	defer f.kinds.mu.Unlock()
	if g := f.kinds.forms[key]; g != nil {
		return g
	}
	g := *f
	g.flat, g.index, g.kinds, g.arith = nil, nil, nil, nil
	g.Sections = make([]Section, len(f.Sections))
	for si, s := range f.Sections {
		gs := s
		gs.Subsections, gs.Questions = nil, filterQuestions(s.Questions, kinds)
		for _, b := range s.Subsections {
			if !kindsMatch(b.Kinds, kinds) {
				continue
			}
			if b.Questions = filterQuestions(b.Questions, kinds); len(b.Questions) > 0 {
				gs.Subsections = append(gs.Subsections, b)
			}
		}
		g.Sections[si] = gs
	}
	g.Index()
	f.kinds.forms[key] = &g
	return &g
}

func filterQuestions(qs []Question, kinds []string) []Question {
	var out []Question
	for _, q := range qs {
		if kindsMatch(q.Kinds, kinds) {
			out = append(out, q)
		}
	}
	return out
}

// kindsMatch reports whether something limited to want applies to a
// department of kinds have: want is empty, or they share a kind.
func kindsMatch(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// Kinds lists every department kind the form names, sorted.
func (f *Form) Kinds() []string {
	seen := map[string]bool{}
	for _, s := range f.Sections {
		for _, b := range s.Subsections {
			for _, k := range b.Kinds {
				seen[k] = true
			}
		}
	}
	for _, q := range f.Questions() {
		for _, k := range q.Kinds {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Questions returns every question in asking order.
func (f *Form) Questions() []*Question {
	if f.index == nil {
		f.Index()
	}
	return f.flat
}

// Question returns the question with the given id, or nil.
func (f *Form) Question(id string) *Question {
	if f.index == nil {
		f.Index()
	}
	i, ok := f.index[id]
	if !ok {
		return nil
	}
	return f.flat[i]
}

// Len returns the number of questions.
func (f *Form) Len() int { return len(f.Questions()) }

// Short is the question's prompt cut to a label for lists and summaries:
// 全年制发文件多少件.
func (q *Question) Short() string {
	if q == nil {
		return ""
	}
	p := strings.TrimRight(q.Prompt, "？?。：:")
	for _, pre := range []string{"请填写", "请问", "请列出", "请简述", "请说明"} {
		p = strings.TrimPrefix(p, pre)
	}
	return Truncate(p, 28)
}

// Applies reports whether q is asked given the answers so far: a question
// gated by a yes/no (AskIf) applies only once that was answered 是.
func (f *Form) Applies(q *Question, answers map[string]*Answer) bool {
	if q.AskIf == "" {
		return true
	}
	g := answers[q.AskIf]
	return g != nil && g.Status == Answered && g.Text == "是"
}

// Tally is where an assignment's answers stand against its form. Every
// count of questions a contact, a head or a coordinator reads comes from
// it (Form.Tally), so the welcome, the position, 查看, the submit card and
// the console never disagree.
type Tally struct {
	// Total is the questions to fill in: the form's, less those a yes/no
	// gate has ruled out. A question behind a gate not yet answered (or
	// skipped) still counts: it may have to be filled in.
	Total int
	// Done is those answered, 不涉及 included; Done = Answered + NotApply.
	Done     int
	Answered int
	NotApply int
	// Skipped is those marked 跳过, still to be filled in.
	Skipped int
	// Open is those neither answered nor skipped.
	Open int
	// Dropped is the questions ruled out by a yes/no gate answered other
	// than 是; Total + Dropped is every question of the form.
	Dropped int
}

// Tally counts the form's questions against answers (see Tally).
func (f *Form) Tally(answers map[string]*Answer) Tally {
	var t Tally
	for _, q := range f.Questions() {
		if f.RuledOut(q, answers) {
			t.Dropped++
			continue
		}
		t.Total++
		switch a := answers[q.ID]; {
		case a == nil:
			t.Open++
		case a.Status == Skipped:
			t.Skipped++
		case a.Status == NotApply:
			t.NotApply++
		default:
			t.Answered++
		}
	}
	t.Done = t.Answered + t.NotApply
	return t
}

// RuledOut reports whether q is behind a yes/no gate that was answered
// (or marked 不涉及) otherwise than 是, so q need not be filled in. A
// question behind a gate not yet answered is not ruled out.
func (f *Form) RuledOut(q *Question, answers map[string]*Answer) bool {
	if q.AskIf == "" {
		return false
	}
	g := answers[q.AskIf]
	return g != nil && (g.Status == NotApply || g.Status == Answered && g.Text != "是")
}

// Progress is Tally's Done and Total.
func (f *Form) Progress(answers map[string]*Answer) (done, total int) {
	t := f.Tally(answers)
	return t.Done, t.Total
}

// GatedBy returns the questions asked only when gate is answered 是.
func (f *Form) GatedBy(gate string) []*Question {
	var out []*Question
	for _, q := range f.Questions() {
		if q.AskIf == gate {
			out = append(out, q)
		}
	}
	return out
}

// SectionIndex returns the index of section id, or -1.
func (f *Form) SectionIndex(id string) int {
	for i, s := range f.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// ProseLabel is the words of the question's prose before {value}, without
// the scope words a writer drops (全年, 共, 累计): 制发文件 for
// "全年制发文件{value}". "" when the question has no prose.
func (q *Question) ProseLabel() string {
	before, _, ok := strings.Cut(q.Prose, "{value}")
	if !ok {
		return ""
	}
	before = strings.TrimSpace(before)
	for _, w := range []string{"全年", "累计", "共计", "共", "合计", "总计"} {
		before = strings.TrimPrefix(before, w)
	}
	return strings.TrimRight(before, "为达均是：:")
}
