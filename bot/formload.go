package bot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

var idPattern = regexp.MustCompile(`^[a-z0-9_]+$`)

// unitsByKind lists the units a question kind may declare.
var unitsByKind = map[Kind][]string{
	KindCount:   {"件", "次", "场", "份", "项", "条", "人", "人次", "个", "家", "篇", "期", "天", "户", "所", "名", "起", "批", "类", "部", "本", "处", "套", "位", "课时", "学时", "宗", "例"},
	KindAmount:  {"万元", "元", "亿元"},
	KindPercent: {"%"},
	KindNumber:  {"", "天", "小时", "个百分点", "人", "万元"},
}

// LoadForm decodes and validates a form written in YAML. Unknown fields are
// errors; so are duplicate ids, unknown kinds, units that do not fit the
// kind, bad bounds, dangling ask_if and rule references, and examples that
// do not parse as answers to their own question. Errors are in English for
// the operator and name the form and question.
func LoadForm(data []byte) (*Form, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Form
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("form: %w", err)
	}
	sum := sha256.Sum256(data)
	f.Hash = hex.EncodeToString(sum[:])[:12]
	f.Index()
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("form %s: %w", f.ID, err)
	}
	return &f, nil
}

func (f *Form) validate() error {
	if !idPattern.MatchString(strings.ReplaceAll(f.ID, "-", "_")) || f.Title == "" || f.Version == "" {
		return fmt.Errorf("id (lower-case letters, digits, - and _), title and version are required")
	}
	if len(f.Sections) == 0 {
		return fmt.Errorf("no sections")
	}
	seen := map[string]bool{}
	for _, s := range f.Sections {
		if !idPattern.MatchString(s.ID) || seen["s:"+s.ID] {
			return fmt.Errorf("section id %q is empty, malformed or repeated", s.ID)
		}
		seen["s:"+s.ID] = true
		if s.Heading == "" || s.Template == "" || s.Number == "" {
			return fmt.Errorf("section %s: number, heading and template are required", s.ID)
		}
		n := len(s.Questions)
		for _, b := range s.Subsections {
			if !idPattern.MatchString(b.ID) || seen["b:"+b.ID] || b.Heading == "" || len(b.Questions) == 0 {
				return fmt.Errorf("section %s: subsection %q needs a unique id, a heading and questions", s.ID, b.ID)
			}
			seen["b:"+b.ID] = true
			n += len(b.Questions)
		}
		if n == 0 {
			return fmt.Errorf("section %s: no questions", s.ID)
		}
	}
	for _, q := range f.Questions() {
		if seen[q.ID] || !idPattern.MatchString(q.ID) {
			return fmt.Errorf("question id %q is empty, malformed or repeated", q.ID)
		}
		seen[q.ID] = true
		if err := f.validateQuestion(q); err != nil {
			return fmt.Errorf("question %s: %w", q.ID, err)
		}
	}
	for i, r := range f.Rules {
		if r.Kind != "le" && r.Kind != "requires" {
			return fmt.Errorf("rule %d: kind %q is not le or requires", i+1, r.Kind)
		}
		if f.Question(r.Left) == nil || f.Question(r.Right) == nil {
			return fmt.Errorf("rule %d: unknown question %q or %q", i+1, r.Left, r.Right)
		}
	}
	return nil
}

func (f *Form) validateQuestion(q *Question) error {
	if q.Prompt == "" {
		return fmt.Errorf("prompt is required")
	}
	if q.Example == "" {
		return fmt.Errorf("example is required")
	}
	units, numeric := unitsByKind[q.Kind]
	switch {
	case numeric:
		if !slices.Contains(units, q.Unit) {
			return fmt.Errorf("unit %q does not fit kind %s (one of %v)", q.Unit, q.Kind, units)
		}
	case q.Kind == KindText, q.Kind == KindList, q.Kind == KindYesNo, q.Kind == KindDate, q.Kind == KindItems:
		if q.Unit != "" {
			return fmt.Errorf("kind %s takes no unit", q.Kind)
		}
	case q.Kind == KindChoice:
		if len(q.Choices) < 2 {
			return fmt.Errorf("a choice question needs at least two choices")
		}
	default:
		return fmt.Errorf("unknown kind %q", q.Kind)
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		return fmt.Errorf("min %v is above max %v", *q.Min, *q.Max)
	}
	if q.AskIf != "" {
		g := f.Question(q.AskIf)
		if g == nil || g.Kind != KindYesNo || g.Number >= q.Number {
			return fmt.Errorf("ask_if %q must name an earlier yes/no question", q.AskIf)
		}
	}
	if q.Prose != "" && !strings.Contains(q.Prose, "{value}") {
		return fmt.Errorf("prose %q lacks {value}", q.Prose)
	}
	if q.Sum && (q.Kind == KindPercent || !q.Kind.Numeric()) {
		return fmt.Errorf("sum is for counts and amounts that add up, not %s", q.Kind)
	}
	if _, err := ParseAnswer(q, q.Example); err != nil {
		return fmt.Errorf("example %q does not parse: %v", q.Example, err)
	}
	return nil
}

// Summary is the one-line description printed by `reportbot forms check`.
func (f *Form) Summary() string {
	optional := 0
	for _, q := range f.Questions() {
		if q.Optional {
			optional++
		}
	}
	return fmt.Sprintf("%s v%s %s: %d sections, %d questions (%d optional), %d rules, hash %s",
		f.ID, f.Version, f.Title, len(f.Sections), f.Len(), optional, len(f.Rules), f.Hash)
}
