package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// fEditing is the user-record field naming the section an editor works on.
const fEditing = "editing"

var _ bot.EditorialStore = (*Store)(nil)

// Sections returns every section state of an assignment.
func (s *Store) Sections(ctx context.Context, ref bot.AssignmentRef) (map[string]*bot.SectionState, error) {
	h, err := s.rdb.HGetAll(ctx, sectionsKey(ref)).Result()
	if err != nil {
		return nil, wrap("read sections", sectionsKey(ref), err)
	}
	out := make(map[string]*bot.SectionState, len(h))
	for k, v := range h {
		var st bot.SectionState
		if err := json.Unmarshal([]byte(v), &st); err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: decode section "+k, err)
		}
		out[k] = &st
	}
	return out, nil
}

// UpdateSection applies fn to one section under WATCH, with the message's
// marker in the same transaction, so a retried message changes nothing
// twice.
func (s *Store) UpdateSection(ctx context.Context, ref bot.AssignmentRef, section, msgKey string, fn func(*bot.SectionState) error) (bool, error) {
	key, marker := sectionsKey(ref), markerKey(ref, "sec:"+msgKey)
	applied := false
	err := optimistic(ctx, 20, "该章节正被同时修改，请稍后重试。", func() error {
		return s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			if n, err := tx.Exists(ctx, marker).Result(); err != nil || n > 0 {
				return err
			}
			st := &bot.SectionState{Section: section}
			b, err := tx.HGet(ctx, key, section).Bytes()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			if err == nil {
				if err := json.Unmarshal(b, st); err != nil {
					return bot.WrapError(bot.EInternal, "store: decode section "+section, err)
				}
			}
			if err := fn(st); err != nil {
				return err
			}
			nb, err := json.Marshal(st)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.HSet(ctx, key, section, nb)
				p.Set(ctx, marker, "1", s.markerTTL)
				return nil
			})
			applied = err == nil
			return err
		}, key, marker)
	})
	return applied, wrap("update section", key, err)
}

// SetEditing records which section ("round/dept#section") an editor is
// working on.
func (s *Store) SetEditing(ctx context.Context, user, section string) error {
	return wrap("set editing", userKey(user), s.rdb.HSet(ctx, userKey(user), fEditing, section).Err())
}

// Editing returns the section an editor is working on, or "".
func (s *Store) Editing(ctx context.Context, user string) (string, error) {
	v, err := s.rdb.HGet(ctx, userKey(user), fEditing).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, wrap("read editing", userKey(user), err)
}
