package wecomtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// wsClient is a bare WebSocket client speaking the frames by hand, so the
// fake gateway is checked against the protocol and not against our client.
type wsClient struct {
	t  *testing.T
	ws *websocket.Conn
}

type rawFrame struct {
	Cmd     string            `json:"cmd"`
	Headers map[string]string `json:"headers"`
	Body    map[string]any    `json:"body"`
	ErrCode *int              `json:"errcode"`
}

func dialGateway(t *testing.T, g *Gateway) *wsClient {
	t.Helper()
	ws, _, err := websocket.Dial(context.Background(), g.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	return &wsClient{t: t, ws: ws}
}

func (c *wsClient) send(cmd, reqID string, body any) {
	c.t.Helper()
	data, _ := json.Marshal(map[string]any{"cmd": cmd, "headers": map[string]string{"req_id": reqID}, "body": body})
	if err := c.ws.Write(context.Background(), websocket.MessageText, data); err != nil {
		c.t.Fatal(err)
	}
}

func (c *wsClient) read() rawFrame {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var f rawFrame
	json.Unmarshal(data, &f)
	return f
}

// ack reads the next frame and checks it acknowledges reqID with code.
func (c *wsClient) ack(reqID string, code int) rawFrame {
	c.t.Helper()
	f := c.read()
	if f.Cmd != "" || f.Headers["req_id"] != reqID || f.ErrCode == nil || *f.ErrCode != code {
		c.t.Fatalf("want the ack of %s with errcode %d, got %+v", reqID, code, f)
	}
	return f
}

// TestGatewayFrames: subscribe is refused with 853000 for a wrong secret
// (the socket stays open) and acknowledged for the right one; pings are
// acknowledged; callbacks made before the subscribe wait for it; a stream
// answers a message's req_id and an event's req_id refuses it (846605); a
// second subscribe displaces the first connection with disconnected_event
// and a close, and the unanswered message goes to the new one.
func TestGatewayFrames(t *testing.T) {
	g := NewGateway("bot1", "sec")
	defer g.Close()
	g.Text("u1", "你好") // waits for a connection
	a := dialGateway(t, g)
	a.send("ping", "p0", nil)
	a.ack("p0", 846609)
	a.send("aibot_subscribe", "s1", map[string]string{"bot_id": "bot1", "secret": "wrong"})
	a.ack("s1", 853000)
	a.send("aibot_subscribe", "s2", map[string]string{"bot_id": "bot1", "secret": "sec"})
	a.ack("s2", 0)
	cb := a.read()
	if cb.Cmd != "aibot_msg_callback" || cb.Body["msgtype"] != "text" || cb.Body["from"].(map[string]any)["userid"] != "u1" {
		t.Fatalf("callback %+v", cb)
	}
	a.send("ping", "p1", nil)
	a.ack("p1", 0)
	first := cb.Headers["req_id"]
	msgID := cb.Body["msgid"].(string)
	enter := g.Enter("u1")
	ev := a.read()
	if ev.Cmd != "aibot_event_callback" || ev.Body["msgid"] != enter {
		t.Fatalf("event %+v", ev)
	}
	a.send("aibot_respond_msg", ev.Headers["req_id"], map[string]any{"msgtype": "stream",
		"stream": map[string]any{"id": "x", "finish": true, "content": "不可"}})
	a.ack(ev.Headers["req_id"], 846605)
	a.send("aibot_respond_msg", first, map[string]any{"msgtype": "stream", "stream": map[string]any{"id": "s", "finish": false, "content": "处理中"}})
	a.ack(first, 0)
	if _, ok := g.Answered(msgID); ok {
		t.Error("an unfinished stream counted as an answer")
	}
	// Another connection subscribes: the first is displaced.
	b := dialGateway(t, g)
	b.send("aibot_subscribe", "s3", map[string]string{"bot_id": "bot1", "secret": "sec"})
	b.ack("s3", 0)
	if d := a.read(); d.Cmd != "aibot_event_callback" || d.Body["event"].(map[string]any)["eventtype"] != "disconnected_event" {
		t.Fatalf("displaced connection got %+v", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, _, err := a.ws.Read(ctx); err == nil {
		t.Fatal("the displaced connection stayed open")
	}
	again := b.read()
	if again.Body["msgid"] != msgID || again.Headers["req_id"] == first {
		t.Fatalf("the unanswered message was not redelivered with a new req_id: %+v", again)
	}
	b.send("aibot_respond_msg", again.Headers["req_id"], map[string]any{"msgtype": "stream",
		"stream": map[string]any{"id": "s", "finish": true, "content": "您好"}})
	b.ack(again.Headers["req_id"], 0)
	if got, ok := g.Answered(msgID); !ok || got != "您好" || g.Unanswered() != 0 || g.Subscribes() != 2 {
		t.Errorf("answer %q %v, unanswered %d, subscribes %d", got, ok, g.Unanswered(), g.Subscribes())
	}
}
