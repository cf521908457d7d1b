package aibot

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"reportbot/bot"
)

// Kind is what the Client does with a callback.
type Kind int

// Callback kinds.
const (
	KindIgnore      Kind = iota // unknown or unneeded: nothing is done
	KindTurn                    // a conversation turn
	KindUnsupported             // an image, a video, a group chat: a polite sentence
	KindDisplaced               // disconnected_event: another connection took the bot
	// KindFile is a turn whose text (and workbook) come from the file the
	// message carries (Callback.Attachment), once downloaded and read.
	KindFile
)

// MsgOnlySingle is the answer in a group chat: reportbot's conversations
// are one to one.
const MsgOnlySingle = "请在与我的单聊中发送消息，我会逐项协助您填报。"

// MsgOnlyText is the answer to images, videos and the like, and to files
// when the Client has no ReadFile.
const MsgOnlyText = "目前仅支持文字消息，请直接输入文字回复。"

// noopKey is the key of the single button an updated card keeps; a click
// on it does nothing.
const noopKey = "rb-noop"

// Turn maps a callback to a conversation turn. msgid is WeCom's unique id
// of the callback and names the turn (prefixed, so ids of the two channels
// never meet); a redelivered callback carries the same msgid and so finds
// the turn's marker. reqID and conn identify a card click for a later
// update of that card (see CardRef).
func (cb *Callback) Turn(conn, reqID string, received time.Time) (bot.Message, Kind) {
	m := bot.Message{User: cb.From.UserID, At: received}
	if cb.CreateTime > 0 {
		m.At = time.Unix(cb.CreateTime, 0)
	}
	if cb.MsgType == "event" && cb.Event != nil && cb.Event.Type == EventDisconnected {
		return m, KindDisplaced
	}
	if m.User == "" || cb.MsgID == "" {
		return m, KindIgnore
	}
	if cb.ChatType == "group" {
		return m, KindUnsupported
	}
	switch cb.MsgType {
	case "text":
		if cb.Text == nil {
			return m, KindIgnore
		}
		m.ID, m.Text = "lc:"+cb.MsgID, cb.Text.Content
		return m, KindTurn
	case "voice":
		// WeCom sends the transcript of a voice message: it is read as
		// what the contact said.
		if cb.Voice == nil || strings.TrimSpace(cb.Voice.Content) == "" {
			return m, KindUnsupported
		}
		m.ID, m.Text = "lc:"+cb.MsgID, cb.Voice.Content
		return m, KindTurn
	case "file", "mixed":
		// A file is read into the turn by the Client; a mixed message
		// carrying no file is text with images, not read.
		if cb.Attachment() == nil {
			return m, KindUnsupported
		}
		m.ID = "lc:" + cb.MsgID
		return m, KindFile
	case "image", "video":
		return m, KindUnsupported
	case "event":
		if cb.Event == nil {
			return m, KindIgnore
		}
		switch cb.Event.Type {
		case EventEnterChat:
			m.ID, m.Event = "enter:lc:"+cb.MsgID, bot.EventEnter
			return m, KindTurn
		case EventCardClick:
			key, task := cb.Event.EventKey, cb.Event.TaskID
			if c := cb.Event.Card; c != nil {
				key, task = c.EventKey, c.TaskID
			}
			if key == "" || key == noopKey {
				return m, KindIgnore
			}
			m.ID, m.Event, m.Text = "card:lc:"+cb.MsgID+":"+key, bot.EventButton, key
			m.ResponseCode = CardRef{Conn: conn, ReqID: reqID, TaskID: task, User: m.User, At: received.UnixMilli()}.Encode()
			return m, KindTurn
		}
	}
	return m, KindIgnore
}

// CardRef is what a card update over the long connection needs: the click
// event's req_id on the connection that received it, within five seconds
// of the click. It travels in bot.Message.ResponseCode and
// bot.CardUpdate.ResponseCode, so the domain passes it along unchanged as
// it does the app's response_code.
type CardRef struct {
	Conn   string `json:"c"` // the connection (one subscribe) the click came on
	ReqID  string `json:"r"`
	TaskID string `json:"t"`
	User   string `json:"u"`
	At     int64  `json:"a"` // when the click was received, Unix ms
}

// cardRefPrefix marks a response code as the long connection's.
const cardRefPrefix = "aibot:"

// Encode writes the reference as a response code.
func (r CardRef) Encode() string {
	b, _ := json.Marshal(r)
	return cardRefPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// ParseCardRef reads a response code written by Encode; ok is false for
// any other code (the app channel's).
func ParseCardRef(code string) (CardRef, bool) {
	var r CardRef
	rest, ok := strings.CutPrefix(code, cardRefPrefix)
	if !ok {
		return r, false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || json.Unmarshal(b, &r) != nil || r.ReqID == "" {
		return r, false
	}
	return r, true
}

// IsCardRef reports whether a response code belongs to the long connection.
func IsCardRef(code string) bool { return strings.HasPrefix(code, cardRefPrefix) }
