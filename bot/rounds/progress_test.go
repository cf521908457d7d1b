package rounds

import (
	"strings"
	"testing"
	"time"

	"reportbot/bot"
)

// TestProgressNamesPeople: a department's progress in chat names its
// contacts and head from the roster, and falls back to the user id only
// for someone the roster has no name for.
func TestProgressNamesPeople(t *testing.T) {
	r := &bot.Round{Title: "2026年度法治政府建设情况报告", Form: &bot.Form{}, Deadline: time.Date(2026, 12, 31, 23, 59, 0, 0, bot.CST)}
	d := bot.Department{ID: "sfj", Name: "区司法局", Contacts: []string{"zhaoliu", "newbie"}, Head: "lisi"}
	p := &Progress{Round: r, Names: &bot.Roster{Names: map[string]string{"zhaoliu": "赵六", "lisi": "李四"}}}
	got := p.DeptText(DeptProgress{Dept: d, Status: bot.InProgress, Done: 3, Total: 40}, r.Deadline.AddDate(0, 0, -3))
	if !strings.Contains(got, "填报人：赵六、newbie；负责人：李四") {
		t.Errorf("progress text: %s", got)
	}
	if strings.Contains(got, "zhaoliu") || strings.Contains(got, "lisi") {
		t.Errorf("progress shows ids of people with names: %s", got)
	}
}
