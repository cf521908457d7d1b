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
		var r figureReading
		if err = checkFigureWords(q, text); err != nil {
			break
		}
		if r, err = readFigure(q, text); err == nil {
			ans.Figure, ans.Note, ans.Wrote = &r.fig, r.note, r.wrote
		}
	case KindText:
		ans.Text, err = parseText(q, text)
	case KindList:
		ans.List, err = parseList(q, text)
	case KindChoice:
		ans.Text, err = parseChoice(q, text)
	case KindYesNo:
		ans.Text, ans.Note, err = parseYesNo(q, text)
	case KindDate:
		ans.Text, err = parseDate(q, text)
	case KindTable:
		ans.Grid, err = parseTableText(q, text)
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

// convertUnit checks f's unit against the question's and rescales money.
func convertUnit(q *Question, f *Figure) error {
	switch {
	case q.Kind == KindPercent:
		if err := checkPercentUnit(q, f); err != nil {
			return err
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
		if f.Unit == "元" && q.Unit == f.Scale+"元" {
			f.Scale = "" // 85余万 in 万元 is 85余万元: the unit carries the 万
		}
		f.Unit = q.Unit
	default:
		if f.Unit == "%" && q.Unit != "%" {
			return answerError("本题不是百分比，请填写%s数。", q.Example, unitWord(q.Unit))
		}
		// A synonym counts the same: 3名 answers 多少人, 6场次 多少场.
		// Nothing counts as nothing in any unit: 收到申请0条 answers 多少件.
		if f.Unit != "" && q.Unit != "" && !figure.SameUnit(f.Unit, q.Unit) && f.Value != "0" {
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
		msg += "例如：" + TrimSentenceEnd(example) + "。"
	}
	return &Error{Code: EInvalid, Message: msg}
}

// IsNone reports whether text says there is nothing to report (无, 没有).
func IsNone(text string) bool {
	s := strings.TrimSpace(strings.Trim(text, "。！!"))
	switch s {
	case "无", "没有", "暂无", "无此项", "没有此项", "/", "-", "—":
		return true
	}
	// The same said as people type it: 没有了，谢谢 · 暂时没有 · 没有其他事项.
	for _, tail := range []string{"谢谢您", "谢谢", "，", ",", "。", " ", "了", "哈", "呢"} {
		s = strings.TrimSuffix(s, tail)
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "，"), "。")
	for _, head := range []string{"暂时", "目前", "今年", "本年度", "本年"} {
		s = strings.TrimPrefix(s, head)
	}
	switch s {
	case "无", "没有", "暂无", "没", "没有其他事项", "无其他事项", "没有其他", "无其他", "没有别的", "没有需要说明的事项",
		"没有需要报告的事项", "无需要说明的事项", "无其他需要报告的事项", "没有其他需要报告的事项", "没有其他需要说明的事项":
		return true
	}
	return false
}

// parseText checks a free-text answer.
func parseText(q *Question, text string) (string, error) {
	s := tidyText(text)
	if err := refuseText(q, s); err != nil {
		return "", err
	}
	if q.Subject && looksLikeName(s) {
		// A post opens the section's paragraph (政府办党组书记…); a name
		// there reads wrong in a 公文 and says nothing of the duty.
		return "", answerError("本题请填写职务，不是姓名；如需写上姓名，请写成“职务 姓名”。", q.Example)
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

// Common surnames, double ones first, for looksLikeName.
var (
	doubleSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "端木"}
	surnames       = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
	// postMarks are characters of posts and bodies (书记, 局长, 主任,
	// 委员, 办公室): text holding one is taken as a post, names and all.
	postMarks = "书记主任长员委部局办科处组经理师领导负责席总队所院馆站中心党政府厅司署会"
)

// looksLikeName reports whether s is a bare personal name (张伟, 欧阳明华):
// two to four Han characters opening with a common surname and holding
// none of the characters posts are made of.
func looksLikeName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 || strings.ContainsAny(s, postMarks) {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	for _, d := range doubleSurnames {
		if strings.HasPrefix(s, d) {
			return n >= 3
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(surnames, first)
}

// doubledStops are runs of full stops a phone keyboard leaves (。。).
var doubledStops = regexp.MustCompile(`。{2,}`)

// tidyText trims spaces and the punctuation a text cannot start with, and
// writes a run of full stops as one, so no echo reads “。。”.
func tidyText(text string) string {
	s := strings.TrimLeft(strings.TrimSpace(text), "。.，,；;、！!？? ")
	return doubledStops.ReplaceAllString(s, "。")
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
	var fields []string
	for _, line := range strings.Split(s, "\n") {
		// 1.《会议管理办法》2.《公文处理细则》: items numbered in one line.
		for _, part := range splitNumbered(line) {
			fields = append(fields, strings.FieldsFunc(part, func(r rune) bool { return r == '；' || r == ';' || r == '、' })...)
		}
	}
	var out []string
	for _, f := range fields {
		f = tidyText(listNumbering.ReplaceAllString(strings.TrimSpace(f), ""))
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

// splitNumbered cuts a line at its item numbers when they run 1, 2, 3 …
// from its start or after a lead-in ending in a colon, which is dropped
// (1.甲 2.乙, （1）甲（2）乙, ①甲②乙, 制定了2项制度：1.甲 2.乙); a line
// not so numbered comes back whole.
func splitNumbered(line string) []string {
	s := strings.TrimSpace(line)
	var cuts []int
	for k := 1; ; k++ {
		at := -1
		from := 0
		if len(cuts) > 0 {
			from = cuts[len(cuts)-1] + 1
		}
		for _, m := range numberMarks(k) {
			if i := strings.Index(s[from:], m); i >= 0 && (at < 0 || from+i < at) {
				if j := from + i; j == 0 || !isASCIIDigitByte(s[j-1]) {
					at = j
				}
			}
		}
		if at < 0 || k == 1 && at != 0 && !strings.HasSuffix(strings.TrimSpace(s[:at]), "：") && !strings.HasSuffix(strings.TrimSpace(s[:at]), ":") {
			break // numbering starts the line, or follows its lead-in (制定了2项制度：1.…)
		}
		cuts = append(cuts, at)
	}
	if len(cuts) < 2 {
		return []string{line}
	}
	parts := make([]string, 0, len(cuts))
	for i, c := range cuts {
		end := len(s)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		parts = append(parts, s[c:end])
	}
	return parts
}

// NumberedParts splits text written as numbered items, one a line (1.…
// newline 2.…) or in one line (1.… 2.…); nil when it is not so written.
func NumberedParts(text string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 1 {
		numbered := true
		for i, l := range lines {
			starts := false
			for _, m := range numberMarks(i + 1) {
				starts = starts || strings.HasPrefix(l, m)
			}
			numbered = numbered && starts
		}
		if numbered {
			return lines
		}
		return nil
	}
	if parts := splitNumbered(strings.TrimSpace(text)); len(parts) > 1 {
		return parts
	}
	return nil
}

// numberMarks are the ways item k is numbered.
func numberMarks(k int) []string {
	n := strconv.Itoa(k)
	marks := []string{n + ".", n + "．", n + "、", "（" + n + "）", "(" + n + ")"}
	if k <= 10 {
		marks = append(marks, string(rune('①'+k-1)))
	}
	return marks
}

func isASCIIDigitByte(b byte) bool { return b >= '0' && b <= '9' }

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
func parseYesNo(q *Question, text string) (string, string, error) {
	s := strings.ToLower(strings.TrimSpace(strings.Trim(figure.Normalize(text), "。！!")))
	for _, w := range []string{"嗯", "哦", "噢", "啊"} { // 嗯，有一件
		s = strings.TrimLeft(strings.TrimPrefix(s, w), "，, ")
	}
	if v := yesNoWord(s); v != "" {
		return v, "", nil
	}
	// 否（无） · 是（1件） · 有（复议）: the word, then a remark in brackets.
	if head, inner, ok := bracketTail(s); ok {
		if v := yesNoWord(head); v != "" {
			return yesNoWithRemark(v, inner)
		}
	}
	// 否，没有 · 是，1件复议 · 有的，复议1件 · 是，但已撤回: the word first,
	// then a remark.
	if i := strings.IndexAny(s, "，,；;、。 "); i > 0 {
		_, w := utf8.DecodeRuneInString(s[i:])
		head, rest := s[:i], strings.Trim(s[i+w:], "，,；;、。 ")
		if v := yesNoWord(head); v != "" {
			return yesNoWithRemark(v, rest)
		}
	}
	// 本年度未被申请行政复议，也未被起诉: every clause says no.
	if allClausesDeny(s) {
		return "否", "", nil
	}
	// 有1起行政诉讼 · 没有诉讼，复议有1件 · 有被复议: something there was.
	if saysThereWas(s) {
		return "是", s, nil
	}
	return "", "", answerError("请回复“是”或“否”。", "")
}

// yesNoWithRemark is yes or no v said with a remark: the remark is kept
// as the note, unless it says the same word again (否，没有) or the
// opposite (是，没有 · 否，但有1件复议), which is asked again.
func yesNoWithRemark(v, remark string) (string, string, error) {
	again := yesNoWord(remark)
	if again == "" && saysThereWas(remark) {
		again = "是"
	}
	switch {
	case again != "" && again != v:
		return "", "", answerError("前后意思相反，请只回复“是”或“否”。", "")
	case yesNoWord(remark) != "":
		return v, "", nil // 否，没有: said twice
	case v == "否" && strings.Contains(remark, "但"):
		return "", "", answerError("前后意思相反，请只回复“是”或“否”。", "")
	}
	return v, remark, nil
}

// bracketTail cuts a trailing bracketed remark off s: 是（1件） → 是, 1件.
func bracketTail(s string) (head, inner string, ok bool) {
	if !strings.HasSuffix(s, "）") && !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	i := strings.LastIndexAny(s, "（(")
	if i <= 0 {
		return "", "", false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	_, e := utf8.DecodeLastRuneInString(s)
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+w : len(s)-e]), true
}

// saysThereWas reports whether a clause of s says, with no denial in it,
// that there was something: a count above zero (有1件, 复议有1件, 被起诉1次)
// or 有 and what there was (有被复议).
func saysThereWas(s string) bool {
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("，,；;。、（()）", r) }) {
		c = strings.TrimSpace(c)
		if strings.ContainsAny(c, "没无未不零否") || strings.Contains(c, "有没有") {
			continue
		}
		if strings.HasPrefix(c, "有") && utf8.RuneCountInString(c) > 1 || strings.HasPrefix(c, "但有") {
			return true
		}
		for _, sp := range figure.Find(c) {
			if r, ok := figure.DecimalRat(sp.Figure.Value); ok && r.Sign() > 0 && strings.Contains("件起次宗例个项", sp.Figure.Unit) && sp.Figure.Unit != "" {
				return true
			}
		}
	}
	return false
}

// yesNoWord reads a bare yes or no (是, 有的, 没有, 都没有), "" for
// anything else.
func yesNoWord(s string) string {
	switch s {
	case "是", "是的", "有", "有的", "是有", "有过", "对", "对的", "已", "已经", "承担", "涉及", "yes", "y", "需要", "要",
		"存在", "存在的", "有发生", "发生过", "√", "✓", "✔":
		return "是"
	case "否", "不是", "没有", "没有的", "无", "不", "未", "没", "没有过", "不承担", "不涉及", "no", "n", "不需要",
		"都没有", "都没", "均没有", "均无", "全都没有", "没有了", "都不是", "均未", "一件也没有", "一次也没有",
		"暂无", "暂时没有", "目前没有", "目前无", "暂未", "从未", "没有发生", "未发生", "无此情况", "不存在",
		"零", "0", "0件", "0起", "0次", "×", "✗", "✘":
		return "否"
	}
	return ""
}

// answerClauses cuts a short answer at its commas, stops and 、.
func answerClauses(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("，,；;。、", r) })
}

// allClausesDeny reports whether every clause of s says no and none holds
// a figure: 本年度未被申请行政复议，也未被起诉.
func allClausesDeny(s string) bool {
	clauses := answerClauses(s)
	if len(clauses) == 0 || strings.ContainsAny(s, "0123456789") || strings.Contains(s, "但") || len(figure.Find(s)) > 0 {
		return false
	}
	for _, c := range clauses {
		for _, p := range []string{"本年度", "本年", "今年", "全年", "也", "均", "都", "亦", "并"} {
			c = strings.TrimPrefix(c, p)
		}
		if !strings.HasPrefix(c, "未") && !strings.HasPrefix(c, "没") && !strings.HasPrefix(c, "无") && !strings.HasPrefix(c, "不") {
			return false
		}
	}
	return true
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
	case a.Grid != nil && q != nil && q.Table != nil:
		return FormatGrid(q, a.Grid)
	case len(a.Items) > 0:
		return fmt.Sprintf("%d 条", len(a.Items))
	case len(a.List) > 0:
		return strings.Join(a.List, "；")
	}
	return a.Text
}
