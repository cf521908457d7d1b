package wecom

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	"reportbot/bot"
)

// Inbound is a decrypted callback message or event of a self-built app.
type Inbound struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
	MsgID        string `xml:"MsgId"`
	AgentID      string `xml:"AgentID"`
	Event        string `xml:"Event"`
	EventKey     string `xml:"EventKey"`
	TaskID       string `xml:"TaskId"`
	ResponseCode string `xml:"ResponseCode"`
	// MediaID is a file message's media_id, for media/get.
	MediaID string `xml:"MediaId"`
}

// ParseInbound decodes a decrypted message.
func ParseInbound(plain []byte) (*Inbound, error) {
	var in Inbound
	if err := xml.Unmarshal(plain, &in); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if in.FromUserName == "" || in.MsgType == "" {
		return nil, fmt.Errorf("%w: no sender or type", ErrMalformed)
	}
	return &in, nil
}

// Kind is what reportbot does with an inbound message.
type Kind int

// Inbound kinds.
const (
	KindIgnore      Kind = iota // unknown events: acknowledged, nothing done
	KindTurn                    // a conversation turn
	KindUnsupported             // image, voice, video…: a polite sentence
	KindFile                    // a file: downloaded and read as a pasted text
)

// MsgOnlyText is the reply to media messages.
const MsgOnlyText = "目前仅支持文字消息，请直接输入文字回复。"

// Turn maps the message to a conversation turn. Text keeps WeCom's MsgId;
// events have none, so user+CreateTime (and the button key) make the id
// that retries of the same event share.
func (in *Inbound) Turn() (bot.Message, Kind) {
	m := bot.Message{User: in.FromUserName, At: time.Unix(in.CreateTime, 0)}
	eventID := in.FromUserName + ":" + strconv.FormatInt(in.CreateTime, 10)
	switch in.MsgType {
	case "text":
		m.ID, m.Text = in.MsgID, in.Content
		if m.ID == "" {
			m.ID = eventID
		}
		return m, KindTurn
	case "file":
		m.ID = in.MsgID
		if m.ID == "" {
			m.ID = "file:" + eventID
		}
		return m, KindFile
	case "image", "voice", "video", "location", "link":
		return m, KindUnsupported
	case "event":
		switch in.Event {
		case "enter_agent":
			m.ID, m.Event = "enter:"+eventID, bot.EventEnter
			return m, KindTurn
		case "template_card_event":
			m.ID, m.Event, m.Text, m.ResponseCode = "card:"+eventID+":"+in.EventKey, bot.EventButton, in.EventKey, in.ResponseCode
			return m, KindTurn
		}
	}
	return m, KindIgnore
}

// replyText is a passive text reply's shape as encoding/xml writes it;
// PassiveText writes the same bytes by hand.
type replyText struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Content      cdata    `xml:"Content"`
}

// PassiveText builds the plaintext XML of a passive text reply from the
// app (corpID) to user.
// It is written by hand, byte for byte as encoding/xml encodes replyText
// (TestPassiveTextIsEncodingXML).
func PassiveText(corpID, user, text string, at time.Time) []byte {
	b := make([]byte, 0, len(corpID)+len(user)+len(text)+160)
	b = append(b, "<xml>"...)
	b = appendElem(b, "ToUserName", user, true)
	b = appendElem(b, "FromUserName", corpID, true)
	b = appendElem(b, "CreateTime", strconv.FormatInt(at.Unix(), 10), false)
	b = appendElem(b, "MsgType", "text", true)
	b = appendElem(b, "Content", text, true)
	return append(b, "</xml>"...)
}

// MaxTextBytes is WeCom's limit for one text message's content.
const MaxTextBytes = 2048

// SplitText cuts text into parts of at most max bytes, at paragraph
// breaks where possible, else at line breaks, else at a rune boundary.
func SplitText(text string, max int) []string {
	var parts []string
	for len(text) > max {
		cut := lastIndexBefore(text, "\n\n", max)
		if cut <= 0 {
			cut = lastIndexBefore(text, "\n", max)
		}
		if cut <= 0 {
			cut = max
			for cut > 0 && !runeStart(text[cut]) {
				cut--
			}
		}
		parts = append(parts, text[:cut])
		text = trimLeadingNewlines(text[cut:])
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

func lastIndexBefore(s, sep string, max int) int {
	if max > len(s) {
		max = len(s)
	}
	return bytes.LastIndex([]byte(s[:max]), []byte(sep))
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }

func trimLeadingNewlines(s string) string {
	for len(s) > 0 && s[0] == '\n' {
		s = s[1:]
	}
	return s
}
