package wecomtest

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// BotMessage is one message the bot showed a user through the gateway.
type BotMessage struct {
	Seq  int
	User string
	// Via is how it came: respond (on a message's req_id), welcome,
	// update (a card replaced), or send (proactive).
	Via string
	// MsgID is the msgid of the callback a reply answers ("" for send).
	MsgID string
	ReqID string
	// Type is stream, markdown, template_card, file or text.
	Type     string
	Text     string // a stream's or markdown's content; a card's title and body
	StreamID string
	Finished bool // a stream's last frame came
	Card     GatewayCard
	MediaID  string
}

// GatewayCard is a template card as the bot sent it.
type GatewayCard struct {
	CardType  string `json:"card_type"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc"`
	} `json:"main_title"`
	SubTitle string `json:"sub_title_text"`
	TaskID   string `json:"task_id"`
	Buttons  []struct {
		Text string `json:"text"`
		Key  string `json:"key"`
	} `json:"button_list"`
}

// record keeps what the bot sent: messages, streams and uploads.
type record struct {
	mu      sync.Mutex
	msgs    []*BotMessage
	streams map[string]*BotMessage // user + stream id → its message
	uploads map[string]*gwUpload
	media   map[string]Media
	n       int
}

type gwUpload struct {
	name, typ, md5 string
	size, total    int
	chunks         map[int][]byte
	at             time.Time
}

func (r *record) init() {
	r.streams, r.uploads, r.media = map[string]*BotMessage{}, map[string]*gwUpload{}, map[string]Media{}
}

// msgBody is the body of a respond, welcome, update or send frame.
type msgBody struct {
	ChatID   string `json:"chatid"`
	MsgType  string `json:"msgtype"`
	Response string `json:"response_type"`
	Stream   *struct {
		ID      string `json:"id"`
		Finish  bool   `json:"finish"`
		Content string `json:"content"`
	} `json:"stream"`
	Text     *struct{ Content string } `json:"text"`
	Markdown *struct{ Content string } `json:"markdown"`
	Card     *GatewayCard              `json:"template_card"`
	File     *struct {
		MediaID string `json:"media_id"`
	} `json:"file"`
}

// respond records a reply on a callback's req_id; done says it answers
// the callback (a finished stream, a card, a welcome, a file).
func (r *record) respond(cmd, user, msgID, reqID string, raw json.RawMessage) (done bool, code int, msg string) {
	var b msgBody
	if json.Unmarshal(raw, &b) != nil {
		return false, 40058, "invalid json"
	}
	via := map[string]string{"aibot_respond_msg": "respond", "aibot_respond_welcome_msg": "welcome",
		"aibot_respond_update_msg": "update"}[cmd]
	if via == "update" {
		if b.Response != "update_template_card" || b.Card == nil {
			return false, 40058, "update needs response_type update_template_card and a template_card"
		}
		r.add(&BotMessage{User: user, Via: via, MsgID: msgID, ReqID: reqID, Type: "template_card", Card: *b.Card, Text: cardText(b.Card)})
		return true, 0, "ok"
	}
	if b.MsgType == "stream" && b.Stream != nil && via == "respond" {
		if len(b.Stream.Content) > 20480 {
			return false, 40058, "content too long"
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		key := user + "\x00" + b.Stream.ID
		m := r.streams[key]
		if m == nil {
			r.n++
			m = &BotMessage{Seq: r.n, User: user, Via: via, MsgID: msgID, ReqID: reqID, Type: "stream", StreamID: b.Stream.ID}
			r.streams[key] = m
			r.msgs = append(r.msgs, m)
		} else if m.Finished {
			// A finished stream cannot change; the same last frame again
			// (a redelivered message answered again) shows nothing new.
			if b.Stream.Content == m.Text && b.Stream.Finish {
				return true, 0, "ok"
			}
			return false, 846604, "stream finished"
		}
		m.Text, m.Finished, m.ReqID = b.Stream.Content, b.Stream.Finish, reqID
		return m.Finished, 0, "ok"
	}
	m, ok := r.message(b, via == "welcome")
	if !ok {
		return false, 40058, "unsupported msgtype " + b.MsgType
	}
	m.User, m.Via, m.MsgID, m.ReqID = user, via, msgID, reqID
	r.add(m)
	return true, 0, "ok"
}

// message reads a markdown, card or file body (and text, for a welcome).
func (r *record) message(b msgBody, textOK bool) (*BotMessage, bool) {
	switch {
	case b.MsgType == "markdown" && b.Markdown != nil:
		return &BotMessage{Type: "markdown", Text: b.Markdown.Content}, true
	case b.MsgType == "text" && b.Text != nil && textOK:
		return &BotMessage{Type: "text", Text: b.Text.Content}, true
	case b.MsgType == "template_card" && b.Card != nil && len(b.Card.Buttons) > 0 && b.Card.TaskID != "":
		return &BotMessage{Type: "template_card", Card: *b.Card, Text: cardText(b.Card)}, true
	case b.MsgType == "file" && b.File != nil:
		r.mu.Lock()
		_, ok := r.media[b.File.MediaID]
		r.mu.Unlock()
		return &BotMessage{Type: "file", MediaID: b.File.MediaID}, ok
	}
	return nil, false
}

// send records a proactive message; its chatid is the user's id.
func (r *record) send(raw json.RawMessage) (int, string) {
	var b msgBody
	if json.Unmarshal(raw, &b) != nil {
		return 40058, "invalid json"
	}
	if b.ChatID == "" {
		return 93006, "invalid chatid"
	}
	m, ok := r.message(b, false)
	if !ok {
		return 40058, "unsupported msgtype " + b.MsgType
	}
	m.User, m.Via = b.ChatID, "send"
	r.add(m)
	return 0, "ok"
}

func (r *record) add(m *BotMessage) {
	r.mu.Lock()
	r.n++
	m.Seq = r.n
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func cardText(c *GatewayCard) string {
	t := c.MainTitle.Title
	if c.SubTitle != "" {
		t += "\n" + c.SubTitle
	}
	for _, b := range c.Buttons {
		t += "\n[" + b.Text + "|" + b.Key + "]"
	}
	return t
}

// upload runs the three steps of the chunked upload: init (a session for
// 30 minutes), chunks (numbered from 0, at most 512 KB, idempotent) and
// finish (the chunks merged, the MD5 checked, a media_id issued).
func (r *record) upload(cmd string, raw json.RawMessage) (any, int, string) {
	var b struct {
		Type        string `json:"type"`
		Filename    string `json:"filename"`
		TotalSize   int    `json:"total_size"`
		TotalChunks int    `json:"total_chunks"`
		MD5         string `json:"md5"`
		UploadID    string `json:"upload_id"`
		ChunkIndex  int    `json:"chunk_index"`
		Data        string `json:"base64_data"`
	}
	if json.Unmarshal(raw, &b) != nil {
		return nil, 40058, "invalid json"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch cmd {
	case "aibot_upload_media_init":
		if b.Filename == "" || b.TotalChunks < 1 || b.TotalChunks > 100 || b.TotalSize < 1 {
			return nil, 40058, "invalid upload"
		}
		id := fmt.Sprintf("upload-%d", len(r.uploads)+1)
		r.uploads[id] = &gwUpload{name: b.Filename, typ: b.Type, md5: b.MD5, size: b.TotalSize, total: b.TotalChunks,
			chunks: map[int][]byte{}, at: time.Now()}
		return map[string]any{"upload_id": id}, 0, "ok"
	case "aibot_upload_media_chunk":
		u := r.uploads[b.UploadID]
		data, err := base64.StdEncoding.DecodeString(b.Data)
		switch {
		case u == nil || time.Since(u.at) > 30*time.Minute:
			return nil, 40058, "invalid upload_id"
		case err != nil || len(data) > 512<<10 || b.ChunkIndex < 0 || b.ChunkIndex >= u.total:
			return nil, 40058, "invalid chunk"
		}
		u.chunks[b.ChunkIndex] = data
		return nil, 0, "ok"
	}
	u := r.uploads[b.UploadID]
	if u == nil || len(u.chunks) != u.total {
		return nil, 40058, "chunks missing"
	}
	var all []byte
	for i := 0; i < u.total; i++ {
		all = append(all, u.chunks[i]...)
	}
	sum := md5.Sum(all)
	if len(all) != u.size || (u.md5 != "" && !strings.EqualFold(u.md5, hex.EncodeToString(sum[:]))) {
		return nil, 40058, "md5 or size mismatch"
	}
	id := fmt.Sprintf("lcmedia-%d", len(r.media)+1)
	r.media[id] = Media{Name: u.name, Type: u.typ, Data: all}
	delete(r.uploads, b.UploadID)
	return map[string]any{"type": u.typ, "media_id": id, "created_at": fmt.Sprint(time.Now().Unix())}, 0, "ok"
}

// Messages returns what the bot showed user, in order (all users for "").
func (g *Gateway) Messages(user string) []BotMessage {
	g.rec.mu.Lock()
	defer g.rec.mu.Unlock()
	var out []BotMessage
	for _, m := range g.rec.msgs {
		if user == "" || m.User == user {
			out = append(out, *m)
		}
	}
	return out
}

// Answered returns the text of what answered the callback msgID on its
// req_id (finished streams and cards, in order), and whether anything has.
func (g *Gateway) Answered(msgID string) (string, bool) {
	var parts []string
	for _, m := range g.Messages("") {
		if m.MsgID == msgID && m.Via == "respond" && (m.Finished || m.Type != "stream") {
			parts = append(parts, m.Text)
		}
	}
	return strings.Join(parts, "\n"), len(parts) > 0
}

// Media returns a file uploaded through the chunked upload.
func (g *Gateway) Media(id string) (Media, bool) {
	g.rec.mu.Lock()
	defer g.rec.mu.Unlock()
	m, ok := g.rec.media[id]
	return m, ok
}
