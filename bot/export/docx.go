package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"reportbot/bot"
)

// DOCX writes a report as a Word document laid out as Chinese official
// documents are (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm,
// left 28 mm, right 26 mm; the title in 2号 方正小标宋简体, centred; body
// text in 3号 仿宋_GB2312 at a fixed 28-point line spacing with a
// two-character first-line indent; level-1 headings (一、) in 黑体,
// level-2 headings (（一）) in 楷体_GB2312; page numbers in 4号 半角 digits
// between dashes, at the outer edge (right on odd pages, left on even).
// The package is written by hand from a small authored template: no
// third-party Word library is needed.
func DOCX(w io.Writer, rep *bot.Report) error {
	z := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", fmt.Sprintf(coreProps, esc(rep.Title))},
		{"docProps/app.xml", appProps},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"word/footer1.xml", footer("right", "ind w:right=\"320\"")},
		{"word/footer2.xml", footer("left", "ind w:left=\"320\"")},
		{"word/document.xml", document(rep)},
	}
	for _, f := range files {
		fw, err := z.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// Page geometry in twentieths of a point (1 mm = 56.7).
const (
	pageW, pageH            = 11906, 16838 // A4
	marTop, marBottom       = 2098, 1984   // 37 mm, 35 mm
	marLeft, marRight       = 1588, 1474   // 28 mm, 26 mm
	lineExact               = 560          // 28 pt
	sizeTitle, sizeBody     = 44, 32       // half-points: 2号 22 pt, 3号 16 pt
	sizePageNo              = 28           // 4号 14 pt
	fontTitle, fontBody     = "方正小标宋简体", "仿宋_GB2312"
	fontHeading1, fontHead2 = "黑体", "楷体_GB2312"
	fontLatin               = "Times New Roman"
)

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is one run of text in a font and size (half-points).
func run(text, font string, size int, bold bool) string {
	b := ""
	if bold {
		b = "<w:b/>"
	}
	return fmt.Sprintf(`<w:r><w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`,
		fontLatin, fontLatin, font, fontLatin, b, size, size, esc(text))
}

// para is a paragraph of a style with runs.
func para(style, props string, runs ...string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="%s"/>%s</w:pPr>%s</w:p>`, style, props, strings.Join(runs, ""))
}

var level2 = regexp.MustCompile(`^（[一二三四五六七八九十]+）`)

// bodyParagraph writes one paragraph of section text: a leading
// （一）heading。 sentence in 楷体, the rest in 仿宋.
func bodyParagraph(p string) string {
	if level2.MatchString(p) {
		head, rest, found := strings.Cut(p, "。")
		if found && len([]rune(head)) <= 40 {
			return para("BodyText", "", run(head+"。", fontHead2, sizeBody, false), run(rest, fontBody, sizeBody, false))
		}
		return para("BodyText", "", run(p, fontHead2, sizeBody, false))
	}
	return para("BodyText", "", run(p, fontBody, sizeBody, false))
}

func document(rep *bot.Report) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if rep.Preview {
		b.WriteString(para("BodyText", `<w:ind w:firstLineChars="0" w:firstLine="0"/>`, run(bot.PreviewNote, fontBody, sizeBody, true)))
	}
	b.WriteString(para("ReportTitle", "", run(rep.Title, fontTitle, sizeTitle, false)))
	b.WriteString(para("BodyText", `<w:ind w:firstLineChars="0" w:firstLine="0"/>`))
	if rep.Opening != "" {
		b.WriteString(bodyParagraph(rep.Opening))
	}
	for _, s := range rep.Sections {
		b.WriteString(para("Heading1", "", run(s.Number+"、"+s.Heading, fontHeading1, sizeBody, false)))
		for _, p := range s.Paragraphs() {
			b.WriteString(bodyParagraph(p))
		}
		for _, t := range s.Tables {
			b.WriteString(tableXML(t))
		}
	}
	// Signature block: two blank lines, then the department and the date
	// on the right, four characters in from the edge.
	b.WriteString(para("BodyText", "") + para("BodyText", ""))
	b.WriteString(para("Signature", "", run(rep.Dept, fontBody, sizeBody, false)))
	b.WriteString(para("Signature", "", run(bot.FormatDate(rep.Date), fontBody, sizeBody, false)))
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/>`+
		`<w:pgNumType w:start="1"/><w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr></w:body></w:document>`,
		pageW, pageH, marTop, marRight, marBottom, marLeft, lineExact)
	return b.String()
}

// footer is a page-number footer: "— 1 —" aligned to one side.
func footer(align, indent string) string {
	num := func(t string) string {
		return fmt.Sprintf(`<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="%d"/></w:rPr>%s</w:r>`, sizePageNo, t)
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="` + align + `"/><w:` + indent + `/></w:pPr>` +
		num(`<w:t xml:space="preserve">— </w:t>`) + num(`<w:fldChar w:fldCharType="begin"/>`) + num(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) +
		num(`<w:fldChar w:fldCharType="separate"/>`) + num(`<w:t>1</w:t>`) + num(`<w:fldChar w:fldCharType="end"/>`) + num(`<w:t xml:space="preserve"> —</w:t>`) +
		`</w:p></w:ftr>`
}

var styles = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:eastAsia="%[2]s" w:cs="%[1]s"/><w:kern w:val="2"/><w:sz w:val="%[3]d"/><w:szCs w:val="%[3]d"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:line="%[4]d" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:eastAsia="%[2]s"/><w:sz w:val="%[3]d"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ReportTitle"><w:name w:val="Report Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:line="%[7]d" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="%[5]s"/><w:sz w:val="%[6]d"/><w:szCs w:val="%[6]d"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="%[8]s"/><w:sz w:val="%[3]d"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="right"/><w:ind w:right="1280"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:style>
</w:styles>`, fontLatin, fontBody, sizeBody, lineExact, fontTitle, sizeTitle, 700, fontHeading1)

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>`

const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

const coreProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title><dc:creator>reportbot</dc:creator></cp:coreProperties>`

const appProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>reportbot</Application></Properties>`

// ReportFile names a department's report file: the department's name,
// made safe for any file system, and its id.
func ReportFile(d bot.Department, ext string) string {
	return cleanName(d.Name, "部门") + "-" + d.ID + "." + ext
}

// cleanName keeps a name usable as a file name: no path separators, no
// characters Windows refuses, no leading dots (so "../" cannot escape).
func cleanName(s, fallback string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, s)
	name = strings.Trim(name, ". ")
	if name == "" {
		return fallback
	}
	return name
}

// Zip writes a round's package: the Excel export and, for every
// department whose report is complete, its .docx and .md. missing lists
// the departments left out.
func Zip(w io.Writer, r *bot.Round, depts []Dept, reports map[string]*bot.Report, names Namer) (missing []string, err error) {
	z := zip.NewWriter(w)
	xw, err := z.Create(cleanName(r.Title, r.ID) + ".xlsx")
	if err != nil {
		return nil, err
	}
	if err := XLSX(xw, r, depts, names); err != nil {
		return nil, err
	}
	for _, d := range r.Departments {
		rep := reports[d.ID]
		if rep == nil {
			missing = append(missing, d.Name)
			continue
		}
		fw, err := z.Create("报告/" + ReportFile(d, "docx"))
		if err != nil {
			return nil, err
		}
		if err := DOCX(fw, rep); err != nil {
			return nil, err
		}
		mw, err := z.Create("报告/" + ReportFile(d, "md"))
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(mw, rep.Markdown()); err != nil {
			return nil, err
		}
		if audit := rep.AuditMarkdown(); audit != "" {
			// What the editors kept although no answer supports it.
			aw, err := z.Create("报告/" + strings.TrimSuffix(ReportFile(d, "md"), ".md") + "-数据核验记录.md")
			if err != nil {
				return nil, err
			}
			if _, err := io.WriteString(aw, audit); err != nil {
				return nil, err
			}
		}
	}
	return missing, z.Close()
}
