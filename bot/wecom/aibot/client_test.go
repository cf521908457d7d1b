package aibot_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/aibot"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// echo is a conversation that answers "收到：" and the text, counting the
// turns by message id; a text starting with 慢 takes slow.
type echo struct {
	mu    sync.Mutex
	turns map[string]int
	slow  time.Duration
	reply func(m bot.Message) []bot.Reply
}

func (e *echo) Handle(ctx context.Context, m bot.Message) ([]bot.Reply, error) {
	e.mu.Lock()
	if e.turns == nil {
		e.turns = map[string]int{}
	}
	e.turns[m.ID]++
	e.mu.Unlock()
	if strings.HasPrefix(m.Text, "慢") {
		time.Sleep(e.slow)
	}
	if e.reply != nil {
		return e.reply(m), nil
	}
	return []bot.Reply{{Text: "收到：" + m.Text}}, nil
}

func (e *echo) count(id string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.turns[id]
}

// rig is one replica's Client over the fake gateway and the test Redis.
type rig struct {
	c      *aibot.Client
	lease  *store.Lease
	queue  *store.ConnJobs
	cancel context.CancelFunc
	done   chan struct{}
}

func fastTiming() aibot.Timing {
	return aibot.Timing{Ping: 500 * time.Millisecond, AckWait: 3 * time.Second, BackoffMin: 50 * time.Millisecond,
		BackoffMax: 400 * time.Millisecond, StandbyPoll: 50 * time.Millisecond, Processing: 150 * time.Millisecond,
		StableAfter: time.Second, DisplacedPause: time.Second}
}

// startClient runs a Client as replica name, sharing the lease called
// leaseName; it stops when the test ends.
func startClient(t *testing.T, g *wecomtest.Gateway, st *store.Store, conv bot.Conversation, leaseName, name string, tune func(*aibot.Config)) *rig {
	t.Helper()
	lease := st.Lease(leaseName, name, 1500*time.Millisecond)
	queue := st.ConnJobs(slog.New(slog.NewTextHandler(io.Discard, nil)), 2)
	cfg := aibot.Config{BotID: g.BotID, Secret: g.Secret, URL: g.URL(), Conv: conv, Outbox: queue, Lease: lease, Limiter: st,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Timing: fastTiming(),
		Workers: func(h bot.JobHandlers) (func(), error) { return queue.Stop, queue.Start(h) }}
	if tune != nil {
		tune(&cfg)
	}
	c, err := aibot.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{c: c, lease: lease, queue: queue, cancel: cancel, done: make(chan struct{})}
	go func() { c.Run(ctx); close(r.done) }()
	t.Cleanup(func() { r.stop(); queue.Close() })
	return r
}

func (r *rig) stop() {
	r.cancel()
	<-r.done
}

func newGateway(t *testing.T) *wecomtest.Gateway {
	g := wecomtest.NewGateway(storetest.RandomID("bot"), "s3cret")
	t.Cleanup(g.Close)
	return g
}

func answer(t *testing.T, g *wecomtest.Gateway, msgID string) string {
	t.Helper()
	var text string
	if !bottest.Eventually(10*time.Second, func() (ok bool) { text, ok = g.Answered(msgID); return ok }) {
		t.Fatalf("message %s was never answered; the bot showed: %+v", msgID, g.Messages(""))
	}
	return text
}

// TestLongConnAnswersOnReqID: a text is answered on its req_id as one
// finished stream; a slow turn gets a "processing" frame first and is
// finished on the same stream; a redelivered message is answered on the
// same stream, not as a new message.
func TestLongConnAnswersOnReqID(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	conv := &echo{slow: 500 * time.Millisecond}
	r := startClient(t, g, st, conv, storetest.RandomID("lc"), "a", nil)
	bottest.Eventually(5*time.Second, r.c.Connected)
	id := g.Text("zhangsan", "你好")
	if got := answer(t, g, id); got != "收到：你好" {
		t.Errorf("answer %q", got)
	}
	slow := g.Text("zhangsan", "慢一点")
	if got := answer(t, g, slow); got != "收到：慢一点" {
		t.Errorf("slow answer %q", got)
	}
	var streams []wecomtest.BotMessage
	for _, m := range g.Messages("zhangsan") {
		if m.MsgID == slow {
			streams = append(streams, m)
		}
	}
	if len(streams) != 1 || !streams[0].Finished {
		t.Errorf("the slow answer is not one finished stream: %+v", streams)
	}
	g.Redeliver(id)
	bottest.Eventually(5*time.Second, func() bool { return conv.count("lc:"+id) == 2 })
	bottest.Eventually(5*time.Second, func() bool { return g.Unanswered() == 0 })
	storetest.Drain(t, r.queue, 5*time.Second)
	if n := len(g.Messages("zhangsan")); n != 2 {
		t.Errorf("a redelivered answer added a message: %d messages", n)
	}
}
