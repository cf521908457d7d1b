package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// Fields of the assignment hash.
const (
	fVersion     = "v"
	fStatus      = "status"
	fSubmittedBy = "submitted_by"
	fSubmittedAt = "submitted_at"
	fUpdatedAt   = "updated_at"
	fNote        = "note"
	pAnswer      = "ans:" // + question id → Answer JSON
	pCursor      = "cur:" // + user id → Cursor JSON
)

// commitScript applies one turn atomically within the assignment's slot:
// a processed marker wins (the stored replies come back), a missing
// assignment (no version: CreateRound always writes one) or a moved
// version loses, else the fields and the version (one HSET), the marker
// and the audit entries are written together.
var commitScript = redis.NewScript(`
local m = redis.call('GET', KEYS[2])
if m then return {'dup', m} end
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {'missing'} end
v = tonumber(v)
if v ~= tonumber(ARGV[1]) then return {'conflict', tostring(v)} end
local n = tonumber(ARGV[4])
local args = {'v', v + 1}
for j = 5, 4 + n * 2 do args[#args + 1] = ARGV[j] end
redis.call('HSET', KEYS[1], unpack(args))
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
local i = 5 + n * 2
local na = tonumber(ARGV[i])
i = i + 1
for j = 1, na do
  redis.call('XADD', KEYS[3], '*', 'user', ARGV[i], 'at', ARGV[i + 1], 'msg', ARGV[i + 2], 'qid', ARGV[i + 3],
    'old', ARGV[i + 4], 'new', ARGV[i + 5], 'raw', ARGV[i + 6], 'event', ARGV[i + 7])
  i = i + 8
end
return {'ok', tostring(v + 1)}
`)

// LoadTurn reads the assignment and the message marker in one round trip.
// When this replica holds the assignment decoded at the version Redis has,
// only the marker and the version are read (see turnCache). The returned
// assignment is the cached one, shared: callers must not modify it
// (bot.Store says so).
func (s *Store) LoadTurn(ctx context.Context, ref bot.AssignmentRef, msgKey string) (*bot.Assignment, []bot.Reply, error) {
	pipe := s.rdb.Pipeline()
	l := s.queueLoad(ctx, pipe, ref, msgKey)
	pipe.Exec(ctx) // each command's error is read by finish
	return l.finish(ctx, s)
}

// turnLoad is one turn's read of an assignment, queued on a pipeline with
// plain commands: the message's marker, and the version alone when this
// replica has the assignment cached, else the whole hash. The commands
// need not run atomically: the commit that follows checks the marker and
// the version again, so a turn decided on what they read applies once or
// not at all. (They were one Lua script; a script costs Redis several
// times what two plain reads do.)
type turnLoad struct {
	ref     bot.AssignmentRef
	keys    [2]string // assignment, marker
	cached  *bot.Assignment
	marker  *redis.StringCmd
	version *redis.StringCmd          // when cached
	all     *redis.MapStringStringCmd // when not
}

// queueLoad queues ref's load for msgKey on p.
func (s *Store) queueLoad(ctx context.Context, p redis.Pipeliner, ref bot.AssignmentRef, msgKey string) *turnLoad {
	l := &turnLoad{ref: ref, keys: [2]string{assignmentKey(ref), markerKey(ref, msgKey)}, cached: s.turns.get(ref)}
	// The assignment first, the marker after it: a commit sets both at
	// once, so whenever the first read sees a commit of this message, the
	// second sees its marker (see readAgain).
	if l.cached != nil {
		l.version = p.HGet(ctx, l.keys[0], fVersion)
	} else {
		l.all = p.HGetAll(ctx, l.keys[0])
	}
	l.marker = p.Get(ctx, l.keys[1])
	return l
}

// finish makes sense of what the pipeline read: the stored replies of a
// message processed before, or the assignment (cached, or decoded and
// cached). A cached copy whose version moved is read again whole, with
// the marker, in a second round trip (readAgain).
func (l *turnLoad) finish(ctx context.Context, s *Store) (*bot.Assignment, []bot.Reply, error) {
	raw, err := l.marker.Result()
	switch {
	case err == nil:
		var replies []bot.Reply
		if err := json.Unmarshal([]byte(raw), &replies); err != nil {
			return nil, nil, bot.WrapError(bot.EInternal, "store: decode marker "+l.keys[1], err)
		}
		return nil, replies, nil
	case err != redis.Nil:
		return nil, nil, wrap("load turn", l.keys[0], err)
	}
	if l.cached != nil {
		v, err := l.version.Result()
		if err != nil && err != redis.Nil {
			return nil, nil, wrap("load turn", l.keys[0], err)
		}
		if err == nil && v == strconv.FormatInt(l.cached.Version, 10) {
			return l.cached, nil, nil
		}
		// Moved by another replica (or gone): read it whole, and the
		// marker with it.
		s.turns.drop(l.ref)
		return l.readAgain(ctx, s).finish(ctx, s)
	}
	fields, err := l.all.Result()
	if err != nil {
		return nil, nil, wrap("load turn", l.keys[0], err)
	}
	a, err := decodeAssignment(l.ref, fields)
	if err != nil {
		return nil, nil, err
	}
	s.turns.put(a)
	return a, nil, nil
}

// readAgain reads the whole assignment and, after it, the marker again,
// in one round trip. The marker must be read again: a retry of this
// message may meet a copy another replica has moved past because that
// replica was committing this very message, and if its commit landed
// after the first read, the hash read now holds it: deciding on it would
// take the message twice (an answer retried would answer the next
// question). Read after the hash, the marker is there whenever the
// commit is.
func (l *turnLoad) readAgain(ctx context.Context, s *Store) *turnLoad {
	pipe := s.rdb.Pipeline()
	again := &turnLoad{ref: l.ref, keys: l.keys}
	again.all = pipe.HGetAll(ctx, l.keys[0])
	again.marker = pipe.Get(ctx, l.keys[1])
	pipe.Exec(ctx) // each command's error is read by finish
	return again
}

// Assignment reads an assignment.
func (s *Store) Assignment(ctx context.Context, ref bot.AssignmentRef) (*bot.Assignment, error) {
	fields, err := s.rdb.HGetAll(ctx, assignmentKey(ref)).Result()
	if err != nil {
		return nil, wrap("read assignment", assignmentKey(ref), err)
	}
	return decodeAssignment(ref, fields)
}

// CommitTurn applies ch atomically with the marker and the audit entries.
func (s *Store) CommitTurn(ctx context.Context, ref bot.AssignmentRef, version int64, msgKey string,
	ch *bot.Change, replies []bot.Reply) ([]bot.Reply, bool, error) {
	rj, err := json.Marshal(replies)
	if err != nil {
		return nil, false, bot.WrapError(bot.EInternal, "store: encode replies", err)
	}
	fields, err := changeFields(ch)
	if err != nil {
		return nil, false, err
	}
	args := make([]any, 0, 6+len(fields)+8*len(ch.Audit))
	args = append(args, version, int64(s.markerTTL/time.Second), string(rj), len(fields)/2)
	args = append(args, fields...)
	args = append(args, len(ch.Audit))
	for _, e := range ch.Audit {
		args = append(args, e.User, e.At.UTC().Format(time.RFC3339Nano), e.MsgID, e.QID, e.Old, e.New, e.Raw, e.Event)
	}
	keys := TurnKeys(ref, msgKey)
	res, err := commitScript.Run(ctx, s.rdb, keys, args...).StringSlice()
	if err != nil {
		return nil, false, wrap("commit turn", keys[0], err)
	}
	switch res[0] {
	case "ok":
		s.remember(ref, version, ch, fields)
		return replies, true, nil
	case "dup":
		var stored []bot.Reply
		if err := json.Unmarshal([]byte(res[1]), &stored); err != nil {
			return nil, false, bot.WrapError(bot.EInternal, "store: decode marker "+keys[1], err)
		}
		return stored, false, nil
	case "conflict":
		s.turns.drop(ref)
		return nil, false, &bot.Error{Code: bot.EConflict, Op: "store: commit turn " + keys[0],
			Err: fmt.Errorf("version is %s, turn read %d", res[1], version)}
	case "missing":
		return nil, false, bot.Errorf(bot.ENotFound, "未找到该填报任务。")
	}
	return nil, false, bot.WrapError(bot.EInternal, "store: commit turn "+keys[0], fmt.Errorf("unexpected reply %q", res))
}

// changeFields flattens a change into hash field/value pairs.
func changeFields(ch *bot.Change) ([]any, error) {
	var out []any
	for _, a := range ch.Answers {
		b, err := json.Marshal(a)
		if err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: encode answer "+a.QID, err)
		}
		out = append(out, pAnswer+a.QID, string(b))
	}
	users := make([]string, 0, len(ch.Cursors))
	for u := range ch.Cursors {
		users = append(users, u)
	}
	sort.Strings(users)
	for _, u := range users {
		b, err := json.Marshal(ch.Cursors[u])
		if err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: encode cursor "+u, err)
		}
		out = append(out, pCursor+u, string(b))
	}
	if ch.Status != "" {
		out = append(out, fStatus, string(ch.Status))
	}
	if ch.Note != "" {
		out = append(out, fNote, ch.Note)
	}
	if ch.SubmittedBy != "" {
		out = append(out, fSubmittedBy, ch.SubmittedBy, fSubmittedAt, ch.SubmittedAt.UTC().Format(time.RFC3339Nano))
	}
	if !ch.UpdatedAt.IsZero() {
		out = append(out, fUpdatedAt, ch.UpdatedAt.UTC().Format(time.RFC3339Nano))
	}
	return out, nil
}

// decodeAssignment builds an Assignment from its hash.
func decodeAssignment(ref bot.AssignmentRef, h map[string]string) (*bot.Assignment, error) {
	if len(h) == 0 {
		return nil, &bot.Error{Code: bot.ENotFound, Message: "未找到该填报任务。", Op: "store: assignment " + ref.String()}
	}
	a := &bot.Assignment{Ref: ref, Answers: make(map[string]*bot.Answer, len(h)), Cursors: map[string]*bot.Cursor{}}
	for k, v := range h {
		if err := decodeField(a, k, v); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// decodeField sets what one field of the assignment hash holds on a.
func decodeField(a *bot.Assignment, k, v string) error {
	var err error
	switch {
	case k == fVersion:
		a.Version, err = strconv.ParseInt(v, 10, 64)
	case k == fStatus:
		a.Status = bot.AssignmentStatus(v)
	case k == fSubmittedBy:
		a.SubmittedBy = v
	case k == fSubmittedAt:
		a.SubmittedAt, err = time.Parse(time.RFC3339Nano, v)
	case k == fUpdatedAt:
		a.UpdatedAt, err = time.Parse(time.RFC3339Nano, v)
	case k == fNote:
		a.Note = v
	case strings.HasPrefix(k, pAnswer):
		var ans bot.Answer
		err = json.Unmarshal([]byte(v), &ans)
		a.Answers[ans.QID] = &ans
	case strings.HasPrefix(k, pCursor):
		var c bot.Cursor
		err = json.Unmarshal([]byte(v), &c)
		a.Cursors[strings.TrimPrefix(k, pCursor)] = &c
	}
	if err != nil {
		return bot.WrapError(bot.EInternal, "store: decode "+assignmentKey(a.Ref)+" field "+k, err)
	}
	return nil
}

// remember moves the cached copy of ref, if it was at version, past a
// commit of ch, whose hash fields were fields: exactly what commitScript
// wrote (the same field strings, decoded as a full read would decode
// them), at version+1. Copy on write: the cached assignment may be in
// other turns' hands, so its maps are copied before they change, except
// the answers map when the turn gave its own whole (ch.AllAnswers), in
// which the decoded answers replace the turn's.
func (s *Store) remember(ref bot.AssignmentRef, version int64, ch *bot.Change, fields []any) {
	cached := s.turns.get(ref)
	if cached == nil || cached.Version != version {
		s.turns.drop(ref)
		return
	}
	next := *cached
	answers, cursors := false, false // next's map is its own
	if ch.AllAnswers != nil && len(ch.AllAnswers) >= len(cached.Answers) {
		next.Answers, answers = ch.AllAnswers, true
	}
	for i := 0; i+1 < len(fields); i += 2 {
		k, _ := fields[i].(string)
		if !answers && strings.HasPrefix(k, pAnswer) {
			next.Answers, answers = maps.Clone(cached.Answers), true
		} else if !cursors && strings.HasPrefix(k, pCursor) {
			next.Cursors, cursors = maps.Clone(cached.Cursors), true
		}
	}
	for i := 0; i+1 < len(fields); i += 2 {
		k, _ := fields[i].(string)
		v, _ := fields[i+1].(string)
		if err := decodeField(&next, k, v); err != nil {
			s.turns.drop(ref)
			return
		}
	}
	next.Version = version + 1
	s.turns.put(&next)
}

// Audit returns the assignment's audit entries, oldest first.
func (s *Store) Audit(ctx context.Context, ref bot.AssignmentRef) ([]bot.AuditEntry, error) {
	msgs, err := s.rdb.XRange(ctx, auditKey(ref), "-", "+").Result()
	if err != nil {
		return nil, wrap("read audit", auditKey(ref), err)
	}
	return decodeAudit(msgs), nil
}

// decodeAudit builds audit entries from the stream's messages.
func decodeAudit(msgs []redis.XMessage) []bot.AuditEntry {
	out := make([]bot.AuditEntry, 0, len(msgs))
	for _, m := range msgs {
		str := func(k string) string { s, _ := m.Values[k].(string); return s }
		at, _ := time.Parse(time.RFC3339Nano, str("at"))
		out = append(out, bot.AuditEntry{User: str("user"), At: at, MsgID: str("msg"), QID: str("qid"),
			Old: str("old"), New: str("new"), Raw: str("raw"), Event: str("event")})
	}
	return out
}
