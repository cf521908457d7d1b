package export

import (
	"strings"

	"reportbot/bot"
)

// ReadSent reads a file a contact sent in chat, the same way whichever
// WeCom channel brought it (the app's callback or the AI bot's long
// connection): its text (.docx, .xlsx or .txt, told by content) for the
// turn to take as a pasted text, and, for an Excel workbook, the workbook
// itself as file (named name), for a form's table questions to read back;
// file is nil for other kinds. A workbook whose text cannot be read is
// still returned. Errors are EInvalid with the sentence to show the
// sender: a format it cannot read, or a file with no text in it.
func ReadSent(data []byte, name string) (file *bot.File, text string, err error) {
	if IsXLSX(data) {
		file = &bot.File{Name: name, Data: data}
	}
	text, err = FileText(data)
	if file != nil {
		return file, text, nil
	}
	if err != nil {
		return nil, "", err
	}
	if strings.TrimSpace(text) == "" {
		return nil, "", bot.Errorf(bot.EInvalid, "这个文件中没有读到文字，请检查后重新发送，或直接粘贴文字。")
	}
	return nil, text, nil
}
