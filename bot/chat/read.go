package chat

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// Reading is what the bot makes of one message typed at one question,
// before the form's cross-field rules and the year-over-year check: the
// answer it would store and the echo it would send, or the refusal. The
// engine and `reportbot forms try` both read answers through Read.
type Reading struct {
	// Answer is what would be stored; nil when refused.
	Answer *bot.Answer `json:"answer,omitempty"`
	// Echo is the reply confirming the answer (已记录：…).
	Echo string `json:"echo,omitempty"`
	// Refusal is the reply refusing the message, saying why.
	Refusal string `json:"refusal,omitempty"`
	// NonAnswer says what a refused message is when it is chat rather than
	// an answer (a greeting, 收到, a question about the question).
	NonAnswer NonAnswer `json:"non_answer,omitempty"`
}

// Read reads text as the answer to q. 无 on an optional question that is
// not a figure or a yes/no records 不涉及; on a figure it records 0 and the
// echo says how to answer 不涉及 instead.
//
// Chat is not an answer (ClassifyNonAnswer): a question that takes any
// words (text, list, choice, items) refuses it before reading; any other
// refuses it when its reader finds no answer; either way the reply says
// what to do.
func Read(q *bot.Question, text string) Reading {
	text = strings.TrimSpace(text)
	freeText := q.Kind == bot.KindText || q.Kind == bot.KindList || q.Kind == bot.KindChoice || q.Kind == bot.KindItems
	if na := ClassifyNonAnswer(text); na != NotNonAnswer && freeText {
		return Reading{Refusal: nonAnswerReply(q, na, text), NonAnswer: na}
	}
	if parseCommand(text).cmd == cmdNotApply && (q.Optional || q.Kind != bot.KindYesNo) {
		// 不涉及 is a command in the conversation; read alone (forms try)
		// it answers the same. On a yes/no question that must be answered
		// it is 否 (read below).
		if !q.Optional {
			return Reading{Refusal: msgRequired}
		}
		a := &bot.Answer{QID: q.ID, Status: bot.NotApply}
		return Reading{Answer: a, Echo: echo(q, a)}
	}
	if bot.IsNone(text) && !q.Kind.Numeric() && q.Kind != bot.KindYesNo && q.Kind != bot.KindItems && q.Optional {
		a := &bot.Answer{QID: q.ID, Status: bot.NotApply}
		return Reading{Answer: a, Echo: echo(q, a)}
	}
	if (bot.IsNone(text) || deniesAll(text)) && q.Kind == bot.KindText && q.None != "" {
		// The prompt asks for 无 when there is nothing: record what it
		// stands for, as the report will say it.
		a, err := bot.ParseAnswer(q, q.None)
		if err == nil {
			a.Wrote = text
			return Reading{Answer: a, Echo: echo(q, a)}
		}
	}
	if bot.IsNone(text) && !q.Kind.Numeric() && q.Kind != bot.KindYesNo && q.Kind != bot.KindItems && q.Kind != bot.KindTable {
		return Reading{Refusal: msgRequiredNone} // a table's 无 is every cell 0
	}
	a, err := bot.ParseAnswer(q, text)
	if err != nil {
		if na := ClassifyNonAnswer(text); na != NotNonAnswer {
			return Reading{Refusal: nonAnswerReply(q, na, text), NonAnswer: na}
		}
		return Reading{Refusal: bot.ErrorMessage(err)}
	}
	return Reading{Answer: a, Echo: echo(q, a)}
}

// deniesAll reports whether a short reply only says no (没有收, 不收费,
// 未收取): on a question whose form says what 无 stands for, it stands for
// that too.
func deniesAll(text string) bool {
	s := strings.Trim(strings.TrimSpace(text), "。！!，,")
	if utf8.RuneCountInString(s) > 8 || strings.ContainsAny(s, "0123456789") || strings.ContainsAny(s, "但只除仅外") {
		return false
	}
	for _, neg := range []string{"没", "不", "未", "无"} {
		if strings.HasPrefix(s, neg) {
			return true
		}
	}
	return false
}

// echo is the reply that confirms a stored answer: the canonical value,
// what the contact wrote when it reads differently, the note, and for a
// zero on an optional question how to say 不涉及 instead. No sentence ends
// twice (。。).
func echo(q *bot.Question, a *bot.Answer) string {
	var b strings.Builder
	b.WriteString("已记录：")
	if a.Status == bot.NotApply {
		b.WriteString("不涉及。")
		return b.String()
	}
	b.WriteString(bot.TrimSentenceEnd(bot.FormatAnswer(q, a)))
	if a.Wrote != "" {
		b.WriteString("（您写的是“" + a.Wrote + "”）")
	}
	b.WriteString("。")
	if a.Note != "" {
		b.WriteString("备注：" + bot.TrimSentenceEnd(a.Note) + "。")
	}
	if a.Figure != nil && q.Optional && isZeroValue(a.Figure.Value) {
		fmt.Fprintf(&b, msgZeroHint, q.Number)
	}
	return b.String()
}

func isZeroValue(v string) bool {
	r, ok := figure.DecimalRat(v)
	return ok && r.Sign() == 0
}
