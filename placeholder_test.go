package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// TestConfirmRefusesPlaceholders: a department submits with required
// answers missing, so the template drafts say 【待补充】 there. The review
// card says what is still to fill in; its 确认 is refused with each place
// quoted; the console's section page lists them with 确认 disabled, and a
// confirmation posted anyway is refused (409) with the same list; the
// report's .md and .docx answer 409 with the explanation, not a page of
// status 200.
func TestConfirmRefusesPlaceholders(t *testing.T) {
	tag := storetest.RandomID("")
	contact, editor := "zs"+tag, "ed"+tag
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: zfb%s\n    name: 宽城区政府办\n    contacts: [%s]\neditors: [%s]\n",
		tag, contact, editor), nil)
	ctx := context.Background()
	form, seed := seedtest.Load(t)
	round := storetest.Round(t, live.st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", contact))
	ref := bot.AssignmentRef{Round: round.ID, Dept: "zfb" + tag}
	x := &editorRig{t: t, api: live.api, svc: live.svc, round: round, ref: ref, client: live.client, seen: map[string]int{}}

	answers := seedtest.Answers(t, form, seed)
	delete(answers, "info_reported") // 向上级报送优质政务信息【待补充】
	delete(answers, "cause_1")       // 主要原因是【待补充】
	ch := bot.Change{Status: bot.Submitted}
	for _, a := range answers {
		ch.Answers = append(ch.Answers, a)
	}
	if _, _, err := live.st.CommitTurn(ctx, ref, 0, "seed", &ch, nil); err != nil {
		t.Fatal(err)
	}
	a, err := live.st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := live.svc.Editorial.Drafter.DraftAll(ctx, round, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := live.svc.Editorial.Publish(ctx, round, a, drafts, "p1"); err != nil {
		t.Fatal(err)
	}
	measures := "稿件确认 " + ref.String() + "#measures"
	got := strings.Join(x.waitFor(editor, measures, "稿件确认 "+ref.String()+"#shortcomings"), "\n")
	if !strings.Contains(got, "另有 1 处待补充的内容：“") || !strings.Contains(got, "优质政务信息【待补充】") || !strings.Contains(got, "须改为实际情况后才能确认") {
		t.Errorf("the review cards do not say what is to fill in:\n%.3000s", got)
	}

	// The card's 确认 is refused with the place quoted.
	r := x.click(editor, measures)
	if !strings.Contains(r, "还不能确认") || !strings.Contains(r, "优质政务信息【待补充】，") || strings.Contains(r, "已确认") {
		t.Errorf("card confirm over 【待补充】: %q", r)
	}
	if r := x.click(editor, "稿件确认 "+ref.String()+"#shortcomings"); !strings.Contains(r, "主要原因是【待补充】") {
		t.Errorf("card confirm of 二: %q", r)
	}

	// The console lists them, and refuses a confirmation posted anyway.
	ed := signIn(t, live.srv.URL, live.svc, editor)
	base := "/console/rounds/" + round.ID + "/depts/" + ref.Dept
	code, page := ed.get(base + "/sections/measures")
	if code != 200 || !strings.Contains(page, "待补充（确认前须改为实际情况）") || !strings.Contains(page, "另有 1 处待补充") || !strings.Contains(page, "优质政务信息【待补充】，") ||
		!strings.Contains(page, `disabled title="请先处理待核验、待补充的内容"`) {
		t.Fatalf("section page: %d %.3000s", code, page)
	}
	code, page = ed.post(base+"/sections/measures/confirm", url.Values{"csrf": {csrfOf(t, page)}, "nonce": {"confirm-aaaaaaaaaaaa"}})
	if code != 409 || !strings.Contains(page, "还不能确认") || !strings.Contains(page, "优质政务信息【待补充】") ||
		!strings.Contains(page, "请点本页的“编辑”") || strings.Contains(page, "网页编辑") {
		t.Errorf("console confirm over 【待补充】: %d %.2000s", code, page)
	}
	secs, _ := live.st.Sections(ctx, ref)
	if secs["measures"].Confirmed || secs["shortcomings"].Confirmed {
		t.Error("a section with 【待补充】 was confirmed")
	}

	// The unfinished report is a 409 with the reason, in both formats.
	for _, f := range []string{"report.md", "report.docx"} {
		code, body := ed.get(base + "/" + f)
		if code != 409 || !strings.Contains(body, "报告尚不能生成") {
			t.Errorf("%s of an unfinished report: %d %.500s", f, code, body)
		}
	}
}
