package editorial

// The texts users read. Plain, polite office register; one place so they
// can be reviewed together.
const (
	msgEdConfirmed      = "已确认：%s（第 %d 版）。"
	msgEdReportReady    = "“%s”的全部章节均已确认，报告已生成，统筹人和填报人会收到通知。"
	msgReportComplete   = "“%s”的《%s》各章节已全部审定，报告已生成，可导出 Word 和 Markdown 文件。"
	msgEdFocus          = "当前章节：%s。\n· 回复“重写：要求”让系统按要求重写，例如：重写：更简洁，突出节约型机关建设\n· 直接发送修改后的全文，系统核验数字后请您确认\n· 回复“版本”查看历史版本"
	msgEdWeb            = "当前章节：%s。请在网页中对照答案编辑：%s\n也可以直接把修改后的全文发给我。"
	msgEdRewriteQueued  = "已提交重写：%s，要求：%s。新稿完成后会发给您。"
	msgEdNoFocus        = "请先在审稿卡片上点击“重写”或“网页编辑”，选定要处理的章节。"
	msgEdTooLong        = "稿件太长（超过 2 万字），请分章节发送。"
	msgEdPasteShown     = "收到您修改的%s：\n\n%s\n\n%s\n回复“采用”启用这一版，回复“放弃”丢弃。"
	msgEdNothingPending = "没有待采用的修改稿。"
	msgEdDiscarded      = "已放弃这份修改稿。"
	msgEdAdopted        = "已采用：%s（第 %d 版）。请确认后计入正式报告。"
	msgEdRestored       = "已恢复：%s 第 %d 版，请重新确认。\n\n%s"
	msgEdRewriteHow     = "请写明重写要求，例如：重写：更简洁，突出节约型机关建设。"
)
