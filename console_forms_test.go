package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// upload posts a file to the console as a browser's form does.
func (b *browserish) upload(path, csrf, name string, data []byte) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	res, err := b.c.Post(b.base+path, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

// TestFormDirConsole: a coordinator uploads last year's report on the
// console's forms page, sees the proposed form's questions with last
// year's values, fixes an error shown with its line, and saves it as an
// upload that overrides nothing and is listed with its version; CSRF is
// required, and a contact may not see the page.
func TestFormDirConsole(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - {id: a%[1]s, name: 区政府办, kinds: [政府办], contacts: [ca%[1]s]}\ncoordinators: [co%[1]s]\n", tag), nil)
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	code, page := coord.get("/console/forms")
	if code != 200 || !strings.Contains(page, "fazhi-annual") || !strings.Contains(page, "内置") {
		t.Fatalf("forms page: %d %.300s", code, page)
	}
	csrf := csrfOf(t, page)
	if code, _ := coord.upload("/console/forms/check", "", "report.txt", []byte(seedtest.Report)); code != http.StatusForbidden {
		t.Errorf("upload without CSRF: %d", code)
	}
	code, page = coord.upload("/console/forms/check", csrf, "2025年报告.txt", []byte(seedtest.Report))
	for _, want := range []string{"读出 5 个部分、20 个数字", "检查通过", "一、{year}年度推进法治政府建设的主要举措和成效 · 规范流程，提升服务效能",
		"制发文件多少件？", "上年为 381件", "上年为 103,204件", `id="save"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report's form page lacks %q", want)
		}
	}
	if code != 200 || t.Failed() {
		t.Fatalf("report upload: %d %.2000s", code, page)
	}
	yaml := strings.Replace(htmlText(page, `id="yaml">`, "</textarea>"), "id: report-draft", "id: kc"+tag[:6], 1)
	broken := strings.Replace(yaml, "unit: 件", "unit: 件件", 1)
	code, page = coord.post("/console/forms/check", url.Values{"csrf": {csrf}, "yaml": {broken}})
	if problems := htmlText(page, `id="problems">`, "</ul>"); code != 200 || !strings.Contains(page, "有 1 处错误") ||
		!strings.Contains(problems, "的单位“件件”不是计数单位") || strings.Contains(page, `id="save"`) {
		t.Errorf("a broken form: %d %s", code, problems)
	}
	if code, page = coord.post("/console/forms/save", url.Values{"csrf": {csrf}, "yaml": {broken}}); code != 200 || !strings.Contains(page, "不是计数单位") {
		t.Errorf("saving a broken form: %d", code)
	}
	code, page = coord.post("/console/forms/save", url.Values{"csrf": {csrf}, "yaml": {yaml}})
	if code != 200 || !strings.Contains(page, "已保存问卷 kc"+tag[:6]+" 第 1 版") || !strings.Contains(page, "上传 kc"+tag[:6]+" 第 1 版") {
		t.Errorf("save: %d %.600s", code, page)
	}
	contact := signIn(t, live.srv.URL, live.svc, "ca"+tag)
	if code, _ := contact.get("/console/forms"); code != http.StatusForbidden {
		t.Errorf("a contact sees the forms page: %d", code)
	}
}

// htmlText returns the unescaped text between from and to in a page.
func htmlText(page, from, to string) string {
	_, rest, _ := strings.Cut(page, from)
	text, _, _ := strings.Cut(rest, to)
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(text)
}
