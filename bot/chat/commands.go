package chat

import (
	"regexp"
	"strings"
	"unicode"

	"reportbot/bot/figure"
)

// command is what a message asks for, apart from being an answer.
type command int

const (
	cmdAnswer    command = iota // not a command: an answer to the current question
	cmdStart                    // 开始
	cmdHelp                     // 帮助
	cmdSkip                     // 跳过
	cmdNext                     // 下一题: keep the current answer and move on
	cmdPrev                     // 上一题
	cmdReview                   // 查看: an overview, or every answer when short
	cmdReviewAll                // 查看全部: every answer
	cmdEdit                     // 修改 N
	cmdSubmit                   // 提交
	cmdConfirm                  // 确认提交 / 确认 (in a confirmation)
	cmdPause                    // 暂停
	cmdResume                   // 继续
	cmdSwitch                   // 切换部门 [N]
	cmdDone                     // 完成 (ends open items)
	cmdUndo                     // 撤销 (drops the last open item)
	cmdNotApply                 // 不涉及
)

var commandWords = map[string]command{
	"开始": cmdStart, "开始填报": cmdStart, "填报": cmdStart, "start": cmdStart,
	"帮助": cmdHelp, "help": cmdHelp, "?": cmdHelp, "？": cmdHelp, "指令": cmdHelp, "菜单": cmdHelp,
	"跳过": cmdSkip, "跳过本题": cmdSkip, "skip": cmdSkip, "暂不填写": cmdSkip,
	"下一题": cmdNext, "下一个": cmdNext, "next": cmdNext, "保留": cmdNext,
	"上一题": cmdPrev, "上一个": cmdPrev, "返回": cmdPrev, "后退": cmdPrev, "back": cmdPrev,
	"查看": cmdReview, "汇总": cmdReview, "预览": cmdReview, "查看答案": cmdReview, "review": cmdReview,
	"进度": cmdReview, "填报进度": cmdReview, "查看进度": cmdReview, "我的进度": cmdReview,
	"查看全部": cmdReviewAll, "全部答案": cmdReviewAll, "查看明细": cmdReviewAll, "明细": cmdReviewAll, "查看全部答案": cmdReviewAll,
	"提交": cmdSubmit, "提交填报": cmdSubmit, "submit": cmdSubmit,
	"确认提交": cmdConfirm, "确认": cmdConfirm,
	"暂停": cmdPause, "稍后": cmdPause, "稍后再填": cmdPause, "pause": cmdPause,
	"继续": cmdResume, "继续填写": cmdResume, "继续填报": cmdResume, "resume": cmdResume,
	"切换部门": cmdSwitch, "切换": cmdSwitch, "switch": cmdSwitch,
	"完成": cmdDone, "填完了": cmdDone, "没有了": cmdDone, "结束": cmdDone, "done": cmdDone,
	"撤销": cmdUndo, "删除上一条": cmdUndo, "undo": cmdUndo,
	"不涉及": cmdNotApply, "不适用": cmdNotApply, "本单位不涉及": cmdNotApply, "此项不涉及": cmdNotApply, "未涉及": cmdNotApply,
	"不涉及此项": cmdNotApply, "无此项工作": cmdNotApply, "没有此项工作": cmdNotApply, "本单位无此项工作": cmdNotApply, "本单位未涉及": cmdNotApply,
}

// moreCommandWords are the commands as contacts type them in a few words
// of their own (回到上一题, 先这样, 与我单位无关), matched whole or after
// commandLeads and commandTails are taken off (先跳过, 提交吧, 我们继续).
var moreCommandWords = map[string]command{
	"跳过这题": cmdSkip, "跳过此题": cmdSkip, "跳过该题": cmdSkip, "略过": cmdSkip, "不填": cmdSkip, "暂不填": cmdSkip, "暂时不填": cmdSkip,
	"空着": cmdSkip, "先空着": cmdSkip, "放一放": cmdSkip, "先放一放": cmdSkip, "后面再补": cmdSkip, "后面再填": cmdSkip, "以后再补": cmdSkip,
	"填后面的": cmdSkip, "填后面": cmdSkip, "不答": cmdSkip, "pass": cmdSkip,
	"回到上一题": cmdPrev, "返回上一题": cmdPrev, "退回上一题": cmdPrev, "回上一题": cmdPrev, "前一题": cmdPrev, "上一步": cmdPrev,
	"返回上一步": cmdPrev, "后退一步": cmdPrev, "往回退一题": cmdPrev, "回到上一个": cmdPrev, "刚才填错": cmdPrev, "上一题填错": cmdPrev,
	"刚才那个不对": cmdPrev, "前面那个填错": cmdPrev, "刚才的答案要改": cmdPrev, "改上一题": cmdPrev, "修改上一题": cmdPrev,
	"发错": cmdPrev, "刚才发错": cmdPrev, "刚才那个填错": cmdPrev, "填错": cmdPrev,
	"看": cmdReview, "看看": cmdReview, "看下": cmdReview, "看一看": cmdReview, "看看进度": cmdReview, "进度如何": cmdReview,
	"填到哪": cmdReview, "还剩几题": cmdReview, "还有多少题": cmdReview, "还有几题": cmdReview, "填了多少": cmdReview, "我填了多少": cmdReview,
	"看看填了哪些": cmdReviewAll, "填了哪些": cmdReviewAll, "查看已填": cmdReviewAll, "看下已填内容": cmdReviewAll, "已填内容": cmdReviewAll,
	"查看已填内容": cmdReviewAll, "查看所有答案": cmdReviewAll, "所有答案": cmdReviewAll, "看看全部答案": cmdReviewAll, "全部看": cmdReviewAll,
	"全部看看": cmdReviewAll, "把填的都发我看看": cmdReviewAll, "已经填了什么": cmdReviewAll, "填了什么": cmdReviewAll,
	"先这样": cmdPause, "今天先到这": cmdPause, "今天先到这里": cmdPause, "先到这": cmdPause, "先到这里": cmdPause, "先不填了": cmdPause,
	"不填了": cmdPause, "下午再弄": cmdPause, "下午再填": cmdPause, "明天继续": cmdPause, "明天再填": cmdPause, "明天再弄": cmdPause,
	"改天再填": cmdPause, "我先去开个会": cmdPause, "晚点再填": cmdPause, "等会再填": cmdPause, "待会再填": cmdPause,
	"继续填": cmdResume, "接着填": cmdResume, "接着来": cmdResume, "继续上次的": cmdResume, "我回来了": cmdResume, "回来了": cmdResume,
	"交": cmdSubmit, "交了": cmdSubmit, "可以提交": cmdSubmit, "全部填完了提交": cmdSubmit, "填完了提交": cmdSubmit, "完成提交": cmdSubmit,
	"上报": cmdSubmit, "报送": cmdSubmit, "都填好了": cmdSubmit, "全部填好了": cmdSubmit,
	"确认无误提交": cmdConfirm, "确认无误": cmdConfirm, "确认上报": cmdConfirm,
	"查看填报情况": cmdReview, "填报情况": cmdReview, "再看一下上一题": cmdPrev, "看一下上一题": cmdPrev, "看看上一题": cmdPrev,
	"删除": cmdUndo, "无，不涉及": cmdNotApply, "无,不涉及": cmdNotApply, "没问题提交": cmdSubmit, "没问题，提交": cmdSubmit,
	"撤回": cmdUndo, "撤销上一条": cmdUndo, "撤销刚才的": cmdUndo, "删掉上一条": cmdUndo, "刚才那条不要了": cmdUndo,
	"不涉及本单位": cmdNotApply, "本单位不涉及此项": cmdNotApply, "不涉及此项工作": cmdNotApply, "此项不适用": cmdNotApply,
	"本单位无此项": cmdNotApply, "我单位无此项": cmdNotApply, "本单位没有这项工作": cmdNotApply, "没有这项工作": cmdNotApply,
	"这题我们单位没有": cmdNotApply, "我们没有这个": cmdNotApply, "与我单位无关": cmdNotApply, "与本单位无关": cmdNotApply,
	"不涉及，跳过": cmdNotApply, "不涉及,跳过": cmdNotApply,
	"怎么用": cmdHelp, "怎么操作": cmdHelp, "不会用": cmdHelp, "使用说明": cmdHelp, "操作指南": cmdHelp, "有哪些指令": cmdHelp,
	"有什么指令": cmdHelp, "怎么使用": cmdHelp,
	"换部门": cmdSwitch, "换个部门": cmdSwitch, "切换单位": cmdSwitch, "我要填另一个部门的": cmdSwitch, "填另一个部门": cmdSwitch,
}

// commandLeads and commandTails are the words around a command that do
// not change it (先跳过, 我要提交, 这个不涉及 · 提交吧, 查看一下, 不涉及的).
var (
	commandLeads = []string{"好的", "好了", "嗯嗯", "嗯", "那就", "我们单位", "我单位", "我们", "我要", "我想", "麻烦", "帮我", "请",
		"这一题", "这题", "这个", "本题", "该题", "该项", "此题", "先", "好", "那"}
	commandTails = []string{"一下吧", "一下", "吧", "了", "啊", "呀", "哈", "嘛", "的", "~", "～"}
)

// commandCore matches t against the command words, taking off the words
// around a command one at a time. 完成 (which ends open items) is only
// ever the exact word: 完成了 is an answer.
func commandCore(t string) (command, bool) {
	for range 6 {
		if c, ok := commandWords[t]; ok && c != cmdDone {
			return c, true
		}
		if c, ok := moreCommandWords[t]; ok {
			return c, true
		}
		cut := false
		for _, w := range commandTails {
			if r, ok := strings.CutSuffix(t, w); ok && r != "" {
				t, cut = r, true
				break
			}
		}
		if !cut {
			for _, w := range commandLeads {
				if r, ok := strings.CutPrefix(t, w); ok && r != "" {
					t, cut = r, true
					break
				}
			}
		}
		if !cut {
			break
		}
	}
	return cmdAnswer, false
}

// numberPat is a question or department number in digits or Chinese.
const numberPat = `([0-9]+|[一二两三四五六七八九十百零〇]+)`

// corrections say the words after them are the new answer (改成12件).
const corrections = `(?:改成|改为|修改为|修改成|应为|应该是|更正为|更正成)`

var (
	// editRE: 我要改第三题 · 修改一下第3题 · 重新填第3题 · 修改第2题，12件.
	editRE = regexp.MustCompile(`^(?:我要|我想|请|帮我|麻烦)?(?:修改|改|更正|编辑|重新填写|重新填|重填|回到|跳到|返回到|返回)(?:一下)?第` +
		numberPat + `(?:题|个)(?:的?答案)?(?:吧)?(?:[，,：:]?` + corrections + `?(.+))?$`)
	// editAfterRE: 第5题改一下 · 第3题填错了 · 把第三题改成12件 · 5题改一下.
	editAfterRE = regexp.MustCompile(`^(?:把)?(第)?` + numberPat + `题(?:要|需要)?(改一下|修改一下|要修改|修改|改|重填|重新填|填错了|写错了|错了|有误)?(?:吧)?(?:[，,]?` +
		corrections + `(.+))?$`)
	// prevValueRE: 上一题写错了，应该是15件.
	prevValueRE = regexp.MustCompile(`^(?:上一题|上一个|刚才那个|刚才|前面那个)(?:写错了|填错了|错了|不对|有误)[，,]?` + corrections + `(.+)$`)
	// correctedRE: 改成12件 · 不对，是12件 · 改一下，12件: the answer to the question asked.
	correctedRE = regexp.MustCompile(`^(?:` + corrections + `|不对[，,]?(?:是|应该是)|改一下[，,])(.+)$`)
	// switchRE: 切换到2 · 切换部门到2 · 切换第二个部门 · 切换部门2.
	switchRE = regexp.MustCompile(`^(?:切换|换)(?:部门|单位)?(?:到|至)?第?` + numberPat + `(?:个)?(?:部门|单位)?$`)
	// switchNameRE: 切换到司法局: the list of the contact's departments.
	switchNameRE = regexp.MustCompile(`^(?:切换|换)(?:部门|单位)?(?:到|至|成)\p{Han}{2,12}$`)
)

// parsedCommand is a recognised command with its argument (the N of 修改 N)
// and, for a correction typed with it, the new answer.
type parsedCommand struct {
	cmd command
	arg int
	// value is the new answer typed with 修改 N or 上一题 (第三题改成12件),
	// or, with cmdAnswer, the answer without the word that introduced it
	// (改成12件 → 12件); "" for none.
	value string
}

// parseCommand recognises a command; anything else is an answer. A message
// is a command when it is one whole, in the bot's words or a contact's
// (先跳过, 第5题改一下, 与我单位无关), so an answer that merely mentions 跳过
// stays an answer.
func parseCommand(text string) parsedCommand {
	t := strings.ToLower(strings.TrimFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("。！!．.，,、“”\"'", r)
	}))
	if c, ok := commandWords[t]; ok {
		return parsedCommand{cmd: c}
	}
	t = figure.Normalize(strings.TrimRight(t, "？?。！!~～ "))
	if c, ok := commandCore(t); ok {
		return parsedCommand{cmd: c}
	}
	if !strings.ContainsAny(t, "题个换改应更错对") && !strings.HasPrefix(t, "edit") {
		return parsedCommand{cmd: cmdAnswer} // a plain answer: no pattern below can match
	}
	if m := editRE.FindStringSubmatch(t); m != nil {
		if n, ok := figure.SmallNumber(m[1]); ok {
			return parsedCommand{cmd: cmdEdit, arg: n, value: strings.TrimSpace(m[2])}
		}
	}
	if m := editAfterRE.FindStringSubmatch(t); m != nil && (m[1] != "" || m[3] != "" || m[4] != "") {
		if n, ok := figure.SmallNumber(m[2]); ok {
			return parsedCommand{cmd: cmdEdit, arg: n, value: strings.TrimSpace(m[4])}
		}
	}
	if m := prevValueRE.FindStringSubmatch(t); m != nil {
		return parsedCommand{cmd: cmdPrev, value: strings.TrimSpace(m[1])}
	}
	if m := switchRE.FindStringSubmatch(t); m != nil {
		if n, ok := figure.SmallNumber(m[1]); ok {
			return parsedCommand{cmd: cmdSwitch, arg: n}
		}
	}
	if switchNameRE.MatchString(t) {
		return parsedCommand{cmd: cmdSwitch}
	}
	for _, p := range []struct {
		prefix string
		cmd    command
	}{{"修改", cmdEdit}, {"改", cmdEdit}, {"edit", cmdEdit}, {"切换部门", cmdSwitch}, {"切换", cmdSwitch}} {
		rest, ok := strings.CutPrefix(t, p.prefix)
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		rest = strings.TrimPrefix(rest, "第")
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "题"), "个")
		rest = strings.TrimSpace(rest)
		if n, ok := figure.SmallNumber(rest); ok {
			return parsedCommand{cmd: p.cmd, arg: n}
		}
	}
	if m := correctedRE.FindStringSubmatch(t); m != nil && strings.TrimSpace(m[1]) != "" {
		return parsedCommand{cmd: cmdAnswer, value: strings.TrimSpace(m[1])}
	}
	return parsedCommand{cmd: cmdAnswer}
}

// isYes and isNo read the answer to a confirmation the bot asked for.
func isYes(text string) bool {
	switch strings.TrimSpace(strings.Trim(text, "。！!")) {
	case "是", "是的", "对", "好", "好的", "确认", "可以":
		return true
	}
	return false
}

func isNo(text string) bool {
	switch strings.TrimSpace(strings.Trim(text, "。！!")) {
	case "否", "不", "不是", "不对", "取消", "不要":
		return true
	}
	return false
}
