package chat

import (
	"fmt"
	"strings"

	"reportbot/bot"
	"reportbot/bot/figure"
	"reportbot/bot/match"
)

// msgCombined asks again when one figure counts this question's thing and
// another question's together (承办人大建议和政协提案共56件 on 人大建议).
const msgCombined = "“%s”是“%s”合起来的数字，本题问的是“%s”，请只填写这一项，如“%s”；“%s”在第 %d 题填写。"

// eachWords say a figure is each thing's own (人大建议、政协提案各28件).
var eachWords = []string{"各", "均", "分别", "都是", "都为"}

// ReadInForm is Read with what only the whole form can tell: a figure
// that counts this question's thing together with another question's
// (承办人大建议和政协提案共56件 on 人大建议) is refused and asked again.
// The conversation and `forms try` read answers through it.
func ReadInForm(form *bot.Form, q *bot.Question, text string) Reading {
	rd := Read(q, text)
	if a := rd.Answer; a != nil && a.Status == bot.Answered && a.Figure != nil {
		if msg := combinedFigure(form, q, text); msg != "" {
			return Reading{Refusal: msg}
		}
	}
	return rd
}

// combinedFigure returns the message asking again when the one figure of
// text counts q's thing together with another numeric question's of form,
// "" when it does not. Only a text with one figure and a conjunction
// before it is looked at, so a plain answer costs nothing.
func combinedFigure(form *bot.Form, q *bot.Question, text string) string {
	if !q.Kind.Numeric() || !strings.ContainsAny(text, "和与及、同") {
		return ""
	}
	spans := figure.Find(text)
	if len(spans) != 1 {
		return ""
	}
	sp := spans[0]
	before := text[:sp.Start]
	if i := strings.LastIndexAny(before, "，,；;。\n"); i >= 0 {
		before = before[i+1:]
	}
	for _, w := range eachWords {
		if strings.Contains(before, w) {
			return ""
		}
	}
	parts := bot.SplitAtConjunctions(before)
	if len(parts) < 2 {
		return ""
	}
	unit := sp.Figure.Unit
	if unit == "" {
		unit = q.Unit
	}
	mine, others, unbound := "", []*bot.Question{}, 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		p = trimTotalWords(p)
		for _, w := range []string{"本年度", "今年", "本年", "全年", "年内", "我单位", "本单位", "我局"} {
			p = strings.TrimPrefix(p, w)
		}
		if p == "" {
			continue
		}
		// The form's own matcher says what the words name: the part with
		// a figure of the same unit after it, as a sentence of its own.
		res := match.Text(form, p+"1"+unit)
		if len(res.Matches) != 1 {
			unbound++ // 人大建议 alone is too short for the matcher: maybe this question's
			continue
		}
		switch mq := form.Question(res.Matches[0].QID); {
		case mq == nil:
		case mq.ID == q.ID:
			mine = p
		case mq.Kind.Numeric() && figure.SameUnit(mq.Unit, q.Unit):
			others = append(others, mq)
		}
	}
	if len(others) == 0 || mine == "" && unbound != 1 {
		return ""
	}
	named := trimTotalWords(strings.TrimSpace(before))
	o := others[0]
	return fmt.Sprintf(msgCombined, strings.TrimSpace(sp.Text), named, q.Prompt, q.Example, o.Prompt, o.Number)
}

// trimTotalWords drops the words that end a list's sum before its figure
// (人大建议和政协提案共计 → 人大建议和政协提案).
func trimTotalWords(s string) string {
	for _, w := range []string{"共计", "合计", "总计", "一共", "累计", "共", "为", "是"} {
		s = strings.TrimSuffix(s, w)
	}
	return s
}
