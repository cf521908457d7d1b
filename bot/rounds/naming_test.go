package rounds_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
)

// TestRoundDefaultTitle: a round without a title is named from the form's
// report title: the statutory 政府信息公开工作年度报告 for xxgk.
func TestRoundDefaultTitle(t *testing.T) {
	for _, c := range []struct {
		title, report, want string
	}{
		{"政府信息公开工作年度报告", "{dept}{year}年政府信息公开工作年度报告", "2026年政府信息公开工作年度报告"},
		{"法治政府建设年度报告", "{dept}关于{year}年度法治政府建设情况的报告", "2026年度法治政府建设情况报告"},
		{"测试表", "", "2026年测试表"},
		{"测试表", "{dept}工作报告", "2026年测试表"}, // no year in the report title
	} {
		f := &bot.Form{ID: "f", Title: c.title, ReportTitle: c.report}
		if got := rounds.DefaultTitle(f, 2026); got != c.want {
			t.Errorf("%q / %q: %q, want %q", c.title, c.report, got, c.want)
		}
	}
}

// TestRoundCreateGeneratesID: a blank id and title are filled in, readable
// and unique, so two rounds of one form and year do not collide.
func TestRoundCreateGeneratesID(t *testing.T) {
	ra, tag := newAdmin(t)
	ctx := context.Background()
	form := bottest.Form()
	form.ID, form.Title, form.ReportTitle = "xxgk-annual", "政府信息公开工作年度报告", "{dept}{year}年政府信息公开工作年度报告"
	spec := rounds.RoundSpec{Form: form, Year: 2025, Deadline: time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC)}
	pattern := regexp.MustCompile(`^xxgk-2025(-[a-z0-9]{4})?$`)
	seen := map[string]bool{}
	for range 3 {
		r, err := ra.Create(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		if !pattern.MatchString(r.ID) || seen[r.ID] || r.Title != "2025年政府信息公开工作年度报告" {
			t.Errorf("generated %q %q (seen %v)", r.ID, r.Title, seen)
		}
		seen[r.ID] = true
		if got, err := ra.Store.Round(ctx, r.ID); err != nil || got.Title != r.Title {
			t.Errorf("stored %+v %v", got, err)
		}
	}
	spec.ID = "bad id " + tag
	if _, err := ra.Create(ctx, spec); !strings.Contains(bot.ErrorMessage(err), "不合法") {
		t.Errorf("a bad id typed in: %v", err)
	}
}

// TestInviteStartKey: invitations and reminders carry their assignment in
// the 开始填报 key; plain 开始 is no key.
func TestInviteStartKey(t *testing.T) {
	ref := bot.AssignmentRef{Round: "fz-2025", Dept: "czj"}
	if got, ok := rounds.ParseStartKey(rounds.StartKey(ref)); !ok || got != ref {
		t.Errorf("round trip: %v %v", got, ok)
	}
	for _, s := range []string{"开始", "开始填报", "开始 ", "开始 fz", "开始 /czj", "开始 fz/", "开始 a b/c"} {
		if _, ok := rounds.ParseStartKey(s); ok {
			t.Errorf("%q read as a key", s)
		}
	}
	r := &bot.Round{ID: ref.Round, Title: "T", Status: bot.RoundOpen, Form: bottest.Form(),
		Deadline: time.Date(2025, 12, 31, 18, 0, 0, 0, bot.CST), Departments: []bot.Department{{ID: "czj", Name: "区财政局", Contacts: []string{"zb"}}}}
	due := rounds.DefaultReminderPlan().Due(r, r.Departments[0], &bot.Assignment{Ref: ref, Status: bot.NotStarted},
		time.Date(2025, 12, 29, 10, 30, 0, 0, bot.CST)) // a Monday, two days before
	if len(due) == 0 {
		t.Fatal("nothing due")
	}
	for _, d := range due {
		if len(d.Reply.Buttons) != 1 || d.Reply.Buttons[0].Key != "开始 fz-2025/czj" {
			t.Errorf("%s button: %+v", d.Kind, d.Reply.Buttons)
		}
	}
}
