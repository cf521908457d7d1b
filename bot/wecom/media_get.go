package wecom

import (
	"context"
	"fmt"

	"reportbot/bot"
)

// MaxFileBytes caps a file a member sends to the app for reading (a
// report is well under 1 MB as .docx).
const MaxFileBytes = 5 << 20

// Download fetches a file a member sent (media/get) through silenceper's
// work/material client; an expired or rejected token is fetched again
// once. A file over max bytes is EInvalid. silenceper reads the whole
// body, so the HTTP client's timeout bounds the transfer and max what is
// kept.
func (m *Messenger) Download(ctx context.Context, mediaID string, max int) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	for try := 0; try < 2; try++ {
		if err = ctx.Err(); err != nil {
			return nil, err
		}
		data, err = m.media.GetTempFile(mediaID)
		if code := errcode(err); (code == 40014 || code == 42001) && try == 0 {
			m.tokens.drop()
			continue
		}
		break
	}
	if err != nil {
		m.cfg.Log.Error("wecom media/get failed", "media", mediaID, "errcode", errcode(err), "err", err)
		return nil, &bot.Error{Code: bot.EUnavailable, Op: "wecom: media/get " + mediaID, Err: err}
	}
	if len(data) > max {
		return nil, TooBig(len(data), max)
	}
	return data, nil
}

// TooBig is the EInvalid error of a file over max bytes that a member
// sent, on either channel; n is its size, 0 when unknown (a transfer cut
// off at the limit).
func TooBig(n, max int) error {
	if n <= 0 {
		return bot.Errorf(bot.EInvalid, "文件太大，请发送不超过 %s 的文件，或直接粘贴文字。", size(max))
	}
	return bot.Errorf(bot.EInvalid, "文件太大（%s），请发送不超过 %s 的文件，或直接粘贴文字。", size(n), size(max))
}

// size writes a byte count for people: 5 MB, 300 KB.
func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
