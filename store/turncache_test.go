package store_test

import (
	"context"
	"reflect"
	"testing"

	"reportbot/bot"
	"reportbot/store"
	"reportbot/store/storetest"
)

// TestTurnCacheFollowsEveryWriter: a replica's cached assignment is used
// only at the version Redis holds, so a commit by another replica is seen
// at once; what a cached load returns equals a full read; a hit still
// costs one round trip.
func TestTurnCacheFollowsEveryWriter(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	other := storetest.Replica(t, st)
	commit := func(s *store.Store, msg, value string) {
		t.Helper()
		commitAs(t, s, ref, user, msg, value, nil)
	}
	load := func(s *store.Store, msg string) *bot.Assignment {
		t.Helper()
		a, dup, err := s.LoadTurn(ctx, ref, msg)
		if err != nil || dup != nil {
			t.Fatal(err, dup)
		}
		full, err := s.Assignment(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, full) {
			t.Fatalf("load after %s differs from a full read:\n%+v\n%+v", msg, a, full)
		}
		return a
	}

	commit(st, "m1", "381")
	if a := load(st, "m2"); a.Version != 1 || a.Answers["docs"].Figure.Value != "381" {
		t.Fatalf("after own commit: %+v", a)
	}
	commit(other, "m2", "500") // the other replica moves it on
	if a := load(st, "m3"); a.Version != 2 || a.Answers["docs"].Figure.Value != "500" {
		t.Fatalf("after the other replica's commit: v%d %+v", a.Version, a.Answers["docs"])
	}
	commit(st, "m3", "600")
	before := st.RoundTrips()
	a, _, err := st.LoadTurn(ctx, ref, "m4")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n != 1 || a.Version != 3 || a.Answers["docs"].Figure.Value != "600" {
		t.Fatalf("cached load: %d round trips, v%d %+v", n, a.Version, a.Answers["docs"])
	}
	if b := load(st, "m4"); b != a {
		t.Errorf("an unchanged assignment was not served from the cache")
	}
	// A conflict drops the copy; the next load reads it all again.
	if _, _, err := st.CommitTurn(ctx, ref, 1, "m5", change(user, "7"), nil); bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("stale commit: %v", err)
	}
	if b := load(st, "m5"); b.Version != 3 {
		t.Fatalf("after a conflict: v%d", b.Version)
	}
}

// TestTurnCacheTakesTheTurnsAnswers: a commit that hands over the turn's
// whole answer map (Change.AllAnswers) leaves in the cache what a full
// read gives, with the committed answers decoded as written, and the copy
// the turn loaded is left as it was.
func TestTurnCacheTakesTheTurnsAnswers(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	a, _, err := st.LoadTurn(ctx, ref, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.CommitTurn(ctx, ref, a.Version, "m1", change(user, "381"), nil); err != nil || !ok {
		t.Fatal(ok, err)
	}
	loaded, _, err := st.LoadTurn(ctx, ref, "m2")
	if err != nil {
		t.Fatal(err)
	}
	// The turn's own copy, as the engine builds it: the loaded answers
	// plus the new one (with a local time, which a full read gives in UTC).
	ch := change(user, "500")
	ch.Answers = append(ch.Answers, &bot.Answer{QID: "rate", Status: bot.Answered,
		Figure: &bot.Figure{Value: "43", Unit: "%"}, Raw: "43%", By: user, At: ch.UpdatedAt.Local()})
	own := map[string]*bot.Answer{}
	for k, v := range loaded.Answers {
		own[k] = v
	}
	for _, ans := range ch.Answers {
		own[ans.QID] = ans
	}
	ch.AllAnswers = own
	if _, ok, err := st.CommitTurn(ctx, ref, loaded.Version, "m2", ch, nil); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if loaded.Answers["docs"].Figure.Value != "381" || loaded.Answers["rate"] != nil {
		t.Errorf("the loaded copy changed: %+v", loaded.Answers)
	}
	before := st.RoundTrips()
	cached, _, err := st.LoadTurn(ctx, ref, "m3")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n != 1 {
		t.Errorf("load after the commit took %d round trips", n)
	}
	full, err := st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if cached.Version != 2 || !reflect.DeepEqual(cached, full) {
		t.Fatalf("cached after the turn's map differs from a full read:\n%+v\n%+v", cached, full)
	}
}
