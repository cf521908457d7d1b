package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"reportbot/bot/bottest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// TestLeaseFencing: one holder at a time; only the holder renews or
// releases; every new holder draws a larger fence; a holder that lost the
// lease cannot write its state over its successor's.
func TestLeaseFencing(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	name := storetest.RandomID("lease")
	a, b := st.Lease(name, "replica-a", 300*time.Millisecond), st.Lease(name, "replica-b", 300*time.Millisecond)
	if ok, err := a.Acquire(ctx); !ok || err != nil {
		t.Fatalf("a acquires: %v %v", ok, err)
	}
	if ok, _ := b.Acquire(ctx); ok {
		t.Fatal("b acquired a held lease")
	}
	if ok, _ := b.Renew(ctx); ok {
		t.Fatal("b renewed a's lease")
	}
	b.Release(ctx) // not b's: nothing happens
	if owner, fence, _ := b.Holder(ctx); owner != "replica-a" || fence != a.Fence() || fence == 0 {
		t.Fatalf("holder %q fence %d (a's %d)", owner, fence, a.Fence())
	}
	if err := a.SetState(ctx, "connected"); err != nil {
		t.Fatal(err)
	}
	// a stalls past its TTL; b takes over with a larger fence.
	first := a.Fence()
	if !bottest.Eventually(3*time.Second, func() bool { ok, _ := b.Acquire(ctx); return ok }) {
		t.Fatal("b never took the expired lease")
	}
	if b.Fence() <= first {
		t.Errorf("fence %d after %d", b.Fence(), first)
	}
	if err := b.SetState(ctx, "connected"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.Renew(ctx); ok {
		t.Error("a renewed a lease that passed to b")
	}
	if err := a.SetState(ctx, "down"); !errors.Is(err, store.ErrFenced) {
		t.Errorf("a stale holder wrote its state: %v", err)
	}
	if s, _ := b.State(ctx); s.Owner != "replica-b" || s.State != "connected" || s.Fence != b.Fence() {
		t.Errorf("state %+v", s)
	}
	// b keeps it by renewing, then releases it; a takes it at once.
	for i := 0; i < 3; i++ {
		time.Sleep(150 * time.Millisecond) // within the TTL, to show renewing keeps it
		if ok, err := b.Renew(ctx); !ok || err != nil {
			t.Fatalf("renew %d: %v %v", i, ok, err)
		}
	}
	if held, _ := a.Held(ctx); !held {
		t.Error("a renewed lease is not held")
	}
	if err := b.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.Acquire(ctx); !ok || a.Fence() <= first {
		t.Errorf("after release: %v fence %d", ok, a.Fence())
	}
	if n, _ := a.Displaced(ctx); n != 1 {
		t.Errorf("displaced %d", n)
	}
	if n, _ := b.Displacements(ctx); n != 1 {
		t.Errorf("displacements seen by b: %d", n)
	}
}
