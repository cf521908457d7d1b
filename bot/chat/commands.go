package chat

import (
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

// parsedCommand is a recognised command with its argument (the N of 修改 N).
type parsedCommand struct {
	cmd command
	arg int
}

// parseCommand recognises a command; anything else is an answer. Only whole
// messages are commands, so an answer that merely mentions 跳过 stays an
// answer.
func parseCommand(text string) parsedCommand {
	t := strings.ToLower(strings.TrimFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("。！!．.，,、“”\"'", r)
	}))
	if c, ok := commandWords[t]; ok {
		return parsedCommand{cmd: c}
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
