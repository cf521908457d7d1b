package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// Job types.
const (
	taskSend    = "wecom:send"
	taskCard    = "wecom:card"
	taskDraft   = "draft:assignment"
	taskRewrite = "draft:rewrite"
)

// sendJob is the payload of a send task.
type sendJob struct {
	User    string      `json:"user"`
	Replies []bot.Reply `json:"replies"`
}

// Jobs is the durable job queue (hibiken/asynq over this Store's Redis):
// tasks survive restarts, are retried with backoff, and run once across
// replicas.
type Jobs struct {
	client  *asynq.Client
	server  *asynq.Server
	inspect *asynq.Inspector
	prefix  string // Options.QueuePrefix
	log     *slog.Logger
	rdb     redis.UniversalClient // send jobs' progress
}

// enqueue queues one task under id, at most once: a second call with the
// same id (a retried callback) queues nothing. An outage is EUnavailable,
// with the polite 系统繁忙 for the user.
func (j *Jobs) enqueue(ctx context.Context, kind, id, queue string, payload any, opts ...asynq.Option) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return bot.WrapError(bot.EInternal, "jobs: encode "+id, err)
	}
	opts = append(opts, asynq.TaskID(id), asynq.Queue(j.prefix+queue))
	_, err = j.client.EnqueueContext(ctx, asynq.NewTask(kind, b), opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	if err != nil {
		e := bot.WrapError(bot.EUnavailable, "jobs: enqueue "+id, err)
		e.Message = bot.MsgBusy
		return e
	}
	return nil
}

// EnqueueRewrite queues an editor's 重写, once per editor message.
func (j *Jobs) EnqueueRewrite(ctx context.Context, job bot.RewriteJob) error {
	return j.enqueue(ctx, taskRewrite, fmt.Sprintf("rewrite:%s:%s:%s", job.Ref, job.Section, job.Key), "drafts", job,
		asynq.MaxRetry(10), asynq.Retention(24*time.Hour), asynq.Timeout(5*time.Minute))
}

// EnqueueCardUpdate queues greying out a clicked card, once per key.
func (j *Jobs) EnqueueCardUpdate(ctx context.Context, key string, u bot.CardUpdate) error {
	return j.enqueue(ctx, taskCard, "card:"+key, "wecom", u, asynq.MaxRetry(6), asynq.Retention(sendRetention), asynq.Timeout(time.Minute))
}

var _ bot.Jobs = (*Jobs)(nil)

// Jobs returns the queue over the store's Redis connection.
func (s *Store) Jobs(log *slog.Logger, concurrency int) *Jobs {
	if concurrency <= 0 {
		concurrency = 4
	}
	return &Jobs{
		client: asynq.NewClientFromRedisClient(s.rdb), prefix: s.queues,
		server: asynq.NewServerFromRedisClient(s.rdb, asynq.Config{Concurrency: concurrency,
			Queues: map[string]int{s.queues + "wecom": 3, s.queues + "drafts": 1}, Logger: slogAdapter{log}, LogLevel: asynq.WarnLevel,
			ShutdownTimeout: 8 * time.Second,
			// Cards and the tails of long replies wait for this when the
			// queue was idle; asynq's default of 1 s is felt in a chat.
			TaskCheckInterval: 200 * time.Millisecond, RetryDelayFunc: retryDelay,
			DelayedTaskCheckInterval: retryCheck}),
		inspect: asynq.NewInspectorFromRedisClient(s.rdb), log: log, rdb: s.rdb,
	}
}

// sendRetention keeps finished send tasks long enough that every retry
// WeCom makes of a callback finds its task and queues nothing again.
const sendRetention = 24 * time.Hour

// JobClient returns a queue that only enqueues (for the command line):
// the serve replicas' workers run what it queues.
func (s *Store) JobClient(log *slog.Logger) *Jobs {
	return &Jobs{client: asynq.NewClientFromRedisClient(s.rdb), inspect: asynq.NewInspectorFromRedisClient(s.rdb), prefix: s.queues, log: log, rdb: s.rdb}
}

// EnqueueSend queues replies for user, at most once per key.
func (j *Jobs) EnqueueSend(ctx context.Context, key, user string, replies []bot.Reply) error {
	return j.enqueue(ctx, taskSend, "send:"+key, "wecom", sendJob{User: user, Replies: replies},
		asynq.MaxRetry(12), asynq.Retention(sendRetention), asynq.Timeout(time.Minute))
}

// EnqueueDraft queues drafting of an assignment at a version, once.
func (j *Jobs) EnqueueDraft(ctx context.Context, ref bot.AssignmentRef, version int64) error {
	return j.enqueue(ctx, taskDraft, fmt.Sprintf("draft:%s:%s:%d", ref.Round, ref.Dept, version), "drafts", ref,
		asynq.MaxRetry(20), asynq.Retention(7*24*time.Hour), asynq.Timeout(15*time.Minute))
}

// Start runs the workers with one handler per kind of job; a kind whose
// handler is nil is left to other replicas. Stop with Shutdown.
func (j *Jobs) Start(h bot.JobHandlers) error {
	if j.server == nil {
		return errors.New("jobs: a JobClient runs no workers")
	}
	mux := asynq.NewServeMux()
	if h.Send != nil {
		handle(j, mux, taskSend, func(ctx context.Context, job sendJob) error {
			return deliver(ctx, j.rdb, j.prefix, job, h.Send)
		}, func(job sendJob) []any { return []any{"user", job.User} })
	}
	if h.CardUpdate != nil {
		handle(j, mux, taskCard, h.CardUpdate, func(u bot.CardUpdate) []any { return []any{"users", len(u.Users)} })
	}
	if h.Draft != nil {
		handle(j, mux, taskDraft, h.Draft, func(ref bot.AssignmentRef) []any { return []any{"round", ref.Round, "dept", ref.Dept} })
	}
	if h.Rewrite != nil {
		handle(j, mux, taskRewrite, h.Rewrite, func(job bot.RewriteJob) []any {
			return []any{"round", job.Ref.Round, "dept", job.Ref.Dept, "section", job.Section}
		})
	}
	return j.server.Start(mux)
}

// handle registers run for tasks of kind: the payload is decoded (a
// malformed one is dropped, not retried) and a failure is logged with
// the job's identity and retried with backoff.
func handle[P any](j *Jobs, mux *asynq.ServeMux, kind string, run func(context.Context, P) error, who func(P) []any) {
	mux.HandleFunc(kind, func(ctx context.Context, t *asynq.Task) error {
		var p P
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
		}
		if err := run(ctx, p); err != nil {
			j.log.Warn(kind+" job failed, will retry", append(who(p), "err", err)...)
			return err
		}
		return nil
	})
}

// Unfinished counts the tasks still to run in this queue's queues (the
// long connection's among them):
// pending, running, scheduled or waiting to be retried. Tests wait for 0
// before they count what was sent.
func (j *Jobs) Unfinished() (int, error) {
	queues, err := j.inspect.Queues()
	if err != nil {
		return 0, wrap("list queues", "", err)
	}
	n := 0
	for _, q := range queues {
		if q != j.prefix+"wecom" && q != j.prefix+"drafts" && q != j.prefix+connQueue {
			continue
		}
		info, err := j.inspect.GetQueueInfo(q)
		if err != nil {
			return 0, wrap("inspect queue", q, err)
		}
		n += info.Pending + info.Active + info.Scheduled + info.Retry
	}
	return n, nil
}

// Shutdown stops the workers, letting running tasks finish.
func (j *Jobs) Shutdown() {
	if j.server != nil {
		j.server.Shutdown()
	}
	j.client.Close()
}

// slogAdapter lets asynq log through slog.
type slogAdapter struct{ l *slog.Logger }

// Debug implements asynq.Logger.
func (a slogAdapter) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }

// Info implements asynq.Logger.
func (a slogAdapter) Info(args ...any) { a.l.Info(fmt.Sprint(args...)) }

// Warn implements asynq.Logger.
func (a slogAdapter) Warn(args ...any) { a.l.Warn(fmt.Sprint(args...)) }

// Error implements asynq.Logger.
func (a slogAdapter) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }

// Fatal implements asynq.Logger; it logs and does not exit.
func (a slogAdapter) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...)) }
