package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/export"
	"reportbot/bot/figure"
	"reportbot/bot/llm/llmtest"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// editorRig is the whole service over the fake WeCom and the fake model.
type editorRig struct {
	t      *testing.T
	api    *wecomtest.Server
	model  *llmtest.Server
	svc    *App
	client *wecomtest.Client
	round  *bot.Round
	ref    bot.AssignmentRef
	seen   map[string]int // messages already read per user
	n      int
}

// waitFor waits until the messages user received since those already read
// contain every one of wants, and returns their texts.
func (x *editorRig) waitFor(user string, wants ...string) []string {
	x.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var mine []wecomtest.Sent
		for _, m := range x.api.Sent() {
			if m.ToUser == user {
				mine = append(mine, m)
			}
		}
		var texts []string
		for _, m := range mine[x.seen[user]:] {
			t := m.Text.Content
			if t == "" {
				t = string(m.Raw)
			}
			texts = append(texts, t)
		}
		joined := strings.Join(texts, "\n")
		found := true
		for _, w := range wants {
			found = found && strings.Contains(joined, w)
		}
		if found {
			x.seen[user] = len(mine)
			return texts
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("%s never received %q; got %d new messages:\n%s", user, wants, len(texts), strings.Join(texts, "\n---\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (x *editorRig) say(user, text string) string {
	x.t.Helper()
	x.n++
	r, err := x.client.Text(user, fmt.Sprint("e", x.n), text)
	if err != nil {
		x.t.Fatalf("%s %q: %v", user, text, err)
	}
	return r.Text
}

func (x *editorRig) click(user, key string) string {
	x.t.Helper()
	x.n++
	r, err := x.client.Click(user, key, time.Now().Add(time.Duration(x.n)*time.Second))
	if err != nil {
		x.t.Fatalf("%s clicks %q: %v", user, key, err)
	}
	return r.Text
}

// TestEditorConfirmReportDocx: the seed answers are submitted through
// encrypted callbacks; the model drafts every section; the editor has one
// section rewritten with an instruction, pastes a corrected text for
// another, confirms them all; the coordinator and the contact are told;
// the .docx is laid out as an official document and carries every figure
// of the seed.
func TestEditorConfirmReportDocx(t *testing.T) {
	model := llmtest.NewServer(llmtest.Faithful)
	t.Cleanup(model.Close) // after the service stops (cleanups run last first)
	tag := storetest.RandomID("")
	contact, editor, coord := "zs"+tag, "ed"+tag, "co"+tag
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: zfb%s\n    name: 宽城区政府办\n    contacts: [%s]\ncoordinators: [%s]\neditors: [%s]\n",
		tag, contact, coord, editor), func(c *serveConfig, _ *bottest.Clock) {
		c.AdminToken, c.OpenAIKey, c.OpenAIBase, c.OpenAIModel, c.Workers = "admin-token-0123456789abcdef", "sk-test", model.BaseURL(), "deepseek-chat", 8
	})
	st, api, svc := live.st, live.api, live.svc
	form, seed := seedtest.Load(t)
	round := storetest.Round(t, st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", contact))
	x := &editorRig{t: t, api: api, model: model, svc: svc, round: round, ref: bot.AssignmentRef{Round: round.ID, Dept: "zfb" + tag},
		client: live.client, seen: map[string]int{}}

	// The contact answers the whole seed and submits.
	for _, s := range seedtest.Transcript(t, form, seed) {
		x.say(contact, s.Text)
	}
	a, _ := st.Assignment(context.Background(), x.ref)
	if a.Status != bot.Submitted {
		t.Fatalf("status %s after the transcript", a.Status)
	}
	// Drafting runs as a job; each section reaches the editor as the text
	// and a card with 确认 · 重写 · 网页编辑.
	// (The ten messages are sent by concurrent workers, in any order.)
	var keys []string
	for _, s := range form.Sections {
		keys = append(keys, "稿件确认 "+x.ref.String()+"#"+s.ID)
	}
	got := strings.Join(x.waitFor(editor, keys...), "\n")
	for _, s := range form.Sections {
		sk := x.ref.String() + "#" + s.ID
		for _, key := range []string{"稿件确认 " + sk, "稿件重写 " + sk, "网页编辑 " + sk} {
			if !strings.Contains(got, key) {
				t.Errorf("the editor's card for %s lacks %q", s.ID, key)
			}
		}
	}
	if !strings.Contains(got, "核验数字") || !strings.Contains(got, "381件") {
		t.Errorf("drafts to the editor:\n%.2000s", got)
	}
	// A contact may not confirm.
	if r := x.click(contact, "稿件确认 "+x.ref.String()+"#measures"); !strings.Contains(r, "仅限本轮的审稿人") {
		t.Errorf("contact confirming: %q", r)
	}
	// 重写 with an instruction: a new version drafted by the model with
	// the instruction in its prompt.
	calls := model.Calls()
	if r := x.click(editor, "稿件重写 "+x.ref.String()+"#measures"); !strings.Contains(r, "重写：要求") {
		t.Errorf("rewrite click: %q", r)
	}
	if r := x.say(editor, "重写：更简洁，突出节约型机关建设"); !strings.Contains(r, "已提交重写") {
		t.Errorf("rewrite: %q", r)
	}
	x.waitFor(editor, "【待审稿】宽城区政府办 · 一、")
	if model.Calls() == calls {
		t.Error("the rewrite did not call the model")
	}
	if p := model.Prompts(); !strings.Contains(p[len(p)-1], "更简洁，突出节约型机关建设") {
		t.Errorf("the instruction is not in the rewrite prompt")
	}
	// A pasted correction for section 二: shown back with its fact lock,
	// then adopted. An invented figure is flagged first.
	x.click(editor, "网页编辑 "+x.ref.String()+"#shortcomings")
	bad := "（一）学习深度有待加强。全年仅组织学习27次，学用结合还不够紧密。"
	// (Replies with buttons come as cards through message/send.)
	x.say(editor, bad)
	if r := strings.Join(x.waitFor(editor, "收到您修改的"), "\n"); !strings.Contains(r, "27次【？】") || !strings.Contains(r, "找不到依据") {
		t.Errorf("an unsourced figure in a pasted text: %q", r)
	}
	if r := x.say(editor, "放弃"); !strings.Contains(r, "已放弃") {
		t.Errorf("discard: %q", r)
	}
	good := "（一）学习深度有待加强。部分干部对法律法规的学习停留在表面，学用结合还不够紧密。\n（二）法治思维运用不够。依法决策的意识仍需增强。"
	x.say(editor, good)
	if r := strings.Join(x.waitFor(editor, "收到您修改的"), "\n"); !strings.Contains(r, "全部有出处") {
		t.Errorf("pasted text: %q", r)
	}
	x.say(editor, "采用")
	// Sent as a card: a title line and a body that says what to do.
	if r := strings.Join(x.waitFor(editor, "已采用"), "\n"); !strings.Contains(r, "请核对后点“确认”计入正式报告") {
		t.Errorf("adopted: %q", r)
	}
	if r := x.say(editor, "版本"); !strings.Contains(r, "审稿人修改（"+editor+"）") || !strings.Contains(r, "2. ") {
		t.Errorf("versions: %q", r)
	}
	// Confirm every section; the last confirmation completes the report.
	var last string
	for _, s := range form.Sections {
		last = x.click(editor, "稿件确认 "+x.ref.String()+"#"+s.ID)
	}
	if !strings.Contains(last, "全部章节均已确认") {
		t.Fatalf("last confirmation: %q", last)
	}
	// Each confirmation greys out its card for every editor, from a job
	// (never inside the callback).
	bottest.Eventually(20*time.Second, func() bool { return len(api.Updates()) >= len(form.Sections) })
	if ups := api.Updates(); len(ups) != len(form.Sections) || !strings.Contains(string(ups[0]), "已由"+editor+"确认") {
		t.Errorf("card updates: %d %s", len(ups), ups)
	}
	x.waitFor(coord, "各章节已全部审定")
	x.waitFor(contact, "各章节已全部审定")

	rep, err := svc.Editorial.Report(context.Background(), x.ref, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Title != "宽城区政府办关于2025年度法治政府建设情况的报告" || !strings.Contains(rep.Sections[1].Text, "学用结合还不够紧密") {
		t.Errorf("report: %q %q", rep.Title, rep.Sections[1].Text)
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	doc, styles := docxParts(t, buf.Bytes())
	for _, want := range []string{`w:w="11906" w:h="16838"`, `w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"`,
		`w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`,
		`<w:sz w:val="44"/>`, `<w:sz w:val="32"/>`, `footerReference w:type="even"`} {
		if !strings.Contains(doc+styles, want) {
			t.Errorf("docx lacks %s", want)
		}
	}
	for _, want := range []string{`w:line="560" w:lineRule="exact"`, `w:firstLineChars="200"`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	text := docText(doc)
	pos := -1
	for _, s := range rep.Sections {
		i := strings.Index(text, s.Number+"、"+s.Heading)
		if i < pos {
			t.Errorf("section %s is out of order", s.Number)
		}
		pos = i
	}
	a, _ = st.Assignment(context.Background(), x.ref)
	for _, q := range form.Questions() {
		// A zero is left out of the prose unless the question says it is
		// news (败诉0件).
		if ans := a.Answers[q.ID]; ans != nil && ans.Figure != nil && q.Section != 1 && (ans.Figure.Value != "0" || q.ZeroNews) {
			if f := figure.Format(*ans.Figure); !strings.Contains(text, f) {
				t.Errorf("the report lacks the figure %s (%s)", f, q.ID)
			}
		}
	}
	os.WriteFile(os.TempDir()+"/reportbot-e2e.docx", buf.Bytes(), 0o644)

	// The same through the API: .docx, .md and the round's zip.
	get := func(path string) (int, []byte) {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer admin-token-0123456789abcdef")
		rec := httptest.NewRecorder()
		svc.Handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes()
	}
	base := "/api/rounds/" + round.ID
	if code, body := get(base + "/reports/" + x.ref.Dept + ".docx"); code != 200 || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("docx via the API: %d", code)
	}
	if code, body := get(base + "/reports/" + x.ref.Dept + ".md"); code != 200 || !strings.HasPrefix(string(body), "# 宽城区政府办关于") {
		t.Errorf("markdown via the API: %d %.100s", code, body)
	}
	if code, _ := get(base + "/reports/..%2f..%2fetc.docx"); code != 404 {
		t.Errorf("a traversal-looking department: %d", code)
	}
	code, body := get(base + "/reports.zip")
	if code != 200 {
		t.Fatalf("zip: %d %s", code, body)
	}
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if want := []string{"2025年度法治政府建设情况报告.xlsx", "报告/宽城区政府办-" + x.ref.Dept + ".docx", "报告/宽城区政府办-" + x.ref.Dept + ".md"}; strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("zip holds %v, want %v", names, want)
	}

	// Answers change after confirmation: the section drafted from them
	// goes stale, the editor is told, and the report waits.
	if code, body := postAPI(svc, base+"/reopen", `{"dept":"`+x.ref.Dept+`","reason":"制发文件数有误"}`); code != 200 {
		t.Fatalf("reopen: %d %s", code, body)
	}
	for _, s := range []string{"继续", "修改 2", "382件", "提交", "确认提交"} {
		x.say(contact, s)
	}
	x.waitFor(editor, "【答案已变化，请重新确认】宽城区政府办 · 一、")
	if _, err := svc.Editorial.Report(context.Background(), x.ref, false); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("report with a stale section: %v", err)
	}
	secs, _ := st.Sections(context.Background(), x.ref)
	if m := secs["measures"]; m.Confirmed || !m.Stale || !strings.Contains(m.CurrentVersion().Text, "382件") || !secs["pufa"].Confirmed {
		t.Errorf("after the change: measures confirmed %v stale %v; pufa confirmed %v", m.Confirmed, m.Stale, secs["pufa"].Confirmed)
	}
}

func postAPI(svc *App, path, body string) (int, string) {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer admin-token-0123456789abcdef")
	rec := httptest.NewRecorder()
	svc.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// docxParts returns document.xml and styles.xml.
func docxParts(t *testing.T, data []byte) (doc, styles string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		f, err := z.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return string(b)
	}
	return read("word/document.xml"), read("word/styles.xml")
}

var wText = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`)

// docText joins the document's text runs.
func docText(doc string) string {
	var b strings.Builder
	for _, m := range wText.FindAllStringSubmatch(doc, -1) {
		b.WriteString(m[1])
	}
	return b.String()
}
