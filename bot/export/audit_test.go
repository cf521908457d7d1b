package export

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/seedtest"
)

// TestAuditXLSX writes a department's history and reads it back: every
// answer change with its old and new value, the words typed and the
// message id; state changes in Chinese; each section version with its
// author and who confirmed it; kept flags with their reasons; the round's
// actions; and people everywhere by their names, never their ids.
func TestAuditXLSX(t *testing.T) {
	form, _ := seedtest.Load(t)
	at := time.Date(2026, 1, 10, 9, 30, 0, 0, bot.CST)
	d := seedtest.Dept("zfb", "区政府办")
	d.Contacts, d.Head = []string{"zhouba"}, "wangwu"
	r := &bot.Round{ID: "r1", Title: "2025年度法治政府建设情况报告", Year: 2025, Form: form, Departments: []bot.Department{d},
		Deadline: at.AddDate(0, 0, 5)}
	q := form.For(d.Kinds).Questions()[2]
	sec := form.Sections[0]
	log := &AuditLog{Round: r, Dept: d,
		Assignment: &bot.Assignment{Status: bot.Returned, Note: "第3题数字有误", Answers: map[string]*bot.Answer{}},
		Entries: []bot.AuditEntry{
			{User: "zhouba", At: at, MsgID: "m1", QID: q.ID, New: "12件", Raw: "今年一共12件", Event: "answer"},
			{User: "zhouba", At: at.Add(time.Hour), MsgID: "m2", QID: q.ID, Old: "12件", New: "21件", Raw: "改成21件", Event: "answer"},
			{User: "zhouba", At: at.Add(2 * time.Hour), MsgID: "m3", Old: "in_progress", New: "submitted", Raw: "提交", Event: "submit"},
			{User: "libj", At: at.Add(3 * time.Hour), Old: "submitted", New: "returned", Raw: "第3题数字有误", Event: "reopen"},
		},
		Sections: map[string]*bot.SectionState{sec.ID: {Section: sec.ID, Current: 2, Confirmed: true, ConfirmedBy: "libj", ConfirmedAt: at.Add(5 * time.Hour),
			Versions: []bot.SectionVersion{
				{N: 1, Text: "初稿正文", Source: "model", By: "deepseek-chat", At: at.Add(4 * time.Hour),
					Lock: bot.FactLock{Flags: []bot.Flag{{Kind: "figure", Message: "答案中没有这个数字"}}}},
				{N: 2, Text: "改后正文", Source: "editor", By: "libj", At: at.Add(4*time.Hour + 30*time.Minute),
					Lock: bot.FactLock{Flags: []bot.Flag{{Span: bot.Span{Text: "省级示范"}, Kind: "claim", Message: "答案中没有这项荣誉"}}},
					Kept: []bot.Keep{{Text: "省级示范", Kind: "claim", Message: "答案中没有这项荣誉", Reason: "见省厅通报", By: "libj", At: at.Add(5 * time.Hour)}}},
			}}},
		Events: []bot.RoundEvent{
			{At: at.Add(3 * time.Hour), By: "libj", Action: "return", Detail: "zfb：第3题数字有误"},
			{At: at.Add(-time.Hour), By: "cli", Action: "start"},
		},
	}
	names := &bot.Roster{Names: map[string]string{"zhouba": "周八", "libj": "李编辑", "wangwu": "王五"}}
	var buf bytes.Buffer
	if err := AuditXLSX(&buf, log, names); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"概况", "答案修改记录", "状态变化", "审稿记录", "保留的核验提示", "轮次操作"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets = %v", got)
	}
	rows := func(s string) [][]string {
		rs, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	all := ""
	for _, s := range want {
		for _, row := range rows(s) {
			all += strings.Join(row, "|") + "\n"
		}
	}
	for _, id := range []string{"zhouba", "libj", "wangwu"} {
		if strings.Contains(all, id) {
			t.Errorf("the audit shows the user id %q instead of a name:\n%s", id, all)
		}
	}
	ans := rows("答案修改记录")
	if len(ans) != 3 {
		t.Fatalf("answer changes: %v", ans)
	}
	num := sec.Number + "." + strconv.Itoa(q.Number)
	if got := strings.Join(ans[2], "|"); got != bot.FormatTime(at.Add(time.Hour))+"|周八|"+num+"|"+q.Prompt+"|填写|12件|21件|改成21件|m2" {
		t.Errorf("second change = %s", got)
	}
	st := rows("状态变化")
	if len(st) != 3 || strings.Join(st[1][1:5], "|") != "周八|提交|填报中|已提交" || strings.Join(st[2][1:], "|") != "李编辑|退回修改|已提交|已退回|第3题数字有误" {
		t.Errorf("state changes: %v", st)
	}
	vs := rows("审稿记录")
	if len(vs) != 3 || vs[1][3] != "模型起草" || vs[1][4] != "deepseek-chat" || vs[1][6] != "1 处待核" ||
		vs[2][3] != "审稿人修改" || vs[2][4] != "李编辑" || vs[2][6] != "数字全部有出处" || !strings.Contains(vs[2][7], "李编辑于") {
		t.Errorf("versions: %v", vs)
	}
	kept := rows("保留的核验提示")
	if len(kept) != 2 || strings.Join(kept[1][2:6], "|") != "省级示范|答案中没有这项荣誉|见省厅通报|李编辑" {
		t.Errorf("kept flags: %v", kept)
	}
	ev := rows("轮次操作")
	if len(ev) != 3 || ev[1][1] != "命令行" || ev[1][2] != "开始" || ev[2][3] != "区政府办：第3题数字有误" {
		t.Errorf("round actions (oldest first, department by name): %v", ev)
	}
	if !strings.Contains(all, "负责人|王五") || !strings.Contains(all, "退回说明|第3题数字有误") {
		t.Errorf("overview: %v", rows("概况"))
	}
}
