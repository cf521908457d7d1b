package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
)

// convFunc is a Conversation of one function.
type convFunc func(ctx context.Context, m bot.Message) ([]bot.Reply, error)

func (f convFunc) Handle(ctx context.Context, m bot.Message) ([]bot.Reply, error) { return f(ctx, m) }

// queued records EnqueueSend calls; the other kinds of job are not used.
type queued struct {
	bot.Jobs
	mu    sync.Mutex
	sends map[string][]bot.Reply
}

func (q *queued) EnqueueSend(_ context.Context, key, user string, replies []bot.Reply) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sends[key] = replies
	return nil
}

// TestResumeLongReplyAsFile: a reply of more than MaxReplyParts messages
// (查看 of a whole form) goes out as its opening with a note, and the whole
// text as one file, instead of dozens of messages against the member's
// 30-a-minute limit; a reply of a few messages is still sent in parts.
func TestResumeLongReplyAsFile(t *testing.T) {
	long := strings.Repeat("第 12 题：全年办理行政复议案件多少件？ 答：15件\n", 400) // ~25 KB
	short := strings.Repeat("第 3 题：已填写。\n", 300)                 // ~2 parts
	reply := map[string]string{"查看": long, "简要": short}
	q := &queued{sends: map[string][]bot.Reply{}}
	key := newAESKey()
	codec, err := wecom.NewCodec("tok", key, "wwcorp", nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(bottest.Monday)
	h := &WeComCallback{Codec: codec, Jobs: q, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock,
		Metrics: NewMetrics(prometheus.NewRegistry()),
		Conv: convFunc(func(_ context.Context, m bot.Message) ([]bot.Reply, error) {
			return []bot.Reply{{Text: reply[m.Text]}}, nil
		})}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &wecomtest.Client{URL: srv.URL, Token: "tok", AESKey: key, CorpID: "wwcorp", Now: func() time.Time { return time.Now() }}

	r, err := c.Text("zhangsan", "1", "查看")
	if err != nil || r.Status != 200 {
		t.Fatalf("查看: %v %+v", err, r)
	}
	if len(r.Text) > wecom.MaxTextBytes || !strings.HasPrefix(r.Text, "第 12 题") || !strings.Contains(r.Text, "已作为文件") {
		t.Errorf("passive reply of a long text (%d bytes): %.300s…", len(r.Text), r.Text)
	}
	file := q.sends["zhangsan:1:file"]
	if len(file) != 1 || file[0].File == nil || string(file[0].File.Data) != "\ufeff"+long || !strings.HasSuffix(file[0].File.Name, ".txt") {
		t.Errorf("queued %v, want the whole text as one .txt file", keys(q.sends))
	}
	if rest := q.sends["zhangsan:1:rest"]; rest != nil {
		t.Errorf("a long reply also sent in %d parts", len(rest))
	}

	r, err = c.Text("zhangsan", "2", "简要")
	if err != nil || r.Status != 200 || strings.Contains(r.Text, "已作为文件") {
		t.Fatalf("简要: %v %+v", err, r)
	}
	if rest := q.sends["zhangsan:2:rest"]; len(rest) == 0 || q.sends["zhangsan:2:file"] != nil {
		t.Errorf("a reply of a few parts: queued %v", keys(q.sends))
	}
}

func keys(m map[string][]bot.Reply) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
