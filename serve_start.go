package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"reportbot/handlers"
	"reportbot/store"
)

// starting answers while serve waits for Redis: the process is alive
// (/healthz 200) but not ready (/readyz 503); a WeCom callback gets 503 so
// WeCom delivers it again, and everything else a short notice. Once the
// App is built, its handler takes over.
type starting struct {
	app atomic.Pointer[http.Handler]
}

func (s *starting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := s.app.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	switch r.URL.Path {
	case "/healthz":
		handlers.Healthz().ServeHTTP(w, r)
		return
	case "/readyz":
		http.Error(w, "redis unavailable (starting)", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Retry-After", "5")
	http.Error(w, "服务正在启动，请稍后再试。Service is starting, please retry shortly.", http.StatusServiceUnavailable)
}

// serveWhenReady listens on cfg.Addr at once, then builds the App (which
// waits for Redis, logging each attempt) and serves it on the same
// listener until ctx ends.
func serveWhenReady(ctx context.Context, cfg serveConfig, log *slog.Logger, opt Options) error {
	store.SetDriverLogger(log)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("REPORTBOT_ADDR %s: %w", cfg.Addr, err)
	}
	gate := &starting{}
	srv := handlers.NewServer(cfg.Addr, gate)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("reportbot listening; connecting to Redis", "addr", ln.Addr().String(), "version", version)
	opt.Logger = log
	app, err := NewApp(ctx, cfg, PartsServe, opt)
	if err != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		if ctx.Err() != nil {
			log.Info("stopped while waiting for Redis", "err", err)
			return nil
		}
		return err
	}
	defer app.Close()
	gate.app.Store(&app.Handler)
	return app.serveWith(ctx, srv, errc)
}
