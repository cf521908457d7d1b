package store

import (
	"sync"

	"reportbot/bot"
)

// defaultTurnCache is how many decoded assignments a Store keeps by
// default (a finished department decodes to some tens of KB).
const defaultTurnCache = 1024

// turnCache keeps each replica's last decoded copy of the assignments it
// served, by version. Decoding an assignment's answers was most of a
// turn's CPU; a contact's next message usually finds its assignment here
// at the version Redis holds, which the load confirms in the same round
// trip that checks the marker (turnLoad), so a stale copy is never used. Only
// CommitTurn (and CreateRound's version 0) writes the assignment hash,
// and each commit moves the version, which makes the version a faithful
// name for the content. A cached assignment is never modified once put:
// turns read it (the engine copies what it changes), and a commit caches a
// changed copy in its place.
type turnCache struct {
	mu  sync.Mutex
	max int
	m   map[bot.AssignmentRef]*bot.Assignment
}

func newTurnCache(max int) *turnCache {
	if max == 0 {
		max = defaultTurnCache
	}
	return &turnCache{max: max, m: make(map[bot.AssignmentRef]*bot.Assignment)}
}

// get returns the cached copy of ref, nil if none (or the cache is off).
func (c *turnCache) get(ref bot.AssignmentRef) *bot.Assignment {
	if c.max < 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[ref]
}

// put keeps a (which the caller no longer changes), unless a newer copy
// is kept already: loads of one assignment can finish in either order.
// A copy found stale is dropped before the fresh read is put.
func (c *turnCache) put(a *bot.Assignment) {
	if c.max < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.m[a.Ref]
	if ok && old.Version > a.Version {
		return
	}
	if !ok && len(c.m) >= c.max {
		// Full: drop an arbitrary eighth (map order is random), so
		// eviction costs little per insertion.
		n := max(1, c.max/8)
		for k := range c.m {
			delete(c.m, k)
			if n--; n == 0 {
				break
			}
		}
	}
	c.m[a.Ref] = a
}

// drop forgets ref.
func (c *turnCache) drop(ref bot.AssignmentRef) {
	c.mu.Lock()
	delete(c.m, ref)
	c.mu.Unlock()
}
