// Package formdraft proposes a form from last year's report: one question
// per figure the report states, with its label, unit and prose pattern
// taken from the sentence and last year's value kept, grouped under the
// report's own sections (一、二、…) and subsections (（一）…). It is
// rule-based and never changes a value; the coordinator edits the result
// and checks it with `reportbot forms check` before saving it.
package formdraft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
)

// Options name the proposed form.
type Options struct {
	ID    string // default "report-draft"
	Title string // default: the report's title without its year
}

// Draft is a proposed form: the report read into sections, subsections and
// questions, written out as YAML by Draft.YAML.
type Draft struct {
	ID, Title, ReportTitle, Opening string
	Year                            int    // the report's year, 0 if none was found
	Dept                            string // the department named in the opening, if found
	Sections                        []Section
}

// Section is one of the report's numbered parts.
type Section struct {
	ID, Number, Heading, Template, Lead string
	Subsections                         []Subsection
	Questions                           []Question // the part's own figures
	// Texts are the part's paragraphs when it states no figure: shown to
	// the contact as last year's items.
	Texts []string
}

// Subsection is a （一） heading of the report that states figures.
type Subsection struct {
	ID, Heading string
	Questions   []Question
}

// Question is one figure of the report as a question.
type Question struct {
	ID, Prompt, Unit, Prose, LastYear, Source string
	Kind                                      bot.Kind
}

// Questions counts the draft's questions.
func (d *Draft) Questions() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Questions)
		for _, b := range s.Subsections {
			n += len(b.Questions)
		}
	}
	return n
}

var (
	sectionLine    = regexp.MustCompile(`^([一二三四五六七八九十]+)、\s*(.+)$`)
	subsectionLine = regexp.MustCompile(`^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$`)
	yearPattern    = regexp.MustCompile(`((?:19|20)\d\d)\s*年`)
	deptPattern    = regexp.MustCompile(`^\{year\}年[，,]\s*(\p{Han}{2,20}?)(?:坚持|始终|深入|认真|全面|紧紧|紧扣|以|在)`)
)

// FromReport reads a report's text, one paragraph a line, into a
// proposed form.
func FromReport(text string, opt Options) (*Draft, error) {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		if l = strings.TrimSpace(strings.Trim(l, "\u3000\ufeff")); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "报告是空的，没有可以读取的内容。")
	}
	d := &Draft{ID: opt.ID}
	if d.ID == "" {
		d.ID = "report-draft"
	}
	if m := yearPattern.FindStringSubmatch(lines[0]); m != nil {
		d.Year, _ = strconv.Atoi(m[1])
	} else if m := yearPattern.FindStringSubmatch(text); m != nil {
		d.Year, _ = strconv.Atoi(m[1])
	}
	start := 0
	if !sectionLine.MatchString(lines[0]) {
		d.ReportTitle, start = d.vars(lines[0]), 1
	}
	var opening []string
	var cur *Section
	var sub *Subsection
	var body []string // the current subsection's or section's text
	flush := func() {
		if cur == nil {
			return
		}
		d.read(cur, sub, body)
		body = nil
	}
	for _, l := range lines[start:] {
		if m := sectionLine.FindStringSubmatch(l); m != nil {
			flush()
			d.Sections = append(d.Sections, Section{Number: m[1], Heading: d.vars(strings.TrimRight(m[2], "。："))})
			cur, sub = &d.Sections[len(d.Sections)-1], nil
			continue
		}
		if cur == nil {
			opening = append(opening, l)
			continue
		}
		if m := subsectionLine.FindStringSubmatch(l); m != nil {
			flush()
			heading, rest := m[2], ""
			if i := strings.Index(heading, "。"); i >= 0 && utf8.RuneCountInString(heading[:i]) <= 30 {
				heading, rest = heading[:i], heading[i+len("。"):]
			}
			cur.Subsections = append(cur.Subsections, Subsection{Heading: d.vars(heading)})
			sub = &cur.Subsections[len(cur.Subsections)-1]
			if rest != "" {
				body = append(body, rest)
			}
			continue
		}
		body = append(body, l)
	}
	flush()
	if len(d.Sections) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "报告里没有找到“一、”“二、”这样的部分标题，无法按部分生成问卷。")
	}
	d.Opening = d.vars(strings.Join(opening, ""))
	if m := deptPattern.FindStringSubmatch(d.Opening); m != nil {
		d.Dept = m[1]
		d.Opening = strings.Replace(d.Opening, m[1], "{dept}", 1)
	}
	d.Title = opt.Title
	if d.Title == "" {
		d.Title = strings.TrimSpace(strings.NewReplacer("{year}年度", "", "{year}年", "").Replace(d.ReportTitle))
	}
	if d.Title == "" {
		d.Title = "年度报告"
	}
	d.name()
	return d, nil
}

// read turns one subsection's (or a section's own) text into questions.
func (d *Draft) read(s *Section, sub *Subsection, body []string) {
	text := strings.Join(body, "")
	qs := questions(text, d.vars)
	switch {
	case sub != nil:
		sub.Questions = qs
		if len(qs) == 0 && text != "" {
			s.Texts = append(s.Texts, sub.Heading+"。"+text)
		}
	case len(qs) > 0:
		s.Questions = append(s.Questions, qs...)
	case text != "" && s.Lead == "" && len(s.Subsections) == 0:
		s.Lead = text // before the first subsection; content if none follows
	case text != "":
		s.Texts = append(s.Texts, text)
	}
}

// vars writes the report's year, the next year and the 普法 plan of the
// year as round variables, so the form serves the next year too.
func (d *Draft) vars(s string) string {
	if d.Year == 0 {
		return s
	}
	y := strconv.Itoa(d.Year)
	next := strconv.Itoa(d.Year + 1)
	plan := bot.PufaPlan(d.Year)
	s = strings.NewReplacer(y+"年", "{year}年", next+"年", "{next_year}年", "“"+plan+"”", "“{pufa}”", plan+"普法", "{pufa}普法").Replace(s)
	if d.Dept != "" {
		s = strings.ReplaceAll(s, d.Dept, "{dept}")
	}
	return s
}

// name gives sections, subsections and questions their ids and templates:
// a part whose heading names the outline's parts gets that part's
// template (measures, shortcomings, responsibility, pufa, plans).
func (d *Draft) name() {
	used := map[string]bool{}
	kept := d.Sections[:0]
	for i := range d.Sections {
		s := &d.Sections[i]
		if len(s.Subsections) == 0 && len(s.Questions) == 0 && s.Lead != "" {
			// A part with no subsections and no figure: its text is last
			// year's content, not a lead to repeat every year.
			s.Texts, s.Lead = append([]string{s.Lead}, s.Texts...), ""
		}
		s.Template = templateOf(s.Heading)
		s.ID = s.Template
		if used[s.ID] {
			s.ID = fmt.Sprintf("%s%d", s.Template, i+1)
		}
		used[s.ID] = true
		var subs []Subsection
		for _, b := range s.Subsections {
			if len(b.Questions) > 0 {
				subs = append(subs, b)
			}
		}
		s.Subsections = subs
		for bi := range s.Subsections {
			b := &s.Subsections[bi]
			b.ID = fmt.Sprintf("%s_%d", s.ID, bi+1)
			for qi := range b.Questions {
				b.Questions[qi].ID = fmt.Sprintf("%s_%d", b.ID, qi+1)
			}
		}
		for qi := range s.Questions {
			s.Questions[qi].ID = fmt.Sprintf("%s_q%d", s.ID, qi+1)
		}
		kept = append(kept, *s)
	}
	d.Sections = kept
}

// templateOf picks the drafting template a heading calls for.
func templateOf(heading string) string {
	for _, t := range []struct{ word, tmpl string }{{"不足", "shortcomings"}, {"第一责任人", "responsibility"}, {"普法", "pufa"},
		{"安排", "plans"}, {"计划", "plans"}, {"打算", "plans"}, {"举措", "measures"}, {"成效", "measures"}} {
		if strings.Contains(heading, t.word) {
			return t.tmpl
		}
	}
	return "measures"
}
