package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// gridRound starts the service with the console roster and a round of
// the 政府信息公开 form for 区司法局 (contact 赵六, head 李领导) and 区政府办
// (contact 张三).
func gridRound(t *testing.T) (*liveService, *bot.Round, string) {
	t.Helper()
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.Round(t, live.st, form,
		bot.Department{ID: "sfj" + tag, Name: "区司法局", Contacts: []string{"zl" + tag}, Head: "ld" + tag},
		bot.Department{ID: "zfb" + tag, Name: "区政府办", Contacts: []string{"zs" + tag}})
	return live, r, tag
}

// gridInput is an input of a console page with its value.
var gridInput = regexp.MustCompile(`<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"`)

// gridForm is the grid page's form as a browser would send it: every
// input with its value, the hidden fields, then the changes in set.
func gridForm(page string, set map[string]string) url.Values {
	form := url.Values{}
	for _, m := range gridInput.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], m[2])
	}
	for k, v := range set {
		form.Set(k, v)
	}
	return form
}

func mustContain(t *testing.T, where, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %s", where, w)
		}
	}
}

// TestConsoleGridEdit: a contact edits table three in the console: the
// grid is drawn as the template draws it (merged group headers, row
// groups, units, an input per cell); a cell that is no number is named
// and the typed values kept; a total that does not add up is refused
// with the cells and the difference; the corrected grid is saved, shown
// on the department's page with who did it, and exported in the audit
// workbook as 后台修改统计表.
func TestConsoleGridEdit(t *testing.T) {
	live, r, tag := gridRound(t)
	dept := "/console/rounds/" + r.ID + "/depts/sfj" + tag
	path := dept + "/tables/t3"
	zl := signIn(t, live.srv.URL, live.svc, "zl"+tag)
	mustContain(t, "department page", mustGet(t, zl, dept), `href="`+path+`"`, "在线修改统计表", `href="`+dept+`/tables/t2_docs"`)

	page := mustGet(t, zl, path)
	mustContain(t, "grid page", page, "第 10 题统计表", "单位：件", `<th colspan="5">法人或其他组织</th>`, `<th rowspan="2">自然人</th>`,
		`<th>商业企业</th>`, `<th colspan="3">一、本年新收政府信息公开申请数量</th>`, `class="rowgroup">三、本年度办理结果</th>`,
		`<th colspan="2">（一）予以公开</th>`, `<th>1.本机关不掌握相关政府信息</th>`, `name="c.new.natural" value=""`,
		`name="c.total.natural" value="" inputmode="numeric" size="6" aria-label="（七）总计·自然人" placeholder="自动"`, `name="csrf"`, `name="nonce"`)

	form := gridForm(page, map[string]string{"c.new.natural": "12a", "c.open.natural": "4"})
	code, page := zl.post(path, form)
	if code != http.StatusBadRequest {
		t.Fatalf("a cell that is no number: %d", code)
	}
	mustContain(t, "refused page", page, "“一、本年新收政府信息公开申请数量·自然人”填写的“12a”不是非负整数", `name="c.new.natural" value="12a"`,
		`class="bad"`, `name="c.open.natural" value="4"`)

	form = gridForm(page, map[string]string{"c.new.natural": "5", "c.open.natural": "4", "c.next.natural": "1", "c.total.natural": "6"})
	code, page = zl.post(path, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a broken total: %d %.300s", code, page)
	}
	mustContain(t, "broken page", page, "暂未保存", "第 10 题“（七）总计·自然人”为 6，应等于第 10 题“（一）予以公开·自然人”至", "相差 2",
		`name="c.total.natural" value="6"`, `name="c.new.natural" value="5"`)
	ref := bot.AssignmentRef{Round: r.ID, Dept: "sfj" + tag}
	if a, _ := live.st.Assignment(t.Context(), ref); a.Answers["t3"] != nil {
		t.Fatalf("a broken grid was stored: %+v", a.Answers["t3"])
	}

	form = gridForm(page, map[string]string{"c.total.natural": ""})
	code, page = zl.post(path, form)
	if code != 200 {
		t.Fatalf("the corrected grid: %d %.300s", code, page)
	}
	mustContain(t, "department page after the save", page, `<p class="flash">已保存第 10 题统计表。</p>`, "赵六（后台修改统计表）",
		`<tr class="total"><td>（七）总计</td><td class="num">4</td>`)
	a, err := live.st.Assignment(t.Context(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if g := a.Answers["t3"]; g == nil || g.Grid["new.natural"] != "5" || g.Grid["total.natural"] != "4" || g.Grid["total.total"] != "4" || g.By != "zl"+tag {
		t.Fatalf("stored %+v", a.Answers["t3"])
	}
	page = mustGet(t, zl, path)
	mustContain(t, "grid page after the save", page, `name="c.total.natural" value="4"`, `name="c.new.natural" value="5"`)
	if strings.Contains(page, "数字对不上之处") {
		t.Errorf("a grid that adds up shows rule failures")
	}

	// A stored grid that breaks a rule (kept with a 说明) shows it.
	form = gridForm(page, map[string]string{"c.total.natural": "6", "why": "2 件为上级转办"})
	if code, page := zl.post(path, form); code != 200 || !strings.Contains(page, "已按原样保存第 10 题统计表，并记下说明：2 件为上级转办") {
		t.Fatalf("kept with a 说明: %d %.300s", code, page)
	}
	page = mustGet(t, zl, path)
	mustContain(t, "grid page of a kept grid", page, `id="breaks"`, "“（七）总计·自然人”为 6", "2 件为上级转办")
	form = gridForm(page, map[string]string{"c.total.natural": "", "why": ""})
	if code, page := zl.post(path, form); code != 200 || !strings.Contains(page, "已保存第 10 题统计表。") {
		t.Fatalf("fixed again: %d %.300s", code, page)
	}

	// The audit workbook names the console edits.
	code, data := zl.get(dept + "/audit.xlsx")
	if code != 200 {
		t.Fatalf("audit.xlsx: %d", code)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("答案修改记录")
	n := 0
	for _, row := range rows {
		line := strings.Join(row, "|")
		if strings.Contains(line, "后台修改统计表") {
			n++
			if !strings.Contains(line, "赵六") || !strings.Contains(line, "控制台修改：") {
				t.Errorf("audit row %s", line)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d console edits in the audit, want 3:\n%v", n, rows)
	}
}

// TestConsoleGridCoordinator: the coordinator edits any department's
// table; an editor, the head and another department's contact are
// refused (403); a submitted department is refused (409) until it is
// returned.
func TestConsoleGridCoordinator(t *testing.T) {
	live, r, tag := gridRound(t)
	dept := "/console/rounds/" + r.ID + "/depts/sfj" + tag
	path := dept + "/tables/t2_docs"
	co := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, co, path)
	mustContain(t, "grid page", page, "本年制发件数", "行政规范性文件", "单位：件")
	code, page := co.post(path, gridForm(page, map[string]string{"c.normative.made": "5", "c.normative.repealed": "1", "c.normative.current": "25"}))
	if code != 200 || !strings.Contains(page, "已保存第 6 题统计表。") || !strings.Contains(page, "陈统筹（后台修改统计表）") {
		t.Fatalf("the coordinator's edit: %d %.300s", code, page)
	}

	for _, user := range []string{"ed" + tag, "ld" + tag, "zs" + tag} {
		b := signIn(t, live.srv.URL, live.svc, user)
		if code, _ := b.get(path); code != http.StatusForbidden {
			t.Errorf("%s opens the grid: %d", user, code)
		}
		home := mustGet(t, b, "/console/")
		if code, _ := b.post(path, url.Values{"csrf": {csrfOf(t, home)}, "c.normative.made": {"9"}}); code != http.StatusForbidden {
			t.Errorf("%s saves the grid: %d", user, code)
		}
	}
	ed := signIn(t, live.srv.URL, live.svc, "ed"+tag)
	if strings.Contains(mustGet(t, ed, dept), "在线修改统计表") {
		t.Errorf("an editor is offered the grid editor")
	}
	if code, _ := co.post(path, url.Values{"c.normative.made": {"9"}}); code != http.StatusForbidden {
		t.Errorf("a save without the CSRF token: %d", code)
	}

	// Submitted: refused, saying what to do; returned: editable again.
	ref := bot.AssignmentRef{Round: r.ID, Dept: "sfj" + tag}
	a, err := live.st.Assignment(t.Context(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := live.st.CommitTurn(t.Context(), ref, a.Version, "submit-"+tag, &bot.Change{Status: bot.Submitted, SubmittedBy: "zl" + tag,
		SubmittedAt: live.clock.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	page = mustGet(t, co, path)
	mustContain(t, "grid page of a submitted department", page, `id="locked"`, "“区司法局”已提交，不能再修改", ` disabled placeholder="0"`)
	if strings.Contains(page, `id="grid-save"`) {
		t.Errorf("a submitted department's grid offers 保存")
	}
	code, page = co.post(path, gridForm(page, map[string]string{"c.normative.made": "6", "c.normative.current": "26"}))
	if code != http.StatusConflict || !strings.Contains(page, "已提交，不能再修改。如需修改，请统筹人先在部门页“退回修改”") {
		t.Fatalf("a submitted department: %d %.300s", code, page)
	}
	if err := live.svc.Rounds.Reopen(context.Background(), ref, "请核对规范性文件件数", "co"+tag); err != nil {
		t.Fatal(err)
	}
	page = mustGet(t, co, path)
	if code, page := co.post(path, gridForm(page, map[string]string{"c.normative.made": "6", "c.normative.current": "26"})); code != 200 ||
		!strings.Contains(page, "已保存第 6 题统计表。") {
		t.Fatalf("after 退回: %d %.300s", code, page)
	}
	a, _ = live.st.Assignment(t.Context(), ref)
	if g := a.Answers["t2_docs"]; g == nil || g.Grid["normative.made"] != "6" || a.Status != bot.Returned {
		t.Fatalf("stored %+v, status %s", g, a.Status)
	}
}

// TestConsoleGridDoublePost: the same form sent twice (a double click)
// is applied once and says the same both times; a page shown before the
// contact answered the table in chat does not undo that answer.
func TestConsoleGridDoublePost(t *testing.T) {
	live, r, tag := gridRound(t)
	path := "/console/rounds/" + r.ID + "/depts/sfj" + tag + "/tables/t2_license"
	ref := bot.AssignmentRef{Round: r.ID, Dept: "sfj" + tag}
	zl := signIn(t, live.srv.URL, live.svc, "zl"+tag)
	page := mustGet(t, zl, path)
	form := gridForm(page, map[string]string{"c.license.decisions": "120"})
	for i := range 2 {
		if code, page := zl.post(path, form); code != 200 || !strings.Contains(page, "已保存第 7 题统计表。") {
			t.Fatalf("post %d: %d %.300s", i+1, code, page)
		}
	}
	entries, err := live.st.Audit(t.Context(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Event != "grid" || entries[0].QID != "t2_license" {
		t.Fatalf("a form sent twice left %d entries: %+v", len(entries), entries)
	}

	// The page is shown, then the contact answers the table in chat.
	page = mustGet(t, zl, path)
	user := "zl" + tag
	for i, text := range []string{"开始", "修改 7", "行政许可 130"} {
		if _, err := live.client.Text(user, fmt.Sprint("w", i), text); err != nil {
			t.Fatal(err)
		}
	}
	code, page := zl.post(path, gridForm(page, map[string]string{"c.license.decisions": "125"}))
	if code != http.StatusConflict {
		t.Fatalf("a stale page: %d %.300s", code, page)
	}
	mustContain(t, "stale page", page, "第 7 题统计表在您打开本页之后已由赵六修改", `id="current"`, `<td class="num">130</td>`,
		`name="c.license.decisions" value="125"`)
	if a, _ := live.st.Assignment(t.Context(), ref); a.Answers["t2_license"].Grid["license.decisions"] != "130" {
		t.Fatalf("the chat answer was undone: %+v", a.Answers["t2_license"])
	}
	// Sent again from that page (now up to date), it is stored.
	if code, page := zl.post(path, gridForm(page, nil)); code != 200 || !strings.Contains(page, "已保存第 7 题统计表。") {
		t.Fatalf("sent again: %d %.300s", code, page)
	}
	if a, _ := live.st.Assignment(t.Context(), ref); a.Answers["t2_license"].Grid["license.decisions"] != "125" {
		t.Fatalf("stored %+v", a.Answers["t2_license"])
	}
}
