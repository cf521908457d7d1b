package bot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FormProblem is one thing wrong with a form's source, or worth a second
// look, in plain Chinese and with the line it is on:
// 第 23 行：题目 docs 的单位“件件”不是计数单位.
type FormProblem struct {
	Line int // 1-based; 0 when the form as a whole is meant
	Text string
	// Warning marks a problem that does not stop the form from loading,
	// such as a year written as a constant.
	Warning bool
}

// String writes the problem as `forms check` and the console show it.
func (p FormProblem) String() string {
	s := p.Text
	if p.Line > 0 {
		s = fmt.Sprintf("第 %d 行：%s", p.Line, s)
	}
	if p.Warning {
		s = "提醒：" + s
	}
	return s
}

// FormProblems are a form's problems in line order.
type FormProblems []FormProblem

// Errors returns the problems that stop the form from loading.
func (ps FormProblems) Errors() FormProblems {
	var out FormProblems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns the problems that do not.
func (ps FormProblems) Warnings() FormProblems {
	var out FormProblems
	for _, p := range ps {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Error writes every problem, one a line.
func (ps FormProblems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// CheckForm decodes a form written in YAML and lists every problem with
// its line: unknown fields, missing or repeated ids, unknown kinds, units
// that do not fit the kind, bad bounds, dangling ask_if and rule
// references, examples and last year's values that do not parse as
// answers to their own question, unknown {variables}; and, as warnings,
// years and 普法 plan names written as constants where a round variable
// would keep the form right next year. The form is nil when there is an
// error.
func CheckForm(data []byte) (*Form, FormProblems) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, FormProblems{yamlProblem(err)}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, FormProblems{{Line: 1, Text: "文件里没有问卷：应以 id、title、version、sections 等字段开头。"}}
	}
	c := &formChecker{src: root.Content[0]}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Form
	if err := dec.Decode(&f); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, FormProblems{yamlProblem(err)}
		}
		for _, msg := range te.Errors {
			c.problems = append(c.problems, typeProblem(msg))
		}
	}
	sum := sha256.Sum256(data)
	f.Hash = hex.EncodeToString(sum[:])[:12]
	f.Index()
	c.form(&f)
	sort.SliceStable(c.problems, func(i, j int) bool { return c.problems[i].Line < c.problems[j].Line })
	if len(c.problems.Errors()) > 0 {
		return nil, c.problems
	}
	return &f, c.problems
}

// formChecker collects the problems of one form, finding their lines in
// the YAML tree.
type formChecker struct {
	src      *yaml.Node
	problems FormProblems
}

func (c *formChecker) fail(line int, format string, args ...any) {
	c.problems = append(c.problems, FormProblem{Line: line, Text: fmt.Sprintf(format, args...)})
}

func (c *formChecker) warn(line int, format string, args ...any) {
	c.problems = append(c.problems, FormProblem{Line: line, Text: fmt.Sprintf(format, args...), Warning: true})
}

// line returns the line of the node at path (mapping keys and sequence
// indexes from the top of the form), or of the nearest ancestor there is.
func (c *formChecker) line(path ...any) int {
	n, line := c.src, c.src.Line
	for _, p := range path {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch k := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						line, next = n.Content[i].Line, n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

// at appends a field to a path without aliasing the caller's slice.
func at(path []any, more ...any) []any {
	return append(slices.Clip(path), more...)
}

func (c *formChecker) form(f *Form) {
	if !idPattern.MatchString(strings.ReplaceAll(f.ID, "-", "_")) {
		c.fail(c.line("id"), "问卷编号 id“%s”为空或格式不对：只能用小写字母、数字、- 和 _。", f.ID)
	}
	if f.Title == "" {
		c.fail(c.line("title"), "问卷缺少标题 title。")
	}
	if f.Version == "" {
		c.fail(c.line("version"), "问卷缺少版本号 version（如 \"1\"）。")
	}
	if len(f.Sections) == 0 {
		c.fail(c.line("sections"), "问卷没有任何部分（sections）。")
	}
	for _, fld := range []struct{ name, text string }{{"report_title", f.ReportTitle}, {"report_opening", f.ReportOpening}, {"intro", f.Intro}} {
		c.wording(c.line(fld.name), fld.text, false)
	}
	seen := map[string]bool{}
	for si := range f.Sections {
		c.section(f, si, seen)
	}
	for _, q := range f.Questions() {
		if q.ID != "" && seen["q:"+q.ID] || !idPattern.MatchString(q.ID) {
			c.fail(c.line(questionPath(f, q)...), "题目编号“%s”为空、格式不对或与前面的题目重复：只能用小写字母、数字和下划线。", q.ID)
		}
		seen["q:"+q.ID] = true
		c.question(f, q, questionPath(f, q))
	}
	for i, r := range f.Rules {
		p := []any{"rules", i}
		if r.Kind == RuleEq {
			c.arithRule(f, i, p)
			continue
		}
		if r.Kind != "le" && r.Kind != "requires" {
			c.fail(c.line(at(p, "kind")...), "第 %d 条规则的类型“%s”应为 le（前者不大于后者）、requires（先填后者）或 eq（表格数字的加总关系）。", i+1, r.Kind)
		}
		for _, side := range []struct{ field, id string }{{"left", r.Left}, {"right", r.Right}} {
			if f.Question(side.id) == nil {
				c.fail(c.line(at(p, side.field)...), "第 %d 条规则引用的题目“%s”不存在。", i+1, side.id)
			}
		}
	}
}

func (c *formChecker) section(f *Form, si int, seen map[string]bool) {
	s := f.Sections[si]
	p := []any{"sections", si}
	if !idPattern.MatchString(s.ID) || seen["s:"+s.ID] {
		c.fail(c.line(at(p, "id")...), "部分编号“%s”为空、格式不对或重复：只能用小写字母、数字和下划线。", s.ID)
	}
	seen["s:"+s.ID] = true
	if s.Number == "" || s.Heading == "" || s.Template == "" {
		c.fail(c.line(p...), "部分 %s 缺少编号 number、标题 heading 或起草模板 template。", s.ID)
	}
	c.wording(c.line(at(p, "heading")...), s.Heading, false)
	c.wording(c.line(at(p, "intro")...), s.Intro, false)
	c.wording(c.line(at(p, "lead")...), s.Lead, false)
	n := len(s.Questions)
	for bi, b := range s.Subsections {
		bp := at(p, "subsections", bi)
		if !idPattern.MatchString(b.ID) || seen["b:"+b.ID] {
			c.fail(c.line(at(bp, "id")...), "部分 %s 的小节编号“%s”为空、格式不对或重复。", s.ID, b.ID)
		}
		seen["b:"+b.ID] = true
		if b.Heading == "" {
			c.fail(c.line(bp...), "小节 %s 缺少标题 heading（如“规范流程，提升服务效能”）。", b.ID)
		}
		if len(b.Questions) == 0 {
			c.fail(c.line(bp...), "小节 %s 没有题目。", b.ID)
		}
		c.kinds(c.line(at(bp, "kinds")...), "小节 "+b.ID, b.Kinds)
		c.wording(c.line(at(bp, "heading")...), b.Heading, false)
		c.wording(c.line(at(bp, "lead")...), b.Lead, false)
		n += len(b.Questions)
	}
	if n == 0 {
		c.fail(c.line(p...), "部分 %s 没有题目。", s.ID)
	}
}

// questionPath is where q stands in the YAML tree.
func questionPath(f *Form, q *Question) []any {
	s := f.Sections[q.Section]
	if q.Subsection < 0 {
		for i := range s.Questions {
			if &s.Questions[i] == q {
				return []any{"sections", q.Section, "questions", i}
			}
		}
		return []any{"sections", q.Section}
	}
	b := s.Subsections[q.Subsection]
	for i := range b.Questions {
		if &b.Questions[i] == q {
			return []any{"sections", q.Section, "subsections", q.Subsection, "questions", i}
		}
	}
	return []any{"sections", q.Section, "subsections", q.Subsection}
}

var kindNames = map[Kind]string{KindCount: "计数", KindAmount: "金额", KindPercent: "百分比", KindNumber: "数值", KindText: "文字",
	KindList: "列表", KindChoice: "选择", KindYesNo: "是否", KindDate: "日期", KindItems: "逐条举措", KindTable: "表格"}

func (c *formChecker) question(f *Form, q *Question, p []any) {
	line := func(field string) int { return c.line(at(p, field)...) }
	if q.Prompt == "" {
		c.fail(c.line(p...), "题目 %s 缺少提问 prompt。", q.ID)
	}
	if q.Example == "" {
		c.fail(c.line(p...), "题目 %s 缺少示例答案 example。", q.ID)
	}
	units, numeric := unitsByKind[q.Kind]
	unitOK := !numeric || slices.Contains(units, q.Unit)
	switch {
	case !unitOK:
		switch q.Kind {
		case KindCount:
			c.fail(line("unit"), "题目 %s 的单位“%s”不是计数单位（可用：%s）。", q.ID, q.Unit, strings.Join(units, "、"))
		case KindAmount:
			c.fail(line("unit"), "题目 %s 的单位“%s”不是金额单位（可用：万元、元、亿元）。", q.ID, q.Unit)
		case KindPercent:
			c.fail(line("unit"), "题目 %s 是百分比题，单位应为“%%”，不是“%s”。", q.ID, q.Unit)
		default:
			c.fail(line("unit"), "题目 %s 的单位“%s”不能用于数值题（可用：%s）。", q.ID, q.Unit, strings.Join(units[1:], "、"))
		}
	case numeric:
	case q.Kind == KindText, q.Kind == KindList, q.Kind == KindYesNo, q.Kind == KindDate, q.Kind == KindItems:
		if q.Unit != "" {
			c.fail(line("unit"), "题目 %s 是%s题，不需要单位。", q.ID, kindNames[q.Kind])
		}
	case q.Kind == KindTable:
		c.table(q, p)
	case q.Kind == KindChoice:
		if len(q.Choices) < 2 {
			c.fail(line("choices"), "选择题 %s 至少需要两个选项 choices。", q.ID)
		}
	default:
		c.fail(line("kind"), "题目 %s 的类型“%s”不存在（可用：count、amount、percent、number、text、list、choice、yesno、date、items、table）。", q.ID, q.Kind)
		return
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		c.fail(line("min"), "题目 %s 的下限 %v 大于上限 %v。", q.ID, *q.Min, *q.Max)
	}
	if q.AskIf != "" {
		g := f.Question(q.AskIf)
		if g == nil || g.Kind != KindYesNo || g.Number >= q.Number {
			c.fail(line("ask_if"), "题目 %s 的 ask_if“%s”必须是排在它前面的一道是否题。", q.ID, q.AskIf)
		}
	}
	if q.Prose != "" && !strings.Contains(q.Prose, "{value}") {
		c.fail(line("prose"), "题目 %s 的成文句式“%s”缺少 {value}（填入答案的位置）。", q.ID, q.Prose)
	}
	if q.Sum && (q.Kind == KindPercent || !q.Kind.Numeric()) {
		c.fail(line("sum"), "题目 %s：sum 只用于可以相加的件数、次数和金额，不能用于%s题。", q.ID, kindNames[q.Kind])
	}
	if q.ZeroNews && !q.Kind.Numeric() {
		c.fail(line("zero_news"), "题目 %s：zero_news 只用于数字题。", q.ID)
	}
	if q.None != "" && q.Kind != KindText {
		c.fail(line("none"), "题目 %s：none（回复“无”时记录的文字）只用于文字题。", q.ID)
	}
	if q.Subject && q.Kind != KindText {
		c.fail(line("subject"), "题目 %s：subject（作为段落主语）只用于文字题，如职务。", q.ID)
	}
	c.kinds(line("kinds"), "题目 "+q.ID, q.Kinds)
	if q.Example != "" && unitOK && q.Kind != KindTable {
		if _, err := ParseAnswer(q, q.Example); err != nil {
			c.fail(line("example"), "题目 %s 的示例答案“%s”不符合题目要求：%s", q.ID, q.Example, ErrorMessage(err))
		}
	}
	if q.LastYear != "" && unitOK {
		if !q.Kind.Numeric() {
			c.fail(line("last_year"), "题目 %s：上年数值 last_year 只用于数字题。", q.ID)
		} else if _, err := ParseAnswer(q, q.LastYear); err != nil {
			c.fail(line("last_year"), "题目 %s 的上年数值“%s”不符合题目要求：%s", q.ID, q.LastYear, ErrorMessage(err))
		}
	}
	c.wording(line("prompt"), q.Prompt, false)
	c.wording(line("help"), q.Help, false)
	c.wording(line("prose"), q.Prose, true)
}

func (c *formChecker) kinds(line int, what string, kinds []string) {
	for _, k := range kinds {
		if strings.TrimSpace(k) == "" {
			c.fail(line, "%s的部门类型 kinds 中有空项。", what)
		}
	}
}

var (
	variablePattern = regexp.MustCompile(`\{[A-Za-z_]+\}`)
	constantYear    = regexp.MustCompile(`(?:19|20)\d\d\s*年`)
	constantPufa    = regexp.MustCompile(`“[一二三四五六七八九十]五”|(?:^|[^一二三四五六七八九十])[一二三四五六七八九十]五普法`)
)

// wording checks text a round fills in: every {variable} must be known,
// and a constant year or 普法 plan name is worth a warning, for the form
// will be used again next year.
func (c *formChecker) wording(line int, text string, prose bool) {
	if text == "" {
		return
	}
	for _, v := range variablePattern.FindAllString(text, -1) {
		switch v {
		case "{year}", "{next_year}", "{dept}", "{pufa}":
		case "{value}":
			if !prose {
				c.fail(line, "{value} 只用于成文句式 prose，这里请删去或改用 {year}、{next_year}、{dept}、{pufa}。")
			}
		default:
			c.fail(line, "不认识的变量 %s：可用 {year}（报告年度）、{next_year}（下一年）、{dept}（部门名称）、{pufa}（当年的普法规划，如八五、九五）。", v)
		}
	}
	for _, y := range constantYear.FindAllString(text, -1) {
		c.warn(line, "“%s”是写死的年份，明年再用这份问卷就会过时；可改用 {year}（报告年度）或 {next_year}（下一年）。", y)
	}
	for _, m := range constantPufa.FindAllString(text, -1) {
		m = strings.TrimLeft(m, "“")
		if r := []rune(m); len(r) > 0 && !strings.ContainsRune("一二三四五六七八九十", r[0]) {
			m = string(r[1:])
		}
		c.warn(line, "“%s”是写死的普法规划名称（八五普法只到 2025 年）；可改用 “{pufa}”，按轮次年度自动写成八五、九五。", strings.TrimRight(m, "”"))
	}
}

var (
	yamlLine        = regexp.MustCompile(`line (\d+): (.*)`)
	unknownField    = regexp.MustCompile(`^field (\S+) not found in type`)
	repeatedField   = regexp.MustCompile(`^(?:field|mapping key) "?([^" ]+)"? already (?:set|defined)`)
	cannotUnmarshal = regexp.MustCompile("^cannot unmarshal !!\\w+(?: `([^`]*)`)? into (\\S+)")
)

// typeProblem translates one of the YAML decoder's type errors.
func typeProblem(msg string) FormProblem {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return FormProblem{Text: "格式不对：" + msg}
	}
	line, _ := strconv.Atoi(m[1])
	detail := m[2]
	if u := unknownField.FindStringSubmatch(detail); u != nil {
		return FormProblem{Line: line, Text: fmt.Sprintf("不认识的字段“%s”，请检查拼写（常用字段：id、prompt、kind、unit、example、prose、optional、kinds）。", u[1])}
	}
	if u := repeatedField.FindStringSubmatch(detail); u != nil {
		return FormProblem{Line: line, Text: fmt.Sprintf("字段“%s”重复出现。", u[1])}
	}
	if u := cannotUnmarshal.FindStringSubmatch(detail); u != nil {
		want := map[string]string{"string": "一段文字", "bot.Kind": "一个类型名", "float64": "数字", "*float64": "数字", "bool": "true 或 false", "int": "整数", "[]string": "列表，如 [政府办, 司法行政]",
			"[]bot.Question": "题目列表", "[]bot.Section": "部分列表", "[]bot.Subsection": "小节列表", "[]bot.Rule": "规则列表", "*bot.Table": "表格定义（rows、columns）", "[]bot.TableRow": "行列表", "[]bot.TableCol": "列列表"}[u[2]]
		if want == "" {
			want = "另一种写法"
		}
		if u[1] == "" {
			return FormProblem{Line: line, Text: fmt.Sprintf("这里的写法不对：需要%s。", want)}
		}
		return FormProblem{Line: line, Text: fmt.Sprintf("“%s”的写法不对：这里需要%s。", u[1], want)}
	}
	return FormProblem{Line: line, Text: "格式不对：" + detail}
}

// yamlProblem translates a YAML syntax error.
func yamlProblem(err error) FormProblem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return FormProblem{Line: line, Text: "YAML 格式有误（" + m[2] + "）；常见原因：缩进不一致、冒号后缺空格、引号没有配对。"}
	}
	return FormProblem{Text: "YAML 格式有误（" + msg + "）；常见原因：缩进不一致、冒号后缺空格、引号没有配对。"}
}
