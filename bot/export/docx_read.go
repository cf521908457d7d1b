package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"reportbot/bot"
)

// maxDocumentXML bounds the main part of an uploaded .docx once unzipped,
// so a small upload cannot unpack into a huge one.
const maxDocumentXML = 16 << 20

// DocxText reads the text of a Word (.docx) document, one paragraph a
// line, for drafting a form from last year's report. A file that is not a
// .docx is EInvalid.
func DocxText(data []byte) (string, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", bot.Errorf(bot.EInvalid, "文件不是 Word（.docx）文档，请另存为 .docx 或纯文本（.txt）后再上传。")
	}
	var doc *zip.File
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return "", bot.Errorf(bot.EInvalid, "这个 .docx 文件里没有正文（word/document.xml）。")
	}
	rc, err := doc.Open()
	if err != nil {
		return "", bot.Errorf(bot.EInvalid, "无法打开这个 .docx 文件的正文：%v", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocumentXML))
	var out, para strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", bot.Errorf(bot.EInvalid, "这个 .docx 文件的正文无法读取：%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteString("\t")
			case "br", "cr":
				para.WriteString("\n")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteString(para.String())
				out.WriteString("\n")
				para.Reset()
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return out.String(), nil
}
