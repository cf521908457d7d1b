package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
	"reportbot/bot/seedtest"
)

// TestFileReadSent: what either WeCom channel hands the turn for a file
// sent in chat: a workbook as text and as the file, a Word report or a
// text as text only, and a clear sentence for what cannot be read.
func TestFileReadSent(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"制发文件", "381件"})
	var xlsx bytes.Buffer
	if err := f.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	file, text, err := ReadSent(xlsx.Bytes(), "统计表.xlsx")
	if err != nil || file == nil || file.Name != "统计表.xlsx" || !bytes.Equal(file.Data, xlsx.Bytes()) || text != "制发文件 381件\n" {
		t.Errorf("xlsx: %v %v %q", err, file, text)
	}
	file, text, err = ReadSent(seedtest.Docx(t, seedtest.Report), "报告.docx")
	if err != nil || file != nil || !strings.Contains(text, "381") {
		t.Errorf("docx: %v %v %d runes", err, file, len([]rune(text)))
	}
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("%PDF-1.7\x00\x01binary"), "目前支持 Word（.docx）"},
		{[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old"), "旧版 Word/Excel"},
		{[]byte("\ufeff \r\n\t\n"), "没有读到文字"},
	} {
		if file, text, err := ReadSent(c.data, "x"); bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), c.want) || file != nil || text != "" {
			t.Errorf("%q: %v %v %q, want %q", c.data[:4], err, file, text, c.want)
		}
	}
}
