package chat_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/factlock"
	"reportbot/bot/seedtest"
)

// asked is the number of the last question a reply asks (第 N/M 题).
var asked = regexp.MustCompile(`第 (\d+)/\d+ 题`)

// finishSeed answers, one by one, every question the bot still asks after
// the last reply, from the seed, then submits. It returns how many
// messages that took.
func finishSeed(t *testing.T, send func(string) string, reply string, form *bot.Form, seed map[string]seedtest.Entry) int {
	t.Helper()
	mine := form.For(seedtest.Kinds)
	n := 0
	say := func(text string) string { n++; return send(text) }
	for guard := 0; guard < 200; guard++ {
		ms := asked.FindAllStringSubmatch(reply, -1)
		if len(ms) == 0 || strings.Contains(reply, "全部题目") || strings.Contains(reply, "已全部") {
			break
		}
		num, _ := strconv.Atoi(ms[len(ms)-1][1])
		q := mine.Questions()[num-1]
		e := seed[q.ID]
		if q.Kind == bot.KindItems && len(e.TypedItems) > 0 {
			for _, it := range e.TypedItems {
				say(it)
				say("是")
			}
			reply = say("完成")
			continue
		}
		reply = say(e.Typed)
	}
	if r := say("提交"); !strings.Contains(r, "确认提交") {
		t.Fatalf("提交: %s", r)
	}
	if r := say("确认提交"); !strings.Contains(r, "已提交") {
		t.Fatalf("确认提交: %s", r)
	}
	return n
}

// checkSeedFigures checks that the 20 figures of the seed report are
// stored at their questions, and no other figure answer is.
func checkSeedFigures(t *testing.T, form *bot.Form, seed map[string]seedtest.Entry, answers map[string]*bot.Answer) {
	t.Helper()
	mine := form.For(seedtest.Kinds)
	n := 0
	for qid, e := range seed {
		q := mine.Question(qid)
		if !q.Kind.Numeric() || e.Typed == "无" || e.Typed == "不涉及" {
			if a := answers[qid]; a != nil {
				t.Errorf("question %d %s = %q, the report gives no figure for it", q.Number, qid, bot.FormatAnswer(q, a))
			}
			continue
		}
		n++
		a := answers[qid]
		if a == nil {
			t.Errorf("question %d %s not filled, want %s", q.Number, qid, e.Want)
			continue
		}
		if got := bot.FormatAnswer(q, a); got != e.Want {
			t.Errorf("question %d %s = %q, want %q", q.Number, qid, got, e.Want)
		}
	}
	if n != len(seedtest.Figures) {
		t.Errorf("%d seed figure answers, want %d", n, len(seedtest.Figures))
	}
}

// TestPasteSeedReport pastes the seed report as one message: one table of
// its 20 figures, 是 records them all in one turn, and the contact is then
// asked only the questions still open. It measures the messages needed
// against answering one by one.
func TestPasteSeedReport(t *testing.T) {
	form, seed := seedtest.Load(t)
	h := newHarness(t, form)
	send := func(text string) string { return h.say("zhangsan", text) }
	send("开始")
	reply := send(seedtest.Report)
	if !strings.Contains(reply, "找到 20 项数据（2025年度）") || !strings.Contains(reply, "回复“是”全部记录") {
		t.Fatalf("paste reply:\n%s", reply)
	}
	if !strings.Contains(reply, "103,204件") || !strings.Contains(reply, "原文：“…") && !strings.Contains(reply, "原文：“") {
		t.Errorf("table lacks a value or its sentence:\n%s", reply)
	}
	if len(h.answers()) != 0 {
		t.Fatalf("answers stored before 是: %v", h.answers())
	}
	reply = send("是")
	if !strings.Contains(reply, "已记录 20 项") {
		t.Fatalf("是: %s", reply)
	}
	checkSeedFigures(t, form, seed, h.answers())
	audit, err := h.st.Audit(context.Background(), h.ref)
	if err != nil {
		t.Fatal(err)
	}
	batch := 0
	for _, e := range audit {
		if e.Event == "batch" {
			batch++
			if e.MsgID != "m3" {
				t.Errorf("batch audit entry from message %s, want m3", e.MsgID)
			}
		}
	}
	if batch != 20 {
		t.Errorf("%d batch audit entries, want 20", batch)
	}
	// The contact is asked the remaining questions only: never one the
	// paste filled.
	filled := h.answers()
	for _, m := range asked.FindAllStringSubmatch(reply, -1) {
		num, _ := strconv.Atoi(m[1])
		if q := form.For(seedtest.Kinds).Questions()[num-1]; filled[q.ID] != nil {
			t.Errorf("asked question %d %s, which the paste filled", num, q.ID)
		}
	}
	rest := finishSeed(t, func(s string) string {
		r := send(s)
		for _, m := range asked.FindAllStringSubmatch(r, -1) {
			num, _ := strconv.Atoi(m[1])
			q := form.For(seedtest.Kinds).Questions()[num-1]
			if a := filled[q.ID]; a != nil && q.Kind.Numeric() {
				t.Errorf("asked question %d %s again after the paste", num, q.ID)
			}
		}
		return r
	}, reply, form, seed)
	seedtest.Check(t, form, seed, h.assignment())
	pasting := 3 + rest
	oneByOne := len(seedtest.Transcript(t, form, seed))
	t.Logf("messages to finish the seed form: %d by pasting the report (开始, paste, 是, then %d), %d one by one",
		pasting, rest, oneByOne)
	// The paste and its 是 stand for the 20 answers it filled.
	if pasting > oneByOne-len(seedtest.Figures)+2 {
		t.Errorf("pasting took %d messages, one by one %d: the paste saved too little", pasting, oneByOne)
	}
}

// TestPasteFirstMessage reads a report pasted before 开始: the greeting,
// then the table.
func TestPasteFirstMessage(t *testing.T) {
	form, _ := seedtest.Load(t)
	h := newHarness(t, form)
	r := h.say("zhangsan", seedtest.Report)
	if !strings.Contains(r, "您好") || !strings.Contains(r, "找到 20 项数据") {
		t.Fatalf("first message: %s", r)
	}
	if r := h.say("zhangsan", "是"); !strings.Contains(r, "已记录 20 项") {
		t.Fatalf("是: %s", r)
	}
}

// TestPasteCorrectByNumber corrects and drops rows of the table before 是.
func TestPasteCorrectByNumber(t *testing.T) {
	form, _ := seedtest.Load(t)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	h.say("zhangsan", seedtest.Report)
	if r := h.say("zhangsan", "2 390件"); !strings.Contains(r, "2. 第2题 全年制发文件多少件：390件") {
		t.Fatalf("correction: %s", r)
	}
	if r := h.say("zhangsan", "99 1件"); !strings.Contains(r, "没有第 99 行") {
		t.Fatalf("bad row: %s", r)
	}
	if r := h.say("zhangsan", "删 1"); !strings.Contains(r, "找到 19 项数据") {
		t.Fatalf("drop: %s", r)
	}
	if r := h.say("zhangsan", "是"); !strings.Contains(r, "已记录 19 项") {
		t.Fatalf("是: %s", r)
	}
	a := h.answers()
	if a["meeting_cut"] != nil {
		t.Errorf("dropped row stored: %v", a["meeting_cut"])
	}
	if got := a["docs_issued"].Figure.Value; got != "390" {
		t.Errorf("docs_issued = %s, want the corrected 390", got)
	}
}

// TestPasteOtherYear takes last year's report as last year's values: they
// are shown beside the questions and feed the year-over-year check, and
// fill no answer; a report of another year is refused.
func TestPasteOtherYear(t *testing.T) {
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	older := strings.ReplaceAll(strings.ReplaceAll(seedtest.Report, "2025年", "2023年"), "2026年", "2024年")
	if r := h.say("zhangsan", older); !strings.Contains(r, "这份材料是2023年度的") {
		t.Fatalf("2023 report: %s", r)
	}
	last := strings.ReplaceAll(strings.ReplaceAll(seedtest.Report, "2025年", "2024年"), "2026年", "2025年")
	r := h.say("zhangsan", last)
	if !strings.Contains(r, "找到 20 项数据（2024年度）") || !strings.Contains(r, "将作为上年数据") {
		t.Fatalf("2024 report: %s", r)
	}
	if r := h.say("zhangsan", "是"); !strings.Contains(r, "已保存 20 项上年（2024年度）数据") {
		t.Fatalf("是: %s", r)
	}
	a := h.answers()
	for _, q := range mine.Questions() {
		if a[q.ID] != nil {
			t.Errorf("last year's report filled this year's question %s: %v", q.ID, a[q.ID])
		}
	}
	if got := a[bot.LastYearQID("docs_issued")]; got == nil || got.Figure.Value != "381" {
		t.Fatalf("last year's docs_issued = %+v", got)
	}
	q := mine.Question("docs_issued")
	if r := h.say("zhangsan", "修改 "+strconv.Itoa(q.Number)); !strings.Contains(r, "上年为 381件") {
		t.Errorf("question does not show last year's value: %s", r)
	}
	if r := h.say("zhangsan", "900件"); strings.Contains(r, "已记录") || !strings.Contains(r, "381件") {
		t.Errorf("900件 against last year's 381件 passed without the year-over-year check: %s", r)
	}
}

// TestMultiFigureMessage answers the current question and the next one in
// one message: one confirmation line, both stored on 是 in one turn.
func TestMultiFigureMessage(t *testing.T) {
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	rq, hq := mine.Question("disclosure_received"), mine.Question("disclosure_handled")
	h.say("zhangsan", "修改 "+strconv.Itoa(rq.Number))
	r := h.say("zhangsan", "收到信息公开申请42件，办结40件")
	want := "将记录：第" + strconv.Itoa(rq.Number) + "题 42件；第" + strconv.Itoa(hq.Number) + "题 40件。回复“是”记录"
	if !strings.Contains(r, want) {
		t.Fatalf("reply lacks %q:\n%s", want, r)
	}
	if len(h.answers()) != 0 {
		t.Fatal("stored before 是")
	}
	h.say("zhangsan", "是")
	a := h.answers()
	if a["disclosure_received"] == nil || a["disclosure_received"].Figure.Value != "42" ||
		a["disclosure_handled"] == nil || a["disclosure_handled"].Figure.Value != "40" {
		t.Fatalf("stored %v %v", a["disclosure_received"], a["disclosure_handled"])
	}
	// 否 drops a shown batch; a plain answer is then read as usual.
	h.say("zhangsan", "修改 "+strconv.Itoa(mine.Question("docs_issued").Number))
	h.say("zhangsan", "制发文件400件，办理上级文件1400件")
	if r := h.say("zhangsan", "否"); !strings.Contains(r, "都没有记录") {
		t.Fatalf("否: %s", r)
	}
	if a := h.answers(); a["docs_issued"] != nil || a["upper_docs"] != nil {
		t.Errorf("dropped batch stored")
	}
}

// TestMultiOtherData keeps a figure no question asks for as 其他数据 of the
// current section; the writer's facts carry it and the fact lock accepts a
// draft that states it.
func TestMultiOtherData(t *testing.T) {
	form, _ := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	q := mine.Question("pre_meeting_study")
	h.say("zhangsan", "修改 "+strconv.Itoa(q.Number))
	r := h.say("zhangsan", "组织常务会会前学法15次，另外开展消防检查6次")
	if !strings.Contains(r, "将记录：第"+strconv.Itoa(q.Number)+"题 15次") || !strings.Contains(r, "开展消防检查6次 在问卷中没有对应的题目") {
		t.Fatalf("reply:\n%s", r)
	}
	h.say("zhangsan", "是")
	a := h.answers()
	sec := mine.Sections[q.Section].ID
	other := a[bot.OtherQID(sec)]
	if other == nil || len(other.Items) != 1 || other.Items[0].Title != "开展消防检查" || other.Items[0].Figures[0].Value != "6" {
		t.Fatalf("其他数据 = %+v", other)
	}
	if r := h.say("zhangsan", "查看"); !strings.Contains(r, "其他数据（一、") || !strings.Contains(r, "开展消防检查6次") {
		t.Errorf("查看 lacks the 其他数据:\n%s", r)
	}
	facts := editorial.SectionFacts(mine, q.Section, a)
	lock := factlock.Check("本年度组织常务会会前学法15次，开展消防检查6次。", facts, nil, 2025)
	if !lock.OK {
		t.Errorf("fact lock refused the 其他数据 figure: %+v", lock.Flags)
	}
	lock = factlock.Check("本年度开展消防检查7次。", facts, nil, 2025)
	if lock.OK {
		t.Errorf("fact lock accepted a figure no one gave")
	}
}

// TestPasteStrayFigures counts a pasted text's figures that answer no
// question and keeps none of them.
func TestPasteStrayFigures(t *testing.T) {
	form, _ := seedtest.Load(t)
	h := newHarness(t, form)
	h.say("zhangsan", "开始")
	text := "2025年工作总结\n全年制发文件412件，比上一年度增长21%。\n新收到政府信息公开申请38件，办结率92%。\n召开区政府常务会议24次。"
	r := h.say("zhangsan", text)
	if !strings.Contains(r, "找到 2 项数据") || !strings.Contains(r, "另有 3 个数字没有对应到问卷题目") {
		t.Fatalf("reply:\n%s", r)
	}
	h.say("zhangsan", "是")
	for qid := range h.answers() {
		if strings.HasPrefix(qid, "other.") {
			t.Errorf("a pasted text's stray figure kept as %s", qid)
		}
	}
	if a := h.answers(); len(a) != 2 || a["docs_issued"] == nil || a["disclosure_received"] == nil {
		t.Errorf("answers %v", a)
	}
}
