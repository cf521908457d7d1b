package factlock

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
)

// A claim is a sentence that says the department won an honour, a title
// or a rank: 获评全国法治政府建设示范单位, 荣获“全省普法工作先进集体”称号,
// 在全市法治建设考核中排名第三. No figure need be in it, and an invented one
// asserts as much as an invented figure, so it must match an answer (the
// honours question, an item, a text answer) or be flagged.
var claimPattern = regexp.MustCompile(
	`(获评|荣获|获得|获批|被评为|评为|被授予|授予|被命名为|命名为|被确定为|确定为|被列为|列为|入选|成功创建|创建为|被表彰为|表彰为|受到[^，。；]{0,16}表彰|获[^，。；]{0,6}(称号|命名|表彰)|` +
		`(排名|位列|位居|名列|居)[^，。；]{0,8}第[一二三四五六七八九十0-9]+|(排名|位列|位居|居)[^，。；]{0,8}(首位|前列)|` +
		`(全国|全省|省级|全市|市级|国家级)[^，。；]{0,14}(示范单位|示范区|示范县|示范市|示范村|示范社区|示范点|示范项目|先进集体|先进单位|先进个人|先进工作者|模范)|` +
		`(考核|考评|评估|评议)[^，。；]{0,8}(优秀|第一|一等))`)

// honourWord is what makes a match a claim: 获得 and 评为 claim nothing
// without an honour after them. A claim's object ends with its honour
// word (and a following 称号 or 等次).
var honourWord = regexp.MustCompile(`(示范(单位|区|县|市|村|社区|点|项目|基地|窗口)?|先进(集体|单位|个人|工作者|典型)?|模范(司法所|个人|单位)?|优秀(等次|单位|案卷|项目|案例)?|` +
	`[一二三等]等奖|奖|标兵|品牌|典型案例|典型|试点|第[一二三四五六七八九十0-9]+(名|位)?|首位|前列)(称号|等次|荣誉称号)?`)

// levelWord is the level an honour is given at: a 全省 honour is not a
// 全国 one.
var levelWord = regexp.MustCompile(`全国|全省|全市|全区|全县|国家级|省级|市级|区级|县级|国家`)

// claim is one claim found in a text.
type claim struct {
	bot.Span
	object string // what is claimed: the honour's name, without verbs and quotes
}

// findClaims returns the claims of text, one per clause.
func findClaims(text string) []claim {
	var out []claim
	for _, cl := range clauses(text) {
		s := text[cl[0]:cl[1]]
		loc := claimPattern.FindStringIndex(s)
		if loc == nil {
			continue
		}
		rest := s[loc[0]:]
		if i := strings.Index(rest, "，"); i >= 0 {
			rest = rest[:i]
		}
		hw := honourWord.FindStringIndex(rest)
		if hw == nil {
			continue // 获得支持, 评为… with no honour after it
		}
		end := loc[0] + hw[1]
		obj := claimObject(s[loc[0]:end])
		if utf8.RuneCountInString(obj) < 2 {
			continue
		}
		out = append(out, claim{Span: bot.Span{Start: cl[0] + loc[0], End: cl[0] + end, Text: strings.TrimRight(s[loc[0]:end], "。；！？，")}, object: obj})
	}
	return out
}

// claimObject strips a claim to what it names: verbs, quotes and the
// words 称号 and 荣誉 go.
func claimObject(s string) string {
	s = strings.TrimRight(s, "。；！？，")
	for _, w := range []string{"被表彰为", "被评为", "被授予", "被命名为", "被确定为", "被列为", "成功创建", "创建为", "表彰为",
		"获评", "荣获", "获得", "获批", "评为", "授予", "命名为", "确定为", "列为", "入选"} {
		s = strings.Replace(s, w, "", 1)
	}
	return strings.NewReplacer("“", "", "”", "", "《", "", "》", "", "\"", "", "称号", "", "荣誉", "", "光荣", "").Replace(s)
}

// supported reports whether an answer states the claim: some answer's text
// carries most of the claimed object's words, the same level (全国, 全省…)
// and the same rank (第一, 第3).
func supported(c claim, texts []string) bool {
	want := bigrams(c.object)
	if len(want) == 0 {
		return true
	}
	levels := levelWord.FindAllString(c.object, -1)
	ranks := rankWord.FindAllString(c.object, -1)
	for _, t := range texts {
		ok := true
		for _, w := range append(levels, ranks...) {
			ok = ok && strings.Contains(t, w)
		}
		if !ok {
			continue
		}
		have := bigrams(t)
		n := 0
		for b := range want {
			if have[b] {
				n++
			}
		}
		if n*10 >= len(want)*8 { // 80% of the claim's words
			return true
		}
	}
	return false
}

// rankWord is a rank or a count of times: 第一, 第3, 首位, 三连冠.
var rankWord = regexp.MustCompile(`第[一二三四五六七八九十0-9]+|首位|[一二三四五六七八九十0-9]+连冠`)

// bigrams returns the pairs of adjacent Chinese characters of s: the
// words two texts share. Digits are left out: a shared 00 says nothing.
func bigrams(s string) map[string]bool {
	out := map[string]bool{}
	var prev rune
	for _, r := range s {
		if !isHan(r) || isNumeral(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			out[string([]rune{prev, r})] = true
		}
		prev = r
	}
	return out
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// isNumeral reports the Chinese digits, which like Arabic ones say nothing
// about what two texts speak of.
func isNumeral(r rune) bool {
	return strings.ContainsRune("零一二三四五六七八九十百千万亿两", r)
}

// clauses returns the byte ranges of text's clauses, split at sentence
// and clause punctuation.
func clauses(text string) [][2]int {
	var out [][2]int
	start := 0
	for i, r := range text {
		if strings.ContainsRune("。；！？\n", r) {
			out = append(out, [2]int{start, i + utf8.RuneLen(r)})
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}
