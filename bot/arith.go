package bot

import (
	"fmt"
	"math/big"
	"strings"
	"sync"
)

// arithCache keeps a form's arithmetic rules expanded: the form does not
// change once indexed, and every table answer checks them.
type arithCache struct {
	once sync.Once
	inst []Instance
}

// instances returns every instance of every "eq" rule, expanded once.
func (f *Form) instances() []Instance {
	f.Questions() // indexed
	f.arith.once.Do(func() {
		for _, ar := range f.ArithRules() {
			f.arith.inst = append(f.arith.inst, ar.Instances(f)...)
		}
	})
	return f.arith.inst
}

// RuleEq is the kind of an arithmetic rule over table cells.
const RuleEq = "eq"

// Term is one cell reference of an arithmetic rule: qid.row.col, where
// row or col may be * (every row, every column), preceded by last. for the
// department's answer in last year's round.
type Term struct {
	Neg      bool
	Last     bool
	QID      string
	Row, Col string
}

// String writes the term as the form does.
func (t Term) String() string {
	s := t.QID + "." + t.Row + "." + t.Col
	if t.Last {
		s = "last." + s
	}
	return s
}

// ParseSum reads one side of an arithmetic rule: terms joined by + and -.
func ParseSum(expr string) ([]Term, error) {
	s := strings.NewReplacer("＋", "+", "－", "-", "−", "-", " ", "", "\t", "").Replace(expr)
	if s == "" {
		return nil, fmt.Errorf("表达式为空")
	}
	var out []Term
	neg := false
	start := 0
	flush := func(end int) error {
		part := s[start:end]
		parts := strings.Split(part, ".")
		t := Term{Neg: neg}
		if len(parts) == 4 && parts[0] == "last" {
			t.Last, parts = true, parts[1:]
		}
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return fmt.Errorf("“%s”应写成 题目编号.行编号.列编号（可用 * 表示每一行或每一列）", part)
		}
		t.QID, t.Row, t.Col = parts[0], parts[1], parts[2]
		out = append(out, t)
		return nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '+' || s[i] == '-' {
			if i == 0 && s[i] == '-' {
				neg, start = true, 1
				continue
			}
			if err := flush(i); err != nil {
				return nil, err
			}
			neg, start = s[i] == '-', i+1
		}
	}
	if err := flush(len(s)); err != nil {
		return nil, err
	}
	return out, nil
}

// ArithRule is an "eq" rule read: both sides, and which position of the
// cell references is a wildcard.
type ArithRule struct {
	Index       int // in Form.Rules
	Rule        Rule
	Left, Right []Term
}

// ArithRules returns the form's "eq" rules, read; rules that do not parse
// are left out (CheckForm reports them).
func (f *Form) ArithRules() []ArithRule {
	var out []ArithRule
	for i, r := range f.Rules {
		if r.Kind != RuleEq {
			continue
		}
		l, err1 := ParseSum(r.Left)
		rt, err2 := ParseSum(r.Right)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, ArithRule{Index: i, Rule: r, Left: l, Right: rt})
	}
	return out
}

// Instance is one arithmetic rule with its wildcard filled in.
type Instance struct {
	Rule        ArithRule
	Left, Right []Term
}

// Instances expands the rule's wildcard over the rows or columns of the
// table it names, keeping the instances whose every cell exists.
func (ar ArithRule) Instances(f *Form) []Instance {
	all := append(append([]Term{}, ar.Left...), ar.Right...)
	var values []string
	pos := 0 // 1: rows, 2: columns
	for _, t := range all {
		q := f.Question(t.QID)
		if q == nil || q.Table == nil {
			return nil
		}
		if t.Row == "*" && pos == 0 {
			pos = 1
			for _, r := range q.Table.Rows {
				values = append(values, r.ID)
			}
		}
		if t.Col == "*" && pos == 0 {
			pos = 2
			for _, c := range q.Table.Columns {
				values = append(values, c.ID)
			}
		}
	}
	if pos == 0 {
		values = []string{""}
	}
	var out []Instance
	for _, v := range values {
		sub := func(ts []Term) ([]Term, bool) {
			res := make([]Term, len(ts))
			for i, t := range ts {
				if t.Row == "*" {
					t.Row = v
				}
				if t.Col == "*" {
					t.Col = v
				}
				q := f.Question(t.QID)
				r := q.Table.Row(t.Row)
				if r == nil || !q.Table.HasCell(r, t.Col) {
					return nil, false
				}
				res[i] = t
			}
			return res, true
		}
		l, ok1 := sub(ar.Left)
		r, ok2 := sub(ar.Right)
		if ok1 && ok2 {
			out = append(out, Instance{Rule: ar, Left: l, Right: r})
		}
	}
	return out
}

// ArithBreak is one broken instance of an arithmetic rule, with both
// sides' values.
type ArithBreak struct {
	Instance
	LeftValue, RightValue *big.Rat
}

// QIDs are the questions of this year the broken rule involves.
func (b ArithBreak) QIDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range append(append([]Term{}, b.Left...), b.Right...) {
		if !t.Last && !seen[t.QID] {
			seen[t.QID] = true
			out = append(out, t.QID)
		}
	}
	return out
}

// CheckArith applies the form's arithmetic rules to answers (last: the
// department's answers last year, nil if none) and returns every broken
// instance. An instance is checked only when every table it reads is
// answered.
func CheckArith(f *Form, answers, last map[string]*Answer) []ArithBreak {
	var out []ArithBreak
	for _, in := range f.instances() {
		l, ok1 := sumTerms(in.Left, answers, last)
		r, ok2 := sumTerms(in.Right, answers, last)
		if ok1 && ok2 && l.Cmp(r) != 0 {
			out = append(out, ArithBreak{Instance: in, LeftValue: l, RightValue: r})
		}
	}
	return out
}

func sumTerms(ts []Term, answers, last map[string]*Answer) (*big.Rat, bool) {
	sum := new(big.Rat)
	for _, t := range ts {
		src := answers
		if t.Last {
			src = last
		}
		a := src[t.QID]
		if a == nil || a.Status == Skipped {
			return nil, false
		}
		v := new(big.Rat)
		if a.Status == Answered {
			v = GridValue(a.Grid, CellKey(t.Row, t.Col))
		}
		if t.Neg {
			sum.Sub(sum, v)
		} else {
			sum.Add(sum, v)
		}
	}
	return sum, true
}

// Text says what is wrong in plain Chinese, naming the cells and the
// difference: 第 9 题“（七）总计·自然人”为 10，应等于“（一）予以公开·自然人”至
// “3.其他·自然人”共 17 项之和 12，相差 2。
func (b ArithBreak) Text(f *Form) string {
	diff := new(big.Rat).Sub(b.LeftValue, b.RightValue)
	diff.Abs(diff)
	msg := fmt.Sprintf("%s为 %s，应等于%s %s，相差 %s。", describeSum(f, b.Left), ratString(b.LeftValue),
		describeSum(f, b.Right), ratString(b.RightValue), ratString(diff))
	if b.Rule.Rule.Message != "" {
		msg = "【" + b.Rule.Rule.Message + "】" + msg
	}
	return msg
}

// describeSum names the cells of one side; a long sum by its first and
// last cells.
func describeSum(f *Form, ts []Term) string {
	name := func(t Term) string {
		q := f.Question(t.QID)
		s := "“" + q.Table.CellLabel(t.Row, t.Col) + "”"
		if t.Last {
			s = "上年" + s
		}
		return s
	}
	prefix := ""
	if q := f.Question(ts[0].QID); q != nil && q.Number > 0 {
		prefix = fmt.Sprintf("第 %d 题", q.Number)
	}
	if len(ts) == 1 {
		return prefix + name(ts[0])
	}
	allPlus := true
	for _, t := range ts {
		allPlus = allPlus && !t.Neg
	}
	if len(ts) > 4 && allPlus {
		return fmt.Sprintf("%s%s至%s共 %d 项之和", prefix, name(ts[0]), name(ts[len(ts)-1]), len(ts))
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i, t := range ts {
		switch {
		case t.Neg:
			b.WriteString("－")
		case i > 0:
			b.WriteString("＋")
		}
		b.WriteString(name(t))
	}
	if allPlus {
		b.WriteString("之和")
	}
	return b.String()
}

// FillTotals sets the cells of q's grid that the rules compute from other
// cells of the same grid (a single cell on the left, a sum of cells of q
// on the right), unless given says the contact typed them. Rules apply
// in form order, so a grand total written after the row totals sees them.
func FillTotals(f *Form, q *Question, grid map[string]string, given map[string]bool) {
	for _, in := range f.instances() {
		if len(in.Left) != 1 || in.Left[0].QID != q.ID || in.Left[0].Last || in.Left[0].Neg {
			continue
		}
		key := CellKey(in.Left[0].Row, in.Left[0].Col)
		if given[key] {
			continue
		}
		sum := new(big.Rat)
		ok := true
		for _, t := range in.Right {
			if t.QID != q.ID || t.Last {
				ok = false
				break
			}
			v := GridValue(grid, CellKey(t.Row, t.Col))
			if t.Neg {
				sum.Sub(sum, v)
			} else {
				sum.Add(sum, v)
			}
		}
		if ok {
			grid[key] = ratString(sum)
		}
	}
}

// RefillTotals recomputes the totals of grid after the contact changed
// some of its cells (changed: the cells just typed; old: the grid before).
// A total follows its parts unless the contact typed it: just now
// (changed), or before, as given (the cells typed before) says; when
// given is unknown (nil: a grid read from a file), a total that equalled
// the sum of its parts in old is taken as computed. It returns the cells
// now counted as typed.
func RefillTotals(f *Form, q *Question, old, grid map[string]string, given, changed map[string]bool) map[string]bool {
	typed := map[string]bool{}
	for k := range given {
		typed[k] = true
	}
	if given == nil {
		computed := ComputedTotals(f, q, old)
		for k := range old {
			if !computed[k] {
				typed[k] = true
			}
		}
	}
	for k := range changed {
		typed[k] = true
	}
	FillTotals(f, q, grid, typed)
	return typed
}

// ComputedTotals are the totals of q's grid (cells the form's rules
// compute from others of the grid) that equal the sum of their parts:
// those the bot computed, or that agree with it.
func ComputedTotals(f *Form, q *Question, grid map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, in := range f.instances() {
		if key, ok := totalOf(in, q); ok && sumsTo(in, grid, key) {
			out[key] = true
		}
	}
	return out
}

// totalOf returns the cell a rule instance computes within q's grid (a
// single cell on the left, a sum of q's cells on the right).
func totalOf(in Instance, q *Question) (string, bool) {
	if len(in.Left) != 1 || in.Left[0].QID != q.ID || in.Left[0].Last || in.Left[0].Neg {
		return "", false
	}
	for _, t := range in.Right {
		if t.QID != q.ID || t.Last {
			return "", false
		}
	}
	return CellKey(in.Left[0].Row, in.Left[0].Col), true
}

// sumsTo reports whether, in grid, the instance's total key equals the
// sum of its parts.
func sumsTo(in Instance, grid map[string]string, key string) bool {
	sum := new(big.Rat)
	for _, t := range in.Right {
		v := GridValue(grid, CellKey(t.Row, t.Col))
		if t.Neg {
			sum.Sub(sum, v)
		} else {
			sum.Add(sum, v)
		}
	}
	return GridValue(grid, key).Cmp(sum) == 0
}
