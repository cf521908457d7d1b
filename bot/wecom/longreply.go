package wecom

import (
	"fmt"
	"time"

	"reportbot/bot"
)

// msgLongAsFile ends the opening of a reply sent as a file.
const msgLongAsFile = "……（内容较长，共约 %d 条消息，完整内容已作为文件“%s”发送给您，请查收。）"

// LongReply turns a reply that would take parts messages (查看 of a whole
// form, a long list) into one message of at most max bytes, the reply's
// opening with a note, and a text file holding the whole reply, to be sent
// after it. Both channels use it, each with its own message size. The
// file is UTF-8 with a byte order mark, so Windows Notepad shows the
// Chinese correctly.
func LongReply(text string, parts, max int, at time.Time) (head string, file *bot.File) {
	file = &bot.File{Name: "回复全文-" + at.Format("0102-1504") + ".txt", Data: append([]byte("\ufeff"), text...)}
	note := fmt.Sprintf(msgLongAsFile, parts, file.Name)
	return SplitText(text, max-len(note)-16)[0] + "\n" + note, file
}
