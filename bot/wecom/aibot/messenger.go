package aibot

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// Upload limits: chunks of at most 512 KB before base64, at most 100.
const (
	chunkSize = 512 << 10
	maxChunks = 100
)

// Send delivers one reply proactively with aibot_send_msg: a card when it
// has buttons, a file (uploaded in chunks first) when it carries one, else
// markdown (aibot_send_msg has no plain text type). It needs this replica
// to hold the connection: the proactive queue runs only there. Limits and
// throttling are handled as for message/send: the conversation's 30 a
// minute and 1000 an hour are counted in Redis, and a throttled send backs
// off and retries; other failures are EUnavailable, for the job to retry.
//
// WeCom delivers a proactive message only to someone who has written to
// the bot before; to anyone else it fails, and the job's retries with it.
func (c *Client) Send(ctx context.Context, user string, r bot.Reply) error {
	s := c.current()
	if s == nil {
		return &bot.Error{Code: bot.EUnavailable, Op: "aibot: send", Err: errors.New("this replica does not hold the connection")}
	}
	if r.File != nil {
		if r.Text != "" {
			if err := c.Send(ctx, user, bot.Reply{Text: r.Text}); err != nil {
				return err
			}
		}
		media, err := c.upload(ctx, s, r.File)
		if err != nil {
			return &bot.Error{Code: bot.EUnavailable, Op: "aibot: upload " + r.File.Name, Err: err}
		}
		body := fileBody{ChatID: user, ChatType: chatSingle, MsgType: "file"}
		body.File.MediaID = media
		return c.push(ctx, s, user, "file", body)
	}
	if len(r.Buttons) > 0 {
		return c.push(ctx, s, user, "template_card", cardFrame(user, r, "rb-"+cardTask(user, r)))
	}
	for _, part := range wecom.SplitText(r.Text, maxStreamBytes) {
		body := markdownBody{ChatID: user, ChatType: chatSingle, MsgType: "markdown"}
		body.Markdown.Content = part
		if err := c.push(ctx, s, user, "markdown", body); err != nil {
			return err
		}
	}
	return nil
}

// push sends one aibot_send_msg within the conversation's limits. The
// gateway's errcode for its own limits is not published; 45009 and 45033,
// WeCom's codes for "too frequent", are taken as throttling.
func (c *Client) push(ctx context.Context, s *session, user, kind string, body any) error {
	for attempt := 0; attempt < 5; attempt++ {
		ok, wait, err := c.cfg.Limiter.AllowSend(ctx, "aibot:"+user, c.cfg.Now(), wecom.PerMinute, wecom.PerHour)
		if err != nil {
			return err
		}
		if !ok {
			return &bot.Error{Code: bot.EUnavailable, Op: "aibot: send " + kind,
				Err: fmt.Errorf("conversation %s is at WeCom's message limit; retry in %s", user, wait.Round(time.Second))}
		}
		_, err = s.request(ctx, newFrame(CmdSend, s.nextID(CmdSend), body))
		var ge *GatewayError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ge) && (ge.Code == 45009 || ge.Code == 45033):
			c.log.Warn("aibot send throttled", "user", user, "errcode", ge.Code, "attempt", attempt+1)
			sleep(ctx, time.Duration(1<<attempt)*time.Second)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		default:
			if errors.As(err, &ge) && ge.Code == ErrInvalidChatID {
				c.log.Error("WeCom cannot reach this user proactively: they have not written to the bot yet, or the id is wrong",
					"user", user, "errcode", ge.Code)
			} else {
				c.log.Error("aibot send failed", "user", user, "kind", kind, "err", err)
			}
			return &bot.Error{Code: bot.EUnavailable, Op: "aibot: send " + kind, Err: err}
		}
	}
	return &bot.Error{Code: bot.EUnavailable, Op: "aibot: send " + kind, Err: errors.New("still throttled after retries")}
}

// UpdateCard greys out a clicked card with aibot_respond_update_msg, which
// WeCom takes only on the click's req_id, on the connection that received
// it, within five seconds. The update comes as a job of the holder's
// proactive queue; when the window has passed or the connection changed
// meanwhile, the card stays as it was (a second click is answered that it
// was handled) and nothing is retried, since no retry can be in time. On
// the long connection a card is updated only for the editor who clicked:
// the other editors' copies are messages in their own chats, out of reach
// of that req_id.
func (c *Client) UpdateCard(ctx context.Context, u bot.CardUpdate) error {
	ref, ok := ParseCardRef(u.ResponseCode)
	if !ok {
		return nil
	}
	s := c.current()
	if s == nil || s.id != ref.Conn {
		c.log.Info("card left as it was: the click came on another connection", "user", ref.User)
		return nil
	}
	if age := time.Since(time.UnixMilli(ref.At)); age > c.t.EventWindow {
		c.log.Info("card left as it was: the update window has passed", "user", ref.User, "age", age.Round(time.Millisecond).String())
		return nil
	}
	card := TemplateCard{CardType: "button_interaction", MainTitle: CardTitle{Title: clip(u.Label, 26)}, TaskID: ref.TaskID,
		ButtonList: []CardButton{{Text: "已处理", Style: 2, Key: noopKey}}}
	body := updateBody{ResponseType: "update_template_card", UserIDs: []string{ref.User}, TemplateCard: card}
	if _, err := s.request(ctx, newFrame(CmdUpdateCard, ref.ReqID, body)); err != nil {
		c.log.Warn("card update not taken", "user", ref.User, "err", err)
	}
	return nil
}

// upload sends a file in chunks (init, chunks, finish) and returns its
// media_id. WeCom's example numbers chunks from 1, while the official
// SDK sends 0, 1, … and works in production: chunks are numbered from 0.
// They go one at a time, since WeCom answers many concurrent chunks with
// a system error.
func (c *Client) upload(ctx context.Context, s *session, f *bot.File) (string, error) {
	n := (len(f.Data) + chunkSize - 1) / chunkSize
	if n == 0 || n > maxChunks {
		return "", fmt.Errorf("aibot: %s is %d bytes; WeCom takes 1 byte to %d MB", f.Name, len(f.Data), maxChunks*chunkSize>>20)
	}
	sum := md5.Sum(f.Data)
	ack, err := s.request(ctx, newFrame(CmdUploadInit, s.nextID(CmdUploadInit), uploadInit{Type: "file", Filename: f.Name,
		TotalSize: len(f.Data), TotalChunks: n, MD5: hex.EncodeToString(sum[:])}))
	if err != nil {
		return "", err
	}
	var ref uploadRef
	if err := json.Unmarshal(ack.Body, &ref); err != nil || ref.UploadID == "" {
		return "", fmt.Errorf("aibot: upload init answered no upload_id")
	}
	for i := 0; i < n; i++ {
		part := f.Data[i*chunkSize : min((i+1)*chunkSize, len(f.Data))]
		chunk := uploadChunk{UploadID: ref.UploadID, ChunkIndex: i, Data: base64.StdEncoding.EncodeToString(part)}
		var err error
		for try := 0; try < 3; try++ { // chunks are idempotent: a repeat is ignored
			if _, err = s.request(ctx, newFrame(CmdUploadChunk, s.nextID(CmdUploadChunk), chunk)); err == nil || errors.Is(err, errClosed) {
				break
			}
		}
		if err != nil {
			return "", err
		}
	}
	ack, err = s.request(ctx, newFrame(CmdUploadFinish, s.nextID(CmdUploadFinish), ref))
	if err != nil {
		return "", err
	}
	var done uploadDone
	if err := json.Unmarshal(ack.Body, &done); err != nil || done.MediaID == "" {
		return "", fmt.Errorf("aibot: upload finish answered no media_id")
	}
	return done.MediaID, nil
}

// cardFrame turns a reply with buttons into a template_card message: the
// first line is the title, the rest the body, at most six buttons. chatID
// is set for aibot_send_msg and empty on a reply.
func cardFrame(chatID string, r bot.Reply, taskID string) cardBody {
	first, body, _ := strings.Cut(r.Text, "\n")
	title := clip(first, 26)
	if title != first {
		body = first + "\n" + body
	}
	card := TemplateCard{CardType: "button_interaction", MainTitle: CardTitle{Title: title},
		SubTitle: clip(strings.TrimSpace(body), 1000), TaskID: taskID}
	for i, b := range r.Buttons {
		if i == 6 {
			break
		}
		style := 2
		if i == 0 {
			style = 1
		}
		card.ButtonList = append(card.ButtonList, CardButton{Text: clip(b.Text, 10), Style: style, Key: b.Key})
	}
	out := cardBody{MsgType: "template_card", TemplateCard: card}
	if chatID != "" {
		out.ChatID, out.ChatType = chatID, chatSingle
	}
	return out
}

// cardTask is a proactive card's task_id: WeCom refuses a task_id used
// before, so it is derived from the user and the card's content, as the
// app channel's is, and a job retried after a send whose ack was lost
// cannot show the card twice.
func cardTask(user string, r bot.Reply) string {
	var b strings.Builder
	b.WriteString(user + "\x00" + r.Text)
	for _, k := range r.Buttons {
		b.WriteString("\x00" + k.Key)
	}
	sum := sha1.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
