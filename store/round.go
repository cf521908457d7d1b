package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// User-record fields: "active" points at the active assignment, and one
// "a:<round>/<dept>" field per assignment holds when it was linked.
const (
	fActive     = "active"
	pUserAssign = "a:"
)

// CreateRound saves the round with its frozen form, an empty assignment per
// department, and links every contact. Only the round key is written
// conditionally; the rest is idempotent, so a retry after a failure
// completes the round.
func (s *Store) CreateRound(ctx context.Context, r *bot.Round) error {
	if err := validIDs(r); err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: encode round "+r.ID, err)
	}
	ok, err := s.rdb.SetNX(ctx, roundKey(r.ID), b, 0).Result()
	if err != nil {
		return wrap("create round", roundKey(r.ID), err)
	}
	if !ok {
		return bot.Errorf(bot.EConflict, "采集轮次 %s 已存在。", r.ID)
	}
	now := r.CreatedAt
	if now.IsZero() {
		now = time.Now()
	}
	pipe := s.rdb.Pipeline()
	pipe.ZAdd(ctx, s.roundsKey(), redis.Z{Score: float64(now.UnixNano()), Member: r.ID})
	for i, d := range r.Departments {
		ref := bot.AssignmentRef{Round: r.ID, Dept: d.ID}
		// Links keep the round's department order: creation time plus index.
		linkedAt := strconv.FormatInt(now.UnixNano()+int64(i), 10)
		pipe.HSetNX(ctx, assignmentKey(ref), fVersion, 0)
		pipe.HSetNX(ctx, assignmentKey(ref), fStatus, string(bot.NotStarted))
		for _, u := range d.Contacts {
			pipe.HSetNX(ctx, userKey(u), pUserAssign+ref.Round+"/"+ref.Dept, linkedAt)
			pipe.HSetNX(ctx, userKey(u), fActive, ref.Round+"/"+ref.Dept)
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return wrap("create round assignments", roundKey(r.ID), err)
	}
	return nil
}

// validIDs rejects ids that would break key or field parsing.
func validIDs(r *bot.Round) error {
	bad := func(id string) bool { return id == "" || strings.ContainsAny(id, "/{}: \t\n") }
	if bad(r.ID) {
		return bot.Errorf(bot.EInvalid, "采集轮次编号“%s”不合法：不能为空，也不能含有 / { } : 或空格。", r.ID)
	}
	for _, d := range r.Departments {
		if bad(d.ID) {
			return bot.Errorf(bot.EInvalid, "部门编号“%s”不合法：不能为空，也不能含有 / { } : 或空格。", d.ID)
		}
	}
	return nil
}

// Round returns a round, indexed (bot.Round.Index).
func (s *Store) Round(ctx context.Context, id string) (*bot.Round, error) {
	b, err := s.rdb.Get(ctx, roundKey(id)).Bytes()
	if err == redis.Nil {
		return nil, &bot.Error{Code: bot.ENotFound, Message: "未找到采集轮次 " + id + "。", Op: "store: round " + id}
	}
	if err != nil {
		return nil, wrap("read round", roundKey(id), err)
	}
	var r bot.Round
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, bot.WrapError(bot.EInternal, "store: decode round "+id, err)
	}
	r.Index()
	return &r, nil
}

// Rounds lists round ids, newest first.
func (s *Store) Rounds(ctx context.Context) ([]string, error) {
	ids, err := s.rdb.ZRevRange(ctx, s.roundsKey(), 0, -1).Result()
	if err != nil {
		return nil, wrap("list rounds", s.roundsKey(), err)
	}
	return ids, nil
}

// User returns the user's assignments (oldest link first) and active one.
func (s *Store) User(ctx context.Context, user string) (*bot.UserState, error) {
	h, err := s.rdb.HGetAll(ctx, userKey(user)).Result()
	if err != nil {
		return nil, wrap("read user", userKey(user), err)
	}
	return decodeUser(user, h), nil
}

// decodeUser builds a user's state from their hash.
func decodeUser(user string, h map[string]string) *bot.UserState {
	us := &bot.UserState{User: user}
	type linked struct {
		ref bot.AssignmentRef
		at  int64
	}
	var links []linked
	for k, v := range h {
		if k == fActive {
			us.Active = parseRef(v)
			continue
		}
		if rest, ok := strings.CutPrefix(k, pUserAssign); ok {
			at, _ := strconv.ParseInt(v, 10, 64)
			links = append(links, linked{parseRef(rest), at})
		}
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].at != links[j].at {
			return links[i].at < links[j].at
		}
		return links[i].ref.String() < links[j].ref.String()
	})
	for _, l := range links {
		us.Assignments = append(us.Assignments, l.ref)
	}
	return us
}

func parseRef(s string) bot.AssignmentRef {
	round, dept, _ := strings.Cut(s, "/")
	return bot.AssignmentRef{Round: round, Dept: dept}
}

// SetActive makes ref the user's active assignment.
func (s *Store) SetActive(ctx context.Context, user string, ref bot.AssignmentRef) error {
	if err := s.rdb.HSet(ctx, userKey(user), fActive, ref.Round+"/"+ref.Dept).Err(); err != nil {
		return wrap("set active", userKey(user), err)
	}
	return nil
}

// MemoryUsage sums MEMORY USAGE over an assignment's state and audit keys,
// in bytes (markers expire and are not counted).
func (s *Store) MemoryUsage(ctx context.Context, ref bot.AssignmentRef) (int64, error) {
	var total int64
	for _, k := range []string{assignmentKey(ref), auditKey(ref)} {
		n, err := s.rdb.MemoryUsage(ctx, k).Result()
		if err != nil && err != redis.Nil {
			return 0, wrap("memory usage", k, err)
		}
		total += n
	}
	return total, nil
}

// MarkerMemory sums MEMORY USAGE over an assignment's processed-message
// markers (they expire after MarkerTTL). It scans, so it is for
// measurements, not for serving.
func (s *Store) MarkerMemory(ctx context.Context, ref bot.AssignmentRef) (int64, error) {
	var total int64
	iter := s.rdb.Scan(ctx, 0, markerKey(ref, "*"), 500).Iterator()
	for iter.Next(ctx) {
		n, err := s.rdb.MemoryUsage(ctx, iter.Val()).Result()
		if err != nil && err != redis.Nil {
			return 0, wrap("memory usage", iter.Val(), err)
		}
		total += n
	}
	return total, wrap("scan markers", ref.String(), iter.Err())
}

// UpdateRound applies fn to the stored round under WATCH, retrying when a
// concurrent update wins; fn's error aborts the update.
func (s *Store) UpdateRound(ctx context.Context, id string, fn func(*bot.Round) error) error {
	key := roundKey(id)
	err := optimistic(ctx, 10, "轮次正被同时修改，请重试。", func() error {
		return s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			b, err := tx.Get(ctx, key).Bytes()
			if errors.Is(err, redis.Nil) {
				return &bot.Error{Code: bot.ENotFound, Message: "未找到采集轮次 " + id + "。", Op: "store: round " + id}
			}
			if err != nil {
				return err
			}
			var r bot.Round
			if err := json.Unmarshal(b, &r); err != nil {
				return bot.WrapError(bot.EInternal, "store: decode round "+id, err)
			}
			if err := fn(&r); err != nil {
				return err
			}
			nb, err := json.Marshal(&r)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, key, nb, 0)
				return nil
			})
			return err
		}, key)
	})
	return wrap("update round", key, err)
}

// Reopen returns a submitted assignment to its contacts: status returned,
// the note shown to them, and an audit entry, in one script.
func (s *Store) Reopen(ctx context.Context, ref bot.AssignmentRef, note string, e bot.AuditEntry) error {
	return optimistic(ctx, 10, "该部门的填报正在变化，请稍后重试。", func() error {
		a, err := s.Assignment(ctx, ref)
		if err != nil {
			return err
		}
		ch := &bot.Change{Status: bot.Returned, Note: note, UpdatedAt: e.At, Audit: []bot.AuditEntry{e}}
		_, _, err = s.CommitTurn(ctx, ref, a.Version, fmt.Sprintf("reopen:%d", e.At.UnixNano()), ch, nil)
		if bot.ErrorCode(err) == bot.EConflict {
			return errLost // the assignment moved: read it again
		}
		return err
	})
}

// markScript claims a reminder and counts it (invitations are not
// counted), in the assignment's slot.
var markScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  if ARGV[2] == '1' then redis.call('INCR', KEYS[2]) end
  redis.call('SADD', KEYS[3], ARGV[3])
  return 1
end
return 0`)

// unmarkScript releases a claim and its count.
var unmarkScript = redis.NewScript(`
if redis.call('DEL', KEYS[1]) == 1 then
  if ARGV[1] == '1' then redis.call('DECR', KEYS[2]) end
  redis.call('SREM', KEYS[3], ARGV[2])
end
return 0`)

func countsAsReminder(kind string) string {
	if kind == "invite" {
		return "0"
	}
	return "1"
}

// MarkReminder claims a reminder for an assignment; only one replica wins.
// Marks are kept while the round exists, as the record of what was sent.
func (s *Store) MarkReminder(ctx context.Context, ref bot.AssignmentRef, kind string) (bool, error) {
	keys := []string{reminderKey(ref, kind), reminderCountKey(ref), sentKindsKey(ref)}
	n, err := markScript.Run(ctx, s.rdb, keys, time.Now().UTC().Format(time.RFC3339), countsAsReminder(kind), kind).Int()
	return n == 1, wrap("mark reminder", keys[0], err)
}

// UnmarkReminder releases a claim whose message could not be sent.
func (s *Store) UnmarkReminder(ctx context.Context, ref bot.AssignmentRef, kind string) error {
	keys := []string{reminderKey(ref, kind), reminderCountKey(ref), sentKindsKey(ref)}
	return wrap("unmark reminder", keys[0], unmarkScript.Run(ctx, s.rdb, keys, countsAsReminder(kind), kind).Err())
}

// ForgetReminder lets kind be sent to ref again (its deadline moved)
// while the count of reminders sent keeps it: it was sent.
func (s *Store) ForgetReminder(ctx context.Context, ref bot.AssignmentRef, kind string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, reminderKey(ref, kind))
		p.SRem(ctx, sentKindsKey(ref), kind)
		return nil
	})
	return wrap("forget reminder", reminderKey(ref, kind), err)
}

// ReminderCount is how many reminders (not invitations) ref was sent.
func (s *Store) ReminderCount(ctx context.Context, ref bot.AssignmentRef) (int, error) {
	n, err := s.rdb.Get(ctx, reminderCountKey(ref)).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, wrap("reminder count", reminderCountKey(ref), err)
}

// DeferNudge keeps a 催办 asked for in quiet hours until a reminder tick
// may send it; a second one for the same department replaces the first.
func (s *Store) DeferNudge(ctx context.Context, ref bot.AssignmentRef, by string) error {
	return wrap("defer nudge", nudgesKey(ref.Round), s.rdb.HSet(ctx, nudgesKey(ref.Round), ref.Dept, by).Err())
}

// DeferredNudges returns a round's deferred 催办 by department.
func (s *Store) DeferredNudges(ctx context.Context, round string) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, nudgesKey(round)).Result()
	return m, wrap("deferred nudges", nudgesKey(round), err)
}

// ClearNudge drops a department's deferred 催办.
func (s *Store) ClearNudge(ctx context.Context, ref bot.AssignmentRef) error {
	return wrap("clear nudge", nudgesKey(ref.Round), s.rdb.HDel(ctx, nudgesKey(ref.Round), ref.Dept).Err())
}

// SentReminders returns the kinds of reminder ref was sent (invitations
// included), for planning what is still to come.
func (s *Store) SentReminders(ctx context.Context, ref bot.AssignmentRef) (map[string]bool, error) {
	kinds, err := s.rdb.SMembers(ctx, sentKindsKey(ref)).Result()
	if err != nil {
		return nil, wrap("sent reminders", sentKindsKey(ref), err)
	}
	out := make(map[string]bool, len(kinds))
	for _, k := range kinds {
		out[k] = true
	}
	return out, nil
}

// RecordRoundEvent appends an action to a round's history stream.
func (s *Store) RecordRoundEvent(ctx context.Context, round string, e bot.RoundEvent) error {
	b, err := json.Marshal(e)
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: encode round event", err)
	}
	return wrap("record round event", roundLogKey(round), s.rdb.XAdd(ctx, &redis.XAddArgs{Stream: roundLogKey(round), Values: []any{"e", b}}).Err())
}

// RoundEvents returns a round's history, oldest first.
func (s *Store) RoundEvents(ctx context.Context, round string) ([]bot.RoundEvent, error) {
	msgs, err := s.rdb.XRange(ctx, roundLogKey(round), "-", "+").Result()
	if err != nil {
		return nil, wrap("round events", roundLogKey(round), err)
	}
	out := make([]bot.RoundEvent, 0, len(msgs))
	for _, m := range msgs {
		var e bot.RoundEvent
		if v, ok := m.Values["e"].(string); ok && json.Unmarshal([]byte(v), &e) == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// LinkContacts links users to an assignment, as CreateRound does for the
// round's contacts: for a contact added to a department mid-round. A link
// that exists stays as it is.
func (s *Store) LinkContacts(ctx context.Context, ref bot.AssignmentRef, users []string, at time.Time) error {
	if len(users) == 0 {
		return nil
	}
	pipe := s.rdb.Pipeline()
	for _, u := range users {
		pipe.HSetNX(ctx, userKey(u), pUserAssign+ref.Round+"/"+ref.Dept, strconv.FormatInt(at.UnixNano(), 10))
		pipe.HSetNX(ctx, userKey(u), fActive, ref.Round+"/"+ref.Dept)
	}
	_, err := pipe.Exec(ctx)
	return wrap("link contacts", ref.String(), err)
}

// UnlinkContacts removes an assignment from users (a contact taken off a
// department mid-round): they no longer see or answer it. Their answers
// stay with the department.
func (s *Store) UnlinkContacts(ctx context.Context, ref bot.AssignmentRef, users []string) error {
	if len(users) == 0 {
		return nil
	}
	pipe := s.rdb.Pipeline()
	for _, u := range users {
		pipe.HDel(ctx, userKey(u), pUserAssign+ref.Round+"/"+ref.Dept)
	}
	_, err := pipe.Exec(ctx)
	return wrap("unlink contacts", ref.String(), err)
}
