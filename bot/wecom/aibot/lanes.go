package aibot

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// jitter spreads d over [d/2, d).
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)))
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// lanes runs one user's callbacks one after another, in arrival order, and
// different users' side by side.
type lanes struct {
	mu sync.Mutex
	m  map[string]*lane
}

type lane struct{ queue []func() }

func (l *lanes) do(key string, fn func()) {
	l.mu.Lock()
	ln := l.m[key]
	if ln != nil {
		ln.queue = append(ln.queue, fn)
		l.mu.Unlock()
		return
	}
	ln = &lane{queue: []func(){fn}}
	l.m[key] = ln
	l.mu.Unlock()
	go func() {
		for {
			l.mu.Lock()
			if len(ln.queue) == 0 {
				delete(l.m, key)
				l.mu.Unlock()
				return
			}
			next := ln.queue[0]
			ln.queue = ln.queue[1:]
			l.mu.Unlock()
			next()
		}
	}()
}
