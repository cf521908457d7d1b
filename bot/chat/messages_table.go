package chat

// The texts of table questions.
const (
	msgTableHow = "本题是一张统计表（%d 行 × %d 列，单位：%s），可以：\n" +
		"1. 直接粘贴从 Excel 或 Word 复制的表格（每行的行名和数字）；\n" +
		"2. 回复“逐行”，我列出各行，您告诉我哪些不是 0，再逐行填写；\n" +
		"3. 回复“表格文件”，我发送 Excel 表，填好后直接发回本对话。\n" +
		"全部为 0 请回复“全部为0”。总计可以不填，由我按各项相加。"
	msgTablePick     = "哪些结果不是0？请回复行号，如“1、3”；都是 0 请回复“全部为0”。"
	msgTablePickBad  = "请回复 1 到 %d 之间的行号，如“1、3”；都是 0 请回复“全部为0”。"
	msgTableRow      = "“%s”：请依次填写%s，共 %d 个数，用空格分隔。"
	msgTableRowOne   = "“%s”：请填写%s。"
	msgTableSaved    = "已记录本表：\n%s"
	msgTableRest     = "已读到：\n%s\n本表还有%s没有填写，暂未保存。没有的请回复“0”。"
	msgTablePatched  = "已按您发来的这一行修改本表，其他行保持原来的数字。"
	msgTableBroken   = "本表的数字对不上，暂未保存：\n%s\n\n请改正后重新粘贴整张表，或发送“行名 数字 …”只改一行；如数字确实无误，请回复“说明：原因”，我会按原样记录并告知统筹人。"
	msgTableWhySaved = "已按原样记录本表，并记下您的说明：%s\n统筹人会看到这一说明。"
	msgTableWhyEmpty = "请在“说明：”后写明数字对不上的原因，例如：说明：有 2 件申请跨年度办理，按办结时间统计。"
	msgTableFile     = "统计表已发给您（Excel）。请在白色格子里填数字，填好后把文件直接发回本对话；也可以继续在这里粘贴或逐行填写。"
	msgTableNoFile   = "抱歉，目前无法发送表格文件，请直接粘贴表格或回复“逐行”。"
	msgFileNoTables  = "收到文件。本问卷没有需要用文件填写的统计表，请直接回复文字。"
	msgFileSaved     = "已从文件读取并记录：%s。"
	msgFileBroken    = "以下表格的数字对不上，暂未保存：\n%s\n\n请改正后重新发回文件，或进入该题粘贴改正后的表格；如数字确实无误，可在该题回复“说明：原因”。"
	msgSubmitArith   = "提交前请先核对以下统计表，数字对不上且没有说明：\n%s\n\n请回复“修改 N”改正，或在该题回复“说明：原因”后再提交。"
)

// The texts of a table edited in the console.
const (
	msgGridSaved         = "已保存第 %d 题统计表。"
	msgGridSavedWhy      = "已按原样保存第 %d 题统计表，并记下说明：%s\n统筹人会看到这一说明。"
	msgGridBroken        = "第 %d 题统计表的数字对不上，暂未保存。请改正下列单元格；如数字确实无误，请在“说明”中写明原因后再保存。"
	msgGridStale         = "第 %d 题统计表在您打开本页之后已由%s修改（%s），为免覆盖对方的修改，暂未保存。请核对下列最新数字，确认仍要保存您填写的数字时再点“保存”。"
	msgGridStaleGone     = "第 %d 题统计表在您打开本页之后已被清除，暂未保存。请核对后再点“保存”。"
	msgGridSubmitted     = "“%s”已提交，不能再修改。如需修改，请统筹人先在部门页“退回修改”。"
	msgGridPendingReview = "“%s”已提交，正等待部门负责人审核，不能再修改。如需修改，请负责人或统筹人先退回。"
	msgGridRoundClosed   = "“%s”已截止，不能再修改。如需修改，请统筹人先重新开放本轮。"
	msgGridRoundPaused   = "“%s”已暂停，暂时不能修改，请在统筹人恢复后再试。"
	msgGridRoundDraft    = "“%s”尚未开始，暂时不能填写。"
	msgGridOvertaken     = "您正在填写的第 %d 题统计表已由%s在控制台修改并保存（%s），您尚未保存的内容已作废。请回复“查看”核对；如需修改，请重新填写本题。"
)
