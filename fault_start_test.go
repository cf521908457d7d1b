package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// TestFaultServeStartsWithoutRedis: serve started while its Redis is down
// listens at once (/healthz 200, /readyz 503, a callback 503 so WeCom
// retries), logs only JSON lines (the Redis driver's complaints too), and
// becomes ready when Redis comes up, without a restart.
func TestFaultServeStartsWithoutRedis(t *testing.T) {
	rp := &redisProc{bin: needRedisServer(t), dir: t.TempDir(), addr: freeAddr(t)}
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	env := serveEnv(api, "redis://"+rp.addr, "", storetest.RandomID("q"))
	s := startServe(t, env)
	get := func(path string) int {
		res, err := http.Get("http://" + s.addr + path)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	deadline := time.Now().Add(5 * time.Second)
	for get("/healthz") != 200 {
		if time.Now().After(deadline) {
			t.Fatalf("serve without Redis opened no listener within 5 s:\n%s", s.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if c := get("/readyz"); c != http.StatusServiceUnavailable {
		t.Errorf("/readyz without Redis: %d, want 503", c)
	}
	if r, err := s.client(api).Text("zs", "1", "开始"); err == nil || r.Attempts != 1 {
		t.Errorf("callback without Redis: %v %+v, want 503 for WeCom to retry", err, r)
	}
	time.Sleep(1500 * time.Millisecond) // a few reconnection attempts
	rp.start(t)
	t.Cleanup(rp.kill)
	s.waitReady(t, 20*time.Second)
	if err := s.stop(t, 15*time.Second); err != nil {
		t.Errorf("serve exit: %v", err)
	}
	log := s.log.String()
	if l, c := strings.Index(log, "reportbot listening"), strings.Index(log, "connected to Redis"); l < 0 || c < l {
		t.Errorf("serve did not listen before Redis answered:\n%s", log)
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
}
