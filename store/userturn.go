package store

import (
	"context"

	"reportbot/bot"
)

var _ bot.UserTurnLoader = (*Store)(nil)

// UserTurn reads the user's hash and queues guess's load (turnLoad) in one
// pipeline: one round trip for what User and LoadTurn take two for. The
// user's key and the assignment's live in different slots; on Redis
// Cluster the pipeline sends each command to its own node, and on one
// node the user is read first, as User then LoadTurn would. Either way
// the load is what a LoadTurn at about that moment would return, and the
// commit that follows checks the version and the marker again, so a turn
// decided on it applies once or not at all.
func (s *Store) UserTurn(ctx context.Context, user string, guess bot.AssignmentRef, msgKey string) (*bot.UserState, *bot.LoadedTurn, error) {
	pipe := s.rdb.Pipeline()
	uc := pipe.HGetAll(ctx, userKey(user))
	l := s.queueLoad(ctx, pipe, guess, msgKey)
	pipe.Exec(ctx) // each command's error is read below
	h, err := uc.Result()
	if err != nil {
		return nil, nil, wrap("read user", userKey(user), err)
	}
	us := decodeUser(user, h)
	a, dup, err := l.finish(ctx, s)
	if err != nil {
		// The caller loads on its own, and meets the error there.
		return us, nil, nil
	}
	return us, &bot.LoadedTurn{Ref: guess, Assignment: a, Dup: dup}, nil
}
