package export

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"reportbot/bot"
)

// maxSheetCells bounds how many cells of a workbook are read.
const maxSheetCells = 20000

// FileText reads the text of a file a contact sent: a Word document
// (.docx), a workbook (.xlsx, one row a line, cells apart by spaces) or a
// plain text in UTF-8 or GBK. The type is told from the content, not the
// name; anything else (.doc, .pdf, images) is EInvalid with a sentence
// saying what to send instead.
func FileText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", unsupported()
		}
		for _, f := range z.File {
			switch f.Name {
			case "word/document.xml":
				return DocxText(data)
			case "xl/workbook.xml":
				return xlsxText(data)
			}
		}
		return "", unsupported()
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return "", bot.Errorf(bot.EInvalid, "这是旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx、.xlsx 或 .txt 后再发送，或直接粘贴文字。")
	}
	text := data
	if !utf8.Valid(text) {
		dec, err := simplifiedchinese.GBK.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return "", unsupported()
		}
		text = dec
	}
	s := strings.TrimPrefix(string(text), "\uFEFF")
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", unsupported()
		}
	}
	return strings.ReplaceAll(s, "\r\n", "\n"), nil
}

func unsupported() error {
	return bot.Errorf(bot.EInvalid, "这个文件无法读取。目前支持 Word（.docx）、Excel（.xlsx）和纯文本（.txt）文件，也可以直接粘贴文字。")
}

// xlsxText reads every sheet's rows, one row a line.
func xlsxText(data []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return "", unsupported()
	}
	defer f.Close()
	var b strings.Builder
	cells := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return "", unsupported()
		}
		for _, row := range rows {
			cells += len(row)
			if cells > maxSheetCells {
				return b.String(), nil
			}
			line := strings.TrimSpace(strings.Join(row, " "))
			if line != "" {
				b.WriteString(line + "\n")
			}
		}
	}
	return b.String(), nil
}

// IsXLSX reports whether data is an Excel workbook (.xlsx): a zip
// package holding xl/workbook.xml.
func IsXLSX(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}
