package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	goredis "github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/handlers"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// Serve against a Redis that comes, goes and fails over: real
// redis-server and redis-sentinel processes started by the tests.

// TestGracefulStartWaitsForRedis: serve started before Redis logs that it
// waits, and becomes ready once Redis appears.
func TestGracefulStartWaitsForRedis(t *testing.T) {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	addr := freeAddr(t)
	s := startServe(t, serveEnv(api, "redis://"+addr, "", "gw:"))
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(s.log.String(), "waiting for Redis"); {
		if time.Now().After(deadline) {
			t.Fatalf("no waiting log line:\n%s", s.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr(addr); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	s.waitReady(t, 30*time.Second)
	if err := s.stop(t, 30*time.Second); err != nil {
		t.Errorf("exit: %v", err)
	}
}

// TestGracefulReadyzFollowsRedis: /readyz fails while Redis is down and
// recovers by itself when it returns.
func TestGracefulReadyzFollowsRedis(t *testing.T) {
	m := miniredis.RunT(t)
	st, err := store.Open(context.Background(), "redis://"+m.Addr(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := handlers.Readyz(discardLog(), map[string]handlers.Pinger{"redis": st})
	code := func() int {
		rec := &statusRecorder{header: http.Header{}}
		h.ServeHTTP(rec, httptestRequest())
		return rec.code
	}
	if c := code(); c != 200 {
		t.Fatalf("ready with Redis up: %d", c)
	}
	addr := m.Addr()
	m.Close()
	if c := code(); c != http.StatusServiceUnavailable {
		t.Errorf("ready with Redis down: %d", c)
	}
	if err := m.StartAddr(addr); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for code() != 200 {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after Redis returned")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type statusRecorder struct {
	header http.Header
	code   int
}

func (r *statusRecorder) Header() http.Header { return r.header }
func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.code == 0 {
		r.code = 200
	}
	return len(p), nil
}
func (r *statusRecorder) WriteHeader(c int) { r.code = c }

func httptestRequest() *http.Request {
	req, _ := http.NewRequest("GET", "/readyz", nil)
	return req
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startRedis runs a redis-server child on a free loopback port with extra
// arguments and returns its address.
func startRedis(t *testing.T, bin string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, append([]string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, args...)...)
	cmd.Dir = t.TempDir()
	runListening(t, cmd, addr)
	return addr
}

// startSentinel runs redis-server in sentinel mode with conf (the config
// file must come first on its command line, and be writable).
func startSentinel(t *testing.T, bin, conf string) string {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	path := filepath.Join(t.TempDir(), "sentinel.conf")
	os.WriteFile(path, []byte("port "+port+"\nbind 127.0.0.1\n"+conf), 0o644)
	runListening(t, exec.Command(bin, path, "--sentinel"), addr)
	return addr
}

// runListening starts cmd, kills it when the test ends, and waits until
// it listens on addr.
func runListening(t *testing.T, cmd *exec.Cmd, addr string) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitListening(t, addr, cmd.Path)
}

// waitListening waits up to 10 s for something to accept on addr.
func waitListening(t *testing.T, addr, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not listen on %s", what, addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSentinelFailover connects through Redis Sentinel
// (REDIS_SENTINEL_MASTER), runs turns, fails the master over to its
// replica, and runs more turns on the same store: nothing is lost and the
// client follows the new master by itself. It needs redis-server (with its
// sentinel mode) on PATH; .ci/run installs it and checks this test ran.
func TestSentinelFailover(t *testing.T) {
	bin := needRedisServer(t)
	master := startRedis(t, bin)
	mhost, mport, _ := net.SplitHostPort(master)
	replica := startRedis(t, bin, "--replicaof", mhost, mport)
	sentinel := startSentinel(t, bin, fmt.Sprintf("sentinel monitor reportbot %s %s 1\nsentinel down-after-milliseconds reportbot 1000\nsentinel failover-timeout reportbot 5000\n", mhost, mport))
	ctx := context.Background()
	st, err := store.Open(ctx, "redis://"+sentinel, store.Options{SentinelMaster: "reportbot"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tag := storetest.RandomID("")
	form, _ := prompts.Form("fazhi-annual")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb", "区政府办", "u"+tag))
	eng := chat.NewEngine(chat.EngineConfig{Store: st})
	say := func(id, text string) string {
		t.Helper()
		var last error
		for range 50 { // during the failover the old master refuses writes for a moment
			replies, err := eng.Handle(ctx, bot.Message{User: "u" + tag, ID: id, Text: text})
			if err == nil {
				return replies[0].Text
			}
			last = err
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%q: %v", text, last)
		return ""
	}
	say("1", "开始")
	say("2", "43%")
	// Wait until the replica has the answer, then fail over.
	rc := store.New(redisClient(replica), store.Options{})
	for deadline := time.Now().Add(10 * time.Second); ; {
		if a, err := rc.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: "zfb"}); err == nil && a.Answers["meeting_cut"] != nil {
			break
		}
		if time.Now().After(deadline) {
			info, _ := redisClient(replica).Info(ctx, "replication").Result()
			a, err := rc.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: "zfb"})
			t.Fatalf("the replica never received the answer: %+v %v\n%s", a, err, info)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The sentinel learns of the replica from the master's INFO (every
	// few seconds): until then a failover has no replica to promote.
	for deadline := time.Now().Add(30 * time.Second); ; {
		err := redisClient(sentinel).Do(ctx, "SENTINEL", "FAILOVER", "reportbot").Err()
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "NOGOODSLAVE") || time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		addr, err := redisClient(sentinel).Do(ctx, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "reportbot").StringSlice()
		if err == nil && len(addr) == 2 && net.JoinHostPort(addr[0], addr[1]) == replica {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failover: master is %v %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := say("3", "381件"); !strings.Contains(got, "已记录：381件") {
		t.Errorf("after failover: %s", got)
	}
	a, err := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: "zfb"})
	if err != nil || a.Answers["meeting_cut"] == nil || a.Answers["docs_issued"] == nil {
		t.Errorf("answers after failover: %+v %v", a, err)
	}
}

func redisClient(addr string) *goredis.Client { return goredis.NewClient(&goredis.Options{Addr: addr}) }
