package store

import (
	"context"
	"strconv"

	"reportbot/bot"
)

var _ bot.UserTurnLoader = (*Store)(nil)

// UserTurn reads the user's hash and runs loadScript for guess in one
// pipeline: one round trip for what User and LoadTurn take two for. The
// user's key and the assignment's live in different slots; on Redis
// Cluster the pipeline sends each command to its own node, and on one
// node the user is read first, as User then LoadTurn would. Either way
// the load is what a LoadTurn at about that moment would return, and the
// commit that follows checks the version and the marker again, so a turn
// decided on it applies once or not at all.
func (s *Store) UserTurn(ctx context.Context, user string, guess bot.AssignmentRef, msgKey string) (*bot.UserState, *bot.LoadedTurn, error) {
	cached := s.turns.get(guess)
	have := ""
	if cached != nil {
		have = strconv.FormatInt(cached.Version, 10)
	}
	keys := []string{assignmentKey(guess), markerKey(guess, msgKey)}
	pipe := s.rdb.Pipeline()
	uc := pipe.HGetAll(ctx, userKey(user))
	// EVALSHA: the script is loaded by the first LoadTurn of this process
	// (or of any other); until then the load fails with NOSCRIPT and the
	// caller loads on its own.
	lc := loadScript.EvalSha(ctx, pipe, keys, have)
	pipe.Exec(ctx) // each command's error is read below
	h, err := uc.Result()
	if err != nil {
		return nil, nil, wrap("read user", userKey(user), err)
	}
	us := decodeUser(user, h)
	res, err := lc.Slice()
	if err != nil {
		return us, nil, nil
	}
	a, dup, err := s.loaded(guess, keys, cached, res)
	if err != nil {
		return us, nil, nil
	}
	return us, &bot.LoadedTurn{Ref: guess, Assignment: a, Dup: dup}, nil
}
