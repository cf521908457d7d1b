// Package storetest opens a store.Store for tests: the Redis at REDIS_URL
// when it is set (CI), else an embedded one. It never skips: a REDIS_URL
// that does not answer fails the test.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/store"
)

// New returns a Store for tb, closed when the test ends. Tests share the
// server, so they must use ids from RandomID and never flush it.
func New(tb testing.TB) *store.Store {
	tb.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		mr := miniredis.RunT(tb)
		realTime(tb, mr)
		s := store.New(redis.NewClient(&redis.Options{Addr: mr.Addr()}), store.Options{})
		tb.Cleanup(func() { s.Close() })
		if err := s.LoadScripts(context.Background()); err != nil {
			tb.Fatalf("storetest: load scripts: %v", err)
		}
		return s
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Each store gets its own job queues: tests and packages share the
	// Redis, and must not run each other's jobs.
	s, err := store.Open(ctx, url, store.Options{QueuePrefix: RandomID("t") + ":"})
	if err != nil {
		tb.Fatalf("storetest: REDIS_URL=%s is set but does not answer: %v", url, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Replica returns a store over the same Redis as s with a connection and
// caches of its own, as another replica of the service would have; closed
// when the test ends.
func Replica(tb testing.TB, s *store.Store) *store.Store {
	tb.Helper()
	var conn redis.UniversalClient
	switch c := s.Client().(type) {
	case *redis.Client:
		conn = redis.NewClient(c.Options())
	case *redis.ClusterClient:
		conn = redis.NewClusterClient(c.Options())
	default:
		tb.Fatalf("storetest: unexpected client %T", c)
	}
	other := store.New(conn, store.Options{})
	tb.Cleanup(func() { other.Close() })
	return other
}

// RandomID returns a fresh id with the given prefix.
func RandomID(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Round creates an open round of form with a random id and the given
// departments, created at bottest.Monday with its deadline a month later.
func Round(tb testing.TB, s *store.Store, form *bot.Form, depts ...bot.Department) *bot.Round {
	tb.Helper()
	now := bottest.Monday
	r := &bot.Round{ID: RandomID("t"), Title: "2025年度法治政府建设情况报告", Year: 2025, Form: form,
		Departments: depts, Deadline: now.AddDate(0, 1, 0), Status: bot.RoundOpen, CreatedAt: now}
	if err := s.CreateRound(context.Background(), r); err != nil {
		tb.Fatalf("storetest: create round: %v", err)
	}
	return r
}

// Embedded returns a store over its own in-process Redis, whatever
// REDIS_URL says, and a function that stops that Redis (the store's client
// remains, for outage tests).
func Embedded(tb testing.TB) (*store.Store, func()) {
	tb.Helper()
	mr, err := miniredis.Run()
	if err != nil {
		tb.Fatalf("storetest: embedded Redis: %v", err)
	}
	realTime(tb, mr)
	s := store.New(redis.NewClient(&redis.Options{Addr: mr.Addr()}), store.Options{})
	tb.Cleanup(func() { s.Close(); mr.Close() })
	return s, mr.Close
}

// realTime lets keys expire in the embedded Redis as time passes, as they
// do in a real one (leases, counters): miniredis only moves its clock
// when told.
func realTime(tb testing.TB, mr *miniredis.Miniredis) {
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				mr.FastForward(now.Sub(last))
				last = now
			}
		}
	}()
	tb.Cleanup(func() { close(stop) })
}

// Drain waits until jobs has no task left to run (pending, running,
// scheduled or waiting for a retry), so a test counts what was sent only
// once nothing more can be.
func Drain(tb testing.TB, jobs interface{ Unfinished() (int, error) }, within time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for {
		n, err := jobs.Unfinished()
		if err != nil {
			tb.Fatalf("storetest: inspect the job queue: %v", err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("storetest: %d jobs still unfinished after %s", n, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
