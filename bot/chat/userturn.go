package chat

import (
	"context"

	"reportbot/bot"
)

// maxGuesses bounds the users an Engine remembers the last assignment of.
const maxGuesses = 4096

// readUser reads m's sender's state. When this replica served the
// sender's last turn and the store can, the assignment of that turn is
// loaded for m in the same round trip (bot.UserTurnLoader): the state
// read with it says whether it is still the active one, so a change made
// by another replica (切换部门, a new round) is seen as before, and a
// wrong guess costs only the load the turn would have made anyway.
func (e *Engine) readUser(ctx context.Context, m bot.Message) (*bot.UserState, *bot.LoadedTurn, error) {
	if ul, ok := e.store.(bot.UserTurnLoader); ok {
		e.mu.Lock()
		guess, known := e.guess[m.User]
		e.mu.Unlock()
		if known {
			return ul.UserTurn(ctx, m.User, guess, m.ID)
		}
	}
	us, err := e.store.User(ctx, m.User)
	return us, nil, err
}

// rememberGuess notes ref as the assignment user's next turn here will
// most likely be on.
func (e *Engine) rememberGuess(user string, ref bot.AssignmentRef) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if old, ok := e.guess[user]; ok && old == ref {
		return
	}
	if _, ok := e.guess[user]; !ok && len(e.guess) >= maxGuesses {
		// Full: forget an arbitrary eighth (map order is random).
		n := maxGuesses / 8
		for k := range e.guess {
			delete(e.guess, k)
			if n--; n == 0 {
				break
			}
		}
	}
	e.guess[user] = ref
}

// load is the store's LoadTurn of ref for msgID, or pre when it is that
// load made already.
func (e *Engine) load(ctx context.Context, ref bot.AssignmentRef, msgID string, pre *bot.LoadedTurn) (*bot.Assignment, []bot.Reply, error) {
	if pre != nil && pre.Ref == ref {
		return pre.Assignment, pre.Dup, nil
	}
	return e.store.LoadTurn(ctx, ref, msgID)
}
