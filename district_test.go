package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/rounds"
	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// TestReportDistrictSummary: with two departments' reports confirmed and a
// third not, the coordinator drafts the district summary in the console;
// every summed figure is the two departments' total, checked by the fact
// lock; an edit with a figure that is no total is flagged; confirmation
// is recorded; a contact may not see the page.
func TestReportDistrictSummary(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - {id: a%[1]s, name: 甲, kinds: [政府办], contacts: [ca%[1]s]}\n  - {id: b%[1]s, name: 乙, kinds: [政府办], contacts: [cb%[1]s]}\n  - {id: c%[1]s, name: 丙, kinds: [政府办], contacts: [cc%[1]s]}\ncoordinators: [co%[1]s]\n", tag), nil)
	st, svc, srv := live.st, live.svc, live.srv
	ctx := context.Background()
	form, seed := seedtest.Load(t)
	r, err := svc.Rounds.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: time.Now().AddDate(0, 1, 0), DistrictSummary: true})
	if err != nil {
		t.Fatal(err)
	}
	// Departments 甲 and 乙 answer the seed; 甲's 制发文件 is 381件, 乙's 19件.
	for i, dept := range []string{"a" + tag, "b" + tag, "c" + tag} {
		ref := bot.AssignmentRef{Round: r.ID, Dept: dept}
		answers := seedtest.Answers(t, form, seed)
		if i == 1 {
			answers["docs_issued"] = &bot.Answer{QID: "docs_issued", Status: bot.Answered, Figure: &bot.Figure{Value: "19", Unit: "件"}}
		}
		ch := &bot.Change{Status: bot.Submitted, UpdatedAt: time.Now()}
		for _, a := range answers {
			ch.Answers = append(ch.Answers, a)
		}
		if _, _, err := st.CommitTurn(ctx, ref, 0, "seed", ch, nil); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			continue // 丙's report is not confirmed: it is left out
		}
		for _, s := range form.Sections {
			st.UpdateSection(ctx, ref, s.ID, "seed-"+s.ID, func(x *bot.SectionState) error {
				x.Section, x.Versions, x.Current, x.Confirmed = s.ID, []bot.SectionVersion{{N: 1, Text: "（略）", Source: "template"}}, 1, true
				return nil
			})
		}
	}
	coord := signIn(t, srv.URL, svc, "co"+tag)
	code, page := coord.get("/console/rounds/" + r.ID + "/summary")
	if code != 200 || !strings.Contains(page, "400件") || !strings.Contains(page, "生成汇总稿") {
		t.Fatalf("summary page before drafting: %d %.800s", code, page)
	}
	csrf := csrfOf(t, page)
	code, page = coord.post("/console/rounds/"+r.ID+"/summary/draft", url.Values{"csrf": {csrf}, "nonce": {"draft-0123456789abcdef"}})
	if code != 200 || !strings.Contains(page, "已生成第 1 版汇总稿") || !strings.Contains(page, "制发文件400件") || !strings.Contains(page, "汇总：甲、乙") ||
		!strings.Contains(page, "全部与合计数一致") || !strings.Contains(page, `title="2 个部门第2题合计：400件"`) {
		t.Fatalf("drafted summary: %d %.3000s", code, page)
	}
	code, page = coord.post("/console/rounds/"+r.ID+"/summary/edit", url.Values{"csrf": {csrf}, "nonce": {"edit-0123456789abcdef"},
		"text": {"全区制发文件400件，办理上级文件9999件。"}})
	if code != 200 || !strings.Contains(page, "1 处找不到出处") || !strings.Contains(page, `<mark class="flag"`) {
		t.Errorf("edited summary: %d %.600s", code, page)
	}
	code, page = coord.post("/console/rounds/"+r.ID+"/summary/confirm", url.Values{"csrf": {csrf}, "nonce": {"confirm-0123456789abcdef"}})
	if code != 200 || !strings.Contains(page, "已由 co"+tag+" 确认") {
		t.Errorf("confirm: %d", code)
	}
	contact := signIn(t, srv.URL, svc, "ca"+tag)
	if code, _ := contact.get("/console/rounds/" + r.ID + "/summary"); code != http.StatusForbidden {
		t.Errorf("a contact on the summary: %d", code)
	}
}
