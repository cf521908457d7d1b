package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// liveService is the whole service in-process, over a Redis and a fake
// WeCom, reached over HTTP.
type liveService struct {
	st         *store.Store
	api        *wecomtest.Server
	svc        *App
	srv        *httptest.Server
	client     *wecomtest.Client // WeCom's side of the encrypted callback
	rosterPath string            // the roster file ("" for none)
	clock      *bottest.Clock    // the service's clock, ticking from a working Monday 10:00
}

// startService runs the service over st (the test Redis when nil), with
// roster as the roster file's YAML ("" for none); tweak, if set, adjusts
// the settings and may set the clock. The service runs on a ticking test clock that starts at
// a working Monday 10:00 China time, with the default reminder plan; the
// WeCom client signs its callbacks by the same clock. Everything stops
// when the test ends.
func startService(t *testing.T, st *store.Store, roster string, tweak func(*serveConfig, *bottest.Clock)) *liveService {
	t.Helper()
	if st == nil {
		st = storetest.New(t)
	}
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	t.Cleanup(api.Close)
	clock := bottest.Ticking(bottest.Monday)
	cfg := serveConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: "secret", Token: "tok", AESKey: testAESKey, APIBase: api.URL, Workers: 4,
		Plan: rounds.DefaultReminderPlan()}
	if roster != "" {
		cfg.Roster = filepath.Join(t.TempDir(), "roster.yaml")
		if err := os.WriteFile(cfg.Roster, []byte(roster), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tweak != nil {
		tweak(&cfg, clock)
	}
	svc, err := NewApp(context.Background(), cfg, PartsServe, Options{Clock: clock, Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	if err := svc.Start(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler)
	t.Cleanup(srv.Close)
	return &liveService{st: st, api: api, svc: svc, srv: srv, clock: clock, rosterPath: cfg.Roster,
		client: &wecomtest.Client{URL: srv.URL + "/wecom/callback", Token: cfg.Token, AESKey: cfg.AESKey, CorpID: api.CorpID, Now: clock.Now}}
}
