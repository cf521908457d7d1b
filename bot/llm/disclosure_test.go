package llm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/llm/llmtest"
	"reportbot/bot/seedtest"
	"reportbot/prompts"
)

// TestDisclosureModelDraft drafts a department's 政府信息公开 answers
// through the fake model: the prompts carry the report's own title and no
// cell of another part's tables, no zero; every part is the model's (no
// fallback to the template), reads as 公文 (no 全年全年, no “。，”), and
// passes the fact lock; part four, all zeros, points to its table.
func TestDisclosureModelDraft(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Faithful)
	defer srv.Close()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	b := seedtest.NewAnswers(t, form)
	grid, text, ans := b.Grid, b.Text, b.Map
	text("active_work", "全年在门户网站主动公开政府信息356条，重点公开财政预决算。")
	text("request_work", "严格按照法定时限办理依申请公开。")
	text("info_management", "落实公开前保密审查。")
	text("platforms", "优化门户网站政府信息公开专栏。")
	text("oversight", "组织业务培训2次。")
	grid("t2_license", "行政许可 120")
	grid("t3", "一、本年新收政府信息公开申请数量 58 7 0 0 1 0\n（一）予以公开 40 6 0 0 1 0\n四、结转下年度继续办理 18 1 0 0 0 0")
	grid("t4", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
	text("problems", "部分栏目信息更新不够及时。")
	text("improvements", "健全信息发布审核机制。")
	text("fees_charged", "本年度未收取信息处理费。")
	r := &bot.Round{ID: "x", Title: "2025年政府信息公开工作年度报告", Year: 2025, Form: form, Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}}
	a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "x", Dept: "zfb"}, Status: bot.Submitted, Answers: ans}

	drafts, err := drafter(newWriter(t, srv, 5*time.Second), nil).DraftAll(context.Background(), r, a)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range drafts {
		if d.TemplateMade() || !d.Lock.OK {
			t.Errorf("part %s: source %s, flags %+v\n%s", form.Sections[i].Number, d.Source, d.Lock.Flags, d.Text)
		}
		for _, bad := range []string{"全年全年", "。，", "。。", "【？】", "（一）0件"} {
			if strings.Contains(d.Text, bad) {
				t.Errorf("part %s has %q:\n%s", form.Sections[i].Number, bad, d.Text)
			}
		}
		if lock := editorial.LockText(r, a, i, d.Text); !lock.OK {
			t.Errorf("part %s fails the lock: %+v", form.Sections[i].Number, lock.Flags)
		}
	}
	if got := drafts[0].Text; !strings.HasPrefix(got, "（一）主动公开。全年在门户网站主动公开政府信息356条，重点公开财政预决算。\n（二）依申请公开。") {
		t.Errorf("part one:\n%s", got)
	}
	if got := drafts[3].Text; got != "具体数据详见下表。" {
		t.Errorf("part four (all zeros):\n%s", got)
	}
	if got := drafts[2].Text; got != "全年新收政府信息公开申请66件，予以公开47件，结转下年度继续办理19件。" {
		t.Errorf("part three:\n%s", got)
	}
	for _, p := range srv.Prompts() {
		if !strings.Contains(p, "《区政府办2025年政府信息公开工作年度报告》") || strings.Contains(p, "法治政府") {
			t.Errorf("a prompt is not titled for this report:\n%.300s", p)
		}
		if data := p[strings.Index(p, "<<<数据开始>>>"):]; strings.Contains(data, `"value": "0件"`) ||
			strings.Contains(p, "第四部分") && strings.Contains(data, "行政许可") {
			t.Errorf("a prompt lists zeros or other parts' cells:\n%s", p)
		}
	}
}
