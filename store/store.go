// Package store is reportbot's only Redis-aware package: it implements
// bot.Store over a go-redis v9 UniversalClient (single node, Sentinel or
// Cluster), turning driver errors into bot error codes at this edge.
package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// Store keeps reportbot's state in Redis.
type Store struct {
	rdb       redis.UniversalClient
	trips     atomic.Int64
	markerTTL time.Duration
	queues    string // QueuePrefix
	turns     *turnCache
}

var _ bot.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	// SentinelMaster selects Sentinel: the URL's addresses are sentinels.
	SentinelMaster string
	// MarkerTTL is how long processed-message markers are kept (default
	// 24 h; WeCom retries within seconds, so at least 1 h is enforced).
	MarkerTTL time.Duration
	// QueuePrefix is put before the job queues' names ("wecom",
	// "drafts") and the uploaded forms' keys, so separate installations
	// (or test processes) sharing a Redis do not run each other's jobs or
	// use each other's forms. Empty in production.
	QueuePrefix string
	// Password, if set, is Redis's password (requirepass, or the ACL
	// user's with a user name in the URL), overriding one in the URL; with
	// Sentinel it is the sentinels' password too.
	Password string
	// TurnCache is how many decoded assignments LoadTurn keeps to skip
	// reading and decoding an unchanged one again (default 1024; negative
	// turns the cache off).
	TurnCache int
}

// Open connects to REDIS_URL-style addresses: "redis://host:port/db" or
// "rediss://…" for one node; several comma-separated addresses for Cluster
// (or Sentinel with opts.SentinelMaster). It pings before returning.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	uo, err := universalOptions(rawURL, opts)
	if err != nil {
		return nil, bot.WrapError(bot.EInvalid, "store: parse REDIS_URL", err)
	}
	s := New(redis.NewUniversalClient(uo), opts)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.Ping(pctx); err != nil {
		s.Close()
		return nil, err
	}
	// A script missing from a server's cache costs the first turn that
	// meets it a second round trip; a failure here only means that.
	_ = s.LoadScripts(pctx)
	return s, nil
}

// LoadScripts puts the script every conversation turn runs (the commit)
// into the script cache of every server (every master of a cluster), so
// that the first turn after a start, a failover or a slot move costs two
// round trips like the others. The script is still sent whole when a
// server has lost it.
func (s *Store) LoadScripts(ctx context.Context) error {
	if err := commitScript.Load(ctx, s.rdb).Err(); err != nil {
		return wrap("load scripts", "", err)
	}
	return nil
}

// universalOptions turns a REDIS_URL into go-redis options.
func universalOptions(rawURL string, opts Options) (*redis.UniversalOptions, error) {
	parts := strings.Split(rawURL, ",")
	first, err := redis.ParseURL(strings.TrimSpace(parts[0]))
	if err != nil {
		return nil, err
	}
	uo := &redis.UniversalOptions{Addrs: []string{first.Addr}, DB: first.DB, Username: first.Username,
		Password: first.Password, TLSConfig: first.TLSConfig, MasterName: opts.SentinelMaster,
		DialTimeout: 3 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 3 * time.Second}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if strings.Contains(p, "://") {
			u, err := url.Parse(p)
			if err != nil {
				return nil, err
			}
			p = u.Host
		}
		if _, _, err := net.SplitHostPort(p); err != nil {
			return nil, fmt.Errorf("address %q: %w", p, err)
		}
		uo.Addrs = append(uo.Addrs, p)
	}
	if opts.Password != "" {
		uo.Password = opts.Password
	}
	if opts.SentinelMaster != "" {
		uo.SentinelPassword = uo.Password
	}
	if len(uo.Addrs) > 1 && opts.SentinelMaster == "" {
		uo.IsClusterMode = true
		uo.DB = 0
	}
	return uo, nil
}

// New wraps a client. The round-trip counter hook is added to it.
func New(c redis.UniversalClient, opts Options) *Store {
	s := &Store{rdb: c, markerTTL: opts.MarkerTTL, queues: opts.QueuePrefix, turns: newTurnCache(opts.TurnCache)}
	if s.markerTTL < time.Hour {
		s.markerTTL = 24 * time.Hour
	}
	c.AddHook(tripHook{&s.trips})
	return s
}

// Client returns the underlying client, for adapters that share it.
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// Close closes the client.
func (s *Store) Close() error { return s.rdb.Close() }

// Ping checks that Redis answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return wrap("ping", "", err)
	}
	return nil
}

// RoundTrips returns how many round trips this Store has made to Redis: one
// per command, one per pipeline or transaction.
func (s *Store) RoundTrips() int64 { return s.trips.Load() }

// tripHook counts round trips.
type tripHook struct{ n *atomic.Int64 }

// DialHook implements redis.Hook.
func (h tripHook) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook counts one round trip per command.
func (h tripHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

// ProcessPipelineHook counts one round trip per pipeline.
func (h tripHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmds)
	}
}

// wrap turns a driver error into a bot error naming the operation and key:
// redis.Nil → ENotFound, anything else (network, timeouts, LOADING, OOM) →
// EUnavailable, so the user is told to send again.
func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	if key != "" {
		op = op + " " + key
	}
	if errors.Is(err, redis.Nil) {
		return bot.WrapError(bot.ENotFound, "store: "+op, err)
	}
	var be *bot.Error
	if errors.As(err, &be) {
		return err
	}
	e := bot.WrapError(bot.EUnavailable, "store: "+op, err)
	e.Message = bot.MsgBusy
	return e
}
