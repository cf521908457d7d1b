package handlers

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

type pingFunc func(context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

func TestHealthAndReadiness(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var down bool
	dep := pingFunc(func(context.Context) error {
		if down {
			return errors.New("connection refused")
		}
		return nil
	})
	mux := http.NewServeMux()
	mux.Handle("/healthz", Healthz())
	mux.Handle("/readyz", Readyz(log, map[string]Pinger{"redis": dep}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	get := func(path string) int {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if c := get("/healthz"); c != 200 {
		t.Errorf("healthz = %d", c)
	}
	if c := get("/readyz"); c != 200 {
		t.Errorf("readyz = %d while Redis is up", c)
	}
	down = true
	if c := get("/readyz"); c != 503 {
		t.Errorf("readyz = %d while Redis is down", c)
	}
	if c := get("/healthz"); c != 200 {
		t.Errorf("healthz = %d while Redis is down", c)
	}
	down = false
	if c := get("/readyz"); c != 200 {
		t.Errorf("readyz = %d after Redis came back", c)
	}
}
