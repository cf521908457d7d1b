package seedtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// Docx builds a minimal Word document (.docx) holding text, one paragraph
// a line, as a contact would send the report: Docx(tb, Report) is the seed
// report as a file.
func Docx(tb testing.TB, text string) []byte {
	tb.Helper()
	var doc bytes.Buffer
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, line := range strings.Split(text, "\n") {
		doc.WriteString("<w:p><w:r><w:t xml:space=\"preserve\">")
		xml.EscapeText(&doc, []byte(line))
		doc.WriteString("</w:t></w:r></w:p>")
	}
	doc.WriteString("</w:body></w:document>")
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, part := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/document.xml", doc.String()},
	} {
		w, err := z.Create(part[0])
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, part[1])
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
