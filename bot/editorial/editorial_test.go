package editorial_test

import (
	"context"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/editorial"
	"reportbot/bot/seedtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// desk is an Editorial over the test Redis with the seed department's
// answers submitted.
type desk struct {
	t    *testing.T
	st   *store.Store
	ed   *editorial.Editorial
	jobs *bottest.Jobs
	r    *bot.Round
	a    *bot.Assignment
	ref  bot.AssignmentRef
	n    int
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	st := storetest.New(t)
	form, seed := seedtest.Load(t)
	tag := storetest.RandomID("")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", "zs"+tag))
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	var ch bot.Change
	for _, a := range seedtest.Answers(t, form, seed) {
		ch.Answers = append(ch.Answers, a)
	}
	ch.Status = bot.Submitted
	if _, _, err := st.CommitTurn(context.Background(), ref, 0, "seed", &ch, nil); err != nil {
		t.Fatal(err)
	}
	a, err := st.Assignment(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(bottest.Monday)
	jobs := &bottest.Jobs{}
	ed := &editorial.Editorial{Store: st, Rounds: st, Jobs: jobs, Clock: clock, Roster: bot.NewLiveRoster(&bot.Roster{Editors: []string{"ed" + tag}}),
		Drafter: &editorial.Drafter{Writer: editorial.TemplateWriter{}, Clock: clock}}
	return &desk{t: t, st: st, ed: ed, jobs: jobs, r: r, a: a, ref: ref}
}

// version stores text as the current version of section.
func (x *desk) version(section, text string) {
	x.t.Helper()
	idx := x.r.Form.SectionIndex(section)
	lock := editorial.LockText(x.r, x.a, idx, text)
	x.n++
	if _, err := x.st.UpdateSection(context.Background(), x.ref, section, "v"+string(rune('0'+x.n)), func(s *bot.SectionState) error {
		s.Section = section
		s.Add(bot.SectionVersion{Text: text, Source: "editor", By: "ed", Lock: lock})
		return nil
	}); err != nil {
		x.t.Fatal(err)
	}
}

// TestFactTemplateDraftsOfSeedHaveNoFlags: the template writer's own draft
// of every section of the seed answers passes the fact lock untouched.
func TestFactTemplateDraftsOfSeedHaveNoFlags(t *testing.T) {
	x := newDesk(t)
	for i, s := range x.r.Form.Sections {
		res, err := editorial.TemplateWriter{}.Draft(context.Background(), editorial.DraftRequestFor(x.r, x.a, i))
		if err != nil {
			t.Fatal(err)
		}
		if lock := editorial.LockText(x.r, x.a, i, res.Text); len(lock.Flags) > 0 {
			t.Errorf("section %s: the template's draft is flagged: %+v\n%s", s.ID, lock.Flags, res.Text)
		}
	}
}

// TestKeepBeforeConfirm: a section with an invented figure and a changed
// qualifier cannot be confirmed; the refusal lists both; the final report
// waits while a preview marks them; keeping one needs a reason; once the
// text is fixed or every flag kept, it confirms, and the report lists
// what was kept for its audit.
func TestKeepBeforeConfirm(t *testing.T) {
	x := newDesk(t)
	ctx := context.Background()
	for _, s := range x.r.Form.Sections {
		x.version(s.ID, "全年开展法治宣传。")
	}
	x.version("measures", "全区性会议同比减少43%；制发文件381件，另组织专题培训27场。组织常务会会前学法约15次。")
	_, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, "measures", "c1")
	fe, ok := editorial.AsFlags(err)
	if !ok || len(fe.Flags) != 2 || bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("confirm with flags: %v", err)
	}
	if msg := bot.ErrorMessage(err); !strings.Contains(msg, "“27场”") || !strings.Contains(msg, "答案为“15次”，稿中写作“约15次”") || !strings.Contains(msg, "保留 序号 理由") {
		t.Errorf("the refusal says: %s", msg)
	}
	for _, s := range x.r.Form.Sections {
		if s.ID != "measures" {
			if _, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, s.ID, "c-"+s.ID); err != nil {
				t.Fatalf("confirm %s: %v", s.ID, err)
			}
		}
	}
	if _, err := x.ed.Report(ctx, x.ref, false); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("a final report with an unconfirmed flagged section: %v", err)
	}
	preview, err := x.ed.Report(ctx, x.ref, true)
	if err != nil || !strings.Contains(preview.Sections[0].Text, "27场【？】") || !strings.Contains(preview.Sections[0].Text, "约15次【？】") {
		t.Errorf("the preview does not mark the flags: %v %+v", err, preview)
	}
	if _, _, err := x.ed.KeepFlag(ctx, "ed", x.ref, "measures", 1, " ", "k0"); bot.ErrorCode(err) != bot.EInvalid {
		t.Errorf("keep without a reason: %v", err)
	}
	if _, _, err := x.ed.KeepFlag(ctx, "ed", x.ref, "measures", 3, "理由充分", "k0"); bot.ErrorCode(err) != bot.EInvalid {
		t.Errorf("keep of a flag that is not there: %v", err)
	}
	kept, open, err := x.ed.KeepFlag(ctx, "ed", x.ref, "measures", 1, "培训场次来自组织部年度统计", "k1")
	if err != nil || kept.Text != "27场" || len(open) != 1 {
		t.Fatalf("keep 1: %+v %v %v", kept, open, err)
	}
	if again, _, err := x.ed.KeepFlag(ctx, "ed", x.ref, "measures", 1, "培训场次来自组织部年度统计", "k1"); err != nil || again != nil {
		t.Errorf("a retried keep counted twice: %+v %v", again, err)
	}
	if _, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, "measures", "c2"); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("confirm with one flag left: %v", err)
	}
	if _, _, err := x.ed.KeepFlag(ctx, "ed", x.ref, "measures", 1, "会议记录显示约15次", "k2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := x.ed.ConfirmSection(ctx, "ed", x.ref, "measures", "c3"); err != nil {
		t.Fatalf("confirm once every flag is kept: %v", err)
	}
	rep, err := x.ed.Report(ctx, x.ref, false)
	if err != nil {
		t.Fatalf("the final report: %v", err)
	}
	if len(rep.Kept) != 2 || rep.Kept[0].Reason != "培训场次来自组织部年度统计" || rep.Kept[0].By != "ed" || rep.Kept[0].Section != "一" {
		t.Errorf("kept flags in the report: %+v", rep.Kept)
	}
	if audit := rep.AuditMarkdown(); !strings.Contains(audit, "27场") || !strings.Contains(audit, "会议记录显示约15次") {
		t.Errorf("audit: %s", audit)
	}
	if strings.Contains(rep.Markdown(), "【？】") {
		t.Error("the final report carries 【？】 marks")
	}
}

// TestKeepRewriteWithoutModel: with no model, 重写 says so and what the
// editor can do instead, and nothing is queued.
func TestKeepRewriteWithoutModel(t *testing.T) {
	x := newDesk(t)
	x.version("measures", "制发文件381件。")
	err := x.ed.RewriteSection(context.Background(), "ed", x.ref, "measures", "更简洁", "rw1")
	if bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), "没有接入大模型") || !strings.Contains(bot.ErrorMessage(err), "修改后的全文") {
		t.Errorf("rewrite without a model: %v", err)
	}
	if n := len(x.jobs.Rewrites()); n != 0 {
		t.Errorf("%d rewrites queued", n)
	}
}

// TestWebEditFocus: 网页编辑 sends the console's link where the
// deployment has a public address, and where it has none says so and
// what works instead, rather than acting as 重写.
func TestWebEditFocus(t *testing.T) {
	x := newDesk(t)
	x.version("measures", "制发文件381件。")
	m := bot.Message{User: "ed", ID: "w1"}
	replies, err := x.ed.Focus(context.Background(), m, x.ref, "measures", true)
	if err != nil || len(replies) != 1 || !strings.Contains(replies[0].Text, "REPORTBOT_PUBLIC_URL") || !strings.Contains(replies[0].Text, "修改后的全文") {
		t.Errorf("without a public address: %+v %v", replies, err)
	}
	x.ed.ReportURL = func(ref bot.AssignmentRef) string { return "https://rb.example.gov.cn/console/rounds/" + ref.Round }
	replies, err = x.ed.Focus(context.Background(), bot.Message{User: "ed", ID: "w2"}, x.ref, "measures", true)
	if err != nil || len(replies) != 1 || !strings.Contains(replies[0].Text, "https://rb.example.gov.cn/console/rounds/") || strings.Contains(replies[0].Text, "REPORTBOT_PUBLIC_URL") {
		t.Errorf("with a public address: %+v %v", replies, err)
	}
	replies, _ = x.ed.Focus(context.Background(), bot.Message{User: "ed", ID: "w3"}, x.ref, "measures", false)
	if len(replies) != 1 || strings.Contains(replies[0].Text, "网页") {
		t.Errorf("重写 mentions the web: %+v", replies)
	}
}
