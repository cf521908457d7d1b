package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// deliver sends a send job's replies in order, from the first one not yet
// delivered: the count delivered is kept in Redis under the task's id, so
// a job refused part-way by WeCom's per-member limit (30 a minute;
// errcodes 45009, 45033) resumes where it stopped on its retry instead of
// starting again from part 1 and never getting past part 30.
func deliver(ctx context.Context, rdb redis.UniversalClient, prefix string, job sendJob, send func(context.Context, string, bot.Reply) error) error {
	id, _ := asynq.GetTaskID(ctx)
	key, start := "", 0
	if id != "" {
		key = sendProgressKey(prefix, id)
		n, err := rdb.Get(ctx, key).Int()
		switch {
		case err == nil:
			start = n
		case !errors.Is(err, redis.Nil):
			return wrap("send progress", key, err)
		}
	}
	for i := start; i < len(job.Replies); i++ {
		if err := send(ctx, job.User, job.Replies[i]); err != nil {
			return err
		}
		if key != "" {
			if err := rdb.Set(ctx, key, strconv.Itoa(i+1), sendRetention).Err(); err != nil {
				return wrap("send progress", key, err)
			}
		}
	}
	return nil
}

// retryCheck is how often due retries are moved back to their queue
// (asynq's default is 5 s): a send refused by the minute's limit goes out
// within a second of the window opening.
const retryCheck = time.Second

// retryDelay waits as long as a refused send asks (an error with a
// RetryAfter method, such as the messenger's limit refusal), else asynq's
// default backoff.
func retryDelay(n int, err error, t *asynq.Task) time.Duration {
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(err, &ra) && ra.RetryAfter() > 0 {
		return ra.RetryAfter()
	}
	return asynq.DefaultRetryDelayFunc(n, err, t)
}
