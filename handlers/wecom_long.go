package handlers

import (
	"context"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// MaxReplyParts is how many text messages one reply may take. A longer
// reply (查看 of a whole form, a long list) would spend the member's 30
// messages a minute and bury the conversation, so it is sent as one text
// file instead, after a passive reply that opens it and says so.
const MaxReplyParts = 4

// replyLong answers a reply of more than MaxReplyParts messages: the file
// is queued (or sent directly without a queue), and the passive reply is
// the reply's opening with a note. It reports false when the file could
// not be queued or sent, and the reply goes out in parts as before.
func (h *WeComCallback) replyLong(user, key, text string, parts int) (string, bool) {
	short, f := wecom.LongReply(text, parts, wecom.MaxTextBytes, h.Clock.Now())
	file := []bot.Reply{{File: f}}
	switch {
	case h.Jobs != nil && key != "":
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := h.Jobs.EnqueueSend(ctx, key+":file", user, file); err != nil {
			h.Log.Error("queue a long reply as a file, sending it in parts", "user", user, "err", err)
			return "", false
		}
	case h.Messenger != nil:
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			time.Sleep(300 * time.Millisecond)
			if err := h.Messenger.Send(ctx, user, file[0]); err != nil {
				h.Log.Error("send a long reply as a file", "user", user, "err", err)
			}
		}()
	default:
		return "", false
	}
	return short, true
}
