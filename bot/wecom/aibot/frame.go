// Package aibot is reportbot's second WeCom channel: the 智能机器人 (AI
// bot) in API mode over its long connection. The service dials out to
// WeCom's WebSocket gateway, subscribes with the bot's ID and secret, and
// receives and answers every message on that connection, so it needs no
// public address, callback URL, Token or EncodingAESKey.
//
// The Client turns aibot_msg_callback and aibot_event_callback frames into
// bot.Message values for a bot.Conversation (the same chat.Router the app
// callback drives), answers on the callback's req_id (a short "processing"
// stream frame first when the turn takes long), and sends proactive
// messages with aibot_send_msg. One replica at a time holds the connection,
// under a lease in Redis; the others stand by (see Client.Run).
//
// The wire format follows WeCom's document 101463 (智能机器人长连接) and
// the official SDK; where they are silent or disagree the Client takes the
// safe course, and says so where it does.
package aibot

import (
	"encoding/json"
	"fmt"
)

// DefaultURL is WeCom's long-connection gateway.
const DefaultURL = "wss://openws.work.weixin.qq.com"

// Commands on the connection. Callbacks come from WeCom; the others are
// ours, and WeCom acknowledges each with a frame that echoes its req_id
// and carries errcode and errmsg but no cmd.
const (
	CmdSubscribe    = "aibot_subscribe"
	CmdPing         = "ping"
	CmdMsgCallback  = "aibot_msg_callback"
	CmdEvtCallback  = "aibot_event_callback"
	CmdRespond      = "aibot_respond_msg"
	CmdWelcome      = "aibot_respond_welcome_msg"
	CmdUpdateCard   = "aibot_respond_update_msg"
	CmdSend         = "aibot_send_msg"
	CmdUploadInit   = "aibot_upload_media_init"
	CmdUploadChunk  = "aibot_upload_media_chunk"
	CmdUploadFinish = "aibot_upload_media_finish"
)

// Errcodes the gateway is known to answer.
const (
	ErrAuth          = 853000 // invalid bot_id or secret (subscribe)
	ErrInvalidReqID  = 846605 // a req_id expired or not valid for this command
	ErrStreamExpired = 846608 // a stream not finished within its lifetime
	ErrInvalidChatID = 93006  // aibot_send_msg to a conversation the bot cannot reach
)

// Frame is one JSON text message on the connection, either way.
type Frame struct {
	Cmd     string          `json:"cmd,omitempty"`
	Headers Headers         `json:"headers"`
	Body    json.RawMessage `json:"body,omitempty"`
	ErrCode *int            `json:"errcode,omitempty"`
	ErrMsg  string          `json:"errmsg,omitempty"`
}

// Headers carries the req_id that ties a request to its acknowledgement
// and a reply to its callback.
type Headers struct {
	ReqID string `json:"req_id"`
}

// IsAck reports whether f acknowledges a frame we sent: acks carry no
// callback cmd (WeCom's examples have no cmd at all on them).
func (f *Frame) IsAck() bool { return f.Cmd != CmdMsgCallback && f.Cmd != CmdEvtCallback }

// Err returns the ack's errcode as a *GatewayError, nil for 0.
func (f *Frame) Err(cmd string) error {
	if f.ErrCode == nil || *f.ErrCode == 0 {
		return nil
	}
	return &GatewayError{Cmd: cmd, Code: *f.ErrCode, Msg: f.ErrMsg}
}

// GatewayError is a non-zero errcode in an acknowledgement.
type GatewayError struct {
	Cmd  string
	Code int
	Msg  string
}

// Error implements error.
func (e *GatewayError) Error() string {
	return fmt.Sprintf("aibot: %s answered errcode %d (%s)", e.Cmd, e.Code, e.Msg)
}

// newFrame builds a request frame with body marshalled.
func newFrame(cmd, reqID string, body any) Frame {
	f := Frame{Cmd: cmd, Headers: Headers{ReqID: reqID}}
	if body != nil {
		f.Body, _ = json.Marshal(body)
	}
	return f
}

// Callback is the body of aibot_msg_callback and aibot_event_callback.
type Callback struct {
	MsgID      string `json:"msgid"`
	AIBotID    string `json:"aibotid"`
	ChatID     string `json:"chatid,omitempty"`   // group chats only
	ChatType   string `json:"chattype,omitempty"` // single or group
	CreateTime int64  `json:"create_time,omitempty"`
	From       struct {
		UserID string `json:"userid"`
		CorpID string `json:"corpid,omitempty"`
	} `json:"from"`
	ResponseURL string `json:"response_url,omitempty"`
	MsgType     string `json:"msgtype"`
	Text        *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
	Voice *struct {
		Content string `json:"content"` // WeCom's transcript
	} `json:"voice,omitempty"`
	Image *MediaRef `json:"image,omitempty"`
	File  *MediaRef `json:"file,omitempty"`
	Mixed *Mixed    `json:"mixed,omitempty"`
	Event *Event    `json:"event,omitempty"`
}

// Event is an event callback's event: its type and, under a key named
// after the type, its details.
type Event struct {
	Type string     `json:"eventtype"`
	Card *CardEvent `json:"template_card_event,omitempty"`
	// EventKey and TaskID directly under event are the shape the official
	// SDK's types declare; WeCom's documents and observed frames nest them
	// under template_card_event. Both are read.
	EventKey string `json:"event_key,omitempty"`
	TaskID   string `json:"task_id,omitempty"`
}

// CardEvent is a template card click.
type CardEvent struct {
	CardType string `json:"card_type"`
	EventKey string `json:"event_key"`
	TaskID   string `json:"task_id"`
}

// Event types.
const (
	EventEnterChat    = "enter_chat"
	EventCardClick    = "template_card_event"
	EventDisconnected = "disconnected_event"
	EventFeedback     = "feedback_event"
)

// subscribeBody authenticates a connection.
type subscribeBody struct {
	BotID  string `json:"bot_id"`
	Secret string `json:"secret"`
}

// Message bodies of respond, welcome and send.
type streamBody struct {
	MsgType string `json:"msgtype"` // stream
	Stream  stream `json:"stream"`
}

type stream struct {
	ID      string `json:"id"`
	Finish  bool   `json:"finish"`
	Content string `json:"content"`
}

type textBody struct {
	MsgType string `json:"msgtype"` // text (welcome only)
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

type markdownBody struct {
	ChatID   string `json:"chatid,omitempty"`
	ChatType int    `json:"chat_type,omitempty"`
	MsgType  string `json:"msgtype"` // markdown
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

type cardBody struct {
	ChatID       string       `json:"chatid,omitempty"`
	ChatType     int          `json:"chat_type,omitempty"`
	MsgType      string       `json:"msgtype"` // template_card
	TemplateCard TemplateCard `json:"template_card"`
}

type fileBody struct {
	ChatID   string `json:"chatid,omitempty"`
	ChatType int    `json:"chat_type,omitempty"`
	MsgType  string `json:"msgtype"` // file
	File     struct {
		MediaID string `json:"media_id"`
	} `json:"file"`
}

type updateBody struct {
	ResponseType string       `json:"response_type"` // update_template_card
	UserIDs      []string     `json:"userids,omitempty"`
	TemplateCard TemplateCard `json:"template_card"`
}

// TemplateCard is a button_interaction card.
type TemplateCard struct {
	CardType   string       `json:"card_type"`
	MainTitle  CardTitle    `json:"main_title"`
	SubTitle   string       `json:"sub_title_text,omitempty"`
	TaskID     string       `json:"task_id"`
	ButtonList []CardButton `json:"button_list"`
}

// CardTitle is a card's title and description.
type CardTitle struct {
	Title string `json:"title"`
	Desc  string `json:"desc,omitempty"`
}

// CardButton is one button of a card; clicking it sends Key back.
type CardButton struct {
	Text  string `json:"text"`
	Style int    `json:"style"`
	Key   string `json:"key"`
}

// Upload bodies and the bodies of their acks.
type uploadInit struct {
	Type        string `json:"type"`
	Filename    string `json:"filename"`
	TotalSize   int    `json:"total_size"`
	TotalChunks int    `json:"total_chunks"`
	MD5         string `json:"md5"`
}

type uploadChunk struct {
	UploadID   string `json:"upload_id"`
	ChunkIndex int    `json:"chunk_index"`
	Data       string `json:"base64_data"`
}

type uploadRef struct {
	UploadID string `json:"upload_id"`
}

type uploadDone struct {
	Type    string `json:"type"`
	MediaID string `json:"media_id"`
}

// chatSingle is aibot_send_msg's chat_type of a one-to-one chat. WeCom's
// example sends 1; the field's table is not published and the official
// SDK leaves it out, so it is sent only as the example shows.
const chatSingle = 1
