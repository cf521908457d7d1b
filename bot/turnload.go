package bot

import "context"

// UserTurnLoader is a Store that reads a user's state and loads a turn of
// the assignment the caller expects to be the user's active one in a
// single round trip (a pipeline). A replica that served the user's last
// message knows which assignment that was; when the state read together
// with it still names that assignment, the turn costs one round trip
// fewer. Engines use it when their Store has it and fall back to User and
// LoadTurn otherwise.
type UserTurnLoader interface {
	// UserTurn returns what User(user) returns and, read in the same round
	// trip, what LoadTurn(guess, msgKey) returns. The load is only of use
	// when guess is the assignment the returned state makes active; the
	// caller checks that. loaded is nil when the load could not be made in
	// the same round trip (the caller loads on its own then); an error is
	// the user read's.
	UserTurn(ctx context.Context, user string, guess AssignmentRef, msgKey string) (us *UserState, loaded *LoadedTurn, err error)
}

// LoadedTurn is what LoadTurn returned for Ref: the assignment (shared,
// read-only), or the replies stored for a message processed before.
type LoadedTurn struct {
	Ref        AssignmentRef
	Assignment *Assignment
	Dup        []Reply
}
