package store

import (
	"testing"

	"reportbot/bot"
)

// TestTurnCacheKeepsTheNewest: two loads of one assignment can finish in
// either order; the one that read an older version must not replace the
// newer copy (a stale copy costs every later turn a third round trip).
func TestTurnCacheKeepsTheNewest(t *testing.T) {
	c := newTurnCache(0)
	ref := bot.AssignmentRef{Round: "r", Dept: "d"}
	c.put(&bot.Assignment{Ref: ref, Version: 2})
	c.put(&bot.Assignment{Ref: ref, Version: 1})
	if got := c.get(ref); got == nil || got.Version != 2 {
		t.Fatalf("cached %+v, want version 2", got)
	}
	c.drop(ref) // a copy found stale is dropped; what is read next is kept
	c.put(&bot.Assignment{Ref: ref, Version: 0})
	if got := c.get(ref); got == nil || got.Version != 0 {
		t.Fatalf("after a drop: %+v, want version 0", got)
	}
}
