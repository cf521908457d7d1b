package bot

// PersonName writes who did something for people to read: the person's
// name from the roster (their user id when it has none), or what the
// program behind an action is called.
func PersonName(r *Roster, user string) string {
	switch user {
	case "":
		return ""
	case "cli":
		return "命令行"
	case "api":
		return "接口调用"
	case "template":
		return "模板"
	}
	return r.Name(user)
}

// auditEvents names the events of an assignment's audit in Chinese.
var auditEvents = map[string]string{
	"answer": "填写", "skip": "跳过", "na": "不涉及", "item": "填写事项", "undo": "撤销",
	"submit": "提交", "reopen": "退回修改", "approve": "负责人确认", "return": "负责人退回",
	"grid": "后台修改统计表",
}

// AuditEventLabel names an audit entry's event in Chinese ("submit" is
// 提交); an unknown event is returned as it is.
func AuditEventLabel(event string) string {
	if l, ok := auditEvents[event]; ok {
		return l
	}
	return event
}
