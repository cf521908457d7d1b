package editorial_test

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
)

// TestReportRefusesPlaceholders: a text with 【待补充】 left in cannot be
// confirmed (the refusal quotes each place, and the section becomes the
// editor's focus for a corrected text); a report whose confirmed text
// carries one (confirmed before this rule) is not built: the error names
// each place, the round's complete reports leave it out, a preview still
// shows it; once the text is completed the report is built.
func TestReportRefusesPlaceholders(t *testing.T) {
	x := newDesk(t)
	ctx := context.Background()
	for _, s := range x.r.Form.Sections {
		x.version(s.ID, "全年开展法治宣传。")
	}
	x.version("measures", "制发文件381件，报送优质政务信息【待补充】。\n（一）【待补充】。")
	_, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, "measures", "c1")
	if bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("confirming a text with 【待补充】: %v", err)
	}
	msg := bot.ErrorMessage(err)
	for _, want := range []string{"还不能确认", "2 处待补充的内容", "报送优质政务信息【待补充】”", "2. “（一）【待补充】”", "改为实际情况"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "保留 序号") {
		t.Errorf("the refusal offers to keep a placeholder:\n%s", msg)
	}
	// The chat's 确认 says the same and focuses the section.
	reps, err := x.ed.Confirm(ctx, bot.Message{User: "ed", ID: "m1"}, x.ref, "measures")
	if err != nil || len(reps) != 1 || !strings.Contains(reps[0].Text, "（一）【待补充】") {
		t.Fatalf("chat confirm: %+v %v", reps, err)
	}
	if sk, _ := x.st.Editing(ctx, "ed"); !strings.HasSuffix(sk, "#measures") {
		t.Errorf("the refused section is not the editor's focus: %q", sk)
	}

	// Sections confirmed before the rule: the report refuses to build.
	for _, s := range x.r.Form.Sections {
		if _, err := x.st.UpdateSection(ctx, x.ref, s.ID, "force-"+s.ID, func(st *bot.SectionState) error {
			st.Confirmed, st.ConfirmedBy = true, "ed"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = x.ed.Report(ctx, x.ref, false)
	if bot.ErrorCode(err) != bot.EConflict || !strings.Contains(bot.ErrorMessage(err), "第一部分“（一）【待补充】”") ||
		!strings.Contains(bot.ErrorMessage(err), "报告尚不能生成") {
		t.Fatalf("a final report with 【待补充】: %v", err)
	}
	if reps, err := x.ed.CompleteReports(ctx, x.r); err != nil || len(reps) != 0 {
		t.Errorf("complete reports: %v %v", reps, err)
	}
	if pre, err := x.ed.Report(ctx, x.ref, true); err != nil || !strings.Contains(pre.Sections[0].Text, "【待补充】") {
		t.Errorf("the preview: %v", err)
	}

	// Completed and confirmed again: the report is built.
	x.version("measures", "制发文件381件。")
	if _, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, "measures", "c2"); err != nil {
		t.Fatal(err)
	}
	rep, err := x.ed.Report(ctx, x.ref, false)
	if err != nil {
		t.Fatal(err)
	}
	if md := rep.Markdown(); strings.Contains(md, "【待补充】") || !strings.Contains(md, "制发文件381件") {
		t.Errorf("the final report:\n%s", md)
	}

	// The district summary is held to the same rule.
	if _, err := x.ed.SaveDistrictEdit(ctx, x.r.ID, "co", "全区制发文件【待补充】。", "d1"); err != nil {
		t.Fatal(err)
	}
	if err := x.ed.ConfirmDistrict(ctx, x.r.ID, "co", "dc1"); bot.ErrorCode(err) != bot.EConflict || !strings.Contains(bot.ErrorMessage(err), "全区制发文件【待补充】") {
		t.Errorf("confirming a summary with 【待补充】: %v", err)
	}
}
