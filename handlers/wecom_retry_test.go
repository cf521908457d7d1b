package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
)

// TestFaultCallbackRetriedDuringOutage: a turn that finds Redis down is
// answered 503 while WeCom will deliver it again, so the retry after
// Redis is back takes effect and the contact types nothing twice; a
// delivery past WeCom's retries gets the polite busy reply instead.
func TestFaultCallbackRetriedDuringOutage(t *testing.T) {
	var calls atomic.Int32
	down := &bot.Error{Code: bot.EUnavailable, Message: bot.MsgBusy, Op: "store: commit"}
	key := newAESKey()
	clock := bottest.NewClock(bottest.Monday)
	codec, err := wecom.NewCodec("tok", key, "wwcorp", clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	h := &WeComCallback{Codec: codec, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock,
		Metrics: NewMetrics(prometheus.NewRegistry()),
		Conv: convFunc(func(_ context.Context, m bot.Message) ([]bot.Reply, error) {
			if calls.Add(1) <= 2 {
				return nil, down // Redis is back for the third delivery
			}
			return []bot.Reply{{Text: "已记录：43%"}}, nil
		})}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &wecomtest.Client{URL: srv.URL, Token: "tok", AESKey: key, CorpID: "wwcorp", Retries: 3, Now: clock.Now}
	r, err := c.Text("zhangsan", "1", "43%")
	if err != nil || r.Text != "已记录：43%" || r.Attempts != 3 {
		t.Fatalf("delivery during a short outage: %v %+v, want the turn's reply on the third attempt", err, r)
	}
	calls.Store(0)
	late := *c
	late.Now = func() time.Time { return clock.Now().Add(-RetryWindow - time.Second) }
	r, err = late.Text("zhangsan", "2", "43%")
	if err != nil || r.Text != bot.MsgBusy || r.Attempts != 1 {
		t.Errorf("delivery past WeCom's retries: %v %+v, want the busy reply at once", err, r)
	}
}
