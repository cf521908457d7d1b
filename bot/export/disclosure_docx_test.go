package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/prompts"
)

// disclosureReport is a 政府信息公开 report preview of one department whose
// tables are answered (the text parts are placeholders).
func disclosureReport(t *testing.T) *bot.Report {
	t.Helper()
	form, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]*bot.Answer{}
	for qid, text := range map[string]string{
		"t2_docs":    "行政规范性文件 5 1 25",
		"t2_license": "行政许可 120",
		"t2_enforce": "行政处罚 36\n行政强制 4",
		"t2_fees":    "行政事业性收费 12.5",
		"t3": "一、本年新收政府信息公开申请数量 58 7 0 0 1 0\n二、上年结转政府信息公开申请数量 2 0 0 0 0 0\n" +
			"（一）予以公开 20 3 0 0 1 0\n（二）部分公开（区分处理的，只计这一情形，不计其他情形） 16 1 0 0 0 0\n" +
			"5.属于三类内部事务信息 1 0 0 0 0 0\n1.本机关不掌握相关政府信息 17 2 0 0 0 0\n四、结转下年度继续办理 6 1 0 0 0 0",
		"t4": "1 0 0 0 0 0 0 0 0 0 0 0",
	} {
		q := form.Question(qid)
		grid, _, err := bot.ParseGrid(form, q, text)
		if err != nil {
			t.Fatalf("%s: %v", qid, err)
		}
		answers[qid] = &bot.Answer{QID: qid, Status: bot.Answered, Grid: grid}
	}
	if bs := bot.CheckArith(form, answers, nil); len(bs) > 0 {
		t.Fatalf("sample breaks a rule: %s", bs[0].Text(form))
	}
	r := &bot.Round{ID: "x", Title: "2025年政府信息公开工作年度报告", Year: 2025, Form: form,
		Departments: []bot.Department{{ID: "zfb", Name: "区政府办"}}}
	a := &bot.Assignment{Ref: bot.AssignmentRef{Round: "x", Dept: "zfb"}, Answers: answers}
	rep, err := editorial.BuildReport(r, a, nil, time.Date(2026, 1, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)), true)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func documentXML(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestDisclosureDocxTables: the report carries the template's tables:
// part two's four blocks with their captions, table three with its merged
// headers, grouped row labels and 总计 row, table four with two header
// levels over three, and the figures in their cells.
func TestDisclosureDocxTables(t *testing.T) {
	rep := disclosureReport(t)
	var buf bytes.Buffer
	if err := DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	doc := documentXML(t, buf.Bytes())
	if n := strings.Count(doc, "<w:tbl>"); n != 6 {
		t.Fatalf("%d tables, want 6 (four blocks of part two, tables three and four)", n)
	}
	tables := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).FindAllString(doc, -1)
	text := func(x string) string {
		var b strings.Builder
		for _, m := range regexp.MustCompile(`<w:t xml:space="preserve">([^<]*)</w:t>`).FindAllStringSubmatch(x, -1) {
			b.WriteString(m[1] + "|")
		}
		return b.String()
	}
	for i, want := range []string{
		"第二十条第（一）项|信息内容|本年制发件数|本年废止件数|现行有效件数|规章|0|0|0|行政规范性文件|5|1|25|",
		"第二十条第（五）项|信息内容|本年处理决定数量|行政许可|120|",
		"第二十条第（六）项|信息内容|本年处理决定数量|行政处罚|36|行政强制|4|",
		"第二十条第（八）项|信息内容|本年收费金额（单位：万元）|行政事业性收费|12.5|",
	} {
		if got := text(tables[i]); got != want {
			t.Errorf("table %d reads\n%s\nwant\n%s", i+1, got, want)
		}
	}
	t3 := text(tables[4])
	for _, want := range []string{
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况|自然人|法人或其他组织|总计|商业企业|科研机构|社会公益组织|法律服务机构|其他|",
		"一、本年新收政府信息公开申请数量|58|7|0|0|1|0|66|",
		"三、本年度办理结果|（一）予以公开|20|3|0|0|1|0|24|",
		"（三）不予公开|1.属于国家秘密|0|",
		"（七）总计|54|6|0|0|1|0|61|四、结转下年度继续办理|6|1|0|0|0|0|7|",
	} {
		if !strings.Contains(t3, want) {
			t.Errorf("table three lacks %q:\n%s", want, t3)
		}
	}
	// 三、本年度办理结果 is one cell merged down its 22 rows; （三）不予公开 down 8.
	if n := strings.Count(tables[4], `<w:vMerge w:val="restart"/>`); n < 7 {
		t.Errorf("table three has %d vertical merges", n)
	}
	if !strings.Contains(tables[4], `<w:gridSpan w:val="5"/>`) || !strings.Contains(tables[4], `<w:gridSpan w:val="7"/>`) {
		t.Error("table three lacks the merged 法人或其他组织 and 申请人情况 headers")
	}
	t4 := text(tables[5])
	if !strings.HasPrefix(t4, "行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉|结果维持|") ||
		!strings.HasSuffix(t4, "|1|0|0|0|1|0|0|0|0|0|0|0|0|0|0|") {
		t.Errorf("table four reads %s", t4)
	}
	if !strings.Contains(tables[5], `<w:gridSpan w:val="10"/>`) {
		t.Error("table four lacks the merged 行政诉讼 header")
	}
	if md := rep.Markdown(); !strings.Contains(md, "| （七）总计 | 54 | 6 | 0 | 0 | 1 | 0 | 61 |") && !strings.Contains(md, "三、本年度办理结果 （七）总计 | 54") {
		t.Errorf("markdown lacks table three's 总计 row:\n%s", md)
	}
}

// TestDisclosureDocxRender renders the tables' page with LibreOffice when
// it is installed; REPORTBOT_UPDATE_DOCS=1 refreshes
// docs/xxgk-tables-page*.png.
func TestDisclosureDocxRender(t *testing.T) {
	soffice, err1 := exec.LookPath("soffice")
	pdftoppm, err2 := exec.LookPath("pdftoppm")
	if err1 != nil || err2 != nil {
		t.Skip("LibreOffice (soffice) or pdftoppm is not installed")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := DOCX(&buf, disclosureReport(t)); err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "xxgk.docx")
	os.WriteFile(docx, buf.Bytes(), 0o644)
	if out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, docx).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "80", filepath.Join(dir, "xxgk.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	if os.Getenv("REPORTBOT_UPDATE_DOCS") != "" {
		for i, p := range pages[:min(3, len(pages))] {
			data, _ := os.ReadFile(p)
			name := fmt.Sprintf("../../docs/xxgk-tables-page%d.png", i+1)
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
