package store_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/store/storetest"
)

type recordingMessenger struct {
	mu   sync.Mutex
	sent []string
	fail int
}

func (m *recordingMessenger) Send(_ context.Context, user string, r bot.Reply) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail > 0 {
		m.fail--
		return &bot.Error{Code: bot.EUnavailable}
	}
	m.sent = append(m.sent, user+":"+r.Text)
	return nil
}

func (m *recordingMessenger) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

// TestJobsSendOnce: a send queued three times under one key (WeCom's
// retries) goes out once, through two worker replicas.
func TestJobsSendOnce(t *testing.T) {
	st := storetest.New(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := &recordingMessenger{}
	a, b := st.Jobs(log, 2), st.Jobs(log, 2)
	if err := a.Start(bot.JobHandlers{Send: m.Send}); err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown()
	if err := b.Start(bot.JobHandlers{Send: m.Send}); err != nil {
		t.Fatal(err)
	}
	defer b.Shutdown()
	key := storetest.RandomID("msg")
	user := storetest.RandomID("u")
	for range 3 {
		if err := a.EnqueueSend(context.Background(), key, user, []bot.Reply{{Text: "请确认提交", Buttons: []bot.Button{{Key: "确认提交", Text: "确认提交"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Drain(t, a, 10*time.Second)
	if n := m.count(); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}
