package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// TokenCache is silenceper/wechat's cache.Cache over Redis, so every replica
// shares one WeCom access token. Values are stored and returned as strings.
type TokenCache struct{ s *Store }

// TokenCache returns the shared access-token cache.
func (s *Store) TokenCache() *TokenCache { return &TokenCache{s} }

// Get returns the cached string, or nil when missing or Redis is down (the
// caller then fetches a token itself).
func (c *TokenCache) Get(key string) interface{} {
	v, err := c.s.rdb.Get(context.Background(), tokenKey(key)).Result()
	if err != nil {
		return nil
	}
	return v
}

// Set stores val (a string) for timeout.
func (c *TokenCache) Set(key string, val interface{}, timeout time.Duration) error {
	s, _ := val.(string)
	return wrap("token set", tokenKey(key), c.s.rdb.Set(context.Background(), tokenKey(key), s, timeout).Err())
}

// IsExist reports whether key is cached.
func (c *TokenCache) IsExist(key string) bool {
	n, err := c.s.rdb.Exists(context.Background(), tokenKey(key)).Result()
	return err == nil && n > 0
}

// Delete drops key, as after errcode 40014/42001.
func (c *TokenCache) Delete(key string) error {
	return wrap("token delete", tokenKey(key), c.s.rdb.Del(context.Background(), tokenKey(key)).Err())
}

// Lock takes the short lock that lets one replica at a time call gettoken.
// It reports whether this caller holds it.
func (c *TokenCache) Lock(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := c.s.rdb.SetNX(ctx, tokenLock(key), "1", ttl).Result()
	return ok, wrap("token lock", tokenLock(key), err)
}

// Unlock releases the refresh lock.
func (c *TokenCache) Unlock(ctx context.Context, key string) {
	c.s.rdb.Del(ctx, tokenLock(key))
}

// allowScript counts one message to a user unless either window is full.
var allowScript = redis.NewScript(`
local m = tonumber(redis.call('GET', KEYS[1]) or '0')
local h = tonumber(redis.call('GET', KEYS[2]) or '0')
if m >= tonumber(ARGV[1]) then return 1 end
if h >= tonumber(ARGV[2]) then return 2 end
redis.call('INCR', KEYS[1]); redis.call('EXPIRE', KEYS[1], 120)
redis.call('INCR', KEYS[2]); redis.call('EXPIRE', KEYS[2], 7200)
return 0
`)

// AllowSend counts one message to user within WeCom's limits (perMinute per
// member per minute, perHour per hour), shared by all replicas. When a
// window is full it returns false and how long to wait.
func (s *Store) AllowSend(ctx context.Context, user string, now time.Time, perMinute, perHour int) (bool, time.Duration, error) {
	keys := []string{sendMinuteKey(user, now), sendHourKey(user, now)}
	n, err := allowScript.Run(ctx, s.rdb, keys, perMinute, perHour).Int()
	if err != nil {
		return false, 0, wrap("allow send", keys[0], err)
	}
	switch n {
	case 1:
		return false, now.Truncate(time.Minute).Add(time.Minute).Sub(now), nil
	case 2:
		return false, now.Truncate(time.Hour).Add(time.Hour).Sub(now), nil
	}
	return true, 0, nil
}
