package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/seedtest"
)

// seedReport builds the seed department's report from template drafts of
// every section, all confirmed.
func seedReport(t *testing.T) *bot.Report {
	t.Helper()
	r, depts := seedRound(t)
	a := depts[0].Assignment
	form, seed := seedtest.Load(t)
	a.Answers = seedtest.Answers(t, form, seed) // every answer, none skipped
	a.Ref = bot.AssignmentRef{Round: r.ID, Dept: "zfb"}
	r.Departments = []bot.Department{depts[0].Dept}
	secs := map[string]*bot.SectionState{}
	for i, s := range r.Form.Sections {
		res, err := editorial.TemplateWriter{}.Draft(context.Background(), editorial.DraftRequestFor(r, a, i))
		if err != nil {
			t.Fatal(err)
		}
		secs[s.ID] = &bot.SectionState{Section: s.ID, Current: 1, Confirmed: true, ConfirmedBy: "ed",
			Versions: []bot.SectionVersion{{N: 1, Text: res.Text, Source: "template"}}}
	}
	rep, err := editorial.BuildReport(r, a, secs, time.Date(2026, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)), false)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestDocxLayout checks the package parts and the GB/T 9704 settings.
func TestDocxLayout(t *testing.T) {
	rep := seedReport(t)
	rep.Sections[0].Text = "（一）规范流程，提升服务效能。制发文件381件。\n<script>alert(1)</script> & “引号”"
	var buf bytes.Buffer
	if err := DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml"} {
		if parts[name] == "" {
			t.Errorf("missing part %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"`,
		// The level-2 heading sentence in 楷体, the rest in 仿宋.
		`w:eastAsia="楷体_GB2312" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr><w:t xml:space="preserve">（一）规范流程，提升服务效能。</w:t>`,
		`&lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”`,
		`<w:t xml:space="preserve">2026年1月15日</w:t>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/settings.xml"], "<w:evenAndOddHeaders/>") ||
		!strings.Contains(parts["word/footer1.xml"], `<w:jc w:val="right"/>`) || !strings.Contains(parts["word/footer2.xml"], `<w:jc w:val="left"/>`) ||
		!strings.Contains(parts["word/footer1.xml"], "PAGE") || !strings.Contains(parts["word/footer1.xml"], `<w:sz w:val="28"/>`) {
		t.Error("page numbers: odd right, even left, 4号, a PAGE field")
	}
	if ReportFile(bot.Department{ID: "zfb", Name: "../区/政府办"}, "docx") != "_区_政府办-zfb.docx" {
		t.Errorf("file name: %s", ReportFile(bot.Department{ID: "zfb", Name: "../区/政府办"}, "docx"))
	}
}

// TestReportDocxRender converts the report to PDF with LibreOffice and the
// first page to PNG with pdftoppm, and checks the page is A4 with real
// content on it. .ci/run installs both tools and sets
// REPORTBOT_REQUIRE_RENDER so the test cannot skip there. With
// REPORTBOT_UPDATE_DOCS=1 it refreshes docs/report-page1.png.
func TestReportDocxRender(t *testing.T) {
	soffice, err1 := exec.LookPath("soffice")
	pdftoppm, err2 := exec.LookPath("pdftoppm")
	if err1 != nil || err2 != nil {
		if os.Getenv("REPORTBOT_REQUIRE_RENDER") != "" {
			t.Fatalf("soffice and pdftoppm are required: %v %v", err1, err2)
		}
		t.Skip("LibreOffice (soffice) or pdftoppm is not installed; .ci/run installs them")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := DOCX(&buf, seedReport(t)); err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "report.docx")
	os.WriteFile(docx, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, docx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "report.pdf")
	if out, err := exec.Command(pdftoppm, "-png", "-r", "60", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 2 {
		t.Errorf("%d pages rendered; the seed report runs to several", len(pages))
	}
	first := pages[0]
	f, err := os.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	// A4 at 60 dpi is 496 × 702 pixels.
	if w, h := b.Dx(), b.Dy(); w < 490 || w > 500 || h < 695 || h > 710 {
		t.Errorf("page is %d×%d pixels, not A4 at 60 dpi", w, h)
	}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r+g+bb < 3*0xc000 {
				ink++
			}
		}
	}
	share := float64(ink) / float64(b.Dx()*b.Dy())
	if share < 0.02 || share > 0.5 {
		t.Errorf("%.1f%% of the first page is ink: blank or broken", share*100)
	}
	// The margins are empty: nothing printed in the top 30 mm.
	top := 0
	for y := b.Min.Y; y < b.Min.Y+60*30/25; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bb, _ := img.At(x, y).RGBA(); r+g+bb < 3*0xc000 {
				top++
			}
		}
	}
	if top > 0 {
		t.Errorf("%d dark pixels inside the top margin", top)
	}
	if os.Getenv("REPORTBOT_UPDATE_DOCS") != "" {
		data, _ := os.ReadFile(first)
		if err := os.WriteFile("../../docs/report-page1.png", data, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Println("wrote docs/report-page1.png")
	}
}
