package bot

import (
	"math/big"

	"reportbot/bot/figure"
)

// checkFigureWords refuses, before any figure is read, the numeric
// answers whose words say the figure must not be stored as written: no
// data yet (暂无数据 is not zero), or a change in the other direction
// than the question asks (不减反增 answers no 减少了百分之多少).
func checkFigureWords(q *Question, text string) error {
	s := figure.Normalize(text)
	if lacksData(s) {
		return answerError("“%s”不是数量为零的意思。如暂时无法提供数字，可回复“跳过”，提交前再补填；如确实为零，请填写“0”。", q.Example, Truncate(s, 12))
	}
	return checkDirection(q, s)
}

// lacksData reports whether s says the figure is not available (暂无数据,
// 没有数据, 数据暂缺) rather than that there were none.
func lacksData(s string) bool {
	if !containsAny(s, "数据", "统计数", "数字") || len(figure.Find(s)) > 0 {
		return false
	}
	return containsAny(s, "无", "没", "未", "暂", "缺", "不")
}

// Words that state a change upward or downward, and the downward words
// negated (不减反增: no decrease at all).
var (
	upWords      = []string{"增加", "增长", "上升", "提高", "提升", "升高", "增多", "多了", "反增", "反升"}
	downWords    = []string{"减少", "下降", "降低", "压减", "缩减", "精简", "少了", "减了"}
	notDownWords = []string{"不减反增", "不降反升", "没有减少", "没减少", "未减少", "没有下降", "没下降", "未下降", "没有降低", "未降低", "不减", "不降"}
	notUpWords   = []string{"不增反降", "不升反降", "没有增加", "没增加", "未增加", "没有增长", "未增长", "没有提高", "未提高", "不增", "不升"}
)

// checkDirection refuses an answer that states a change opposite to the
// one the question asks: the form encodes the direction in the prompt
// (同比减少了百分之多少) and the report prints the figure after that verb,
// so an increase stored there would read as a decrease.
func checkDirection(q *Question, s string) error {
	asksDown := containsAny(q.Prompt, downWords...) && !containsAny(q.Prompt, upWords...)
	asksUp := containsAny(q.Prompt, upWords...) && !containsAny(q.Prompt, downWords...)
	switch {
	case asksDown && opposite(s, notDownWords, upWords, downWords):
		return answerError("本题问的是减少的比例，您的回复说的是没有减少或有所增加（“%s”）。如确实没有减少，请回复“不涉及”，本题不写入报告；如是减少，请填写减少的比例。", q.Example, Truncate(s, 20))
	case asksUp && opposite(s, notUpWords, downWords, upWords):
		return answerError("本题问的是增长的比例，您的回复说的是没有增长或有所下降（“%s”）。如确实没有增长，请回复“不涉及”，本题不写入报告；如是增长，请填写增长的比例。", q.Example, Truncate(s, 20))
	}
	return nil
}

// opposite reports whether s negates the asked direction, or states only
// the other one.
func opposite(s string, negated, other, asked []string) bool {
	if containsAny(s, negated...) {
		return true
	}
	return containsAny(s, other...) && !containsAny(s, asked...)
}

// checkPercentUnit checks a figure answering a percentage question: a
// count (10余万件) is no percentage; 个百分点 answers only a question about
// a change; a bare decimal below 1 (0.43) or a bare 1 may be a ratio
// meant as 43% or 100%, so the contact is asked which.
func checkPercentUnit(q *Question, f *Figure) error {
	switch {
	case f.Unit == "个百分点" && promptAsksChange(q):
		return nil
	case f.Unit == "个百分点":
		return answerError("本题填写百分比（单位为“%%”），“个百分点”只用于两个比例之差，请直接填写比例。", q.Example)
	case f.Unit != "" && f.Unit != "%":
		return answerError("本题填写百分比（单位为“%%”），您填写的数字单位是“%s”，请填写比例。", q.Example, f.Unit)
	case f.Unit == "":
		v, ok := figure.DecimalRat(f.Value)
		if ok && v.Sign() > 0 && !v.IsInt() && v.Cmp(big.NewRat(1, 1)) < 0 {
			pct, _ := figure.ScaleDecimal(f.Value, 2)
			return answerError("请确认比例是 %s%% 还是 %s%%，并带上百分号重新填写。", q.Example, pct, f.Value)
		}
		if ok && v.Cmp(big.NewRat(1, 1)) == 0 {
			// 1 or 1.00 copied from a sheet's ratio column is 100%.
			return answerError("请确认比例是 100%% 还是 1%%，并带上百分号重新填写。", q.Example)
		}
	}
	return nil
}
