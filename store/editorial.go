package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// sectionsKey holds an assignment's sections under review: one JSON
// field per section, in the assignment's slot.
func sectionsKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":sections" }

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
	for attempt := 0; attempt < 20; attempt++ {
		applied := false
		err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
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
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err != nil {
			var be *bot.Error
			if errors.As(err, &be) {
				return false, err
			}
			return false, wrap("update section", key, err)
		}
		return applied, nil
	}
	return false, bot.Errorf(bot.EConflict, "该章节正被同时修改，请稍后重试。")
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
