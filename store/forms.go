package store

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

var _ bot.FormStore = (*Store)(nil)

// addRevisionScript appends a revision only if it is the next one: the
// list must hold exactly ARGV[1]-1 revisions.
var addRevisionScript = redis.NewScript(`
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) - 1 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[2])
return 1`)

// AddFormRevision saves rev as revision rev.Rev of form rev.ID, or fails
// with EConflict when a concurrent upload took that number.
func (s *Store) AddFormRevision(ctx context.Context, rev bot.FormRevision) error {
	b, err := json.Marshal(rev)
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: encode form "+rev.ID, err)
	}
	key := formRevisionsKey(s.queues, rev.ID)
	// The id is indexed first: an index entry with no revision yet reads
	// as no form, while a revision missing from the index would be lost.
	if err := s.rdb.SAdd(ctx, formIDsKey(s.queues), rev.ID).Err(); err != nil {
		return wrap("index form", formIDsKey(s.queues), err)
	}
	ok, err := addRevisionScript.Run(ctx, s.rdb, []string{key}, rev.Rev, b).Int()
	if err != nil {
		return wrap("save form", key, err)
	}
	if ok == 0 {
		return bot.Errorf(bot.EConflict, "问卷 %s 刚被别人保存了新版本，请刷新后重试。", rev.ID)
	}
	return nil
}

// FormRevisions returns a form's revisions, oldest first.
func (s *Store) FormRevisions(ctx context.Context, id string) ([]bot.FormRevision, error) {
	key := formRevisionsKey(s.queues, id)
	raw, err := s.rdb.LRange(ctx, key, 0, -1).Result()
	if err != nil {
		return nil, wrap("read form", key, err)
	}
	out := make([]bot.FormRevision, 0, len(raw))
	for _, r := range raw {
		var rev bot.FormRevision
		if err := json.Unmarshal([]byte(r), &rev); err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: decode form "+key, err)
		}
		out = append(out, rev)
	}
	return out, nil
}

// FormIDs lists the uploaded forms' ids, sorted.
func (s *Store) FormIDs(ctx context.Context) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, formIDsKey(s.queues)).Result()
	if err != nil {
		return nil, wrap("list forms", formIDsKey(s.queues), err)
	}
	sort.Strings(ids)
	return ids, nil
}
