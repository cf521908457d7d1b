package editorial

// The texts users read. Plain, polite office register; one place so they
// can be reviewed together.
const (
	msgEdConfirmed       = "已确认：%s（第 %d 版）。"
	msgEdReportReady     = "“%s”的全部章节均已确认，报告已生成，统筹人和填报人会收到通知。"
	msgReportComplete    = "“%s”的《%s》各章节已全部审定，报告已生成，可导出 Word 和 Markdown 文件。"
	msgEdFocus           = "当前章节：%s。\n· 回复“重写：要求”让系统按要求重写，例如：重写：更简洁，突出节约型机关建设\n· 直接发送修改后的全文，系统核验数字后请您确认\n· 回复“版本”查看历史版本"
	msgEdWebNoURL        = "这一部署没有设置控制台的网址（REPORTBOT_PUBLIC_URL），无法发送网页链接：请在电脑上打开控制台，在本部门的报告页对照答案修改。"
	msgEdWeb             = "当前章节：%s。请在网页中对照答案编辑：%s\n也可以直接把修改后的全文发给我。"
	msgEdRewriteQueued   = "已提交重写：%s，要求：%s。新稿完成后会发给您。"
	msgEdNoFocus         = "请先在审稿卡片上点击“重写”或“网页编辑”，选定要处理的章节。"
	msgEdTooLong         = "稿件太长（超过 2 万字），请分章节发送。"
	msgEdPasteShown      = "收到您修改的%s：\n\n%s\n\n%s\n回复“采用”启用这一版，回复“放弃”丢弃。"
	msgEdNothingPending  = "没有待采用的修改稿。"
	msgEdDiscarded       = "已放弃这份修改稿。"
	msgEdAdopted         = "已采用第 %[2]d 版：%[1]s\n“%[1]s”已采用第 %[2]d 版，请核对后点“确认”计入正式报告。"
	msgEdRestored        = "已恢复：%s 第 %d 版，请重新确认。\n\n%s"
	msgEdRewriteHow      = "请写明重写要求，例如：重写：更简洁，突出节约型机关建设。"
	msgEdFlagsHead       = "还不能确认：%s 有 %d 处数字或说法在填报答案中找不到依据："
	msgEdFlagsHow        = "请修改稿件（直接发送修改后的全文，或回复“重写：要求”）；确属无误的，可回复“保留 序号 理由”保留，例如：保留 1 该数字来自年度统计公报。"
	msgEdMarksPage       = "请点本页的“编辑”，把这些地方改为实际情况后保存，再确认；没有相关情况的，请删去这句话。"
	msgEdFlagsPage       = "请点本页的“编辑”修改；确属无误的，可在标红列表中写明理由后点“保留”。"
	msgEdMarksHead       = "还不能确认：%s 还有 %d 处待补充的内容（【待补充】或【？】），正式报告中不能保留："
	msgEdMarksCard       = "\n另有 %d 处待补充的内容：%s，须改为实际情况后才能确认。"
	msgEdMarksHow        = "请把这些地方改为实际情况后再确认：直接发送补全后的全文，或点“网页编辑”修改；也可以请填报人补充答案后重新起草。没有相关情况的，请删去这句话。"
	msgEdKeepWhy         = "保留时请写明理由，例如：保留 1 该数字来自年度统计公报。"
	msgEdKept            = "已保留“%s”，理由：%s。"
	msgEdKeptAll         = "待核验的内容均已处理，可以确认了。"
	msgEdNoModel         = "当前没有接入大模型，无法按“%s”重写：稿件由模板根据填报答案生成。如需修改，请直接发送修改后的全文（系统会核验数字），或点“网页编辑”对照答案修改。"
	msgEdRewriteFellBack = "%s：模型暂时不可用，未能按“%s”重写，已按模板重新生成一版供参考。如需按要求修改，请直接编辑全文，或稍后再试。"
	msgEdRewriteSame     = "%s：按“%s”重写后内容没有变化，未生成新版本。可换一种说法提出要求，或直接发送修改后的全文。"
)
