package chat

import "testing"

// TestCommandsInOfficialsWords: commands as contacts type them, with the
// words around them (先跳过, 提交吧, 我要改第三题, 第5题改一下), are the
// commands, never an answer to store; a correction carrying its value
// (第三题改成12件, 上一题写错了，应该是15件, 改成12件) names the question and the
// value.
func TestCommandsInOfficialsWords(t *testing.T) {
	type want struct {
		cmd   command
		arg   int
		value string
	}
	cases := map[string]want{
		// skip
		"跳过这题": {cmd: cmdSkip}, "这题跳过": {cmd: cmdSkip}, "跳过吧": {cmd: cmdSkip}, "先跳过": {cmd: cmdSkip},
		"这个先不填": {cmd: cmdSkip}, "暂时不填": {cmd: cmdSkip}, "这题先空着": {cmd: cmdSkip}, "略过": {cmd: cmdSkip},
		"这题后面再补": {cmd: cmdSkip}, "先填后面的": {cmd: cmdSkip}, "pass": {cmd: cmdSkip}, "下一题吧": {cmd: cmdNext},
		// back
		"回到上一题": {cmd: cmdPrev}, "返回上一题": {cmd: cmdPrev}, "上一题吧": {cmd: cmdPrev}, "前一题": {cmd: cmdPrev},
		"上一步": {cmd: cmdPrev}, "上一题？": {cmd: cmdPrev}, "刚才填错了": {cmd: cmdPrev}, "上一题填错了": {cmd: cmdPrev},
		"改上一题": {cmd: cmdPrev}, "刚才那个不对": {cmd: cmdPrev}, "发错了": {cmd: cmdPrev},
		"上一题写错了，应该是15件": {cmd: cmdPrev, value: "15件"},
		// edit
		"我要改第三题": {cmd: cmdEdit, arg: 3}, "修改一下第3题": {cmd: cmdEdit, arg: 3}, "第5题改一下": {cmd: cmdEdit, arg: 5},
		"第五题改一下": {cmd: cmdEdit, arg: 5}, "5题改一下": {cmd: cmdEdit, arg: 5}, "第3题填错了": {cmd: cmdEdit, arg: 3},
		"第三题要修改": {cmd: cmdEdit, arg: 3}, "重新填第3题": {cmd: cmdEdit, arg: 3}, "第3题重填": {cmd: cmdEdit, arg: 3},
		"回到第3题": {cmd: cmdEdit, arg: 3}, "跳到第3题": {cmd: cmdEdit, arg: 3}, "修改第3题答案": {cmd: cmdEdit, arg: 3},
		"编辑第3题": {cmd: cmdEdit, arg: 3}, "更正第3题": {cmd: cmdEdit, arg: 3}, "第5题": {cmd: cmdEdit, arg: 5},
		"改第二题吧": {cmd: cmdEdit, arg: 2}, "修改第2题。": {cmd: cmdEdit, arg: 2}, "修改第二十一题": {cmd: cmdEdit, arg: 21},
		"修改 5":     {cmd: cmdEdit, arg: 5},
		"第三题改成12件": {cmd: cmdEdit, arg: 3, value: "12件"}, "把第三题改成12件": {cmd: cmdEdit, arg: 3, value: "12件"},
		"第5题写错了改成12件": {cmd: cmdEdit, arg: 5, value: "12件"}, "修改第2题，12件": {cmd: cmdEdit, arg: 2, value: "12件"},
		// a corrected value for the question being asked
		"改成12件": {cmd: cmdAnswer, value: "12件"}, "改为12件": {cmd: cmdAnswer, value: "12件"},
		"修改为12件": {cmd: cmdAnswer, value: "12件"}, "应该是12件": {cmd: cmdAnswer, value: "12件"}, "更正为12件": {cmd: cmdAnswer, value: "12件"},
		// review
		"查看一下": {cmd: cmdReview}, "看一下": {cmd: cmdReview}, "看看进度": {cmd: cmdReview}, "填到哪了": {cmd: cmdReview},
		"还剩几题": {cmd: cmdReview}, "还有多少题": {cmd: cmdReview}, "预览一下": {cmd: cmdReview},
		"查看所有答案": {cmd: cmdReviewAll}, "看看全部答案": {cmd: cmdReviewAll}, "看看填了哪些": {cmd: cmdReviewAll}, "已经填了什么": {cmd: cmdReviewAll},
		// pause, resume
		"暂停一下": {cmd: cmdPause}, "先暂停": {cmd: cmdPause}, "先这样": {cmd: cmdPause}, "今天先到这": {cmd: cmdPause},
		"先到这里": {cmd: cmdPause}, "先不填了": {cmd: cmdPause}, "明天继续": {cmd: cmdPause}, "明天再填": {cmd: cmdPause},
		"继续吧": {cmd: cmdResume}, "继续填": {cmd: cmdResume}, "接着填": {cmd: cmdResume}, "我们继续": {cmd: cmdResume}, "我回来了": {cmd: cmdResume},
		// submit
		"提交吧": {cmd: cmdSubmit}, "提交一下": {cmd: cmdSubmit}, "我要提交": {cmd: cmdSubmit}, "可以提交了": {cmd: cmdSubmit},
		"好了交了吧": {cmd: cmdSubmit}, "全部填完了提交": {cmd: cmdSubmit}, "上报": {cmd: cmdSubmit}, "报送": {cmd: cmdSubmit},
		"确认提交吧": {cmd: cmdConfirm}, "确认无误提交": {cmd: cmdConfirm}, "好的确认": {cmd: cmdConfirm},
		// undo
		"撤回": {cmd: cmdUndo}, "撤销上一条": {cmd: cmdUndo}, "删掉上一条": {cmd: cmdUndo},
		// not applicable
		"这个不涉及": {cmd: cmdNotApply}, "该项不涉及": {cmd: cmdNotApply}, "不涉及的": {cmd: cmdNotApply}, "我单位不涉及": {cmd: cmdNotApply},
		"我们单位不涉及": {cmd: cmdNotApply}, "本单位不涉及此项": {cmd: cmdNotApply}, "此项不适用": {cmd: cmdNotApply},
		"本单位无此项": {cmd: cmdNotApply}, "本单位没有这项工作": {cmd: cmdNotApply}, "与我单位无关": {cmd: cmdNotApply}, "不涉及，跳过": {cmd: cmdNotApply},
		// help, switch
		"帮助一下": {cmd: cmdHelp}, "怎么用": {cmd: cmdHelp}, "怎么操作": {cmd: cmdHelp}, "不会用": {cmd: cmdHelp}, "有哪些指令": {cmd: cmdHelp},
		"换个部门": {cmd: cmdSwitch}, "切换单位": {cmd: cmdSwitch}, "切换到2": {cmd: cmdSwitch, arg: 2}, "切换部门到2": {cmd: cmdSwitch, arg: 2},
		"切换第二个部门": {cmd: cmdSwitch, arg: 2}, "切换到司法局": {cmd: cmdSwitch}, "查看填报情况": {cmd: cmdReview},
		"再看一下上一题": {cmd: cmdPrev}, "无，不涉及": {cmd: cmdNotApply}, "没问题提交": {cmd: cmdSubmit},
		// answers stay answers
		"完成了整改": {cmd: cmdAnswer}, "已完成": {cmd: cmdAnswer}, "提交了3份材料": {cmd: cmdAnswer}, "先进单位": {cmd: cmdAnswer},
		"继续深化改革": {cmd: cmdAnswer}, "12件": {cmd: cmdAnswer}, "第5题的数字是多少": {cmd: cmdAnswer}, "过半": {cmd: cmdAnswer},
	}
	for text, w := range cases {
		got := parseCommand(text)
		if got.cmd != w.cmd || got.arg != w.arg || got.value != w.value {
			t.Errorf("%q: got %+v, want %+v", text, got, w)
		}
	}
}
