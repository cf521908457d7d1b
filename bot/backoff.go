package bot

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff pauses before optimistic attempt n+1 after a concurrent writer
// won attempt n: up to 2^n ms (capped at 50 ms), uniformly jittered, so
// two busy writers do not keep colliding. It returns ctx's error if ctx
// ends first.
func Backoff(ctx context.Context, n int) error {
	ceil := min(time.Millisecond<<min(n, 6), 50*time.Millisecond)
	t := time.NewTimer(time.Duration(rand.Int64N(int64(ceil))) + 100*time.Microsecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
