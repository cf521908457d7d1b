package store_test

import (
	"context"
	"reflect"
	"testing"

	"reportbot/bot"
	"reportbot/store/storetest"
)

// TestUserTurnIsUserAndLoadTurn: UserTurn returns in one round trip what
// User and LoadTurn return in two, including a processed message's
// replies; a commit made by another replica in between is seen, at the
// cost of a second round trip to read what moved; a guess of an
// assignment that does not exist loads nothing and is no error.
func TestUserTurnIsUserAndLoadTurn(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	other := storetest.Replica(t, st)
	check := func(msg string, trips int64) *bot.LoadedTurn {
		t.Helper()
		before := st.RoundTrips()
		us, loaded, err := st.UserTurn(ctx, user, ref, msg)
		if err != nil {
			t.Fatal(err)
		}
		if n := st.RoundTrips() - before; n != trips {
			t.Errorf("UserTurn took %d round trips, want %d", n, trips)
		}
		wantUS, err := st.User(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(us, wantUS) {
			t.Errorf("user state %+v, User gives %+v", us, wantUS)
		}
		if loaded == nil || loaded.Ref != ref {
			t.Fatalf("nothing loaded for %s: %+v", ref, loaded)
		}
		a, dup, err := other.LoadTurn(ctx, ref, msg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(loaded.Assignment, a) || !reflect.DeepEqual(loaded.Dup, dup) {
			t.Errorf("loaded %+v %+v, LoadTurn gives %+v %+v", loaded.Assignment, loaded.Dup, a, dup)
		}
		return loaded
	}
	if l := check("m1", 1); l.Assignment == nil || l.Assignment.Version != 0 {
		t.Fatalf("first load: %+v", l)
	}
	replies := []bot.Reply{{Text: "已记录：381件。"}}
	if _, ok, err := st.CommitTurn(ctx, ref, 0, "m1", change(user, "381"), replies); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if l := check("m1", 1); l.Assignment != nil || !reflect.DeepEqual(l.Dup, replies) {
		t.Fatalf("a processed message: %+v", l)
	}
	// Another replica commits; this one's cached copy is behind and must
	// not be served.
	a, _, err := other.LoadTurn(ctx, ref, "m2")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := other.CommitTurn(ctx, ref, a.Version, "m2", change(user, "500"), nil); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if l := check("m3", 2); l.Assignment == nil || l.Assignment.Version != 2 || l.Assignment.Answers["docs"].Figure.Value != "500" {
		t.Fatalf("after the other replica's commit: %+v", l)
	}
	// A guess of no assignment.
	us, loaded, err := st.UserTurn(ctx, user, bot.AssignmentRef{Round: ref.Round, Dept: "nope"}, "m4")
	if err != nil || loaded != nil || len(us.Assignments) != 2 {
		t.Errorf("a guess of no assignment: %+v %+v %v", us, loaded, err)
	}
}
