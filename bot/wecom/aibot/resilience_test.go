package aibot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/aibot"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// states records the states a Client went through.
type states struct {
	mu  sync.Mutex
	all []string
}

func (s *states) add(v string) { s.mu.Lock(); s.all = append(s.all, v); s.mu.Unlock() }
func (s *states) count(v string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, x := range s.all {
		if x == v {
			n++
		}
	}
	return n
}

// TestLongConnReconnectsAfterDrop: a dropped connection is dialled and
// subscribed again, /readyz says why while it is down, and a message
// sent meanwhile is answered once the bot is back.
func TestLongConnReconnectsAfterDrop(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	var seen states
	reconnects := 0
	r := startClient(t, g, st, &echo{}, storetest.RandomID("lc"), "a", func(c *aibot.Config) {
		c.OnState = seen.add
		c.OnReconnect = func() { reconnects++ }
	})
	if !bottest.Eventually(5*time.Second, r.c.Connected) {
		t.Fatal("never connected")
	}
	if err := r.c.Ping(context.Background()); err != nil {
		t.Errorf("ready while connected: %v", err)
	}
	g.DelayAcks(0)
	g.Drop()
	id := g.Text("lisi", "断线时发的")
	if got := answer(t, g, id); got != "收到：断线时发的" {
		t.Errorf("answer after reconnect %q", got)
	}
	if g.Subscribes() != 2 || seen.count(aibot.StateBackoff) < 1 || reconnects < 1 {
		t.Errorf("subscribes %d, states %v, reconnects %d", g.Subscribes(), seen.all, reconnects)
	}
}

// TestLongConnHeartbeat: pings go every interval; when two in a row go
// unanswered the connection is taken for dead and made again.
func TestLongConnHeartbeat(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	r := startClient(t, g, st, &echo{}, storetest.RandomID("lc"), "a", func(c *aibot.Config) {
		c.Timing.Ping, c.Timing.AckWait = 200*time.Millisecond, 5*time.Second
	})
	bottest.Eventually(5*time.Second, r.c.Connected)
	if !bottest.Eventually(5*time.Second, func() bool { return g.Pings() >= 3 }) {
		t.Fatalf("pings: %d", g.Pings())
	}
	g.DelayAcks(2 * time.Second) // longer than two ping intervals
	if !bottest.Eventually(10*time.Second, func() bool { return g.Subscribes() >= 2 }) {
		t.Fatalf("a silent connection was not replaced: %d subscribes", g.Subscribes())
	}
}

// TestLongConnBadSecretBacksOff: WeCom answers 853000 and leaves the
// socket open; the client closes it, backs off, and never subscribes in
// a tight loop.
func TestLongConnBadSecretBacksOff(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	var seen states
	startClient(t, g, st, &echo{}, storetest.RandomID("lc"), "a", func(c *aibot.Config) {
		c.Secret = "wrong"
		c.OnState = seen.add
		c.Timing.BackoffMin, c.Timing.BackoffMax, c.Timing.GiveUpAfter = 100*time.Millisecond, 800*time.Millisecond, 100
	})
	start := time.Now()
	bottest.Eventually(10*time.Second, func() bool { return seen.count(aibot.StateConnecting) >= 5 })
	// Delays of at least 50, 100, 200, 400 ms (jittered halves of 100…800).
	if d := time.Since(start); d < 700*time.Millisecond {
		t.Errorf("5 subscribes in %s: a tight loop", d)
	}
	if g.Subscribes() != 0 {
		t.Errorf("subscribed with a wrong secret")
	}
}

// TestLongConnStandbyTakesOver: two replicas share the lease; one holds
// the connection and the other stands by (ready, not connected). When the
// holder dies without a word, the standby takes over within the lease's
// TTL; when the new holder is displaced from outside, it hands over and
// the first takes it back.
func TestLongConnStandbyTakesOver(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	name := storetest.RandomID("lc")
	conv := &echo{}
	a := startClient(t, g, st, conv, name, "a", nil)
	bottest.Eventually(5*time.Second, a.c.Connected)
	b := startClient(t, g, st, conv, name, "b", nil)
	if !bottest.Eventually(5*time.Second, func() bool { s, _ := b.c.State(); return s == aibot.StateStandby }) {
		t.Fatal("the second replica does not stand by")
	}
	if err := b.c.Ping(context.Background()); err != nil {
		t.Errorf("a standby is not ready: %v", err)
	}
	if owner, _, _ := a.lease.Holder(context.Background()); owner != "a" {
		t.Errorf("lease holder %q", owner)
	}
	a.c.Abandon()
	start := time.Now()
	if !bottest.Eventually(5*time.Second, b.c.Connected) {
		t.Fatal("the standby did not take over")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("takeover took %s", d)
	}
	if got := answer(t, g, g.Text("wangwu", "换人了")); got != "收到：换人了" {
		t.Errorf("answer after takeover %q", got)
	}
	// Displaced from outside: b hands over; a restarted replica takes it.
	a2 := startClient(t, g, st, conv, name, "a2", nil)
	g.Displace()
	if !bottest.Eventually(5*time.Second, a2.c.Connected) {
		s, _ := b.c.State()
		t.Fatalf("nobody took over after a displacement; b is %s", s)
	}
	if n, _ := a2.lease.Displacements(context.Background()); n != 1 {
		t.Errorf("displacements %d", n)
	}
}

// TestLongConnProactive: Send pushes markdown, cards and files (through
// the chunked upload); a card click's turn answers proactively and its
// card is updated on the click's req_id within the window; entering the
// chat gets the welcome.
func TestLongConnProactive(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	var mu sync.Mutex
	var clicked bot.Message
	conv := &echo{reply: func(m bot.Message) []bot.Reply {
		switch m.Event {
		case bot.EventEnter:
			return []bot.Reply{{Text: "欢迎回来"}, {Text: "请继续填写第 3 题"}}
		case bot.EventButton:
			mu.Lock()
			clicked = m
			mu.Unlock()
			return []bot.Reply{{Text: "已确认"}}
		}
		return []bot.Reply{{Text: "请确认", Buttons: []bot.Button{{Key: "ok", Text: "确认"}}}}
	}}
	r := startClient(t, g, st, conv, storetest.RandomID("lc"), "a", func(c *aibot.Config) {
		c.Timing.Ping, c.Timing.AckWait = 2*time.Second, 10*time.Second // big frames under -race
	})
	bottest.Eventually(5*time.Second, r.c.Connected)
	ctx := context.Background()
	data := []byte(strings.Repeat("汇总表", 150_000)) // 1.35 MB: 3 chunks
	for _, rep := range []bot.Reply{{Text: "**提醒**：请于本周内填报"}, {Text: "导出如下", File: &bot.File{Name: "汇总.xlsx", Data: data}}} {
		if err := r.c.Send(ctx, "zhaoliu", rep); err != nil {
			t.Fatal(err)
		}
	}
	msgs := g.Messages("zhaoliu")
	if len(msgs) != 3 || msgs[0].Via != "send" || msgs[0].Type != "markdown" || msgs[2].Type != "file" {
		t.Fatalf("proactive messages: %+v", msgs)
	}
	if f, ok := g.Media(msgs[2].MediaID); !ok || f.Name != "汇总.xlsx" || string(f.Data) != string(data) {
		t.Errorf("uploaded file %q %d bytes", f.Name, len(f.Data))
	}
	// A message answered with a card; a click on it.
	id := g.Text("zhaoliu", "提交")
	answer(t, g, id)
	var card wecomtest.BotMessage
	for _, m := range g.Messages("zhaoliu") {
		if m.MsgID == id {
			card = m
		}
	}
	if card.Type != "template_card" || len(card.Card.Buttons) != 1 || card.Card.TaskID == "" {
		t.Fatalf("card reply %+v", card)
	}
	click := g.Click("zhaoliu", "ok", card.Card.TaskID)
	// The Conversation gets the click as bot.EventButton with the key,
	// and a response code the Client reads back for the update.
	if !bottest.Eventually(5*time.Second, func() bool { return conv.count("card:lc:"+click+":ok") == 1 }) {
		t.Fatal("the click never reached the conversation")
	}
	// The conversation's reply is queued after the click is counted: wait
	// for it to be sent before the card is updated.
	if !bottest.Eventually(10*time.Second, func() bool { return len(g.Messages("zhaoliu")) >= 5 }) {
		t.Fatal("the reply to the click was never sent")
	}
	storetest.Drain(t, r.queue, 10*time.Second)
	mu.Lock()
	code := clicked.ResponseCode
	mu.Unlock()
	if err := r.c.UpdateCard(ctx, bot.CardUpdate{ResponseCode: code, Label: "已由赵六确认"}); err != nil {
		t.Fatal(err)
	}
	var via []string
	for _, x := range g.Messages("zhaoliu")[4:] {
		via = append(via, x.Via+":"+x.Text)
	}
	if strings.Join(via, ",") != "send:已确认,update:已由赵六确认\n[已处理|rb-noop]" {
		t.Errorf("after the click: %q", via)
	}
	// Entering the chat: the first reply is the welcome, the rest pushed.
	g.Enter("zhaoliu")
	bottest.Eventually(5*time.Second, func() bool { return len(g.Messages("zhaoliu")) >= 8 })
	storetest.Drain(t, r.queue, 10*time.Second)
	msgs = g.Messages("zhaoliu")
	if w := msgs[len(msgs)-2]; w.Via != "welcome" || w.Text != "欢迎回来" || msgs[len(msgs)-1].Text != "请继续填写第 3 题" {
		t.Errorf("welcome: %+v", msgs[len(msgs)-2:])
	}
}

// TestLongConnSendThrottled: a push WeCom answers "too frequent" is
// retried after a backoff and delivered once; a conversation at its 30
// messages a minute is refused for the job to retry later.
func TestLongConnSendThrottled(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	clock := bottest.NewClock(bottest.Monday)
	r := startClient(t, g, st, &echo{}, storetest.RandomID("lc"), "a", func(c *aibot.Config) { c.Now = clock.Now })
	bottest.Eventually(5*time.Second, r.c.Connected)
	ctx := context.Background()
	user := storetest.RandomID("u")
	g.FailSends(45009)
	if err := r.c.Send(ctx, user, bot.Reply{Text: "提醒"}); err != nil {
		t.Fatal(err)
	}
	if msgs := g.Messages(user); len(msgs) != 1 || msgs[0].Text != "提醒" {
		t.Fatalf("after a 45009: %+v", msgs)
	}
	for i := 2; i < 30; i++ { // the throttled try counted too
		if err := r.c.Send(ctx, user, bot.Reply{Text: "提醒"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if err := r.c.Send(ctx, user, bot.Reply{Text: "第 31 条"}); bot.ErrorCode(err) != bot.EUnavailable {
		t.Errorf("the 31st message in a minute: %v", err)
	}
	clock.Add(time.Minute)
	if err := r.c.Send(ctx, user, bot.Reply{Text: "下一分钟"}); err != nil {
		t.Errorf("the next minute: %v", err)
	}
}
