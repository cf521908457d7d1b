package bot

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// DefaultMaxLen caps a text answer when the question sets no MaxLen.
const DefaultMaxLen = 2000

// ParseAnswer reads text as the answer to q and returns it in canonical
// form (Status Answered). Errors are EInvalid with one plain Chinese
// sentence saying what is expected, followed by q's example.
func ParseAnswer(q *Question, text string) (*Answer, error) {
	if IsInstruction(text) {
		return nil, answerError("请直接写明情况本身，不要写给报告起草者的要求（如“请在报告中写上……”）。", q.Example)
	}
	ans := &Answer{QID: q.ID, Status: Answered}
	var err error
	switch q.Kind {
	case KindCount, KindAmount, KindPercent, KindNumber:
		ans.Figure, err = parseNumeric(q, text)
	case KindText:
		ans.Text, err = parseText(q, text)
	case KindList:
		ans.List, err = parseList(q, text)
	case KindChoice:
		ans.Text, err = parseChoice(q, text)
	case KindYesNo:
		ans.Text, err = parseYesNo(q, text)
	case KindDate:
		ans.Text, err = parseDate(q, text)
	case KindItems:
		var it Item
		it, err = ParseItem(text)
		ans.Items = []Item{it}
	default:
		err = Errorf(EInternal, "问卷中的题目类型“%s”无法识别，请联系统筹人。", q.Kind)
	}
	if err != nil {
		return nil, err
	}
	return ans, nil
}

// parseNumeric reads a figure for a count, amount, percent or number
// question and converts it to the question's unit.
func parseNumeric(q *Question, text string) (*Figure, error) {
	s := figure.Normalize(text)
	if IsNone(s) || s == "0" || s == "零" {
		return &Figure{Value: "0", Unit: q.Unit}, nil
	}
	// "减少43%" answers "同比减少了百分之多少": the verb repeats the prompt.
	for _, verb := range []string{"减少", "下降", "降低", "增加", "增长", "提高", "提升"} {
		if strings.Contains(q.Prompt, verb) {
			if rest, ok := strings.CutPrefix(s, verb); ok && rest != "" {
				s = rest
			}
		}
	}
	f, err := figure.Parse(s)
	if err != nil {
		return nil, answerError("%s", q.Example, err.Error())
	}
	if err := convertUnit(q, &f); err != nil {
		return nil, err
	}
	if err := checkBounds(q, f); err != nil {
		return nil, err
	}
	return &f, nil
}

// convertUnit checks f's unit against the question's and rescales money.
func convertUnit(q *Question, f *Figure) error {
	switch {
	case q.Kind == KindPercent:
		if f.Unit != "" && f.Unit != "%" {
			return answerError("本题填写百分比。", q.Example)
		}
		f.Unit = "%"
	case q.Kind == KindAmount:
		if f.Unit != "" && f.Unit != "元" {
			return answerError("本题填写金额，单位为“%s”。", q.Example, q.Unit)
		}
		if f.Unit == "元" && q.Unit == "万元" {
			f.Value, _ = figure.ScaleDecimal(f.Value, -4)
		} else if f.Unit == "元" && q.Unit == "亿元" {
			f.Value, _ = figure.ScaleDecimal(f.Value, -8)
		}
		f.Unit = q.Unit
	default:
		if f.Unit == "%" && q.Unit != "%" {
			return answerError("本题不是百分比，请填写%s数。", q.Example, unitWord(q.Unit))
		}
		// A synonym counts the same: 3名 answers 多少人, 6场次 多少场.
		if f.Unit != "" && q.Unit != "" && !figure.SameUnit(f.Unit, q.Unit) {
			return answerError("本题的单位是“%s”，请按“%s”填写。", q.Example, q.Unit, q.Unit)
		}
		f.Unit = q.Unit
	}
	return nil
}

func unitWord(u string) string {
	if u == "" {
		return ""
	}
	return "“" + u + "”"
}

// checkBounds applies the question's bounds and the kind's own limits.
func checkBounds(q *Question, f Figure) error {
	v, ok := figure.DecimalRat(f.Value)
	if !ok {
		return answerError("数字格式不对。", q.Example)
	}
	if q.Kind == KindCount {
		if v.Sign() < 0 {
			return answerError("数量不能为负数。", q.Example)
		}
		if !v.IsInt() {
			return answerError("数量应为整数。", q.Example)
		}
	}
	if q.Kind == KindPercent && v.Sign() < 0 && (q.Min == nil || *q.Min >= 0) {
		return answerError("百分比不能为负数。", q.Example)
	}
	if q.Kind == KindAmount && v.Sign() < 0 {
		return answerError("金额不能为负数。", q.Example)
	}
	max := q.Max
	if max == nil && q.Kind == KindPercent {
		hundred := 100.0
		max = &hundred
	}
	if q.Min != nil && v.Cmp(new(big.Rat).SetFloat64(*q.Min)) < 0 {
		return answerError("数值不能小于 %s。", q.Example, trimFloat(*q.Min))
	}
	if max != nil && v.Cmp(new(big.Rat).SetFloat64(*max)) > 0 {
		if q.Kind == KindPercent && *max == 100 {
			return answerError("百分比不能超过 100%%。", q.Example)
		}
		return answerError("数值不能大于 %s。", q.Example, trimFloat(*max))
	}
	return nil
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// answerError is the EInvalid error for an answer: one Chinese sentence
// saying what is expected, then the question's example, if any.
func answerError(format string, example string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if example != "" {
		msg += "例如：" + example + "。"
	}
	return &Error{Code: EInvalid, Message: msg}
}

// IsNone reports whether text says there is nothing to report (无, 没有).
func IsNone(text string) bool {
	switch strings.TrimSpace(strings.Trim(text, "。！!")) {
	case "无", "没有", "暂无", "无此项", "没有此项", "/", "-", "—":
		return true
	}
	return false
}

// parseText checks a free-text answer.
func parseText(q *Question, text string) (string, error) {
	s := strings.TrimSpace(text)
	if err := refuseText(q, s); err != nil {
		return "", err
	}
	max := q.MaxLen
	if max <= 0 {
		max = DefaultMaxLen
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", answerError("内容过长（%d 字），请精简到 %d 字以内。", "", n, max)
	}
	return s, nil
}

// refuseText rejects empty, emoji-only and placeholder answers.
func refuseText(q *Question, s string) error {
	if s == "" {
		return answerError("请填写内容。", q.Example)
	}
	if !hasWord(s) {
		return answerError("请用文字填写。", q.Example)
	}
	if s == "同上" || strings.Contains(s, "见附件") {
		return answerError("请直接填写具体内容，暂不支持“同上”或附件。", q.Example)
	}
	return nil
}

// hasWord reports whether s has a letter, digit or CJK character.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

var listNumbering = regexp.MustCompile(`^(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．]|[①-⑳]|[-·•*])\s*`)

// parseList splits a list answer on new lines and 、；; separators.
func parseList(q *Question, text string) ([]string, error) {
	s := strings.TrimSpace(text)
	if err := refuseText(q, s); err != nil {
		return nil, err
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '；' || r == ';' || r == '、' })
	var out []string
	for _, f := range fields {
		f = strings.TrimSpace(listNumbering.ReplaceAllString(strings.TrimSpace(f), ""))
		f = strings.TrimRight(f, "。；;，,")
		if f != "" {
			out = append(out, Truncate(f, 500))
		}
	}
	if len(out) == 0 {
		return nil, answerError("请至少填写一项。", q.Example)
	}
	return out, nil
}

// parseChoice accepts a choice by its number or its text.
func parseChoice(q *Question, text string) (string, error) {
	s := strings.TrimSpace(strings.Trim(text, "。"))
	if n, ok := figure.SmallNumber(s); ok && n <= len(q.Choices) {
		return q.Choices[n-1], nil
	}
	for _, c := range q.Choices {
		if s == c {
			return c, nil
		}
	}
	for _, c := range q.Choices {
		if s != "" && strings.Contains(c, s) {
			return c, nil
		}
	}
	return "", answerError("请回复选项的序号或内容（%s）。", q.Example, strings.Join(q.Choices, "／"))
}

// parseYesNo reads 是/否 in their usual forms.
func parseYesNo(q *Question, text string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(strings.Trim(figure.Normalize(text), "。！!")))
	switch s {
	case "是", "是的", "有", "对", "已", "已经", "承担", "涉及", "yes", "y", "需要", "要":
		return "是", nil
	case "否", "不是", "没有", "无", "不", "未", "没", "不承担", "不涉及", "no", "n", "不需要":
		return "否", nil
	}
	return "", answerError("请回复“是”或“否”。", "")
}

var datePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$`),
	regexp.MustCompile(`^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$`),
	regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`),
}

// parseDate reads a calendar date with its year.
func parseDate(q *Question, text string) (string, error) {
	s := figure.Normalize(text)
	for _, p := range datePatterns {
		m := p.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != mo || t.Day() != d || y < 1949 || y > 2100 {
			return "", answerError("日期不存在，请检查。", q.Example)
		}
		return t.Format("2006-01-02"), nil
	}
	return "", answerError("请按“年月日”填写日期。", q.Example)
}

// FormatAnswer is the canonical text of an answer, as echoed to the
// contact and shown in reviews and exports.
func FormatAnswer(q *Question, a *Answer) string {
	switch {
	case a == nil:
		return ""
	case a.Status == Skipped:
		return "（已跳过）"
	case a.Status == NotApply:
		return "不涉及"
	case a.Figure != nil:
		return figure.Format(*a.Figure)
	case len(a.Items) > 0:
		return fmt.Sprintf("%d 条", len(a.Items))
	case len(a.List) > 0:
		return strings.Join(a.List, "；")
	}
	return a.Text
}
