package aibot

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// MsgProcessing is the first frame of a reply that takes long.
const MsgProcessing = "正在处理，请稍候……"

// msgSeeBelow closes a "processing" frame when the answer is a card or a
// file that follows it.
const msgSeeBelow = "已处理，请查看下方消息。"

// maxStreamBytes keeps a stream's content under WeCom's 20480 bytes.
const maxStreamBytes = 20000

// maxReplyStreams is how many streams one run of text may take; a longer
// reply goes as its opening and a .txt file (wecom.LongReply), as a reply
// of more than four messages does on the app's callback.
const maxReplyStreams = 1

// serve runs one callback: a message is answered on its req_id (a file
// message once its file is read), entering the chat gets the welcome, a
// card click runs its turn and answers proactively (a click's req_id
// takes only a card update).
func (c *Client) serve(ctx context.Context, s *session, reqID string, cb *Callback, received time.Time) {
	m, kind := cb.Turn(s.id, reqID, received)
	var prepare func(context.Context, *bot.Message) error
	switch kind {
	case KindIgnore, KindDisplaced:
		return
	case KindUnsupported:
		c.refuse(ctx, s, reqID, cb, m)
		return
	case KindFile:
		if c.cfg.ReadFile == nil {
			c.refuse(ctx, s, reqID, cb, m)
			return
		}
		prepare = c.readFile(cb.Attachment(), cb.MsgID)
	}
	if c.cfg.Seen != nil {
		c.cfg.Seen(ctx, m.User)
	}
	switch m.Event {
	case bot.EventEnter:
		c.welcome(ctx, s, reqID, m, received)
	case bot.EventButton:
		c.click(ctx, m)
	default:
		c.answer(ctx, s, reqID, cb.MsgID, m, prepare)
	}
}

// refuse answers a message the bot does not read with a polite sentence.
func (c *Client) refuse(ctx context.Context, s *session, reqID string, cb *Callback, m bot.Message) {
	if cb.MsgType == "event" {
		return
	}
	text := MsgOnlyText
	if cb.ChatType == "group" {
		text = MsgOnlySingle
	}
	if _, err := s.request(ctx, newFrame(CmdRespond, reqID, streamFrame(streamID(cb.MsgID, 0), true, text))); err != nil {
		c.log.Warn("could not answer an unsupported message", "user", m.User, "err", err)
	}
}

// readFile returns what makes a file message's turn: the file downloaded
// and decrypted (Download, at most wecom.MaxFileBytes), then read by
// Config.ReadFile into the message's text and file.
func (c *Client) readFile(ref *MediaRef, msgID string) func(context.Context, *bot.Message) error {
	return func(ctx context.Context, m *bot.Message) error {
		if ref == nil {
			ref = &MediaRef{}
		}
		data, name, err := Download(ctx, c.cfg.HTTP, *ref, wecom.MaxFileBytes)
		if err != nil {
			return err
		}
		if name == "" {
			name = msgID + ".xlsx"
		}
		file, text, err := c.cfg.ReadFile(data, name)
		if err != nil {
			return err
		}
		m.Text, m.File = text, file
		c.log.Info("wecom file read", "user", m.User, "msg", m.ID, "name", name, "bytes", len(data),
			"runes", len([]rune(text)), "workbook", file != nil)
		return nil
	}
}

type turnResult struct {
	replies []bot.Reply
	err     error
}

// handle runs the turn; a failure becomes the polite sentence the user
// is shown, as on the app's callback.
func (c *Client) handle(ctx context.Context, m bot.Message) []bot.Reply {
	replies, err := c.cfg.Conv.Handle(ctx, m)
	if err != nil {
		c.log.Error("turn failed", "user", m.User, "msg", m.ID, "code", bot.ErrorCode(err), "err", err)
		return []bot.Reply{{Text: bot.ErrorMessage(err)}}
	}
	c.log.Info("turn", "user", m.User, "msg", m.ID, "event", m.Event)
	return replies
}

// answer runs a message's turn and replies on its req_id. prepare, if
// set, completes the message first (a file message's file is fetched and
// read); when it fails, its sentence is the answer and no turn runs. When
// the answer is not ready after Timing.Processing, a stream frame saying
// so goes first, and the answer then finishes that same stream. Stream
// ids are derived from the msgid, so a redelivered message's answer
// replaces the same stream rather than adding one.
func (c *Client) answer(ctx context.Context, s *session, reqID, msgID string, m bot.Message, prepare func(context.Context, *bot.Message) error) {
	res := make(chan turnResult, 1)
	go func() {
		m := m
		if prepare != nil {
			if err := prepare(ctx, &m); err != nil {
				c.log.Warn("file not read", "user", m.User, "msg", m.ID, "code", bot.ErrorCode(err), "err", err)
				res <- turnResult{replies: []bot.Reply{{Text: bot.ErrorMessage(err)}}}
				return
			}
		}
		res <- turnResult{replies: c.handle(ctx, m)}
	}()
	var out turnResult
	processing := false
	timer := time.NewTimer(c.t.Processing)
	select {
	case out = <-res:
		timer.Stop()
	case <-timer.C:
		_, err := s.request(ctx, newFrame(CmdRespond, reqID, streamFrame(streamID(msgID, 0), false, MsgProcessing)))
		processing = err == nil
		out = <-res
	}
	c.respond(ctx, s, reqID, msgID, m, out.replies, processing)
}

// respond sends a turn's replies on reqID, in order: each run of text
// replies as one finished stream, each card as a template_card, a file's
// text as a stream. The file itself and what follows it, or anything from
// a frame WeCom did not take on, goes to the outbox for proactive
// delivery, keyed by the message so a redelivery queues nothing twice.
func (c *Client) respond(ctx context.Context, s *session, reqID, msgID string, m bot.Message, replies []bot.Reply, processing bool) {
	n := 0 // streams started on this req_id
	send := func(body any) error {
		_, err := s.request(ctx, newFrame(CmdRespond, reqID, body))
		return err
	}
	for i := 0; i < len(replies); {
		r := replies[i]
		var err error
		switch {
		case r.File != nil:
			// The text goes on the req_id; the file, which needs an upload,
			// goes out proactively from a job.
			if r.Text != "" {
				if err = send(streamFrame(streamID(msgID, n), true, r.Text)); err == nil {
					n++
				}
			}
			rest := append([]bot.Reply{{File: r.File}}, replies[i+1:]...)
			if err != nil {
				rest = replies[i:]
			}
			c.fallback(ctx, m, rest, err)
			return
		case len(r.Buttons) > 0:
			if processing && n == 0 {
				if err = send(streamFrame(streamID(msgID, 0), true, msgSeeBelow)); err == nil {
					n++
				}
			}
			if err == nil {
				err = send(cardFrame("", r, "rb-"+hash(msgID, i)))
			}
		default:
			j := i
			var texts []string
			for ; j < len(replies) && replies[j].File == nil && len(replies[j].Buttons) == 0; j++ {
				texts = append(texts, replies[j].Text)
			}
			text := strings.Join(texts, "\n\n")
			parts := wecom.SplitText(text, maxStreamBytes)
			if len(parts) > maxReplyStreams {
				// Too long for the chat: its opening here, the whole
				// text as a file after it, as on the app's callback.
				head, f := wecom.LongReply(text, len(parts), maxStreamBytes, c.cfg.Now())
				rest := append([]bot.Reply{{File: f}}, replies[j:]...)
				if err = send(streamFrame(streamID(msgID, n), true, head)); err != nil {
					rest = replies[i:]
				}
				c.fallback(ctx, m, rest, err)
				return
			}
			for _, part := range parts {
				if err = send(streamFrame(streamID(msgID, n), true, part)); err != nil {
					break
				}
				n++
			}
			if err == nil {
				i = j
				continue
			}
		}
		if err != nil {
			c.fallback(ctx, m, replies[i:], err)
			return
		}
		i++
	}
	if len(replies) == 0 && processing {
		send(streamFrame(streamID(msgID, 0), true, "已收到。"))
	}
}

// welcome runs the turn of entering the chat and sends its first reply as
// the welcome, which WeCom takes only within five seconds of the event;
// the other replies, or all of them when the window has passed, go out
// proactively.
func (c *Client) welcome(ctx context.Context, s *session, reqID string, m bot.Message, received time.Time) {
	replies := c.handle(ctx, m)
	if len(replies) == 0 {
		return
	}
	rest := replies
	if first := replies[0]; first.File == nil && time.Since(received) < c.t.EventWindow {
		var body any
		if len(first.Buttons) > 0 {
			body = cardFrame("", first, "rb-"+hash(m.ID, 0))
		} else {
			t := textBody{MsgType: "text"}
			t.Text.Content = first.Text
			body = t
		}
		if _, err := s.request(ctx, newFrame(CmdWelcome, reqID, body)); err != nil {
			c.log.Warn("welcome not taken; sending it proactively", "user", m.User, "err", err)
		} else {
			rest = replies[1:]
		}
	}
	if len(rest) > 0 {
		c.fallback(ctx, m, rest, nil)
	}
}

// click runs a card click's turn. Its req_id takes only a card update
// (which the domain queues as a job, see UpdateCard), so the replies go
// out proactively.
func (c *Client) click(ctx context.Context, m bot.Message) {
	if replies := c.handle(ctx, m); len(replies) > 0 {
		c.fallback(ctx, m, replies, nil)
	}
}

// fallback queues replies for proactive delivery under the message's id.
func (c *Client) fallback(ctx context.Context, m bot.Message, replies []bot.Reply, cause error) {
	if c.isCrashed() {
		return
	}
	if cause != nil {
		c.log.Warn("reply not taken on the callback; sending it proactively", "user", m.User, "msg", m.ID, "err", cause)
	}
	if err := c.cfg.Outbox.EnqueueSend(ctx, "lc:"+m.ID, m.User, replies); err != nil {
		c.log.Error("could not queue replies for proactive delivery", "user", m.User, "msg", m.ID, "err", err)
	}
}

func streamFrame(id string, finish bool, content string) streamBody {
	return streamBody{MsgType: "stream", Stream: stream{ID: id, Finish: finish, Content: content}}
}

// streamID names the n-th stream of a message's answer.
func streamID(msgID string, n int) string { return fmt.Sprintf("rb-%s-%d", hash(msgID, 0), n) }

// hash is a short stable id for a message's part.
func hash(s string, n int) string {
	sum := sha1.Sum([]byte(fmt.Sprintf("%s\x00%d", s, n)))
	return hex.EncodeToString(sum[:10])
}
