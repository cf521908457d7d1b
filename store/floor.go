package store

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// floorScript is the least a turn can write and stay exactly-once: a
// processed marker wins (its reply comes back), else the user's hash gets
// the text and a count and the marker is set with the reply.
var floorScript = redis.NewScript(`
local m = redis.call('GET', KEYS[2])
if m then return {'dup', m} end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'text', ARGV[1], 'at', ARGV[3])
local reply = ARGV[2] .. n
redis.call('SET', KEYS[2], reply, 'EX', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {'ok', reply}
`)

// BareTurn is the bench's floor under a conversation turn (`bench
// -floor`): one read of the user's record and one Lua write with a
// processed marker, the same two kinds of round trip a real turn makes,
// with no engine in between. It answers the reply stored for msgKey: a
// repeated delivery gets the first reply back. The keys live in the
// user's slot and expire with the marker TTL.
func (s *Store) BareTurn(ctx context.Context, user, msgKey, text, replyPrefix string, now time.Time) (string, error) {
	if err := s.rdb.HGetAll(ctx, floorKey(user)).Err(); err != nil {
		return "", wrap("floor read", floorKey(user), err)
	}
	keys := []string{floorKey(user), floorMarkerKey(user, msgKey)}
	res, err := floorScript.Run(ctx, s.rdb, keys, text, replyPrefix, strconv.FormatInt(now.UnixNano(), 10),
		int64(s.markerTTL/time.Second)).StringSlice()
	if err != nil {
		return "", wrap("floor write", keys[0], err)
	}
	return res[1], nil
}
