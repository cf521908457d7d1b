package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// TestDisclosureExcelThroughWeCom: a contact asks for the tables' Excel
// file in WeCom, gets it as a file message (media/upload, message/send),
// fills table three and sends it back as a file message, which the
// service downloads (media/get) and stores once the totals add up.
func TestDisclosureExcelThroughWeCom(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	user := "zl" + tag
	r := storetest.Round(t, live.st, form, bot.Department{ID: "czj" + tag, Name: "区财政局", Contacts: []string{user}})
	say := func(id, text string) string {
		t.Helper()
		rep, err := live.client.Text(user, id, text)
		if err != nil {
			t.Fatal(err)
		}
		return rep.Text
	}
	say("x1", "开始")
	say("x2", "修改 10")
	say("x3", "表格文件")
	var mediaID string
	if !bottest.Eventually(10*time.Second, func() bool {
		for _, m := range live.api.Sent() {
			if m.MsgType == "file" && m.ToUser == user {
				mediaID = m.File.MediaID
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no file message sent: %+v", live.api.Sent())
	}
	blank, ok := live.api.MediaFile(mediaID)
	if !ok || !strings.HasSuffix(blank.Name, "（统计表填报）.xlsx") {
		t.Fatalf("uploaded %q", blank.Name)
	}
	send := func(id string, cells map[string]string) string {
		t.Helper()
		data, err := export.FillCells(form, blank.Data, "t3", cells)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := live.client.File(user, id, live.api.AddMedia("统计表.xlsx", data))
		if err != nil {
			t.Fatal(err)
		}
		return rep.Text
	}
	cells := map[string]string{"new.natural": "4", "carried.natural": "1", "open.natural": "3", "repeat.natural": "1", "next.natural": "1", "total.natural": "6"}
	got := send("x4", cells)
	if !strings.Contains(got, "“（七）总计·自然人”为 6，应等于") || !strings.Contains(got, "相差 2") {
		t.Fatalf("a broken total was not refused with its cells: %q", got)
	}
	cells["total.natural"] = "4"
	got = send("x5", cells)
	if !strings.Contains(got, "已从文件读取并记录") {
		t.Fatalf("the corrected file: %q", got)
	}
	a, err := live.st.Assignment(t.Context(), bot.AssignmentRef{Round: r.ID, Dept: "czj" + tag})
	if err != nil {
		t.Fatal(err)
	}
	if g := a.Answers["t3"]; g == nil || g.Grid["total.total"] != "4" || g.Grid["new.total"] != "4" {
		t.Fatalf("stored %+v", a.Answers["t3"])
	}

	// The coordinator sees the grid on the department's page.
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, coord, "/console/rounds/"+r.ID+"/depts/czj"+tag)
	for _, want := range []string{`class="grid tablegrid"`, "<th>法人或其他组织·商业企业</th>", "<td>一、本年新收政府信息公开申请数量</td><td class=\"num\">4</td>",
		`<tr class="total"><td>（七）总计</td><td class="num">4</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("department page lacks %s", want)
		}
	}

	// The report preview's .docx carries the tables.
	code, doc := coord.get("/console/rounds/" + r.ID + "/depts/czj" + tag + "/report.docx?draft=1")
	if code != 200 {
		t.Fatalf("report.docx: %d", code)
	}
	xml := docxDocument(t, []byte(doc))
	if n := strings.Count(xml, "<w:tbl>"); n != 6 {
		t.Errorf("report has %d tables, want 6", n)
	}
	for _, want := range []string{"申请人情况", "（七）总计", "未经复议直接起诉", "第二十条第（八）项", "【预览稿】"} {
		if !strings.Contains(xml, want) {
			t.Errorf("report lacks %s", want)
		}
	}
}

// TestReportPreviewMarked: a report previewed with sections not yet
// confirmed says so above its title, in Markdown and Word, and its file
// name says 预览稿; the report itself (all confirmed) does not.
func TestReportPreviewMarked(t *testing.T) {
	rep := &bot.Report{Title: "区政府办关于2026年度法治政府建设情况的报告", Dept: "区政府办", Preview: true,
		Sections: []bot.ReportSection{{Number: "一", Heading: "主要举措", Text: bot.Placeholder}}}
	if md := rep.Markdown(); !strings.HasPrefix(md, "> "+bot.PreviewNote) {
		t.Errorf("markdown: %.200s", md)
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if xml := docxDocument(t, buf.Bytes()); strings.Index(xml, "【预览稿】") < 0 || strings.Index(xml, "【预览稿】") > strings.Index(xml, rep.Title) {
		t.Errorf("docx lacks the preview note above the title")
	}
	rep.Preview = false
	if md := rep.Markdown(); strings.Contains(md, "预览稿") {
		t.Errorf("a report marked as a preview: %.200s", md)
	}
}

// docxDocument returns word/document.xml of a .docx.
func docxDocument(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatal("no document.xml")
	return ""
}

// TestDisclosureDemoTerminal: the terminal demo runs a round of the
// 政府信息公开 form when asked (-form xxgk-annual), tables included.
func TestDisclosureDemoTerminal(t *testing.T) {
	in := strings.NewReader("开始\n修改 10\n逐行\n1、3\n3 1 0 0 0 0\n3 1 0 0 0 0\n退出\n")
	var out bytes.Buffer
	if err := runDemoTerminal(t.Context(), []string{"-form", "xxgk-annual", "-user", "zhouba"}, in, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"年政府信息公开工作年度报告", "统计表（25 行 × 7 列", "哪些结果不是0？", "已记录本表", "（七）总计：3 / 1 / 0 / 0 / 0 / 0 / 4"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestDisclosureDistrictSummaryPage: the coordinator's summary page sums
// the departments' tables cell by cell and names the rule the district
// totals break (a department kept a table with an explanation).
func TestDisclosureDistrictSummaryPage(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - {id: a%[1]s, name: 甲, contacts: [ca%[1]s]}\n  - {id: b%[1]s, name: 乙, contacts: [cb%[1]s]}\ncoordinators: [co%[1]s]\n", tag), nil)
	ctx := t.Context()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	r, err := live.svc.Rounds.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年政府信息公开工作年度报告",
		Year: 2025, Deadline: live.clock.Now().AddDate(0, 1, 0), DistrictSummary: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"一、本年新收政府信息公开申请数量 4 1 0 0 0 0\n（一）予以公开 4 1 0 0 0 0",
		"一、本年新收政府信息公开申请数量 2 0 0 0 0 0\n2.重复申请 2 0 0 0 0 0"} {
		grid, _, err := bot.ParseGrid(form, form.Question("t3"), text)
		if err != nil {
			t.Fatal(err)
		}
		ans := &bot.Answer{QID: "t3", Status: bot.Answered, Grid: grid}
		if i == 1 {
			grid["total.natural"], ans.Why = "3", "1 件转办未计入"
		}
		ref := bot.AssignmentRef{Round: r.ID, Dept: []string{"a", "b"}[i] + tag}
		if _, _, err := live.st.CommitTurn(ctx, ref, 0, "seed", &bot.Change{Status: bot.Submitted, UpdatedAt: live.clock.Now(), Answers: []*bot.Answer{ans}}, nil); err != nil {
			t.Fatal(err)
		}
		for _, s := range form.Sections {
			live.st.UpdateSection(ctx, ref, s.ID, "seed-"+s.ID, func(x *bot.SectionState) error {
				x.Section, x.Versions, x.Current, x.Confirmed = s.ID, []bot.SectionVersion{{N: 1, Text: "（略）", Source: "template"}}, 1, true
				return nil
			})
		}
	}
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, coord, "/console/rounds/"+r.ID+"/summary")
	for _, want := range []string{"统计表合计（逐格相加）", `<td>一、本年新收政府信息公开申请数量</td><td class="num">6</td><td class="num">1</td>`,
		`<td>（五）不予处理 · 2.重复申请</td><td class="num">2</td>`, "全区合计：【各行“总计”应等于自然人与各类法人或其他组织之和】"} {
		if !strings.Contains(page, want) {
			t.Errorf("summary page lacks %s", want)
		}
	}
}

// TestDisclosureDraftsToEditor: a department's 政府信息公开 answers are
// drafted (no model) and sent to the editor: part four, all zeros, is one
// sentence pointing to its table, not the cells of every table; every
// card says all figures are sourced; all parts confirm; the report.md
// carries the tables after the text and no mark.
func TestDisclosureDraftsToEditor(t *testing.T) {
	tag := storetest.RandomID("")
	contact, editor := "zs"+tag, "ed"+tag
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: zfb%s\n    name: 区政府办\n    contacts: [%s]\neditors: [%s]\n", tag, contact, editor), nil)
	ctx := t.Context()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.Round(t, live.st, form, bot.Department{ID: "zfb" + tag, Name: "区政府办", Contacts: []string{contact}})
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	ch := bot.Change{Status: bot.Submitted, UpdatedAt: live.clock.Now()}
	for q, v := range map[string]string{"active_work": "全年在门户网站主动公开政府信息356条，重点公开财政预决算。", "request_work": "严格按照法定时限办理依申请公开。",
		"info_management": "落实公开前保密审查", "platforms": "优化门户网站政府信息公开专栏。", "oversight": "组织业务培训2次。",
		"problems": "部分栏目信息更新不够及时。", "improvements": "健全信息发布审核机制。", "fees_charged": "本年度未收取信息处理费。"} {
		ch.Answers = append(ch.Answers, &bot.Answer{QID: q, Status: bot.Answered, Text: v})
	}
	for q, text := range map[string]string{"t2_docs": "行政规范性文件 5 1 25", "t2_license": "行政许可 120", "t2_enforce": "行政处罚 36", "t2_fees": "行政事业性收费 12.5",
		"t3": "一、本年新收政府信息公开申请数量 58 7 0 0 1 0\n（一）予以公开 40 6 0 0 1 0\n四、结转下年度继续办理 18 1 0 0 0 0",
		"t4": "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"} {
		g, _, err := bot.ParseGrid(form, form.Question(q), text)
		if err != nil {
			t.Fatal(q, err)
		}
		ch.Answers = append(ch.Answers, &bot.Answer{QID: q, Status: bot.Answered, Grid: g})
	}
	if _, _, err := live.st.CommitTurn(ctx, ref, 0, "seed", &ch, nil); err != nil {
		t.Fatal(err)
	}
	a, err := live.st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := live.svc.Editorial.Drafter.DraftAll(ctx, r, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := live.svc.Editorial.Publish(ctx, r, a, drafts, "p1"); err != nil {
		t.Fatal(err)
	}
	x := &editorRig{t: t, api: live.api, svc: live.svc, round: r, ref: ref, client: live.client, seen: map[string]int{}}
	var keys []string
	for _, s := range form.Sections {
		keys = append(keys, "稿件确认 "+ref.String()+"#"+s.ID)
	}
	got := strings.Join(x.waitFor(editor, keys...), "\n")
	if !strings.Contains(got, "四、政府信息公开行政复议、行政诉讼情况（模板生成）\n\n具体数据详见下表。") ||
		!strings.Contains(got, "（一）主动公开。全年在门户网站主动公开政府信息356条") {
		t.Errorf("drafts to the editor:\n%.3000s", got)
	}
	for _, bad := range []string{"【？】", "找不到依据", "（一）0件", "全年全年", "。，"} {
		if strings.Contains(got, bad) {
			t.Errorf("the editor's messages carry %q:\n%.3000s", bad, got)
		}
	}
	for _, k := range keys {
		if r := x.click(editor, k); !strings.Contains(r, "已确认") {
			t.Fatalf("confirm %s: %q", k, r)
		}
	}
	ed := signIn(t, live.srv.URL, live.svc, editor)
	code, md := ed.get("/console/rounds/" + r.ID + "/depts/" + ref.Dept + "/report.md")
	if code != 200 || strings.Contains(md, "【") || !strings.Contains(md, "具体数据详见下表。") || !strings.Contains(md, "（七）总计 | 40 | 6 | 0 | 0 | 1 | 0 | 47 |") {
		t.Errorf("report.md: %d\n%s", code, md)
	}
}
