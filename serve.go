package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"reportbot/handlers"
	"reportbot/store"
)

// serveConfig is what `reportbot serve` reads from the environment.
type serveConfig struct {
	Addr           string // REPORTBOT_ADDR
	RedisURL       string // REDIS_URL
	SentinelMaster string // REDIS_SENTINEL_MASTER
}

// loadServeConfig reads the settings; a missing or malformed one is an
// error naming it, so start-up stops with one clear line.
func loadServeConfig(getenv func(string) string) (serveConfig, error) {
	c := serveConfig{Addr: getenv("REPORTBOT_ADDR"), RedisURL: getenv("REDIS_URL"),
		SentinelMaster: getenv("REDIS_SENTINEL_MASTER")}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return c, fmt.Errorf("REPORTBOT_ADDR %q is not host:port", c.Addr)
	}
	if c.RedisURL == "" {
		return c, errors.New("REDIS_URL is not set (for example redis://127.0.0.1:6379/0)")
	}
	return c, nil
}

// runServe runs the HTTP service until ctx is cancelled (SIGTERM), then
// drains in-flight requests for up to ten seconds. For now it serves
// /healthz and /readyz; the WeCom callback is wired in with the WeCom
// channel.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(os.Getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := openStoreWithRetry(ctx, logger, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", handlers.Healthz())
	mux.Handle("GET /readyz", handlers.Readyz(logger, map[string]handlers.Pinger{"redis": st}))
	srv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("reportbot serving", "addr", cfg.Addr, "version", version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	logger.Info("shutting down")
	return srv.Shutdown(sctx)
}

// openStoreWithRetry waits for Redis with backoff, logging each failure.
func openStoreWithRetry(ctx context.Context, logger *slog.Logger, cfg serveConfig) (*store.Store, error) {
	delay := 500 * time.Millisecond
	for {
		st, err := store.Open(ctx, cfg.RedisURL, store.Options{SentinelMaster: cfg.SentinelMaster})
		if err == nil {
			return st, nil
		}
		logger.Warn("waiting for Redis", "err", err, "retry_in", delay.String())
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("gave up waiting for Redis: %w", err)
		case <-time.After(delay):
		}
		delay = min(delay*2, 10*time.Second)
	}
}
