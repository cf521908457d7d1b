package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// Job types and the queue of the long connection's proactive messages.
const (
	taskConnSend = "aibot:send"
	taskConnCard = "aibot:card"
	connQueue    = "aibot"
)

// ConnJobs is the durable queue of messages that must go out over the
// WeCom long connection: only the replica holding the connection can send
// them, so its workers run only there, started when that replica has
// subscribed and stopped when its connection ends (Start and Stop may
// alternate for the life of the process). Any replica enqueues. Tasks
// are unique per key and retried with backoff, as the app's send jobs.
type ConnJobs struct {
	jobs        *Jobs // the enqueueing side, over the same Redis and prefix
	rdb         redis.UniversalClient
	concurrency int

	mu     sync.Mutex
	server *asynq.Server
}

// ConnJobs returns the long connection's queue over the store's Redis.
func (s *Store) ConnJobs(log *slog.Logger, concurrency int) *ConnJobs {
	if concurrency <= 0 {
		concurrency = 4
	}
	return &ConnJobs{jobs: s.JobClient(log), rdb: s.rdb, concurrency: concurrency}
}

// EnqueueSend queues replies for user, at most once per key.
func (q *ConnJobs) EnqueueSend(ctx context.Context, key, user string, replies []bot.Reply) error {
	return q.jobs.enqueue(ctx, taskConnSend, "aibot:send:"+key, connQueue, sendJob{User: user, Replies: replies},
		asynq.MaxRetry(12), asynq.Retention(sendRetention), asynq.Timeout(time.Minute))
}

// EnqueueCardUpdate queues a card update, once per key.
func (q *ConnJobs) EnqueueCardUpdate(ctx context.Context, key string, u bot.CardUpdate) error {
	return q.jobs.enqueue(ctx, taskConnCard, "aibot:card:"+key, connQueue, u, asynq.MaxRetry(2),
		asynq.Retention(sendRetention), asynq.Timeout(30*time.Second))
}

// Start runs workers for the queue with h.Send and h.CardUpdate until
// Stop. A send job's replies go out in order, one job at a time per
// worker.
func (q *ConnJobs) Start(h bot.JobHandlers) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.server != nil {
		return errors.New("jobs: the connection's workers are running")
	}
	j := q.jobs
	srv := asynq.NewServerFromRedisClient(q.rdb, asynq.Config{Concurrency: q.concurrency,
		Queues: map[string]int{j.prefix + connQueue: 1}, Logger: slogAdapter{j.log}, LogLevel: asynq.WarnLevel,
		ShutdownTimeout: 3 * time.Second, TaskCheckInterval: 100 * time.Millisecond, RetryDelayFunc: retryDelay,
		DelayedTaskCheckInterval: retryCheck})
	mux := asynq.NewServeMux()
	if h.Send != nil {
		handle(j, mux, taskConnSend, func(ctx context.Context, job sendJob) error {
			return deliver(ctx, q.rdb, j.prefix, job, h.Send)
		}, func(job sendJob) []any { return []any{"user", job.User} })
	}
	if h.CardUpdate != nil {
		handle(j, mux, taskConnCard, h.CardUpdate, func(u bot.CardUpdate) []any { return []any{"users", len(u.Users)} })
	}
	if err := srv.Start(mux); err != nil {
		return err
	}
	q.server = srv
	return nil
}

// Stop stops the workers, letting running tasks finish (3 s); the tasks
// left wait in Redis for the next holder.
func (q *ConnJobs) Stop() {
	q.mu.Lock()
	srv := q.server
	q.server = nil
	q.mu.Unlock()
	if srv != nil {
		srv.Shutdown()
	}
}

// Unfinished counts the tasks still to run in this installation's queues.
func (q *ConnJobs) Unfinished() (int, error) { return q.jobs.Unfinished() }

// Close stops the workers and the enqueueing client.
func (q *ConnJobs) Close() {
	q.Stop()
	q.jobs.client.Close()
}

// Channels a user can be reached through.
const (
	ChannelApp   = "app"   // the self-built app (callback, message/send)
	ChannelAIBot = "aibot" // the AI bot's long connection
)

// channelTTL keeps a user's channel for a season of rounds.
const channelTTL = 180 * 24 * time.Hour

// SetChannel records the channel a user last wrote from.
func (s *Store) SetChannel(ctx context.Context, user, channel string) error {
	return wrap("set channel", channelKey(user), s.rdb.Set(ctx, channelKey(user), channel, channelTTL).Err())
}

// Channel returns the channel a user last wrote from ("" if never).
func (s *Store) Channel(ctx context.Context, user string) (string, error) {
	v, err := s.rdb.Get(ctx, channelKey(user)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, wrap("channel", channelKey(user), err)
}
