package store

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// errLost says an optimistic attempt lost to a concurrent writer and
// should be tried again from fresh state.
var errLost = errors.New("store: a concurrent write won")

// optimistic runs attempt until it does not lose to a concurrent writer
// (it returns errLost, or a WATCHed key moved), backing off with jitter
// between tries. After tries losses it gives up with EConflict and
// conflict, a Chinese sentence for the user; attempt's own errors end it
// at once.
func optimistic(ctx context.Context, tries int, conflict string, attempt func() error) error {
	for n := 0; n < tries; n++ {
		err := attempt()
		if !errors.Is(err, errLost) && !errors.Is(err, redis.TxFailedErr) {
			return err
		}
		if err := bot.Backoff(ctx, n); err != nil {
			return bot.WrapError(bot.EUnavailable, "store: back off", err)
		}
	}
	return bot.Errorf(bot.EConflict, "%s", conflict)
}
