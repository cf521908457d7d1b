package handlers

import (
	"context"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/wecom"
)

// MediaDownloader fetches a file a member sent to the app (media/get);
// *wecom.Messenger implements it.
type MediaDownloader interface {
	Download(ctx context.Context, mediaID string, max int) ([]byte, error)
}

// fileContent downloads a file message's media and reads it with
// export.ReadSent, as the long connection reads the files it receives:
// its text (.docx, .xlsx or .txt, told by content) for the turn to take
// as a pasted text, and an Excel workbook also whole, for a form's table
// questions to read back (file is nil for other kinds). Its errors carry
// the sentence to show the sender.
func (h *WeComCallback) fileContent(ctx context.Context, in *wecom.Inbound) (file *bot.File, text string, err error) {
	if in.MediaID == "" {
		return nil, "", bot.Errorf(bot.EInvalid, "没有收到文件内容，请重新发送，或直接粘贴文字。")
	}
	data, err := h.Media.Download(ctx, in.MediaID, wecom.MaxFileBytes)
	if err != nil {
		return nil, "", err
	}
	file, text, err = export.ReadSent(data, in.MediaID+".xlsx")
	if err != nil {
		return nil, "", err
	}
	h.Log.Info("wecom file read", "user", in.FromUserName, "media", in.MediaID, "bytes", len(data), "runes", len([]rune(text)), "workbook", file != nil)
	return file, text, nil
}
