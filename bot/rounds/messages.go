package rounds

// The texts users read. Plain, polite office register; one place so they
// can be reviewed together.
const (
	msgReopenedTo    = "统筹人退回了“%s”中本部门的填报，说明：%s\n请按说明修改后重新提交，回复“继续”开始修改。"
	msgNudged        = "已向 %d 个部门的填报人发送催办提醒。"
	msgNudgedNone    = "没有需要催办的部门：所选部门都已提交，或今天已催办过。"
	msgDeptUnknown   = "本轮没有名称含“%s”的部门，请核对后重试。"
	msgDeptAmbiguous = "“%s”对应多个部门：%s。请写全称。"
	msgHeadless      = "注意：本轮要求部门负责人审核，但以下 %d 个部门未设负责人：%s。这些部门提交后直接为“已提交”，不经负责人审核；如需审核，请先在名单中为其设置负责人。"
)

// Texts of invitations, reminders and escalations.
const (
	// Reminders go out as cards: the first line is the card's title.
	msgInvite            = "填报邀请：%[1]s\n“%[1]s”现已开始，请您完成“%[2]s”的填报，截止日期：%[3]s。点击“开始填报”或回复“开始”即可。"
	msgRemindBefore      = "填报提醒：%[1]s\n温馨提醒：“%[1]s”将于 %[2]s 截止，您已完成 %[3]d/%[4]d 题。点击“开始填报”接着填写。"
	msgNudge             = "统筹人催办：%[1]s\n统筹人提醒：“%[1]s”将于 %[2]s 截止，您的填报尚未提交（已完成 %[3]d/%[4]d 题）。点击“开始填报”接着填写。"
	msgNudgeDeferred     = "现在是休息时间（%s），不打扰填报人：%d 个部门的催办提醒将于 %s 发出。"
	msgRemindOverdue     = "逾期提醒：%[1]s\n“%[1]s”已于 %[2]s 截止，您的填报尚未提交（已完成 %[3]d/%[4]d 题）。请尽快完成，点击“开始填报”接着填写。"
	msgEscalateHead      = "您好！“%s”的“%s”填报已超过截止日期（%s），目前状态：%s，已完成 %d/%d 题。请督促填报人尽快提交。"
	msgEscalateCoord     = "“%s”已于 %s 截止，以下 %d 个部门仍未提交，已多次提醒填报人和部门负责人，请协调督办："
	msgEscalateCoordLine = "· %s：逾期 %d 天，%s，已完成 %d/%d 题"
)
