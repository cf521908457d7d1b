package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

var askedAs = regexp.MustCompile(`第 (\d+)/(\d+) 题：([^\n]+)`)

// TestKindRoundSixKinds starts one round for a roster of six kinds of
// department (and one of none) and has every contact answer through the
// encrypted callback: each is asked only its kind's questions, in its own
// numbering; then the progress, the Excel workbook and the drafts agree
// on each department's question count.
func TestKindRoundSixKinds(t *testing.T) {
	tag := storetest.RandomID("")
	kinds := []string{"政府办", "司法行政", "行政执法", "街道乡镇", "教育", "卫生健康", ""}
	var roster strings.Builder
	roster.WriteString("departments:\n")
	for i, k := range kinds {
		fmt.Fprintf(&roster, "  - {id: k%d%s, name: 部门%d, kinds: [%s], contacts: [c%d%s]}\n", i, tag, i, k, i, tag)
	}
	fmt.Fprintf(&roster, "coordinators: [co%s]\n", tag)
	live := startService(t, nil, roster.String(), nil)
	ctx := context.Background()
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	r, err := live.svc.Rounds.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: live.clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := live.svc.Rounds.Start(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for i, d := range r.Departments {
		view := r.FormFor(d.ID)
		counts[d.ID] = view.Len()
		script, _ := contactScript(view, strconv.Itoa(20+i), true)
		user := fmt.Sprintf("c%d%s", i, tag)
		seen := map[int]bool{}
		for j, text := range append(script, "提交", "确认提交") {
			rep, err := live.client.Text(user, fmt.Sprintf("k%d-%d", i, j), text)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range askedAs.FindAllStringSubmatch(rep.Text, -1) {
				n, _ := strconv.Atoi(m[1])
				if m[2] != strconv.Itoa(view.Len()) || n > view.Len() || view.Questions()[n-1].Prompt != m[3] {
					t.Fatalf("%s (%v) was asked %q, not its question %d of %d", d.Name, d.Kinds, m[0], n, view.Len())
				}
				seen[n] = true
			}
		}
		if len(seen) != view.Len() {
			t.Errorf("%s was asked %d of its %d questions", d.Name, len(seen), view.Len())
		}
	}
	if counts["k0"+tag] == counts["k1"+tag] || counts["k1"+tag] == counts["k6"+tag] {
		t.Errorf("kinds do not change what is asked: %v", counts)
	}

	p, err := live.svc.Rounds.Progress(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	rd, depts, err := export.Load(ctx, live.st, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var xlsx bytes.Buffer
	if err := export.XLSX(&xlsx, rd, depts, nil); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	status, _ := wb.GetRows("填报情况")
	storetest.Drain(t, live.svc.Jobs, 30*time.Second)
	for i, d := range p.Depts {
		n := counts[d.Dept.ID]
		if d.Status != bot.Submitted || d.Done != n || d.Total != n {
			t.Errorf("%s: progress %s %d/%d, asked %d", d.Dept.Name, d.Status, d.Done, d.Total, n)
		}
		if got := status[i+1][2]; got != fmt.Sprintf("%d/%d", n, n) {
			t.Errorf("%s: the workbook says %s, asked %d", d.Dept.Name, got, n)
		}
		// Each section's sheet has a cell for every question the
		// department was asked there (open items have their own sheet),
		// and a dash for the others.
		cells := 0
		view := rd.FormFor(d.Dept.ID)
		for si := range rd.Form.Sections {
			rows, _ := wb.GetRows(wb.GetSheetList()[si+1])
			for _, c := range rows[i+1][1:] {
				if c != "—" {
					cells++
				}
			}
		}
		items := 0
		for _, q := range view.Questions() {
			if q.Kind == bot.KindItems {
				items++
			}
		}
		if cells != n-items {
			t.Errorf("%s: %d cells in the workbook for %d questions (%d of them open items)", d.Dept.Name, cells, n, items)
		}
		// The drafts were written from this department's questions only:
		// one fact per question answered.
		a, err := live.st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: d.Dept.ID})
		if err != nil {
			t.Fatal(err)
		}
		facts, answered := 0, 0
		for si := range rd.Form.Sections {
			for _, f := range editorial.DraftRequestFor(rd, a, si).Facts {
				if view.Question(f.QID) == nil {
					t.Errorf("%s: a draft uses %s, which it was not asked", d.Dept.Name, f.QID)
				}
				facts++
			}
		}
		for _, q := range view.Questions() {
			if ans := a.Answers[q.ID]; ans != nil && ans.Status == bot.Answered {
				answered++
			}
		}
		if facts != answered {
			t.Errorf("%s: drafts from %d facts, %d questions answered", d.Dept.Name, facts, answered)
		}
		secs, err := live.st.Sections(ctx, a.Ref)
		if err != nil || len(secs) != len(rd.Form.Sections) {
			t.Errorf("%s: %d sections drafted: %v", d.Dept.Name, len(secs), err)
		}
		t.Logf("%s %v: %d questions, %d answered", d.Dept.Name, d.Dept.Kinds, n, answered)
	}
}
