package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatAnswerNote is FormatAnswer followed by the answer's note, if any:
// 64件（备注：已全部办结）. Reviews, the console and the exports show it.
func FormatAnswerNote(q *Question, a *Answer) string {
	s := FormatAnswer(q, a)
	if a != nil && a.Status == Answered && a.Note != "" {
		s += "（备注：" + TrimSentenceEnd(a.Note) + "）"
	}
	return s
}

// TrimSentenceEnd drops the full stop, exclamation or question marks that
// end s, so a template that ends a sentence does not double them (。。).
func TrimSentenceEnd(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "。.！!？?；;，,")
}

var asOfRE = regexp.MustCompile(`截[至止][^，,；;。]*?(?:月底|月末|日|号|底|末|前|止|月)`)

// remarkWords open a remark written straight after a figure with no
// punctuation, as officials type on a phone (64件已全部办结, 230件含电子
// 公文, 共9次均有记录, 36件按期办复). They are the words annual reports
// use after a figure: a state (已, 均, 全部, 尚未), a part (其中, 含,
// 包括, 占), a comparison (同比, 较上年) or a manner (按时, 由, 每次). A
// word that names another figure's subject (办结40件, 办结率100%) is not
// one: such text stays the sentence's own, as before.
var remarkWords = []string{
	"已", "均", "全部", "全都", "都", "并", "且", "同时",
	"含", "不含", "包含", "包括", "其中", "另有", "另外", "此外", "占", "涉及",
	"主要", "多为", "大多", "大部分", "绝大部分", "绝大多数", "基本",
	"当年", "当场", "按时", "按期", "按要求", "按规定", "及时", "现已", "目前",
	"尚有", "尚未", "尚在", "正在", "仍在", "未", "暂无", "没有",
	"同比", "环比", "比上年", "比去年", "比上一年", "较上年", "较去年", "较上一年",
	"分别", "由", "经", "通过", "每", "实现", "做到", "详见", "具体",
}

// remarkStart reports whether s, the text right after a figure, opens a
// remark with one of remarkWords. The figure's unit is already read by
// then (64件 in 64件已办结), so no unit word reaches a note.
func remarkStart(s string) bool {
	for _, w := range remarkWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// cutAtRemark is s up to the first remark word after its first character:
// the unknown unit in 381只羊已出栏 is 只羊.
func cutAtRemark(s string) string {
	_, w := utf8.DecodeRuneInString(s)
	for i := w; i < len(s); {
		if remarkStart(s[i:]) {
			return s[:i]
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return s
}

// minBareNote is the fewest letters a remark run into its figure must
// have: 均已 or 全部 alone say nothing worth keeping.
const minBareNote = 3

// noteOf is the remark kept with a figure: the text after it, set off by
// punctuation (64件，已全部办结 → 已全部办结) or opened by a remark word
// (64件已全部办结, 230件含电子公文), and a 截至 clause before it.
func noteOf(before, after string) string {
	note := cleanNote(after)
	if r, _ := utf8.DecodeRuneInString(after); note != "" && !unicode.IsPunct(r) {
		if !remarkStart(after) || wordCount(note) < minBareNote {
			note = "" // 156名干部参加考试, 办结40件: the sentence's own words, not a remark
		}
	}
	if clause := asOfRE.FindString(before); clause != "" {
		if clause = cleanNote(clause); clause != "" {
			if note == "" {
				note = clause
			} else {
				note = clause + "；" + note
			}
		}
	}
	return note
}

// wordCount counts the letters and digits of s.
func wordCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// cleanNote trims punctuation and brackets off a remark and drops one that
// says nothing (了, 吧, 左右).
func cleanNote(s string) string {
	const edge = "，,。.；;：:、）)（(】【 "
	s = strings.Trim(s, edge)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "（"), "）")
	s = strings.Trim(s, edge)
	switch s {
	case "左右", "上下", "吧", "了", "的", "啊", "呢", "哈", "的样子", "左右吧", "以上", "整", "左右的样子", "多一点", "多点":
		return ""
	}
	if wordCount(s) < 2 {
		return ""
	}
	return Truncate(s, 200)
}
