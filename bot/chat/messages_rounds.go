package chat

// Texts about several rounds and who is told of a submission, kept apart
// from messages.go so they can be reviewed together.
const (
	msgChooseAssignment = "您目前有 %d 项填报尚未提交，请选择要填写的一项："
	msgChooseHint       = "点击对应按钮开始填写，或回复“切换部门 N”选择第 N 项。"
	msgSwitchedTo       = "已切换到：%[2]s（%[1]s）。"
)

// Texts of a submission: what the contact reads and what coordinators are
// told.
const (
	msgSubmittedTold         = "统筹人将收到通知；"
	msgSubmittedNoHead       = "“%s”的填报已提交（已完成 %d/%d 题），感谢您的配合！本轮要求部门负责人审核，但本部门未设负责人，因此不经审核、直接提交。%s如需修改，请联系统筹人退回。"
	msgNotifySubmitted       = "提交通知：“%s”已提交“%s”的填报（%s，已完成 %d/%d 题）。回复“进度”查看各部门情况。"
	msgNotifySubmittedReview = "提交通知：“%s”已提交“%s”的填报（%s，已完成 %d/%d 题），正在等待部门负责人审核。"
	msgNotifyApproved        = "审核通知：“%s”在“%s”中的填报已由部门负责人%s审核确认，正式提交。"
	msgNotifyReturned        = "审核通知：“%s”在“%s”中的填报被部门负责人%s退回，说明：%s"
)

// Texts of a coordinator's commands while several rounds run.
const (
	msgRoundsOverview     = "目前有 %d 个轮次正在进行："
	msgRoundsOverviewHint = "回复“进度 1”或“进度 政务公开”（轮次序号或标题中的词）查看某一轮的各部门情况，“进度 部门名称”查看某部门。"
	msgWhichRound         = "目前有 %d 个轮次正在进行，请写明是哪一轮（序号或标题中的词），例如：%s"
	msgDeptInNoRound      = "正在进行的轮次中都没有名称含“%s”的部门，请核对后重试。"
	msgDeptInSeveral      = "“%s”同时参加了多个轮次，请写明是哪一轮，例如：%s"
	msgCoordinatorRounds  = "\n· 同时有多个轮次时，在指令后先写轮次序号或标题中的词，如：进度 政务公开、导出 1、催办 法治 全部"
)
