package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/store/storetest"
)

// limitedMessenger delivers perWindow messages, then refuses the next one
// as WeCom's per-member limit does, asking to retry after a short wait
// (the window opening again).
type limitedMessenger struct {
	mu        sync.Mutex
	perWindow int
	inWindow  int
	sent      []string
	refused   int
}

type limitErr struct{}

func (limitErr) Error() string             { return "errcode 45033: api freq out of limit" }
func (limitErr) RetryAfter() time.Duration { return 20 * time.Millisecond }
func (m *limitedMessenger) snapshot() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.sent...)
}

func (m *limitedMessenger) Send(_ context.Context, user string, r bot.Reply) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.inWindow == m.perWindow {
		m.inWindow = 0
		m.refused++
		return &bot.Error{Code: bot.EUnavailable, Err: limitErr{}}
	}
	m.inWindow++
	m.sent = append(m.sent, r.Text)
	return nil
}

// TestResumeSendJobFault: a send job of 100 parts meets the 30-a-minute
// limit three times; each retry resumes from the first undelivered part,
// as soon as the refusal allows, so every part goes out once and in
// order, on the app's queue and the long connection's.
func TestResumeSendJobFault(t *testing.T) {
	st := storetest.New(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	parts := make([]bot.Reply, 100)
	for i := range parts {
		parts[i] = bot.Reply{Text: fmt.Sprintf("第 %d 段", i+1)}
	}
	check := func(name string, m *limitedMessenger) {
		t.Helper()
		sent := m.snapshot()
		if len(sent) != len(parts) || m.refused != 3 {
			t.Fatalf("%s: %d parts sent (want %d), %d refusals (want 3)", name, len(sent), len(parts), m.refused)
		}
		for i, s := range sent {
			if s != parts[i].Text {
				t.Fatalf("%s: message %d is %q, want %q", name, i, s, parts[i].Text)
			}
		}
	}

	app := &limitedMessenger{perWindow: 30}
	jobs := st.Jobs(log, 2)
	if err := jobs.Start(bot.JobHandlers{Send: app.Send}); err != nil {
		t.Fatal(err)
	}
	defer jobs.Shutdown()
	if err := jobs.EnqueueSend(context.Background(), storetest.RandomID("long"), storetest.RandomID("u"), parts); err != nil {
		t.Fatal(err)
	}
	storetest.Drain(t, jobs, 10*time.Second)
	check("app", app)

	conn := &limitedMessenger{perWindow: 30}
	cj := st.ConnJobs(log, 2)
	if err := cj.Start(bot.JobHandlers{Send: conn.Send}); err != nil {
		t.Fatal(err)
	}
	defer cj.Stop()
	if err := cj.EnqueueSend(context.Background(), storetest.RandomID("long"), storetest.RandomID("u"), parts); err != nil {
		t.Fatal(err)
	}
	storetest.Drain(t, cj, 10*time.Second)
	check("long connection", conn)
}
