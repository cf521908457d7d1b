package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// newPasteRig is the callback rig with a fake WeCom API behind it, so the
// app can fetch the files members send (media/get) and send the parts of
// long replies (message/send).
func newPasteRig(t *testing.T) (*callbackRig, *wecomtest.Server) {
	t.Helper()
	form, _ := seedtest.Load(t)
	st := storetest.New(t)
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	t.Cleanup(api.Close)
	wecom.SetAPIBase(api.URL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := wecom.NewMessenger(wecom.MessengerConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: api.Secret,
		Tokens: st.TokenCache(), Limiter: st, Log: log, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	user := storetest.RandomID("wx")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb", "区政府办", user))
	token, key := "tok"+storetest.RandomID(""), newAESKey()
	codec, err := wecom.NewCodec(token, key, api.CorpID, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &WeComCallback{Codec: codec, Conv: chat.NewEngine(chat.EngineConfig{Store: st, Logger: log}), Log: log,
		Clock: bot.SystemClock{}, Metrics: NewMetrics(prometheus.NewRegistry()), Messenger: m, Media: m}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := &wecomtest.Client{URL: srv.URL, Token: token, AESKey: key, CorpID: api.CorpID, Retries: 3}
	return &callbackRig{st: st, client: c, round: r, ref: bot.AssignmentRef{Round: r.ID, Dept: "zfb"}, user: user, srv: srv}, api
}

// checkPasted checks the seed's 20 figures at their questions, and no
// other answer.
func checkPasted(t *testing.T, rig *callbackRig) {
	t.Helper()
	form, seed := seedtest.Load(t)
	mine := form.For(seedtest.Kinds)
	a, err := rig.st.Assignment(context.Background(), rig.ref)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for qid, e := range seed {
		q := mine.Question(qid)
		ans := a.Answers[qid]
		if !q.Kind.Numeric() || e.Typed == "无" || e.Typed == "不涉及" {
			if ans != nil {
				t.Errorf("question %d %s = %q, not in the report", q.Number, qid, bot.FormatAnswer(q, ans))
			}
			continue
		}
		n++
		if ans == nil || bot.FormatAnswer(q, ans) != e.Want {
			t.Errorf("question %d %s = %v, want %s", q.Number, qid, ans, e.Want)
		}
	}
	if n != len(seedtest.Figures) {
		t.Errorf("%d figure answers in the seed, want %d", n, len(seedtest.Figures))
	}
}

// say delivers a text message and returns the passive reply.
func (rig *callbackRig) say(t *testing.T, id, text string) string {
	t.Helper()
	r, err := rig.client.Text(rig.user, id, text)
	if err != nil || r.Status != 200 {
		t.Fatalf("%q: %v %+v", text, err, r)
	}
	return r.Text
}

// TestPasteCallbackSeed pastes the seed report as one text message
// through the encrypted callback: one table, 是 stores all 20 figures once
// (a retried 是 changes nothing), then the first question still open.
func TestPasteCallbackSeed(t *testing.T) {
	rig, _ := newPasteRig(t)
	rig.say(t, "7100000000000000001", "开始")
	reply := rig.say(t, "7100000000000000002", seedtest.Report)
	if !strings.Contains(reply, "找到 20 项数据（2025年度）") {
		t.Fatalf("paste reply:\n%s", reply)
	}
	reply = rig.say(t, "7100000000000000003", "是")
	if !strings.Contains(reply, "已记录 20 项") || !strings.Contains(reply, "第 5/") {
		t.Fatalf("是:\n%s", reply)
	}
	v := rig.version(t)
	if again := rig.say(t, "7100000000000000003", "是"); again != reply || rig.version(t) != v {
		t.Errorf("a retried 是 was applied again")
	}
	checkPasted(t, rig)
}

// TestPasteFileMessage sends the seed report as a .docx file message: the
// app fetches it with media/get from the fake WeCom and shows the same
// table; 是 stores the 20 figures.
func TestPasteFileMessage(t *testing.T) {
	rig, api := newPasteRig(t)
	rig.say(t, "7200000000000000001", "开始")
	id := api.AddMedia("2025年度法治政府建设情况报告.docx", seedtest.Docx(t, seedtest.Report))
	r, err := rig.client.File(rig.user, "7200000000000000002", id)
	if err != nil || r.Status != 200 {
		t.Fatalf("file: %v %+v", err, r)
	}
	if !strings.Contains(r.Text, "找到 20 项数据（2025年度）") {
		t.Fatalf("file reply:\n%s", r.Text)
	}
	if reply := rig.say(t, "7200000000000000003", "是"); !strings.Contains(reply, "已记录 20 项") {
		t.Fatalf("是:\n%s", reply)
	}
	checkPasted(t, rig)
}

// TestPasteFileRefused answers files it cannot read with what to send
// instead, and stores nothing.
func TestPasteFileRefused(t *testing.T) {
	rig, api := newPasteRig(t)
	rig.say(t, "7300000000000000001", "开始")
	for i, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("%PDF-1.7\x00\x01\x02binary"), "目前支持 Word（.docx）"},
		{[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old"), "旧版 Word/Excel"},
		{bytes.Repeat([]byte("制发文件381件。"), wecom.MaxFileBytes/20+1), "文件太大"},
	} {
		id := api.AddMedia("x.bin", c.data)
		r, err := rig.client.File(rig.user, "730000000000000001"+string(rune('0'+i)), id)
		if err != nil || !strings.Contains(r.Text, c.want) {
			t.Errorf("file %d: %v reply %q, want %q", i, err, r.Text, c.want)
		}
	}
	if r, _ := rig.client.File(rig.user, "7300000000000000019", "no-such-media"); r.Status != 200 || r.Text != bot.MsgBusy {
		t.Errorf("unknown media: %+v", r)
	}
	a, err := rig.st.Assignment(context.Background(), rig.ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Answers) != 0 {
		t.Errorf("answers stored from refused files: %v", a.Answers)
	}
}

// TestPasteFileXLSX sends a workbook of label and value rows as a file
// message: each row's figure lands at its question.
func TestPasteFileXLSX(t *testing.T) {
	rig, api := newPasteRig(t)
	rig.say(t, "7400000000000000001", "开始")
	f := excelize.NewFile()
	rows := [][]any{{"2025年度主要数据", ""}, {"指标", "数值"}, {"制发文件", "381件"}, {"办理上级文件", "1352件"},
		{"区政府网站公开信息", "1705条"}, {"承办人大代表建议", "45件"}, {"组织重大事项讨论", "19次"}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	id := api.AddMedia("数据.xlsx", buf.Bytes())
	r, err := rig.client.File(rig.user, "7400000000000000002", id)
	if err != nil || !strings.Contains(r.Text, "找到 5 项数据（2025年度）") {
		t.Fatalf("xlsx: %v\n%s", err, r.Text)
	}
	rig.say(t, "7400000000000000003", "是")
	a, err := rig.st.Assignment(context.Background(), rig.ref)
	if err != nil {
		t.Fatal(err)
	}
	form := rig.round.FormFor("zfb")
	for qid, want := range map[string]string{"docs_issued": "381件", "upper_docs": "1352件", "web_published": "1705条",
		"npc_suggestions": "45件", "major_discussions": "19次"} {
		if ans := a.Answers[qid]; ans == nil || bot.FormatAnswer(form.Question(qid), ans) != want {
			t.Errorf("%s = %v, want %s", qid, ans, want)
		}
	}
}
