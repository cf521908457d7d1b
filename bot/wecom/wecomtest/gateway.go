package wecomtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Gateway is a fake of WeCom's long-connection gateway for the AI bot
// (智能机器人), speaking its frames over a real WebSocket on loopback:
// aibot_subscribe with the bot's ID and secret (853000 when wrong), ping,
// aibot_msg_callback and aibot_event_callback to the bot, and the bot's
// aibot_respond_msg (streams, cards), aibot_respond_welcome_msg and
// aibot_respond_update_msg on a callback's req_id, aibot_send_msg and the
// chunked media upload, each acknowledged by req_id. A user's file
// message carries a url and an aeskey, and its file is served encrypted
// from the same loopback server (see File).
//
// Like WeCom it keeps one live connection per bot: a new subscribe
// displaces the old connection (disconnected_event, then a close after
// DisplaceDelay). Tests can drop the connection, displace it as a program
// elsewhere would, delay acknowledgements and redeliver callbacks.
// Message callbacks that a connection took but never answered are
// delivered again to the next connection, so none that WeCom delivered is
// lost; callbacks made while no connection is live wait for one.
type Gateway struct {
	BotID, Secret string
	// DisplaceDelay is how long a displaced connection stays open after
	// its disconnected_event (WeCom was seen to take seconds).
	DisplaceDelay time.Duration
	// EventWindow is how long an event's req_id takes a welcome or a card
	// update (WeCom: 5 s).
	EventWindow time.Duration
	// Now stamps callbacks' create_time (default time.Now); tests pass
	// their clock, so no turn reads the machine's date.
	Now func() time.Time

	srv *httptest.Server

	mu         sync.Mutex
	live       *gwConn
	conns      map[*gwConn]bool
	waiting    []*delivery          // callbacks waiting for a live connection
	byReq      map[string]*delivery // every delivery by req_id
	ackDelay   time.Duration
	subscribes int
	pings      int
	failSends  []int              // errcodes for the next aibot_send_msg frames
	files      map[string]*gwFile // files users sent, served encrypted
	failFiles  []int              // HTTP statuses for the next file downloads
	n          int
	rec        record
}

// delivery is one callback sent (or to be sent) to the bot.
type delivery struct {
	reqID, msgID, user, event string // event "" for a message callback
	body                      map[string]any
	conn                      *gwConn
	sentAt                    time.Time
	answered                  bool
}

type gwConn struct {
	ws         *websocket.Conn
	subscribed bool
	closed     bool
}

// NewGateway starts a fake gateway for one bot.
func NewGateway(botID, secret string) *Gateway {
	g := &Gateway{BotID: botID, Secret: secret, DisplaceDelay: 200 * time.Millisecond, EventWindow: 5 * time.Second,
		conns: map[*gwConn]bool{}, byReq: map[string]*delivery{}, files: map[string]*gwFile{}}
	g.rec.init()
	g.srv = httptest.NewServer(http.HandlerFunc(g.route))
	return g
}

// URL is the gateway's ws:// address (WECOM_BOT_WS_URL).
func (g *Gateway) URL() string { return "ws" + strings.TrimPrefix(g.srv.URL, "http") }

// Close shuts the gateway down, cutting every connection.
func (g *Gateway) Close() {
	g.mu.Lock()
	for c := range g.conns {
		c.ws.CloseNow()
	}
	g.mu.Unlock()
	g.srv.Close()
}

func (g *Gateway) accept(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(8 << 20)
	c := &gwConn{ws: ws}
	g.mu.Lock()
	g.conns[c] = true
	g.mu.Unlock()
	defer g.gone(c)
	ctx := context.Background()
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			return
		}
		var f struct {
			Cmd     string            `json:"cmd"`
			Headers map[string]string `json:"headers"`
			Body    json.RawMessage   `json:"body"`
		}
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		g.handle(c, f.Cmd, f.Headers["req_id"], f.Body)
	}
}

// gone forgets a closed connection; the message callbacks it took and
// did not answer wait for the next one.
func (g *Gateway) gone(c *gwConn) {
	g.mu.Lock()
	c.closed = true
	delete(g.conns, c)
	if g.live == c {
		g.live = nil
	}
	var again []*delivery
	for _, d := range g.byReq {
		if d.conn == c && !d.answered && d.event == "" {
			d.answered = true // this req_id is done; a new one is issued
			again = append(again, g.redelivery(d))
		}
	}
	g.mu.Unlock()
	for _, d := range again {
		g.deliver(d)
	}
}

// handle answers one frame from the bot.
func (g *Gateway) handle(c *gwConn, cmd, reqID string, body json.RawMessage) {
	if cmd == "aibot_subscribe" {
		g.subscribe(c, reqID, body)
		return
	}
	g.mu.Lock()
	subscribed := c.subscribed
	g.mu.Unlock()
	if !subscribed {
		g.ack(c, reqID, 846609, "not subscribed", nil)
		return
	}
	switch cmd {
	case "ping":
		g.mu.Lock()
		g.pings++
		g.mu.Unlock()
		g.ack(c, reqID, 0, "ok", nil)
	case "aibot_respond_msg", "aibot_respond_welcome_msg", "aibot_respond_update_msg":
		code, msg := g.reply(c, cmd, reqID, body)
		g.ack(c, reqID, code, msg, nil)
	case "aibot_send_msg":
		g.mu.Lock()
		var fail int
		if len(g.failSends) > 0 {
			fail, g.failSends = g.failSends[0], g.failSends[1:]
		}
		g.mu.Unlock()
		if fail != 0 {
			g.ack(c, reqID, fail, "injected", nil)
			return
		}
		code, msg := g.rec.send(body)
		g.ack(c, reqID, code, msg, nil)
	case "aibot_upload_media_init", "aibot_upload_media_chunk", "aibot_upload_media_finish":
		res, code, msg := g.rec.upload(cmd, body)
		g.ack(c, reqID, code, msg, res)
	default:
		g.ack(c, reqID, 40058, "unknown cmd", nil)
	}
}

func (g *Gateway) subscribe(c *gwConn, reqID string, body json.RawMessage) {
	var b struct {
		BotID  string `json:"bot_id"`
		Secret string `json:"secret"`
	}
	json.Unmarshal(body, &b)
	if b.BotID != g.BotID || b.Secret != g.Secret {
		// WeCom answers and leaves the socket open; the client must close.
		g.ack(c, reqID, 853000, "invalid bot_id or secret", nil)
		return
	}
	g.mu.Lock()
	old := g.live
	c.subscribed = true
	g.live = c
	g.subscribes++
	queued := g.waiting
	g.waiting = nil
	g.mu.Unlock()
	g.ack(c, reqID, 0, "ok", nil)
	if old != nil && old != c {
		g.displace(old)
	}
	for _, d := range queued {
		g.deliver(d)
	}
}

// displace tells a connection another has taken the bot, then closes it.
func (g *Gateway) displace(c *gwConn) {
	ev := map[string]any{"msgid": randomHex(), "create_time": time.Now().Unix(), "aibotid": g.BotID, "msgtype": "event",
		"event": map[string]any{"eventtype": "disconnected_event"}}
	g.write(c, map[string]any{"cmd": "aibot_event_callback", "headers": map[string]string{"req_id": randomHex()}, "body": ev})
	time.AfterFunc(g.DisplaceDelay, func() { c.ws.Close(websocket.StatusNormalClosure, "displaced") })
}

// ack answers a frame, after the delay DelayAcks set.
func (g *Gateway) ack(c *gwConn, reqID string, code int, msg string, body any) {
	f := map[string]any{"headers": map[string]string{"req_id": reqID}, "errcode": code, "errmsg": msg}
	if body != nil {
		f["body"] = body
	}
	g.mu.Lock()
	delay := g.ackDelay
	g.mu.Unlock()
	if delay > 0 {
		time.AfterFunc(delay, func() { g.write(c, f) })
		return
	}
	g.write(c, f)
}

func (g *Gateway) write(c *gwConn, f any) error {
	data, _ := json.Marshal(f)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, data)
}

// reply records a reply on a callback's req_id: WeCom takes a stream or a
// card on a message's req_id (for 24 hours), a welcome only on
// enter_chat's and an update only on a card click's, within five seconds.
func (g *Gateway) reply(c *gwConn, cmd, reqID string, body json.RawMessage) (int, string) {
	g.mu.Lock()
	d := g.byReq[reqID]
	window := g.EventWindow
	g.mu.Unlock()
	if d == nil {
		return 846605, "invalid req_id"
	}
	fresh := time.Since(d.sentAt) <= window
	switch {
	case cmd == "aibot_respond_msg" && d.event != "":
		return 846605, "invalid req_id"
	case cmd == "aibot_respond_welcome_msg" && (d.event != "enter_chat" || !fresh):
		return 846605, "invalid req_id"
	case cmd == "aibot_respond_update_msg" && (d.event != "template_card_event" || !fresh):
		return 846605, "invalid req_id"
	}
	done, code, msg := g.rec.respond(cmd, d.user, d.msgID, reqID, body)
	if done && code == 0 {
		g.mu.Lock()
		d.answered = true
		g.mu.Unlock()
	}
	return code, msg
}

// DelayAcks delays every acknowledgement by d (0: none).
func (g *Gateway) DelayAcks(d time.Duration) {
	g.mu.Lock()
	g.ackDelay = d
	g.mu.Unlock()
}

// FailSends makes the next aibot_send_msg frames answer these errcodes,
// in order (45009 too frequent…).
func (g *Gateway) FailSends(codes ...int) {
	g.mu.Lock()
	g.failSends = append(g.failSends, codes...)
	g.mu.Unlock()
}

// Drop cuts the live connection without a closing handshake, as a network
// failure would.
func (g *Gateway) Drop() {
	g.mu.Lock()
	c := g.live
	g.mu.Unlock()
	if c != nil {
		c.ws.CloseNow()
	}
}

// Displace takes the bot from the live connection as a program elsewhere
// subscribing with the same ID would: disconnected_event, then a close
// after DisplaceDelay. Callbacks wait until the bot subscribes again.
func (g *Gateway) Displace() {
	g.mu.Lock()
	c := g.live
	g.live = nil
	g.mu.Unlock()
	if c != nil {
		g.displace(c)
	}
}

// Live reports whether a subscribed connection holds the bot.
func (g *Gateway) Live() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.live != nil
}

// Unanswered counts the message callbacks not answered yet: waiting for
// a connection, or taken by one and not answered on their req_id.
func (g *Gateway) Unanswered() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := len(g.waiting)
	for _, d := range g.byReq {
		if d.event == "" && !d.answered {
			n++
		}
	}
	return n
}

// Subscribes counts successful subscribes.
func (g *Gateway) Subscribes() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.subscribes
}

// Pings counts the heartbeats answered.
func (g *Gateway) Pings() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pings
}

// Text sends the bot a text message from user in their single chat and
// returns its msgid.
func (g *Gateway) Text(user, content string) string {
	id := randomHex()
	g.deliver(g.callback(user, id, "", map[string]any{"msgtype": "text", "text": map[string]any{"content": content}}))
	return id
}

// Enter sends the enter_chat event (the user opens the bot's chat) and
// returns its msgid.
func (g *Gateway) Enter(user string) string {
	id := randomHex()
	g.deliver(g.callback(user, id, "enter_chat", map[string]any{"msgtype": "event",
		"event": map[string]any{"eventtype": "enter_chat"}}))
	return id
}

// Click sends a template_card_event for a button of a card and returns
// its msgid.
func (g *Gateway) Click(user, key, taskID string) string {
	id := randomHex()
	g.deliver(g.callback(user, id, "template_card_event", map[string]any{"msgtype": "event",
		"event": map[string]any{"eventtype": "template_card_event", "template_card_event": map[string]any{
			"card_type": "button_interaction", "event_key": key, "task_id": taskID}}}))
	return id
}

// Redeliver sends a callback again, with its msgid and a new req_id, as
// WeCom may.
func (g *Gateway) Redeliver(msgID string) {
	g.mu.Lock()
	var d *delivery
	for _, x := range g.byReq {
		if x.msgID == msgID {
			d = x
			break
		}
	}
	g.mu.Unlock()
	if d != nil {
		g.deliver(g.redelivery(d))
	}
}

func (g *Gateway) callback(user, msgID, event string, fields map[string]any) *delivery {
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	body := map[string]any{"msgid": msgID, "aibotid": g.BotID, "chattype": "single", "create_time": now().Unix(),
		"from": map[string]any{"userid": user}}
	for k, v := range fields {
		body[k] = v
	}
	return &delivery{msgID: msgID, user: user, event: event, body: body}
}

func (g *Gateway) redelivery(d *delivery) *delivery {
	return &delivery{msgID: d.msgID, user: d.user, event: d.event, body: d.body}
}

// deliver sends a callback to the live connection, or keeps it for the
// next one.
func (g *Gateway) deliver(d *delivery) {
	g.mu.Lock()
	c := g.live
	if c == nil {
		g.waiting = append(g.waiting, d)
		g.mu.Unlock()
		return
	}
	g.n++
	d.reqID, d.conn, d.sentAt = randomHex(), c, time.Now()
	g.byReq[d.reqID] = d
	g.mu.Unlock()
	cmd := "aibot_msg_callback"
	if d.event != "" {
		cmd = "aibot_event_callback"
	}
	if err := g.write(c, map[string]any{"cmd": cmd, "headers": map[string]string{"req_id": d.reqID}, "body": d.body}); err != nil {
		g.gone(c) // a broken connection: the callback waits for the next
	}
}

func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
