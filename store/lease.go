package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Lease is a lock in Redis that one holder at a time keeps by renewing it:
// the WeCom long connection's (one live connection per bot). Taking it
// draws a fencing token, a number that grows with every new holder; the
// holder's writes under the lease (SetState) are refused once a later
// holder has written, so a holder that stalled past its TTL cannot
// overwrite its successor's record. The value in Redis is the holder's
// token (owner, random, fence): only the holder that set it may renew or
// release it.
type Lease struct {
	s     *Store
	name  string
	owner string
	ttl   time.Duration

	mu    sync.Mutex
	value string // "" when not held
	fence int64
}

// Lease returns the lease called name for owner (a replica's name, for
// logs and the state record), lasting ttl unrenewed.
func (s *Store) Lease(name, owner string, ttl time.Duration) *Lease {
	return &Lease{s: s, name: name, owner: owner, ttl: ttl}
}

// acquireScript takes the lease with SET NX PX when it is free, drawing
// the next fencing token: KEYS lease, fence; ARGV token prefix, ttl ms.
var acquireScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local f = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '/' .. f, 'NX', 'PX', ARGV[2])
return f
`)

// renewScript extends the lease if it is still the caller's.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)

// releaseScript deletes the lease if it is still the caller's.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`)

// stateScript is the fenced write: the state record takes the holder's
// fields only while the caller holds the lease and no later fence has
// written. KEYS lease, state; ARGV token, fence, owner, state, unix ms.
var stateScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local cur = tonumber(redis.call('HGET', KEYS[2], 'fence') or '0')
if cur > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], 'fence', ARGV[2], 'owner', ARGV[3], 'state', ARGV[4], 'at', ARGV[5])
return 1
`)

// countScript counts within a window that starts with the first count.
var countScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`)

// ErrFenced is SetState's error when the lease has passed to another
// holder.
var ErrFenced = errors.New("store: lease held by another holder")

// Acquire takes the lease if it is free and reports whether the caller
// now holds it. A holder that calls it again keeps its lease (true).
func (l *Lease) Acquire(ctx context.Context) (bool, error) {
	l.mu.Lock()
	held := l.value != ""
	l.mu.Unlock()
	if held {
		if ok, err := l.Renew(ctx); err != nil || ok {
			return ok, err
		}
	}
	b := make([]byte, 8)
	rand.Read(b)
	prefix := l.owner + "/" + hex.EncodeToString(b)
	keys := []string{leaseKey(l.name), leaseFenceKey(l.name)}
	f, err := acquireScript.Run(ctx, l.s.rdb, keys, prefix, l.ttl.Milliseconds()).Int64()
	if err != nil {
		return false, wrap("lease acquire", keys[0], err)
	}
	if f == 0 {
		return false, nil
	}
	l.mu.Lock()
	l.value, l.fence = prefix+"/"+strconv.FormatInt(f, 10), f
	l.mu.Unlock()
	return true, nil
}

// Renew extends the lease for another TTL if the caller still holds it;
// false once it has expired or passed to another holder.
func (l *Lease) Renew(ctx context.Context) (bool, error) {
	v := l.token()
	if v == "" {
		return false, nil
	}
	n, err := renewScript.Run(ctx, l.s.rdb, []string{leaseKey(l.name)}, v, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, wrap("lease renew", leaseKey(l.name), err)
	}
	if n == 0 {
		l.forget(v)
		return false, nil
	}
	return true, nil
}

// Release gives the lease up if the caller still holds it.
func (l *Lease) Release(ctx context.Context) error {
	v := l.token()
	if v == "" {
		return nil
	}
	l.forget(v)
	return wrap("lease release", leaseKey(l.name), releaseScript.Run(ctx, l.s.rdb, []string{leaseKey(l.name)}, v).Err())
}

// Held reports whether anyone holds the lease.
func (l *Lease) Held(ctx context.Context) (bool, error) {
	n, err := l.s.rdb.Exists(ctx, leaseKey(l.name)).Result()
	return n > 0, wrap("lease held", leaseKey(l.name), err)
}

// Holder returns who holds the lease and the fencing token they drew
// ("", 0 when free).
func (l *Lease) Holder(ctx context.Context) (string, int64, error) {
	v, err := l.s.rdb.Get(ctx, leaseKey(l.name)).Result()
	if errors.Is(err, redis.Nil) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, wrap("lease holder", leaseKey(l.name), err)
	}
	owner, fence := splitToken(v)
	return owner, fence, nil
}

// Fence returns the fencing token of the caller's hold (0 when not held).
func (l *Lease) Fence() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fence
}

// TTL returns how long the lease lasts unrenewed.
func (l *Lease) TTL() time.Duration { return l.ttl }

// SetState records the holder's state (such as "connected") with its
// fence and owner, a fenced write: ErrFenced when the caller no longer
// holds the lease or a later holder has written.
func (l *Lease) SetState(ctx context.Context, state string) error {
	v, fence := l.token(), l.Fence()
	if v == "" {
		return ErrFenced
	}
	keys := []string{leaseKey(l.name), leaseStateKey(l.name)}
	n, err := stateScript.Run(ctx, l.s.rdb, keys, v, fence, l.owner, state, time.Now().UnixMilli()).Int()
	if err != nil {
		return wrap("lease state", keys[1], err)
	}
	if n == 0 {
		return ErrFenced
	}
	return nil
}

// LeaseState is what the last holder recorded.
type LeaseState struct {
	Owner string
	Fence int64
	State string
	At    time.Time
}

// State returns the record SetState keeps.
func (l *Lease) State(ctx context.Context) (LeaseState, error) {
	m, err := l.s.rdb.HGetAll(ctx, leaseStateKey(l.name)).Result()
	if err != nil {
		return LeaseState{}, wrap("lease state", leaseStateKey(l.name), err)
	}
	f, _ := strconv.ParseInt(m["fence"], 10, 64)
	at, _ := strconv.ParseInt(m["at"], 10, 64)
	return LeaseState{Owner: m["owner"], Fence: f, State: m["state"], At: time.UnixMilli(at)}, nil
}

// displacedWindow is how long displacements are counted.
const displacedWindow = 10 * time.Minute

// Displaced counts one displacement of the holder by something outside
// the lease (for the long connection: another program subscribing with
// the same bot) and returns the count in the current window.
func (l *Lease) Displaced(ctx context.Context) (int, error) {
	k := leaseDisplacedKey(l.name)
	n, err := countScript.Run(ctx, l.s.rdb, []string{k}, displacedWindow.Milliseconds()).Int()
	return n, wrap("lease displaced", k, err)
}

// Displacements returns the count Displaced keeps.
func (l *Lease) Displacements(ctx context.Context) (int, error) {
	n, err := l.s.rdb.Get(ctx, leaseDisplacedKey(l.name)).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, wrap("lease displacements", leaseDisplacedKey(l.name), err)
}

func (l *Lease) token() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.value
}

func (l *Lease) forget(v string) {
	l.mu.Lock()
	if l.value == v {
		l.value, l.fence = "", 0
	}
	l.mu.Unlock()
}

// splitToken reads owner and fence from "owner/random/fence".
func splitToken(v string) (string, int64) {
	last, owner := -1, v
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '/' {
			last = i
			break
		}
	}
	if last < 0 {
		return v, 0
	}
	f, _ := strconv.ParseInt(v[last+1:], 10, 64)
	rest := v[:last]
	for i := len(rest) - 1; i >= 0; i-- {
		if rest[i] == '/' {
			owner = rest[:i]
			break
		}
	}
	return owner, f
}
