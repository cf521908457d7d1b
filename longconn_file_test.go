package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/export"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// answerCounts counts the audit's entries that store an answer (typed,
// pasted or read from a returned workbook) by question.
func answerCounts(t *testing.T, x *lcRig, ref bot.AssignmentRef) map[string]int {
	t.Helper()
	audit, err := x.st.Audit(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range audit {
		if e.Event == "answer" || e.Event == "batch" || e.Event == "file" {
			n[e.QID]++
		}
	}
	return n
}

// fileFrom waits for the next file the bot sends user (after the first
// skip files) and returns it.
func (x *lcRig) fileFrom(user string, skip int) wecomtest.Media {
	x.t.Helper()
	var f wecomtest.Media
	ok := bottest.Eventually(20*time.Second, func() bool {
		n := 0
		for _, m := range x.g.Messages(user) {
			if m.Type != "file" {
				continue
			}
			if n++; n > skip {
				var ok bool
				f, ok = x.g.Media(m.MediaID)
				return ok
			}
		}
		return false
	})
	if !ok {
		x.t.Fatalf("%s was sent no file", user)
	}
	return f
}

// TestLongConnPasteFile: files sent over the long connection go to the
// turn as they do on the app's callback. A contact sends the seed report
// as a .docx file message (url + aeskey, downloaded and decrypted): its
// 20 figures are shown and, on 是, recorded. A contact on the xxgk-annual
// form asks for the tables' workbook, gets it as a file (chunked upload),
// fills table three and sends it back as a file message: a broken total
// is refused with its cells, the corrected file is recorded. Redelivered
// by the gateway, neither file nor 是 is applied twice.
func TestLongConnPasteFile(t *testing.T) {
	tag := storetest.RandomID("")
	contact := "zs" + tag
	x := startLongConn(t, fmt.Sprintf(lcRosterFmt, tag), 1)
	ctx := context.Background()

	// A Word report with figures.
	form, seed := seedtest.Load(t)
	r := storetest.Round(t, x.st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", contact))
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	x.say(contact, "开始")
	docID := x.g.File(contact, "2025年度法治政府建设情况报告.docx", seedtest.Docx(t, seedtest.Report))
	if got := x.answer(docID); !strings.Contains(got, "找到 20 项数据（2025年度）") {
		t.Fatalf("the .docx was not read as the report:\n%s", got)
	}
	yesID, got := x.say(contact, "是")
	if !strings.Contains(got, "已记录 20 项") {
		t.Fatalf("是:\n%s", got)
	}
	a, err := x.st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	mine := form.For(seedtest.Kinds)
	figures := 0
	for qid, e := range seed {
		q := mine.Question(qid)
		if q == nil || !q.Kind.Numeric() || e.Typed == "无" || e.Typed == "不涉及" {
			continue
		}
		figures++
		if ans := a.Answers[qid]; ans == nil || bot.FormatAnswer(q, ans) != e.Want {
			t.Errorf("question %d %s = %v, want %s", q.Number, qid, ans, e.Want)
		}
	}
	if figures != len(seedtest.Figures) {
		t.Errorf("%d figures checked, want %d", figures, len(seedtest.Figures))
	}
	version := a.Version
	for _, id := range []string{docID, yesID} {
		x.g.Redeliver(id)
	}
	bottest.Eventually(10*time.Second, func() bool { return x.g.Unanswered() == 0 })
	if a, err := x.st.Assignment(ctx, ref); err != nil || a.Version != version {
		t.Errorf("a redelivered file or 是 changed the assignment: %v", err)
	}
	counts := answerCounts(t, x, ref)
	for qid, n := range counts {
		if n != 1 {
			t.Errorf("%s recorded %d times", qid, n)
		}
	}
	if len(counts) < figures {
		t.Errorf("%d questions in the audit, want at least %d", len(counts), figures)
	}

	// The tables' workbook, sent and returned.
	xxgk, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	user := "zl" + tag
	r2 := storetest.Round(t, x.st, xxgk, bot.Department{ID: "czj" + tag, Name: "区财政局", Contacts: []string{user}})
	ref2 := bot.AssignmentRef{Round: r2.ID, Dept: "czj" + tag}
	x.say(user, "开始")
	x.say(user, "修改 10")
	x.say(user, "表格文件")
	blank := x.fileFrom(user, 0)
	if !strings.HasSuffix(blank.Name, "（统计表填报）.xlsx") {
		t.Fatalf("the workbook sent is %q", blank.Name)
	}
	send := func(cells map[string]string) (string, string) {
		t.Helper()
		data, err := export.FillCells(xxgk, blank.Data, "t3", cells)
		if err != nil {
			t.Fatal(err)
		}
		id := x.g.File(user, "统计表.xlsx", data)
		return id, x.answer(id)
	}
	cells := map[string]string{"new.natural": "4", "carried.natural": "1", "open.natural": "3", "repeat.natural": "1",
		"next.natural": "1", "total.natural": "6"}
	if _, got := send(cells); !strings.Contains(got, "“（七）总计·自然人”为 6，应等于") || !strings.Contains(got, "相差 2") {
		t.Fatalf("a broken total was not refused with its cells: %q", got)
	}
	cells["total.natural"] = "4"
	id, got := send(cells)
	if !strings.Contains(got, "已从文件读取并记录") {
		t.Fatalf("the corrected workbook: %q", got)
	}
	x.g.Redeliver(id)
	bottest.Eventually(10*time.Second, func() bool { return x.g.Unanswered() == 0 })
	a2, err := x.st.Assignment(ctx, ref2)
	if err != nil {
		t.Fatal(err)
	}
	if g := a2.Answers["t3"]; g == nil || g.Grid["total.total"] != "4" || g.Grid["new.total"] != "4" {
		t.Fatalf("table three stored %+v", a2.Answers["t3"])
	}
	if n := answerCounts(t, x, ref2)["t3"]; n != 1 {
		t.Errorf("table three recorded %d times, want once", n)
	}
}
