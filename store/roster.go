package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// storedRoster is the roster's record: the roster and its version.
type storedRoster struct {
	Version int64       `json:"v"`
	Roster  *bot.Roster `json:"roster"`
}

// Roster returns the roster and its version; ENotFound before one was
// saved.
func (s *Store) Roster(ctx context.Context) (*bot.Roster, int64, error) {
	b, err := s.rdb.Get(ctx, s.rosterKey()).Bytes()
	if err != nil {
		return nil, 0, wrap("read roster", s.rosterKey(), err)
	}
	var sr storedRoster
	if err := json.Unmarshal(b, &sr); err != nil || sr.Roster == nil {
		return nil, 0, bot.WrapError(bot.EInternal, "store: decode roster", err)
	}
	return sr.Roster, sr.Version, nil
}

// RosterVersion returns the saved roster's version (0 for none): a cheap
// check replicas make to see whether it changed.
func (s *Store) RosterVersion(ctx context.Context) (int64, error) {
	b, err := s.rdb.Get(ctx, s.rosterVersionKey()).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return b, wrap("read roster version", s.rosterVersionKey(), err)
}

// SaveRoster replaces the roster if it is still at version (0: none saved
// yet), appends ch to its history and returns the new version; EConflict
// when someone else saved meanwhile.
func (s *Store) SaveRoster(ctx context.Context, r *bot.Roster, version int64, ch bot.RosterChange) (int64, error) {
	var next int64
	err := optimistic(ctx, 5, "名单刚被其他人修改，请刷新后重试。", func() error {
		return s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			cur, err := tx.Get(ctx, s.rosterVersionKey()).Int64()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			if cur != version {
				return bot.Errorf(bot.EConflict, "名单刚被其他人修改（第 %d 版），请刷新后重试。", cur)
			}
			next = cur + 1
			b, err := json.Marshal(storedRoster{Version: next, Roster: r})
			if err != nil {
				return err
			}
			cb, err := json.Marshal(ch)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, s.rosterKey(), b, 0)
				p.Set(ctx, s.rosterVersionKey(), next, 0)
				p.XAdd(ctx, &redis.XAddArgs{Stream: s.rosterLogKey(), Values: []any{"c", cb}})
				if ch.File != "" {
					p.Set(ctx, s.rosterFileKey(), ch.File, 0)
				}
				return nil
			})
			return err
		}, s.rosterVersionKey())
	})
	return next, wrap("save roster", s.rosterKey(), err)
}

// RosterHistory returns the roster's changes, newest first.
func (s *Store) RosterHistory(ctx context.Context, n int64) ([]bot.RosterChange, error) {
	msgs, err := s.rdb.XRevRangeN(ctx, s.rosterLogKey(), "+", "-", n).Result()
	if err != nil {
		return nil, wrap("roster history", s.rosterLogKey(), err)
	}
	out := make([]bot.RosterChange, 0, len(msgs))
	for _, m := range msgs {
		var c bot.RosterChange
		if v, ok := m.Values["c"].(string); ok && json.Unmarshal([]byte(v), &c) == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// RosterFile returns the fingerprint of the roster file (REPORTBOT_ROSTER)
// last imported at start-up, "" for none: a file changed since is imported
// again, an unchanged one leaves the console's edits alone.
func (s *Store) RosterFile(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, s.rosterFileKey()).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, wrap("read roster file", s.rosterFileKey(), err)
}
