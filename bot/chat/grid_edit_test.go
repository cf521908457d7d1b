package chat_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"reportbot/bot"
	"reportbot/bot/chat"
)

// t3Cells is table three typed in the console: new applications, how
// many were disclosed, and how many carry over; totals left blank.
func t3Cells(newN, open, next int) map[string]string {
	return map[string]string{"new.natural": fmt.Sprint(newN), "open.natural": fmt.Sprint(open), "next.natural": fmt.Sprint(next),
		"total.natural": "", "new.total": "", "total.total": ""}
}

// gridAudit returns the audit entries of one question, oldest first.
func gridAudit(t *testing.T, h *disclosureHarness, qid string) []bot.AuditEntry {
	t.Helper()
	all, err := h.st.Audit(context.Background(), h.ref)
	if err != nil {
		t.Fatal(err)
	}
	var out []bot.AuditEntry
	for _, e := range all {
		if e.QID == qid {
			out = append(out, e)
		}
	}
	return out
}

// TestGridEditRules: a table edited in the console is read cell by cell
// (a bad cell named), totals left blank are computed, a broken total is
// refused with the cells and the difference unless a 说明 keeps it, every
// save leaves a "grid" audit entry with who and what changed, the same
// form submitted twice applies once, and a submitted department is
// refused until it is returned.
func TestGridEditRules(t *testing.T) {
	h := newDisclosureHarness(t)
	ctx := context.Background()
	lisi := h.uid("lisi")

	_, err := h.eng.EditGrid(ctx, h.ref, "t3", map[string]string{"new.natural": "12a", "open.natural": "3"}, lisi, chat.GridEdit{Key: "k0"})
	if ce := bot.CellErrorsOf(err); bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(ce["new.natural"], "“一、本年新收政府信息公开申请数量·自然人”填写的“12a”不是非负整数") {
		t.Fatalf("a bad cell: %v", err)
	}
	if _, err := h.eng.EditGrid(ctx, h.ref, "active_work", nil, lisi, chat.GridEdit{}); bot.ErrorCode(err) != bot.ENotFound {
		t.Fatalf("a question that is no table: %v", err)
	}

	res, err := h.eng.EditGrid(ctx, h.ref, "t3", t3Cells(5, 4, 1), lisi, chat.GridEdit{Key: "k1"})
	if err != nil || !res.Saved || res.Repeat || res.Message != "已保存第 10 题统计表。" {
		t.Fatalf("a grid that adds up: %+v %v", res, err)
	}
	a := h.grid("zfb", "t3")
	if a == nil || a.Grid["total.natural"] != "4" || a.Grid["new.total"] != "5" || a.Grid["total.total"] != "4" || a.By != lisi || a.Why != "" {
		t.Fatalf("stored %+v", a)
	}
	if st := h.assignment().Status; st != bot.InProgress {
		t.Errorf("status after the first edit: %s", st)
	}

	// A typed total that does not add up is refused, cells named.
	broken := t3Cells(5, 4, 1)
	broken["total.natural"] = "6"
	res, err = h.eng.EditGrid(ctx, h.ref, "t3", broken, lisi, chat.GridEdit{Key: "k2"})
	if err != nil || res.Saved || len(res.Breaks) == 0 || !strings.Contains(res.Message, "暂未保存") {
		t.Fatalf("a broken total: %+v %v", res, err)
	}
	if got := strings.Join(res.Breaks, "\n"); !strings.Contains(got, "第 10 题“（七）总计·自然人”为 6，应等于") || !strings.Contains(got, "相差 2") {
		t.Errorf("breaks do not name the cells and the difference:\n%s", got)
	}
	if a := h.grid("zfb", "t3"); a.Grid["total.natural"] != "4" {
		t.Fatalf("a refused grid was stored: %+v", a)
	}
	// With a 说明 it is kept as it is.
	res, err = h.eng.EditGrid(ctx, h.ref, "t3", broken, lisi, chat.GridEdit{Key: "k3", Why: "1 件为上级转办，另行统计"})
	if err != nil || !res.Saved || !strings.Contains(res.Message, "已按原样保存第 10 题统计表") || len(res.Breaks) == 0 {
		t.Fatalf("a broken total with a 说明: %+v %v", res, err)
	}
	if a := h.grid("zfb", "t3"); a.Grid["total.natural"] != "6" || a.Why != "1 件为上级转办，另行统计" {
		t.Fatalf("stored %+v", a)
	}

	// The same form twice: applied once, the same notice.
	fixed := t3Cells(7, 6, 1)
	first, err := h.eng.EditGrid(ctx, h.ref, "t3", fixed, lisi, chat.GridEdit{Key: "k4"})
	if err != nil || !first.Saved {
		t.Fatalf("%+v %v", first, err)
	}
	n := len(gridAudit(t, h, "t3"))
	v := h.assignment().Version
	again, err := h.eng.EditGrid(ctx, h.ref, "t3", fixed, lisi, chat.GridEdit{Key: "k4"})
	if err != nil || !again.Saved || !again.Repeat || again.Message != first.Message {
		t.Fatalf("the same form again: %+v %v", again, err)
	}
	if len(gridAudit(t, h, "t3")) != n || h.assignment().Version != v {
		t.Errorf("a form submitted twice was applied twice")
	}
	if a := h.grid("zfb", "t3"); a.Why != "" || a.Grid["total.natural"] != "6" {
		t.Errorf("a grid that adds up keeps an old 说明: %+v", a)
	}

	log := gridAudit(t, h, "t3")
	if len(log) != 3 {
		t.Fatalf("audit: %+v", log)
	}
	for _, e := range log {
		if e.Event != "grid" || e.User != lisi || !strings.HasPrefix(e.Raw, "控制台修改：") || !strings.HasPrefix(e.MsgID, "grid-") {
			t.Errorf("audit entry %+v", e)
		}
	}
	if !strings.Contains(log[1].Raw, "（七）总计·自然人 4→6") || !strings.Contains(log[1].Raw, "说明：1 件为上级转办") ||
		!strings.Contains(log[1].New, "说明：1 件为上级转办") || log[1].Old != log[0].New {
		t.Errorf("audit of the explained edit: %+v", log[1])
	}
	if bot.AuditEventLabel("grid") != "后台修改统计表" {
		t.Errorf("label %q", bot.AuditEventLabel("grid"))
	}

	// Submitted: refused until returned.
	h.say("lisi", "你好")
	if _, _, err := h.st.CommitTurn(ctx, h.ref, h.assignment().Version, "submit-"+h.tag, &bot.Change{Status: bot.Submitted}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = h.eng.EditGrid(ctx, h.ref, "t3", fixed, lisi, chat.GridEdit{Key: "k5"})
	if bot.ErrorCode(err) != bot.EConflict || !strings.Contains(bot.ErrorMessage(err), "已提交，不能再修改。如需修改，请统筹人先在部门页“退回修改”") {
		t.Fatalf("a submitted department: %v", err)
	}
	st, err := h.eng.GridState(ctx, h.ref, "t3")
	if err != nil || st.Locked == "" || st.Answer == nil || st.Base != chat.GridBase(st.Answer) {
		t.Fatalf("state of a submitted table: %+v %v", st, err)
	}
}

// TestGridEditOvertakesChatDraft: a console edit and a chat answer to the
// same table never lose each other's data. A table the contact was
// filling in row by row is dropped when the console saves it, and the
// contact is told at once, the row they sent then not taken; a page shown
// before a chat answer does not silently undo it; and when the two write
// at the same moment, the later wins and each saw the other (the audit's
// old value of the later is the new value of the earlier).
func TestGridEditOvertakesChatDraft(t *testing.T) {
	h := newDisclosureHarness(t)
	ctx := context.Background()
	lisi := h.uid("lisi")
	h.say("lisi", "你好")
	h.say("lisi", "修改 10")
	h.say("lisi", "逐行")
	expect(t, h.say("lisi", "1"), "“一、本年新收政府信息公开申请数量”：请依次填写")

	// The console saves the table while the contact is at row one.
	if res, err := h.eng.EditGrid(ctx, h.ref, "t3", t3Cells(8, 7, 1), "co-"+h.tag, chat.GridEdit{Key: "c1"}); err != nil || !res.Saved {
		t.Fatalf("%+v %v", res, err)
	}
	if c := h.assignment().Cursors[lisi]; c == nil || c.Table != nil || c.Notice == "" {
		t.Fatalf("the contact's draft was not dropped: %+v", c)
	}
	got := h.say("lisi", "9 0 0 0 0 0")
	expect(t, got, "您正在填写的第 10 题统计表已由co-"+h.tag+"在控制台修改并保存", "尚未保存的内容已作废", "第 10/16 题")
	if a := h.grid("zfb", "t3"); a.Grid["new.natural"] != "8" || a.By != "co-"+h.tag {
		t.Fatalf("the dropped draft's row was stored: %+v", a)
	}
	if got := h.say("lisi", "查看"); strings.Contains(got, "已由") {
		t.Errorf("the notice was told twice:\n%s", got)
	}

	// A page shown before a chat answer: the edit is held back, naming
	// who changed the table; sent again on the fresh page, it is stored.
	shown, err := h.eng.GridState(ctx, h.ref, "t3")
	if err != nil {
		t.Fatal(err)
	}
	h.say("lisi", "修改 10")
	expect(t, h.say("lisi", "一、本年新收政府信息公开申请数量 3 0 0 0 0 0\n（一）予以公开 3 0 0 0 0 0"), "已记录本表")
	res, err := h.eng.EditGrid(ctx, h.ref, "t3", t3Cells(9, 8, 1), "co-"+h.tag, chat.GridEdit{Key: "c2", Base: shown.Base})
	if err != nil || res.Saved || !res.Stale || res.Current == nil || res.Current.Grid["new.natural"] != "3" ||
		!strings.Contains(res.Message, "已由lisi-"+h.tag+"修改") {
		t.Fatalf("an edit on a stale page: %+v %v", res, err)
	}
	if a := h.grid("zfb", "t3"); a.Grid["new.natural"] != "3" {
		t.Fatalf("the chat answer was overwritten: %+v", a)
	}
	res, err = h.eng.EditGrid(ctx, h.ref, "t3", t3Cells(9, 8, 1), "co-"+h.tag, chat.GridEdit{Key: "c2", Base: res.NextBase})
	if err != nil || !res.Saved {
		t.Fatalf("sent again: %+v %v", res, err)
	}
	if a := h.grid("zfb", "t3"); a.Grid["new.natural"] != "9" {
		t.Fatalf("stored %+v", a)
	}

	// At the same moment: the later wins, and it saw the earlier.
	for i := range 5 {
		h.say("lisi", "修改 10")
		h.n++
		id := fmt.Sprintf("race%d", h.n)
		var wg sync.WaitGroup
		var chatErr, gridErr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, chatErr = h.eng.Handle(ctx, bot.Message{User: lisi, ID: id,
				Text: fmt.Sprintf("一、本年新收政府信息公开申请数量 %d 0 0 0 0 0\n（一）予以公开 %[1]d 0 0 0 0 0", 100+i)})
		}()
		go func() {
			defer wg.Done()
			_, gridErr = h.eng.EditGrid(ctx, h.ref, "t3", t3Cells(200+i, 199+i, 1), "co-"+h.tag, chat.GridEdit{Key: fmt.Sprint("race-", i)})
		}()
		wg.Wait()
		if chatErr != nil || gridErr != nil {
			t.Fatal(chatErr, gridErr)
		}
		log := gridAudit(t, h, "t3")
		if len(log) < 2 {
			t.Fatalf("audit %+v", log)
		}
		x, y := log[len(log)-2], log[len(log)-1]
		if events := x.Event + "+" + y.Event; events != "grid+answer" && events != "answer+grid" {
			t.Fatalf("round %d: the last two writes are %s", i, events)
		}
		if y.Old != x.New {
			t.Errorf("round %d: the later write did not see the earlier: old %q, earlier new %q", i, y.Old, x.New)
		}
		a := h.grid("zfb", "t3")
		if got := bot.FormatAnswer(h.round.Form.Question("t3"), a); got != y.New {
			t.Errorf("round %d: stored %q, the later write %q", i, got, y.New)
		}
	}
}
