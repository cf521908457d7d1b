package main

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// liveService is the whole service in-process, over a Redis and a fake
// WeCom, reached over HTTP.
type liveService struct {
	st         *store.Store
	api        *wecomtest.Server
	svc        *service
	srv        *httptest.Server
	client     *wecomtest.Client // WeCom's side of the encrypted callback
	rosterPath string            // the roster file ("" for none)
	clock      *bottest.Clock    // the service's clock, ticking from a working Monday 10:00
}

// startService runs the service over st (the test Redis when nil), with
// roster as the roster file's YAML ("" for none); tweak, if set, adjusts
// the settings. The service runs on a ticking test clock that starts at
// a working Monday 10:00 China time, with the default reminder plan; the
// WeCom client signs its callbacks by the same clock. Everything stops
// when the test ends.
func startService(t *testing.T, st *store.Store, roster string, tweak func(*serveConfig)) *liveService {
	t.Helper()
	if st == nil {
		st = storetest.New(t)
	}
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	t.Cleanup(api.Close)
	clock := bottest.Ticking(bottest.Monday)
	cfg := serveConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: "secret", Token: "tok", AESKey: testAESKey, APIBase: api.URL, Workers: 4,
		Plan: bot.DefaultReminderPlan(), clock: clock}
	if roster != "" {
		cfg.Roster = filepath.Join(t.TempDir(), "roster.yaml")
		if err := os.WriteFile(cfg.Roster, []byte(roster), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tweak != nil {
		tweak(&cfg)
	}
	clock = cfg.clock.(*bottest.Clock)
	svc, err := newService(cfg, st, st, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.jobs.Shutdown)
	srv := httptest.NewServer(svc.handler)
	t.Cleanup(srv.Close)
	return &liveService{st: st, api: api, svc: svc, srv: srv, clock: clock, rosterPath: cfg.Roster,
		client: &wecomtest.Client{URL: srv.URL + "/wecom/callback", Token: cfg.Token, AESKey: cfg.AESKey, CorpID: api.CorpID, Now: clock.Now}}
}
