package store

import (
	"context"
	"encoding/json"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// GetDraft returns the draft cached under key, or ENotFound.
func (s *Store) GetDraft(ctx context.Context, ref bot.AssignmentRef, key string) (*bot.Draft, error) {
	b, err := s.rdb.Get(ctx, draftKey(ref, key)).Bytes()
	if err != nil {
		return nil, wrap("get draft", draftKey(ref, key), err)
	}
	var d bot.Draft
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, bot.WrapError(bot.EInternal, "store: decode draft "+key, err)
	}
	return &d, nil
}

// PutDraft stores a draft and makes it its section's latest, atomically.
// Drafts are kept while the round exists: they are the version history.
func (s *Store) PutDraft(ctx context.Context, ref bot.AssignmentRef, d *bot.Draft) error {
	b, err := json.Marshal(d)
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: encode draft", err)
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, draftKey(ref, d.Key), b, 0)
		p.HSet(ctx, draftsKey(ref), d.Section, d.Key)
		return nil
	})
	return wrap("put draft", draftKey(ref, d.Key), err)
}

// LatestDrafts returns each section's latest draft.
func (s *Store) LatestDrafts(ctx context.Context, ref bot.AssignmentRef) (map[string]*bot.Draft, error) {
	keys, err := s.rdb.HGetAll(ctx, draftsKey(ref)).Result()
	if err != nil {
		return nil, wrap("list drafts", draftsKey(ref), err)
	}
	out := map[string]*bot.Draft{}
	for section, key := range keys {
		d, err := s.GetDraft(ctx, ref, key)
		if err != nil {
			return nil, err
		}
		out[section] = d
	}
	return out, nil
}
