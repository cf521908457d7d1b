package bot

import (
	"fmt"

	"reportbot/bot/figure"
)

// CheckRules applies the form's cross-field rules to a set of answers:
// "le" (left ≤ right when both are answered figures) and "requires" (left
// answered needs right answered). It returns EInvalid with the rule's
// message, or a default that names both questions.
func CheckRules(f *Form, answers map[string]*Answer) error {
	return checkRules(f, answers, nil)
}

// CheckRulesWith is CheckRules as if ans were stored among answers (which
// are not changed), over only the rules that name ans's question: what
// storing ans can break when the other answers kept the rules already. A
// turn checks one answer; parsing every other figure of the form again
// for each was a good part of the turn's work.
func CheckRulesWith(f *Form, answers map[string]*Answer, ans *Answer) error {
	return checkRules(f, answers, ans)
}

// checkRules is CheckRules over all rules (with nil), or over the rules
// naming with's question with with in its place.
func checkRules(f *Form, answers map[string]*Answer, with *Answer) error {
	get := func(qid string) *Answer {
		if with != nil && qid == with.QID {
			return with
		}
		return answers[qid]
	}
	for _, r := range f.Rules {
		if with != nil && r.Left != with.QID && r.Right != with.QID {
			continue
		}
		left, right := get(r.Left), get(r.Right)
		lq, rq := f.Question(r.Left), f.Question(r.Right)
		if lq == nil || rq == nil || left.Empty() {
			continue
		}
		switch r.Kind {
		case "requires":
			if right.Empty() {
				return ruleError(r, fmt.Sprintf("请先填写第 %d 题（%s），再填写本题。", rq.Number, rq.Short()))
			}
		case "le":
			if right.Empty() || left.Figure == nil || right.Figure == nil {
				continue
			}
			lv, ok1 := figure.DecimalRat(left.Figure.Value)
			rv, ok2 := figure.DecimalRat(right.Figure.Value)
			if ok1 && ok2 && lv.Cmp(rv) > 0 {
				return ruleError(r, fmt.Sprintf("第 %d 题（%s）不能大于第 %d 题（%s）的 %s，请核对。",
					lq.Number, figure.Format(*left.Figure), rq.Number, rq.Short(), figure.Format(*right.Figure)))
			}
		}
	}
	return nil
}

func ruleError(r Rule, def string) error {
	if r.Message != "" {
		return Errorf(EInvalid, "%s", r.Message)
	}
	return Errorf(EInvalid, "%s", def)
}
