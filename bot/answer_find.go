package bot

import (
	"errors"
	"math/big"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// maxNumericReply caps the text read for one numeric answer; a longer
// message is a pasted text, not an answer to one question.
const maxNumericReply = 300

// figureReading is what a numeric answer text holds: the figure that
// answers the question, the remark written after it, and the figure as the
// contact wrote it when the stored form differs in a way worth naming.
type figureReading struct {
	fig   Figure
	note  string
	wrote string
}

// readFigure finds the one figure that answers q in what the contact wrote:
// a figure alone (381件, 一千三百五十二), a figure in a sentence (今年一共发文
// 420件), a unit synonym (53宗), an approximation (三十来次, 一千二百多件), a
// ratio in 成 for a percent question (两成). Text after the figure is kept
// as the note. It refuses when no figure or several candidate figures are
// found, naming the figures it saw.
func readFigure(q *Question, text string) (figureReading, error) {
	s := strings.TrimRight(figure.Normalize(text), "。.!！;；，,、")
	if q.Unit == "课时" {
		// 授课140节 counts lessons; 节 is no unit elsewhere (两节期间).
		if m := lessonRE.FindStringSubmatch(s); m != nil {
			r, err := readFigure(q, lessonRE.ReplaceAllString(s, "${1}课时"))
			if err == nil && r.wrote == "" {
				r.wrote = m[0]
			}
			return r, err
		}
	}
	if s == "" {
		return figureReading{}, answerError("请填写一个数字。", q.Example)
	}
	if isZeroWord(q, s) {
		r := figureReading{fig: Figure{Value: "0", Unit: zeroUnit(q)}}
		if s != "0" && s != "零" && !IsNone(s) {
			r.wrote = s // 零投诉 is echoed as written
		}
		return r, nil
	}
	if isWholeWord(q, s) {
		return figureReading{fig: Figure{Value: "100", Unit: "%"}, wrote: s}, nil
	}
	if f, err := parseWhole(q, s); err == nil {
		if err := finishFigure(q, &f, s); err != nil {
			return figureReading{}, err
		}
		r := figureReading{fig: f}
		r.wrote = wroteFor(q, s, f)
		return r, nil
	} else if !isFigureError(err) {
		return figureReading{}, err
	}
	if utf8.RuneCountInString(s) > maxNumericReply {
		return figureReading{}, answerError("内容较长，本题只需填写一个数字。", q.Example)
	}
	if isUnknownWord(s) {
		return figureReading{}, answerError("如暂时无法提供数字，可回复“跳过”，提交前再补填。", "")
	}
	return findFigure(q, s)
}

// parseWhole reads s as one figure typed alone, as the parser always has.
func parseWhole(q *Question, s string) (Figure, error) {
	// "减少43%" answers "同比减少了百分之多少": the verb repeats the prompt.
	for _, verb := range []string{"减少", "下降", "降低", "增加", "增长", "提高", "提升"} {
		if strings.Contains(q.Prompt, verb) {
			if rest, ok := strings.CutPrefix(s, verb); ok && rest != "" {
				s = rest
			}
		}
	}
	if q.Kind == KindPercent {
		s, _ = chengToPercent(s)
		if t, from, _ := fractionInText(s); from == s {
			s = t // 三分之一 typed alone
		}
	}
	return figure.Parse(s)
}

func isFigureError(err error) bool {
	var fe *figure.Error
	return errors.As(err, &fe)
}

// finishFigure applies the amount multiplier rule, canonical qualifiers,
// the question's unit and bounds. written is the figure as typed.
func finishFigure(q *Question, f *Figure, written string) error {
	// 85万 on an amount question means 85万元, not 850000万元.
	if q.Kind == KindAmount && f.Unit == "" && strings.ContainsAny(written, "万亿") {
		f.Unit = "元"
	}
	if err := checkBareAmount(q, *f); err != nil {
		return err
	}
	f.Qualifier = canonicalQualifier(f.Qualifier)
	if err := convertUnit(q, f); err != nil {
		return err
	}
	return checkBounds(q, *f)
}

// bareAmountLimit is the figure, in 万元, from which an amount typed with no
// unit is asked back: 365000 on a 万元 question is far likelier 365000元
// than 36.5亿元.
const bareAmountLimit = 1000

// checkBareAmount asks for the unit of a large amount typed bare on a
// question counted in 万元 (bareWanYuan).
func checkBareAmount(q *Question, f Figure) error {
	if q.Kind != KindAmount || f.Unit != "" || q.Unit != "万元" {
		return nil
	}
	return bareWanYuan(f.Value)
}

// bareWanYuan refuses a value of bareAmountLimit or more typed with no
// unit where 万元 is meant, saying what it would mean read either way; nil
// for a smaller one.
func bareWanYuan(value string) error {
	v, ok := figure.DecimalRat(value)
	if !ok || v.Cmp(big.NewRat(bareAmountLimit, 1)) < 0 {
		return nil
	}
	// Divided by 10^4 it is the figure in 亿元 read as 万元, and in 万元
	// read as 元.
	scaled, _ := figure.ScaleDecimal(value, -4)
	return Errorf(EInvalid, "“%s”没有写单位：按“万元”计是%s亿元。请带上单位再回复一次，如“%s元”（即%s万元）或“%s万元”。",
		figure.Format(Figure{Value: value}), scaled, value, scaled, value)
}

// canonicalQualifier writes colloquial approximations as reports do: 大概
// and 来 (三十来次) become 约.
func canonicalQualifier(qual string) string {
	switch qual {
	case "大概", "来", "大约":
		return "约"
	}
	return qual
}

// wroteFor is what the contact wrote, when the echo should name it: a unit
// synonym (53宗 for 件), a qualifier or a ratio written another way.
func wroteFor(q *Question, written string, f Figure) string {
	if written == figure.Format(f) {
		return ""
	}
	switch {
	case containsAny(written, "成", "分之", "半") && q.Kind == KindPercent:
		return written
	case strings.Contains(written, "来") || strings.Contains(written, "大概"):
		return written
	}
	for _, u := range figure.Synonyms(figure.CanonicalUnit(q.Unit)) {
		if u != q.Unit && strings.HasSuffix(trimQualifierTail(written), u) {
			return written
		}
	}
	return ""
}

func trimQualifierTail(s string) string {
	for _, t := range []string{"左右", "上下", "以上", "余"} {
		s = strings.TrimSuffix(s, t)
	}
	return s
}

// candidate is one figure found in an answer, with how it fits the question.
type candidate struct {
	span figure.Span
	fit  int // fitUnit, fitBare or fitOther
}

const (
	fitOther = iota
	fitBare
	fitUnit
)

// findFigure looks for the figure inside a sentence.
func findFigure(q *Question, s string) (figureReading, error) {
	orig := s
	s = Spread(s) // 人大建议、政协提案各28件, 答复率和满意率分别为100%和98%
	spread := s != orig
	for _, w := range []string{"百分之一百", "百分之百", "百分百"} {
		s = strings.ReplaceAll(s, w, "100%")
	}
	var chengFrom, chengTo string
	if q.Kind == KindPercent {
		s, chengFrom, chengTo = chengInText(s)
		if chengFrom == "" {
			s, chengFrom, chengTo = fractionInText(s)
		}
	}
	var fits, bares, others, changes, rates []candidate
	var unknown []string
	spans := figure.Find(s)
	for _, sp := range spans {
		if r, _ := utf8.DecodeLastRuneInString(s[:sp.Start]); sp.Start > 0 && (r >= '0' && r <= '9' || figure.IsChineseNumeralRune(r) && r != '万' && r != '亿') {
			// The figure starts inside a numeral the parser could not read
			// (三五百件): say so rather than take its tail.
			return figureReading{}, unreadable(q, orig)
		}
	}
	var counted []figure.Span // figures that are not dates
	for _, sp := range spans {
		if !isCalendar(sp.Figure.Unit) && !inBrackets(s, sp.Start) {
			counted = append(counted, sp)
		}
	}
	if len(counted) > 1 && onlyFigures(s, counted) && !oneInUnit(q, s, counted) {
		var all []candidate
		for _, sp := range counted {
			all = append(all, candidate{span: sp})
		}
		return figureReading{}, ambiguous(q, all)
	}
	for _, sp := range spans {
		if isCalendar(sp.Figure.Unit) {
			continue // dates name the period, they are not the answer
		}
		if sp.Figure.Unit == "" && followedByName(s, sp.End) {
			continue // 12345热线
		}
		if sp.Figure.Unit == "" {
			if w := unknownUnit(s, sp.End); w != "" {
				unknown = append(unknown, w)
				continue
			}
		}
		c := candidate{span: sp, fit: unitFit(q, sp)}
		if c.fit != fitOther && isFrequency(s[:sp.Start]) {
			rates = append(rates, c) // 每月一次: a rate, not the year's figure
			continue
		}
		if c.fit != fitOther && (isLastYear(q, clauseBefore(s, spans, sp.Start)) || isFromValue(s, sp, spans)) {
			changes = append(changes, c) // 去年369件, 由90%提升到…: not this year's figure
			continue
		}
		if c.fit != fitOther && isChange(q, s, sp.Start) {
			changes = append(changes, c)
			continue
		}
		switch c.fit {
		case fitUnit:
			fits = append(fits, c)
		case fitBare:
			bares = append(bares, c)
		default:
			others = append(others, c)
		}
	}
	var pick *candidate
	breakdown := "" // the parts written before a stated total
	switch {
	case len(fits) == 0 && len(bares) == 0 && len(unknown) > 0:
		return figureReading{}, answerError("没有看懂“%s”，请填写数字和单位。", q.Example, unknown[0])
	case len(fits) == 0 && len(bares) == 0 && len(rates) > 0:
		return figureReading{}, rateError(q, s, rates[0])
	case len(fits) == 1:
		pick = &fits[0]
	case len(fits) > 1:
		if spread {
			if best := byPrompt(q, s, spans, fits); best >= 0 {
				pick = &fits[best] // the question's own thing among those listed
				break
			}
		}
		if bracketedParts(s, fits) {
			pick = &fits[0] // 15件（一审12件，二审3件）: the parts in brackets
			break
		}
		if t, at := statedTotal(s, fits); t >= 0 {
			// 宣布失效2件、废止1件，共3件: the total is named; the parts
			// before it are kept as the remark.
			pick = &fits[t]
			if t > 0 {
				breakdown = cleanNote(s[:at])
			}
			break
		}
		var outside []candidate // remarks in brackets are no parts
		for _, c := range fits {
			if !inBrackets(s, c.span.Start) {
				outside = append(outside, c)
			}
		}
		if len(outside) > 1 && siblingParts(s, outside) {
			return figureReading{}, partsRefusal(q, s, outside)
		}
		first := s[fits[0].span.End:fits[1].span.Start]
		if !breakdownAfter(s, fits[0].span.End, fits[1].span.Start) && !containsAny(first, "（", "(") && listed(s, fits) {
			// 学生2万人次、教师6000人次: parts listed side by side, of
			// which the question may want the sum.
			return figureReading{}, ambiguous(q, fits)
		}
		if best := byPrompt(q, s, spans, fits); best >= 0 {
			pick = &fits[best]
		} else if part := partAsked(q, s, spans, fits); part != 0 {
			if part < 0 {
				return figureReading{}, ambiguousIn(q, s, spans, fits)
			}
			pick = &fits[part-1]
		} else if breakdownAfter(s, fits[0].span.End, fits[1].span.Start) {
			// 清理35件，其中废止6件、宣布失效2件 on 废止或宣布失效多少件: the
			// parts the question names are its answer, not the whole.
			switch named := partsNamed(q, s, spans, fits[1:]); {
			case len(named) == 1:
				pick = &named[0]
			case len(named) > 1:
				return figureReading{}, ambiguous(q, named)
			default:
				pick = &fits[0]
			}
		} else {
			return figureReading{}, ambiguousIn(q, s, spans, fits)
		}
	case len(bares) == 1 && len(others) == 0:
		pick = &bares[0]
	case len(bares) > 1 || len(bares) == 1 && len(others) > 0:
		return figureReading{}, ambiguous(q, append(bares, others...))
	case len(others) == 1:
		f := others[0].span.Figure
		if err := finishFigure(q, &f, others[0].span.Text); err != nil {
			return figureReading{}, err
		}
		pick = &others[0] // a unit the question accepts after all
	case len(others) > 1:
		return figureReading{}, ambiguous(q, others)
	case len(changes) > 0:
		return figureReading{}, answerError("“%s”是与上年相比的变化，请填写本年的数字。", q.Example, changes[0].span.Text)
	default:
		if _, err := figure.Parse(orig); err != nil && utf8.RuneCountInString(orig) <= 40 {
			return figureReading{}, answerError("%s", q.Example, err.Error())
		}
		return figureReading{}, answerError("没有在回复中找到数字，请填写本题的数字。", q.Example)
	}
	f := pick.span.Figure
	if f.Qualifier == "" {
		f.Qualifier = leadQualifier(s[:pick.span.Start])
	}
	if err := finishFigure(q, &f, pick.span.Text); err != nil {
		return figureReading{}, err
	}
	r := figureReading{fig: f}
	written := pick.span.Text
	if chengTo != "" && strings.Contains(written, chengTo) {
		written = chengFrom
	}
	r.wrote = wroteFor(q, written, f)
	r.note = noteOf(s[:pick.span.Start], s[pick.span.End:])
	if breakdown != "" {
		r.note = strings.TrimPrefix(breakdown+"；"+r.note, "；")
		r.note = strings.TrimSuffix(r.note, "；")
	}
	return r, nil
}

// bracketedParts reports whether every figure after the first stands in
// brackets opened right after it: 15件（一审12件，二审3件）.
func bracketedParts(s string, fits []candidate) bool {
	if inBrackets(s, fits[0].span.Start) || !strings.HasPrefix(strings.TrimSpace(s[fits[0].span.End:]), "（") && !strings.HasPrefix(strings.TrimSpace(s[fits[0].span.End:]), "(") {
		return false
	}
	for _, c := range fits[1:] {
		if !inBrackets(s, c.span.Start) {
			return false
		}
	}
	return true
}

// totalWords name the figure after them as the sum of the others.
var totalWords = []string{"一共", "总共", "共计", "合计", "总计", "累计", "共"}

// statedTotalWords are totalWords and the words that name a figure as the
// whole year's beside a part of it (第三季度召开2次，全年4次).
var statedTotalWords = append(append([]string{}, totalWords...), "全年度", "全年", "本年度")

// statedTotal finds the one figure of fits written as their total (共3件,
// 合计为5个): its index and where its total word starts; -1 when no figure
// or more than one is so named.
func statedTotal(s string, fits []candidate) (int, int) {
	found, at := -1, 0
	for i, c := range fits {
		before := s[:c.span.Start]
		for _, filler := range []string{"为", "达", "有", "是"} {
			if b, ok := strings.CutSuffix(before, filler); ok {
				before = b
				break
			}
		}
		for _, w := range statedTotalWords {
			b, ok := strings.CutSuffix(before, w)
			if !ok || w == "共" && strings.HasSuffix(b, "公") {
				continue // 公共法律服务3次 names a service, not a total
			}
			if found >= 0 {
				return -1, 0
			}
			found, at = i, len(b)
			break
		}
	}
	return found, at
}

// parallelSuffixes end the names of categories that split one total:
// 一审/二审, 省级/市级, 一类/二类.
const parallelSuffixes = "审级类"

// siblingParts reports whether the figures after the first are named as
// parallel categories of the first's (一审行政诉讼12件，二审3件; 省级示范村2个，
// 市级3个): parts of one total, not a figure and a remark.
func siblingParts(s string, fits []candidate) bool {
	first := []rune(s[:fits[0].span.Start])
	for _, c := range fits[1:] {
		before := s[:c.span.Start]
		if i := strings.LastIndexAny(before, "，,、；;"); i >= 0 {
			_, w := utf8.DecodeRuneInString(before[i:])
			before = before[i+w:]
		}
		label := []rune(strings.TrimSpace(before))
		if len(label) < 2 || len(label) > 4 || !strings.ContainsRune(parallelSuffixes, label[len(label)-1]) {
			return false
		}
		suffix, lead := label[len(label)-1], label[len(label)-2]
		parallel := false
		for i := 1; i < len(first); i++ {
			if first[i] == suffix && first[i-1] != lead {
				parallel = true
			}
		}
		if !parallel {
			return false
		}
	}
	return true
}

// partsRefusal asks for the total of figures written as parts, with
// their sum as the example when they share a unit.
func partsRefusal(q *Question, s string, fits []candidate) error {
	var seen []string
	for _, c := range fits {
		seen = append(seen, "“"+c.span.Text+"”")
	}
	total := q.Example
	if sum, ok := sumOf(fits); ok {
		total = sum + "（" + strings.TrimRight(s, "。") + "）"
	}
	return answerError("回复中的%s是分项。本题请填写合计数，分项可写在括号里，如“%s”。", "", strings.Join(seen, "、"), total)
}

// inBrackets reports whether byte i stands inside （…） or (…): a remark
// such as 98.3%（350/356）.
func inBrackets(s string, i int) bool {
	open := strings.LastIndexAny(s[:i], "（(")
	return open >= 0 && strings.LastIndexAny(s[:i], "）)") < open
}

func isCalendar(u string) bool { return u == "年" || u == "月" || u == "日" || u == "号" }

// unreadable refuses a numeral the parser cannot read, with its reason.
func unreadable(q *Question, s string) error {
	if _, err := figure.Parse(s); err != nil && utf8.RuneCountInString(s) <= 40 {
		return answerError("%s", q.Example, err.Error())
	}
	return answerError("回复中的数字没有看懂，请用阿拉伯数字填写。", q.Example)
}

// onlyFigures reports whether s is nothing but figures and connectives
// (381件和15次, 381,15): several figures with no words to tell them apart.
func onlyFigures(s string, spans []figure.Span) bool {
	var rest strings.Builder
	prev := 0
	for _, sp := range spans {
		rest.WriteString(s[prev:sp.Start])
		prev = sp.End
	}
	rest.WriteString(s[prev:])
	words := 0
	for _, r := range rest.String() {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune("和及与或共计约", r) {
			words++
		}
	}
	return words < 2
}

// oneInUnit reports whether exactly one of spans is in q's unit and every
// other one has a unit of its own that is not, none joined to the next as
// two things listed: 3场共120人次 on a question in 人次 answers with
// 120人次 (381件和15次 lists two things, and is asked again).
func oneInUnit(q *Question, s string, spans []figure.Span) bool {
	in := 0
	for i, sp := range spans {
		if i > 0 && strings.ContainsAny(s[spans[i-1].End:sp.Start], "和与及或、,，") {
			return false
		}
		switch unitFit(q, sp) {
		case fitUnit:
			in++
		case fitBare:
			return false
		}
	}
	return in == 1
}

// unknownUnit returns the word right after a bare number when it reads as
// a unit the vocabulary does not know (381只羊), "" when the number is
// followed by punctuation, the end, or an ordinary word boundary.
func unknownUnit(s string, end int) string {
	r, _ := utf8.DecodeRuneInString(s[end:])
	if end >= len(s) || !unicode.Is(unicode.Han, r) {
		return ""
	}
	if strings.ContainsRune("余多来，。；、和及与的为是", r) || remarkStart(s[end:]) {
		return "" // 230含电子公文: a remark, not a unit
	}
	w := s[end:]
	if i := strings.IndexAny(w, "，,。；;、（(）) "); i >= 0 {
		w = w[:i]
	}
	return Truncate(cutAtRemark(w), 10)
}

// rateError refuses a figure said of each thing or each period (三个科室各2件,
// 每月1场) when the answer holds no figure for the whole year; for a rate
// per month, quarter or half year it offers the year's figure.
func rateError(q *Question, s string, c candidate) error {
	words, _ := rateWords(s[:c.span.Start])
	if words == "各" {
		return answerError("“各%s”是每一项各自的数字，请填写本题所问的一个数字（本题包括其中几项的，请填写合计数）。", q.Example, c.span.Text)
	}
	kind := "频率"
	if !strings.HasPrefix(words, "每") {
		kind = "平均数" // 日均20人次
	}
	msg := "“%s”是" + kind + "，本题请填写全年合计的数字"
	args := []any{words + c.span.Text}
	for _, p := range []struct {
		word string
		n    int64
	}{{"每月", 12}, {"每个月", 12}, {"月均", 12}, {"每季度", 4}, {"每季", 4}, {"季均", 4}, {"每半年", 2}} {
		v, ok := figure.DecimalRat(c.span.Figure.Value)
		if !strings.HasPrefix(words, p.word) || !ok {
			continue
		}
		year := figure.FormatDecimal(v.Mul(v, big.NewRat(p.n, 1))) + c.span.Figure.Unit
		if strings.HasPrefix(p.word, "每") {
			msg += "；如全年" + p.word + "都有，请回复“%s”"
		} else {
			msg += "；按" + p.word + "算全年为%s，如是，请回复这个数"
		}
		args = append(args, year)
		break
	}
	return answerError(msg+"。", q.Example, args...)
}

// isFrequency reports whether the figure after before is a rate (每月一次,
// 每季度开展一次, 每场100人次) or a share of each (各一次). 每年 is no rate:
// 每年12次 is the year's figure.
func isFrequency(before string) bool {
	_, ok := rateWords(before)
	return ok
}

// clauseStart is where the last clause of s starts: after its last comma,
// stop, colon, bracket or line break (0 when there is none).
func clauseStart(s string) int {
	i := strings.LastIndexAny(s, "，,；;。：:（()）\n")
	if i < 0 {
		return 0
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return i + w
}

// rateWords returns the words that make the figure after before a rate,
// from 每 or 日均/月均 on (每季度开展, 月均), or 各; ok is false when
// there are none.
func rateWords(before string) (string, bool) {
	if strings.HasSuffix(before, "各") {
		return "各", true
	}
	clause := before[clauseStart(before):]
	i, mark := -1, ""
	for _, m := range []string{"每", "日均", "月均", "周均", "季均", "天均"} {
		if j := strings.LastIndex(clause, m); j > i {
			i, mark = j, m
		}
	}
	if i < 0 {
		return "", false
	}
	rest := clause[i+len(mark):]
	if mark == "每" && (rest == "" || strings.HasPrefix(rest, "年")) || utf8.RuneCountInString(rest) > 8 || containsAny(rest, totalWords...) || containsAny(rest, "全年", "年度", "本年") {
		return "", false
	}
	return clause[i:], true
}

// partsNamed returns the parts, among those written after a whole, whose
// own words (without 其中, 含 and the like) the question's prompt or
// labels name whole: 废止 and 宣布失效 on 清理后废止或宣布失效的有多少件.
func partsNamed(q *Question, s string, spans []figure.Span, parts []candidate) []candidate {
	prompt := q.Prompt + " " + strings.Join(q.Labels, " ")
	var named []candidate
	for _, c := range parts {
		if partNamed(prompt, clauseBefore(s, spans, c.span.Start)) {
			named = append(named, c)
		}
	}
	return named
}

// partNamed reports whether prompt names whole the thing a part's clause
// counts (其中废止 → 废止).
func partNamed(prompt, clause string) bool {
	words := clause
	for _, w := range []string{"其中", "包括", "包含", "含", "另有", "有", "为"} {
		words = strings.TrimPrefix(strings.TrimSuffix(words, w), w)
	}
	words = strings.Trim(words, "、，,；; ")
	return utf8.RuneCountInString(words) >= 2 && strings.Contains(prompt, words)
}

// byPrompt picks, among several figures in the question's unit, the only
// one whose own words (the clause before it) share anything with the
// question's prompt and labels: 收到42件，办结40件 answers 收到多少件 with
// 42件. A part (其中…) never answers a question about the whole, and a
// negated clause (不予受理) never answers a question that is not negated.
// It returns -1 unless exactly one figure's words match.
func byPrompt(q *Question, s string, spans []figure.Span, fits []candidate) int {
	scores := promptScores(q, s, spans, fits)
	best, second := bestTwo(scores)
	// Only one figure's words may meet the question's: in 收到信息公开申请
	// 42件，办结40件 the topic words sit before 42件 and match a question
	// about 办结 too, so any second match means the words do not decide.
	if best < 0 || scores[best] == 0 || second > 0 {
		return -1
	}
	return best
}

// commonVerbs open the clauses of many questions alike (承办人大代表建议,
// 承办政协委员提案): shared with a prompt, they say nothing of which
// figure it asks for.
var commonVerbs = map[string]bool{"承办": true, "办理": true, "开展": true, "组织": true, "全年": true, "本年": true, "年度": true}

// denialOf returns the denial a prompt asks about as its own thing (不予受理
// 多少件 → 不予), "" when it asks about none.
func denialOf(prompt string) string {
	for _, d := range []string{"不予", "未予", "未按"} {
		if strings.Contains(prompt, d) {
			return d
		}
	}
	return ""
}

// bestTwo returns the index of the highest score and the second highest
// score.
func bestTwo(scores []int) (int, int) {
	best, second := -1, 0
	for i, sc := range scores {
		switch {
		case best < 0 || sc > scores[best]:
			if best >= 0 {
				second = scores[best]
			}
			best = i
		case sc > second:
			second = sc
		}
	}
	return best, second
}

// promptScores counts, for each figure, the two-character words its own
// clause shares with the question's prompt and labels; a part (其中…) the
// prompt does not name, and a denial on a question that denies nothing,
// score 0.
func promptScores(q *Question, s string, spans []figure.Span, fits []candidate) []int {
	prompt := q.Prompt + " " + strings.Join(q.Labels, " ")
	scores := make([]int, len(fits))
	for i, c := range fits {
		clause := clauseBefore(s, spans, c.span.Start)
		if !strings.Contains(prompt, "其中") && containsAny(clause, "其中", "含", "包括") && !partNamed(prompt, clause) {
			continue
		}
		if containsAny(clause, "不", "未", "没") && !containsAny(prompt, "不", "未", "没") {
			continue
		}
		if neg := denialOf(prompt); neg != "" && !strings.Contains(clause, neg) {
			continue // 受理142件 does not answer 不予受理多少件
		}
		seen := map[string]bool{}
		r := []rune(clause)
		for k := 0; k+1 < len(r); k++ {
			bg := string(r[k : k+2])
			if unicode.Is(unicode.Han, r[k]) && unicode.Is(unicode.Han, r[k+1]) && !seen[bg] && !commonVerbs[bg] && strings.Contains(prompt, bg) {
				seen[bg] = true
				scores[i]++
			}
		}
	}
	return scores
}

// partAsked handles a question that asks for a part (其中被纠错多少件): 0
// when it does not, 1 + the index of the one figure written as a part
// (其中…), or -1 when none or several are.
func partAsked(q *Question, s string, spans []figure.Span, fits []candidate) int {
	if !strings.Contains(q.Prompt, "其中") {
		return 0
	}
	found := -1
	for i, c := range fits {
		if containsAny(clauseBefore(s, spans, c.span.Start), "其中") {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	if found < 0 {
		return -1
	}
	return found + 1
}

// clauseBefore is the text between the previous figure or punctuation and
// the figure at start.
func clauseBefore(s string, spans []figure.Span, start int) string {
	from := 0
	for _, sp := range spans {
		if sp.End <= start && sp.End > from {
			from = sp.End
		}
	}
	c := s[from:start]
	if i := strings.LastIndexAny(c, "，,；;。：:、（("); i >= 0 {
		_, w := utf8.DecodeRuneInString(c[i:])
		c = c[i+w:]
	}
	return c
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// listed reports whether two figures of the question's unit stand in one
// enumeration (甲2万人次、乙6000人次).
func listed(s string, fits []candidate) bool {
	for i := 0; i+1 < len(fits); i++ {
		between := s[fits[i].span.End:fits[i+1].span.Start]
		if strings.Contains(between, "、") && !containsAny(between, "，", ",", "；", ";", "。", "其中", "（", "(") {
			return true
		}
	}
	return false
}

// isLastYear reports whether a clause speaks of last year (去年369件) while
// the question does not.
func isLastYear(q *Question, clause string) bool {
	return containsAny(clause, "去年", "上年", "上一年", "前年", "同期") && !containsAny(q.Prompt, "去年", "上年", "同期") && !promptAsksChange(q)
}

// isFromValue reports whether a figure is the starting point of a change
// written in the same clause (网办率由90%提升到98.5%, 从120次减少到68次).
func isFromValue(s string, sp figure.Span, spans []figure.Span) bool {
	before := strings.TrimRight(s[:sp.Start], " ")
	if !strings.HasSuffix(before, "由") && !strings.HasSuffix(before, "从") {
		return false
	}
	for _, o := range spans {
		if o.Start >= sp.End {
			between := s[sp.End:o.Start]
			return !containsAny(between, "，", ",", "；", ";", "。") && containsAny(between, "到", "至", "为")
		}
	}
	return false
}

// unitFit says how a found figure fits q: its unit (or a synonym), no unit,
// or another unit.
func unitFit(q *Question, sp figure.Span) int {
	u := sp.Figure.Unit
	if u == "" {
		return fitBare
	}
	switch q.Kind {
	case KindPercent:
		if u == "%" {
			return fitUnit
		}
	case KindAmount:
		if u == "元" {
			return fitUnit
		}
	default:
		if q.Unit == "" && u != "%" || q.Unit != "" && figure.SameUnit(u, q.Unit) {
			return fitUnit
		}
	}
	return fitOther
}

// followedByName reports whether a bare number is part of a name: 12345热线.
func followedByName(s string, end int) bool {
	for _, w := range []string{"热线", "平台", "号码", "专线", "工程", "行动", "机制"} {
		if strings.HasPrefix(s[end:], w) {
			return true
		}
	}
	return false
}

var changeWords = []string{"同比增加", "同比减少", "同比增长", "同比下降", "比上年", "较上年", "比去年", "较去年", "增加了", "减少了", "增加", "减少", "增长", "下降", "上升", "提高", "降低", "多了", "少了"}

// isChange reports whether the figure at start states a change from last
// year (减少3件) while the question asks for the year's own figure.
func isChange(q *Question, s string, start int) bool {
	before := lastRunes(s[:start], 4)
	for _, w := range changeWords {
		if strings.HasSuffix(before, w) || strings.HasSuffix(before, w+"了") {
			return !promptAsksChange(q)
		}
	}
	return false
}

func promptAsksChange(q *Question) bool {
	for _, w := range []string{"增加", "减少", "增长", "下降", "提高", "降低", "同比", "变化"} {
		if strings.Contains(q.Prompt, w) {
			return true
		}
	}
	return false
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

// breakdownAfter reports whether the text between two figures introduces a
// part or a comparison of the first: 64件，其中依申请公开12件.
func breakdownAfter(s string, from, to int) bool {
	between := s[from:to]
	for _, w := range []string{"其中", "含", "包括", "包含", "占", "同比", "较上年", "比上年", "比去年", "较去年", "分别"} {
		if strings.Contains(between, w) {
			return true
		}
	}
	return false
}

// ambiguous is the refusal that names the figures seen.
func ambiguous(q *Question, cs []candidate) error {
	seen := quoted(cs)
	sum, ok := sumOf(cs)
	switch u := cs[0].span.Figure.Unit; {
	case ok && len(cs) <= 5 && !unitTaken(q, u):
		// A sum in a unit the question refuses would be refused next.
		return answerError("回复中有 %d 个数字（%s），不能确定哪一个是本题的答案；本题的单位是“%s”。请只填写一个数字。", q.Example,
			len(cs), seen, q.Unit)
	case ok && len(cs) <= 5:
		return answerError("回复中有 %d 个数字（%s），不能确定哪一个是本题的答案。请只填写一个数字；如本题要的是它们的合计，请回复“%s”。", "",
			len(cs), seen, sum)
	}
	return answerError("回复中有 %d 个数字（%s），不能确定哪一个是本题的答案。请只填写一个数字。", q.Example, len(cs), seen)
}

// ambiguousIn is ambiguous for figures of s, without the offer of their
// sum when the later ones are outcomes of the first (调解纠纷2,450件，成功
// 2,398件): that sum means nothing.
func ambiguousIn(q *Question, s string, spans []figure.Span, cs []candidate) error {
	if outcomes(s, spans, cs) {
		return answerError("回复中有 %d 个数字（%s），不能确定哪一个是本题的答案。请只填写一个数字。", q.Example, len(cs), quoted(cs))
	}
	return ambiguous(q, cs)
}

// quoted lists up to five of cs's figures as written, each in quotes.
func quoted(cs []candidate) string {
	var seen []string
	for _, c := range cs {
		seen = append(seen, "“"+c.span.Text+"”")
		if len(seen) == 5 {
			break
		}
	}
	return strings.Join(seen, "、")
}

// outcomeWords open a clause counting what became of the things counted
// before it (受理80件，办结78件 · 调解2,450件，成功2,398件).
var outcomeWords = []string{"办结", "结案", "审结", "成功", "化解", "完成", "答复", "采纳", "维持", "纠正", "胜诉", "败诉", "不予", "按时", "按期", "已"}

// outcomes reports whether a figure after the first is an outcome of the
// things the first counts: its clause opens with an outcome word.
func outcomes(s string, spans []figure.Span, fits []candidate) bool {
	for _, c := range fits[1:] {
		cl := strings.TrimSpace(clauseBefore(s, spans, c.span.Start))
		for _, p := range []string{"其中", "共", "均"} {
			cl = strings.TrimPrefix(cl, p)
		}
		for _, w := range outcomeWords {
			if strings.HasPrefix(cl, w) {
				return true
			}
		}
	}
	return false
}

// unitTaken reports whether a figure in unit u answers q as it stands, as
// checkUnit would take it: the question's unit or a synonym, yuan on an
// amount, or any unit on a question without one.
func unitTaken(q *Question, u string) bool {
	switch {
	case q.Unit == "" || u == "":
		return true
	case q.Kind == KindAmount:
		return u == "元" || u == q.Unit
	case q.Unit == "%" || u == "%":
		return u == q.Unit
	}
	return figure.SameUnit(u, q.Unit)
}

// sumOf writes the sum of figures that count the same thing exactly (same
// unit, no qualifier), false when they do not.
func sumOf(cs []candidate) (string, bool) {
	sum := new(big.Rat)
	for _, c := range cs {
		f := c.span.Figure
		v, ok := figure.DecimalRat(f.Value)
		if !ok || f.Qualifier != "" || f.Unit == "" || f.Unit == "%" || f.Unit != cs[0].span.Figure.Unit {
			return "", false
		}
		sum.Add(sum, v)
	}
	return figure.Format(figure.Figure{Value: figure.FormatDecimal(sum), Unit: cs[0].span.Figure.Unit}), true
}

var lessonRE = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?[余多]?)节(?:课)?`)

// leadQualifier is an approximation written a few characters before the
// figure in the same clause: 大概减少15% is about 15%.
func leadQualifier(before string) string {
	tail := []rune(before)
	if len(tail) > 6 {
		tail = tail[len(tail)-6:]
	}
	t := string(tail)
	if i := strings.LastIndexAny(t, "，,；;。：:"); i >= 0 {
		t = t[i+1:]
	}
	for _, w := range []string{"大概", "大约", "约"} {
		if strings.Contains(t, w) {
			return "约"
		}
	}
	return ""
}

var chengRE = regexp.MustCompile(`(大概|大约|约|近|超过)?([一二两三四五六七八九十]|[0-9](?:\.[0-9])?)成([一二三四五六七八九])?(多|余|以上|左右)?`)

// chengToPercent reads a ratio in 成 typed alone (两成, 七成多) as a
// percentage; ok is false when s is not one.
func chengToPercent(s string) (string, bool) {
	m := chengRE.FindStringSubmatch(s)
	if m == nil || m[0] != s {
		return s, false
	}
	return chengPercent(m), true
}

// chengInText rewrites the first ratio in 成 inside a sentence as a
// percentage, returning the new text, what was written and what replaced it.
func chengInText(s string) (string, string, string) {
	loc := chengRE.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, "", ""
	}
	m := chengRE.FindStringSubmatch(s)
	to := chengPercent(m)
	return s[:loc[0]] + to + s[loc[1]:], m[0], to
}

func chengPercent(m []string) string {
	tenths, ok := figure.ChineseNumber(m[2])
	if m[2] >= "0" && m[2] <= "9.9" && m[2][0] >= '0' && m[2][0] <= '9' {
		tenths, ok = m[2], true
	}
	if !ok {
		return m[0]
	}
	v, ok := figure.ScaleDecimal(tenths, 1)
	if !ok {
		return m[0]
	}
	if m[3] != "" { // 九成五: 95%
		d, _ := figure.ChineseNumber(m[3])
		v = strings.TrimSuffix(v, "0") + d
	}
	out := m[1] + v + "%"
	switch m[4] {
	case "多", "余":
		if m[1] == "" {
			out = "超过" + v + "%"
		}
	case "以上", "左右":
		out += m[4]
	}
	return out
}

var fractionRE = regexp.MustCompile(`(大概|大约|约|近|将近|接近|超过)?(?:([一二两三四五六七八九十]|[0-9]+)分之([一二两三四五六七八九十]|[0-9]+)|(一半|过半|半数))`)

// fractionInText rewrites the first fraction in a sentence (三分之一, 一半,
// 过半) as a percentage, returning the new text, what was written and
// what replaced it (约33.3% when the share has no exact tenth).
func fractionInText(s string) (string, string, string) {
	loc := fractionRE.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, "", ""
	}
	m := fractionRE.FindStringSubmatch(s)
	qual := m[1]
	var v *big.Rat
	switch m[4] {
	case "一半", "半数":
		v = big.NewRat(50, 1)
	case "过半":
		v, qual = big.NewRat(50, 1), "超过"
	default:
		den, ok1 := figure.SmallNumber(m[2])
		num, ok2 := figure.SmallNumber(m[3])
		if !ok1 || !ok2 || den >= 1000 || num > den {
			return s, "", ""
		}
		v = big.NewRat(100*int64(num), int64(den))
	}
	tenths := new(big.Rat).Mul(v, big.NewRat(10, 1))
	value := figure.FormatDecimal(v)
	if !tenths.IsInt() {
		value = v.FloatString(1)
		if qual == "" {
			qual = "约"
		}
	}
	to := qual + value + "%"
	return s[:loc[0]] + to + s[loc[1]:], m[0], to
}

var zeroPrefixes = []string{"全年", "今年", "本年度", "本年", "年内", "目前", "均", "暂", "尚", "从", "还"}

// isZeroWord reports whether s says there were none: 无, 没有, 零投诉, 未发生.
// Words (零投诉) count only on counts and amounts: 零投诉 says nothing of
// a satisfaction rate.
func isZeroWord(q *Question, s string) bool {
	if IsNone(s) || s == "0" || s == "零" {
		return true
	}
	if isUnknownWord(s) {
		return false // 还没有统计: not known, not none
	}
	if q.Kind == KindPercent {
		return percentZero(q, s)
	}
	if strings.ContainsAny(s, "0123456789%") || utf8.RuneCountInString(s) > 20 || len(figure.Find(s)) > 0 {
		return false
	}
	t := s
	for _, p := range zeroPrefixes {
		t = strings.TrimPrefix(t, p)
	}
	for _, p := range []string{"零", "无", "没有", "没", "未发生", "未", "暂无", "尚无"} {
		if strings.HasPrefix(t, p) && !strings.HasPrefix(t, "无法") && !strings.HasPrefix(t, "未统计") && !strings.HasPrefix(t, "没统计") {
			return true
		}
	}
	// 维持原行政行为，未被纠错 on 其中被纠错多少件: a clause denies the very
	// thing the question counts.
	for _, cl := range answerClauses(t) {
		for _, p := range []string{"没有被", "未被", "没被", "没有", "未", "无"} {
			if r, ok := strings.CutPrefix(strings.TrimSpace(cl), p); ok && utf8.RuneCountInString(r) >= 2 && sharesWord(q.Prompt, r) {
				return true
			}
		}
	}
	return false
}

// wholeWords say a rate is complete: 全覆盖, 全员持证, 应配尽配.
var wholeWords = []string{"全覆盖", "全员", "全部", "均已", "全都", "应配尽配", "应训尽训", "应考尽考", "应公开尽公开"}

// isWholeWord reports whether s, answering a percentage question, says in
// words that the rate the question asks is complete (实现一村一顾问全覆盖
// on 覆盖率, 28人全部持证 on 持证上岗率): 100%, kept with what was written.
// The words must name the question's own rate: 全部维持 says nothing of a
// 纠错率 but the opposite, 全部胜诉 nothing of a rate of cases lost. A
// sentence with a percentage, a denial or an exception is read as figures.
func isWholeWord(q *Question, s string) bool {
	if q.Kind != KindPercent || utf8.RuneCountInString(s) > 20 || strings.ContainsAny(s, "%未没不无除但仅只") {
		return false
	}
	for _, sp := range figure.Find(s) {
		if sp.Figure.Unit == "%" || sp.Figure.Unit == "" {
			return false
		}
	}
	for _, w := range wholeWords {
		i := strings.Index(s, w)
		if i < 0 {
			continue
		}
		if w == "全覆盖" && strings.Contains(q.Prompt, "覆盖") {
			return true
		}
		if sharesWord(q.Prompt, s[:i]+s[i+len(w):]) {
			return true // 持证 in 持证上岗率, 顾问 in 法律顾问覆盖率
		}
	}
	return false
}

// sharesWord reports whether s and prompt share a two-character word.
func sharesWord(prompt, s string) bool {
	r := []rune(s)
	for k := 0; k+1 < len(r); k++ {
		if strings.Contains(prompt, string(r[k:k+2])) {
			return true
		}
	}
	return false
}

// percentZero reports whether s says a rate is nil in words naming the
// rate itself: 纠错率为零, 无纠错 on 纠错率是多少. Other words of none (零投诉
// on a satisfaction rate) say nothing of the rate.
func percentZero(q *Question, s string) bool {
	if strings.ContainsAny(s, "0123456789%") || utf8.RuneCountInString(s) > 12 {
		return false
	}
	for _, z := range []string{"为零", "是零", "等于零"} {
		if r, ok := strings.CutSuffix(s, z); ok && strings.HasSuffix(r, "率") && strings.Contains(q.Prompt, r) {
			return true
		}
	}
	for _, n := range []string{"无", "没有", "未"} {
		if r, ok := strings.CutPrefix(s, n); ok && utf8.RuneCountInString(r) >= 2 && strings.Contains(q.Prompt, r+"率") {
			return true
		}
	}
	return false
}

// zeroUnit is the unit a zero is stored in.
func zeroUnit(q *Question) string {
	if q.Kind == KindPercent {
		return "%"
	}
	return q.Unit
}

// isUnknownWord reports whether s says the figure is not known yet.
func isUnknownWord(s string) bool {
	for _, w := range []string{"无法统计", "不清楚", "不知道", "未统计", "没统计", "待统计", "不详", "待定", "还没统计", "统计中", "不好统计", "说不准",
		"没有统计", "尚未统计", "暂未统计", "还在统计", "正在统计"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
