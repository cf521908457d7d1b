package bot

// The texts contacts read. Plain, polite office register; one place so they
// can be reviewed together.
const (
	msgNoAssignment      = "您好！您目前没有需要填报的任务。如有疑问，请联系本单位统筹人。"
	msgGreeting          = "您好！这里是“%s”填报助手。您负责“%s”的填报，共 %d 题，分 %d 个部分。可随时暂停，进度会自动保存。截止日期：%s。\n回复“帮助”可查看全部指令。"
	msgHelp              = "可用指令：\n· 直接回复答案即可填写当前题目\n· 跳过：暂不填写本题\n· 上一题：返回上一题\n· 查看：查看已填写的全部内容\n· 修改 N：修改第 N 题\n· 不涉及：本单位不涉及此项（仅限选填题）\n· 暂停 / 继续：暂停或接着填写\n· 切换部门：负责多个部门时切换\n· 提交：全部填完后提交"
	msgPaused            = "好的，已保存进度（%s）。随时回复“继续”即可接着填写。"
	msgResume            = "欢迎回来！%s。"
	msgRecorded          = "已记录：%s。"
	msgKept              = "第 %d 题保留原答案。"
	msgSkipped           = "已跳过第 %d 题，提交前可回复“修改 N”补填。"
	msgRequired          = "本题为必答题，不能选择“不涉及”。如暂时无法填写，可回复“跳过”，提交前再补填。"
	msgFirstQuestion     = "已经是第一题了。"
	msgBadNumber         = "题号应在 1 到 %d 之间，例如：修改 3。回复“查看”可看到全部题号。"
	msgNotApplicable     = "第 %d 题无需填写，因为“%s”的回答为“否”。"
	msgAllDone           = "全部题目已填写完毕（%s）。回复“查看”核对内容，核对无误后回复“提交”。"
	msgReviewHint        = "回复“修改 N”可修改第 N 题，回复“继续”接着填写，回复“提交”提交。"
	msgItemsHow          = "每条举措单独发送一条消息，格式为“标题。具体做法和数据”。全部发完后回复“完成”；没有可回复“无”。"
	msgItemAdded         = "已记录第 %d 条：【%s】。"
	msgItemConfirm       = "请确认这一条：\n【%s】%s"
	msgItemConfirmHint   = "回复“是”记录；回复“否”放弃，或直接发送修改后的内容。"
	msgItemDropped       = "已放弃这一条，请重新发送，或回复“完成”结束本题。"
	msgItemNext          = "可继续发送下一条，回复“撤销”删除刚才这条，全部发完请回复“完成”。"
	msgItemsDone         = "本题共记录 %d 条。"
	msgItemRemoved       = "已删除“%s”，本题现有 %d 条。"
	msgNothingToUndo     = "当前没有可撤销的内容。"
	msgNotItems          = "第 %d 题需要直接回复答案。"
	msgSubmitSummary     = "本部门共 %d 题需填写，已完成 %d 题。"
	msgSubmitMissing     = "\n以下 %d 道必答题尚未填写："
	msgSubmitMissingHint = "回复“修改 N”补填；如确实无法填写，回复“确认提交”仍然提交。"
	msgSubmitReady       = "必答题均已填写。提交后内容将不能再修改（如需修改，请联系统筹人退回）。\n确认提交请回复“确认提交”，继续修改请回复“继续”。"
	msgConfirmHint       = "请回复“确认提交”完成提交，或回复“继续”返回填写。"
	msgSubmitted         = "“%s”的填报已提交（已完成 %d/%d 题），感谢您的配合！统筹人将收到通知；如需修改，请联系统筹人退回。"
	msgReadOnly          = "“%s”的填报已于 %s 提交，目前不能修改。如需修改，请联系统筹人退回；回复“查看”可查看已提交的内容。"
	msgReturnedNote      = "统筹人已退回本部门的填报，说明：%s"
	msgRoundClosed       = "“%s”已截止，不再接收填报。如需补报，请联系%s。"
	msgRoundPaused       = "“%s”目前暂停填报，恢复后会通知您。"
	msgRoundNotStarted   = "“%s”尚未开始，开始后会通知您。"
	msgSwitchList        = "您负责以下部门的填报："
	msgSwitchHint        = "回复“切换部门 N”切换到第 N 项。"
)

// Texts of invitations, reminders and escalations.
const (
	msgInvite        = "“%s”现已开始，请您完成“%s”的填报，截止日期：%s。点击“开始填报”或回复“开始”即可。"
	msgRemindBefore  = "温馨提醒：“%s”将于 %s 截止，您已完成 %d/%d 题。回复“继续”接着填写。"
	msgRemindOverdue = "“%s”已于 %s 截止，您的填报尚未提交（已完成 %d/%d 题）。请尽快完成，回复“继续”接着填写。"
	msgEscalateHead  = "您好！“%s”的“%s”填报已超过截止日期（%s），目前状态：%s，已完成 %d/%d 题。请督促填报人尽快提交。"
	msgEscalateCoord = "“%s”的“%s”填报已逾期 %d 天，目前状态：%s，已完成 %d/%d 题。已提醒填报人和部门负责人。"
)
