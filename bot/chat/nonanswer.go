package chat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot"
)

// NonAnswer names what a message that is no answer is: chat typed where
// the bot waits for an answer. A text question takes any words, so without
// this 你好 or 这个什么意思 would be stored as the department's answer.
type NonAnswer string

// The kinds of non-answer.
const (
	NotNonAnswer NonAnswer = ""            // an answer, as far as can be told
	NAGreeting   NonAnswer = "greeting"    // 你好, 在吗
	NAAck        NonAnswer = "ack"         // 好的, 收到, 谢谢
	NALater      NonAnswer = "later"       // 稍等, 明天再填, 我问一下
	NAQuestion   NonAnswer = "question"    // 这个问题什么意思, 怎么填, ……吗？
	NAUnsure     NonAnswer = "unsure"      // 不知道, 不清楚
	NACommand    NonAnswer = "command"     // another role's command: 版本, 审核, 退回
	NAMisCommand NonAnswer = "mis-command" // a contact's command the bot cannot read: 跳过第3题
)

// misCommandWords, opening a short message the bot did not read as a
// command, say it was meant as one (跳过第3题, 下一题再说): it is never an
// answer.
var misCommandWords = []string{"跳过", "上一题", "下一题", "修改第", "改第", "重填", "撤回"}

// Label is the non-answer's kind in Chinese, for `forms try`.
func (n NonAnswer) Label() string {
	switch n {
	case NAGreeting:
		return "问候"
	case NAAck:
		return "客套或确认"
	case NALater:
		return "稍后再填"
	case NAQuestion:
		return "对题目的提问"
	case NAUnsure:
		return "不清楚"
	case NACommand:
		return "其他角色的指令"
	case NAMisCommand:
		return "没有看懂的指令"
	}
	return ""
}

// greetWords and ackWords are whole messages, or runs of them (好的谢谢,
// 你好在吗), that say nothing about the question.
var greetWords = []string{"你好呀", "你好啊", "您好啊", "你好", "您好", "老师好", "在吗", "在么", "在不在", "在嘛", "哈喽", "hello", "hi",
	"早上好", "上午好", "中午好", "下午好", "晚上好", "早安", "早", "嗨", "喂"}

var ackWords = []string{"ok的", "马上填", "马上", "这就填", "好的", "好滴", "好哒", "好吧", "好嘞", "好", "嗯嗯", "嗯", "哦哦", "哦", "噢", "okay", "ok了", "ok", "收到了", "收到",
	"知道了", "明白了", "明白", "了解", "谢谢你", "谢谢您", "谢谢", "多谢", "感谢", "辛苦了", "辛苦", "麻烦了", "👌", "👍", "🙏"}

// laterWords mark a message putting the question off (明天再填, 稍等).
var laterWords = []string{"再填", "再说", "再回复", "再答", "稍等", "稍后", "等一下", "等一会", "等下再", "等下我", "晚点", "回头填", "回头再",
	"一会儿", "一会再", "先问问", "我问问", "去问问", "问一下", "查一下", "核实一下", "确认一下", "核对一下", "找一下", "等我"}

// questionWords mark a question about the question (什么意思, 怎么填).
var questionWords = []string{"什么意思", "啥意思", "什么叫", "怎么填", "如何填", "怎么写", "如何写", "怎么回答", "如何回答", "怎么答",
	"填什么", "写什么", "填哪些", "是指什么", "指的是", "包括哪些", "包不包括", "算不算", "是否包括", "要不要", "需不需要", "需要填吗",
	"能不能", "可不可以", "看不懂", "没看懂", "请问", "咨询一下"}

// puzzledWords are a whole message saying the question is not understood.
var puzzledWords = []string{"不懂", "没懂", "不明白", "不理解", "什么", "啥", "看不懂", "没看懂", "不太懂", "不太明白"}

// unsureWords are a whole message saying the contact does not know.
var unsureWords = []string{"不知道", "不清楚", "不太清楚", "不确定", "不太确定", "不晓得", "不记得了", "不记得", "忘了", "搞不清", "说不清"}

// otherCommands are commands of other roles (editors, heads,
// coordinators): from a contact they are no answer.
var otherCommands = []string{"版本", "历史版本", "采用", "放弃", "审核", "待审核", "退回", "重写", "恢复", "催办", "导出", "导出表格"}

// ClassifyNonAnswer tells chat from an answer. It is deliberately narrow:
// a short message made only of greetings and acknowledgements, one
// putting the question off, one asking about the question (什么意思, 怎么填,
// or ending in ？ or 吗), one saying the contact does not know, or
// another role's command. Real short answers (无, 是, 否, 已完成,
// 按要求开展, 区长, an item's title) are never caught.
func ClassifyNonAnswer(text string) NonAnswer {
	s := strings.ToLower(strings.TrimFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("。.！!~～…，,、", r)
	}))
	if s == "" {
		return NotNonAnswer
	}
	n := utf8.RuneCountInString(s)
	flat := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || r == '~' || r == '～' {
			return -1
		}
		return r
	}, s)
	for _, c := range otherCommands {
		if flat == c {
			return NACommand
		}
	}
	if n <= 10 && opensWith(flat, misCommandWords) && parseCommand(text).cmd == cmdAnswer {
		return NAMisCommand
	}
	if rest, greeted := strip(flat, greetWords); rest == "" {
		if greeted {
			return NAGreeting
		}
	} else if rest, _ := strip(rest, ackWords); rest == "" {
		if greeted {
			return NAGreeting
		}
		return NAAck
	}
	if n > 40 {
		return NotNonAnswer // a long message is an answer, whatever it says
	}
	core := bare(flat)
	for _, u := range unsureWords {
		if core == u {
			return NAUnsure
		}
	}
	for _, u := range puzzledWords {
		if core == u {
			return NAQuestion
		}
	}
	if n <= 16 && !hasDigit(flat) && !strings.Contains(flat, "《") {
		for _, w := range laterWords {
			if strings.Contains(flat, w) {
				return NALater
			}
		}
	}
	for _, w := range questionWords {
		if strings.Contains(flat, w) {
			return NAQuestion
		}
	}
	if strings.HasSuffix(s, "？") || strings.HasSuffix(s, "?") {
		return NAQuestion
	}
	if r, _ := utf8.DecodeLastRuneInString(flat); n <= 30 && (r == '吗' || r == '么' || r == '嘛') {
		return NAQuestion
	}
	return NotNonAnswer
}

// bare drops the words around a short reply that change nothing: 这个我
// 不清楚呢 is 不清楚.
func bare(s string) string {
	for _, p := range []string{"这个问题", "这道题", "这个", "这题", "本题", "我们", "我也", "我", "暂时", "目前", "还"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"呢", "啊", "哎", "呀", "哦"} {
		s = strings.TrimSuffix(s, p)
	}
	return s
}

// strip removes a run of words from the start of s: what is left, and
// whether any word was removed.
func strip(s string, words []string) (string, bool) {
	any := false
	for s != "" {
		cut := false
		for _, w := range words {
			if rest, ok := strings.CutPrefix(s, w); ok {
				s, cut, any = rest, true, true
				break
			}
		}
		if !cut {
			break
		}
	}
	return s, any
}

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsDigit(r) })
}

// nonAnswerReply is the polite reply to a non-answer typed at q: what the
// bot makes of it and how to go on. The question is asked again after it.
func nonAnswerReply(q *bot.Question, na NonAnswer, text string) string {
	switch na {
	case NAGreeting:
		return msgNAGreeting + answerHow(q) + skipHint(q)
	case NAAck:
		return msgNAAck + answerHow(q) + skipHint(q)
	case NALater:
		return msgNALater
	case NAQuestion:
		return explainQuestion(q)
	case NAUnsure:
		return msgNAUnsure + skipHint(q)
	case NACommand:
		return fmt.Sprintf(msgNACommand, strings.TrimSpace(text))
	case NAMisCommand:
		return fmt.Sprintf(msgNAMisCommand, strings.TrimSpace(text))
	}
	return ""
}

// answerHow asks for the answer itself.
func answerHow(q *bot.Question) string {
	if q.Kind == bot.KindItems {
		return msgNAItemHow
	}
	return msgNAAnswer
}

// skipHint says how to leave q for later, and 不涉及 where it may be.
func skipHint(q *bot.Question) string {
	if q.Kind == bot.KindItems {
		return ""
	}
	if q.Optional {
		return msgNASkipOrNA
	}
	return msgNASkip
}

// explainQuestion answers a question about q: what it asks, its help text
// or else what kind of answer it wants, an example, and how to skip it.
func explainQuestion(q *bot.Question) string {
	var b strings.Builder
	b.WriteString("本题问的是：" + q.Short() + "。")
	if q.Help != "" {
		b.WriteString(bot.TrimSentenceEnd(q.Help) + "。")
	} else {
		b.WriteString(wants(q))
	}
	if q.Example != "" {
		b.WriteString("例如：" + bot.TrimSentenceEnd(q.Example) + "。")
	}
	b.WriteString(skipHint(q))
	return b.String()
}

// wants says in words what kind of answer q takes.
func wants(q *bot.Question) string {
	switch q.Kind {
	case bot.KindCount, bot.KindAmount, bot.KindNumber:
		if q.Unit != "" {
			return "请填写一个数字，单位为“" + q.Unit + "”，可以附简短说明。"
		}
		return "请填写一个数字，可以附简短说明。"
	case bot.KindPercent:
		return "请填写一个百分比，如 95%。"
	case bot.KindYesNo:
		return "请回复“是”或“否”。"
	case bot.KindChoice:
		return "请回复选项的序号或内容。"
	case bot.KindDate:
		return "请填写日期，如 2025年3月1日。"
	case bot.KindList:
		return "请逐项列出，可用顿号、分号或换行分隔。"
	case bot.KindItems:
		return msgItemsHow
	case bot.KindTable:
		return "请按表格逐行填写。"
	}
	return "请用一两句话如实写明本单位的情况。"
}

// opensWith reports whether s, after the words that may lead a command
// (先, 我要, 这题), opens with one of words: 跳过第3题 does, 已按要求跳过审批
// 环节 does not.
func opensWith(s string, words []string) bool {
	for _, l := range commandLeads {
		s = strings.TrimPrefix(s, l)
	}
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
