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
	for _, r := range f.Rules {
		left, right := answers[r.Left], answers[r.Right]
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
