// Package handlers holds reportbot's net/http handlers. It alone maps bot
// error codes to HTTP status codes.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Pinger is a dependency /readyz checks, such as the Redis store.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Healthz answers 200 while the process serves HTTP at all.
func Healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
}

// Readyz answers 200 when every dependency answers within two seconds and
// 503 otherwise, so a load balancer stops routing turns to a replica that
// cannot reach Redis.
func Readyz(log *slog.Logger, deps map[string]Pinger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		for name, d := range deps {
			if err := d.Ping(ctx); err != nil {
				log.Warn("readiness check failed", "dependency", name, "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte(name + " unavailable\n"))
				return
			}
		}
		w.Write([]byte("ready\n"))
	})
}
