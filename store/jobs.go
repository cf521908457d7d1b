package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"reportbot/bot"
)

// Job types.
const (
	taskSend    = "wecom:send"
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
	prefix  string // Options.QueuePrefix
	log     *slog.Logger
	rewrite func(ctx context.Context, job bot.RewriteJob) error
}

var _ bot.Rewriter = (*Jobs)(nil)

// OnRewrite sets what runs an editor's 重写 job; call before Start.
func (j *Jobs) OnRewrite(fn func(ctx context.Context, job bot.RewriteJob) error) { j.rewrite = fn }

// EnqueueRewrite queues an editor's 重写, once per editor message.
func (j *Jobs) EnqueueRewrite(ctx context.Context, job bot.RewriteJob) error {
	payload, _ := json.Marshal(job)
	id := fmt.Sprintf("rewrite:%s:%s:%s", job.Ref, job.Section, job.Key)
	_, err := j.client.EnqueueContext(ctx, asynq.NewTask(taskRewrite, payload), asynq.TaskID(id), asynq.Queue(j.prefix+"drafts"),
		asynq.MaxRetry(10), asynq.Retention(24*time.Hour), asynq.Timeout(5*time.Minute))
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
			TaskCheckInterval: 200 * time.Millisecond}),
		log: log,
	}
}

// sendRetention keeps finished send tasks long enough that every retry
// WeCom makes of a callback finds its task and queues nothing again.
const sendRetention = 24 * time.Hour

// JobClient returns a queue that only enqueues (for the command line):
// the serve replicas' workers run what it queues.
func (s *Store) JobClient(log *slog.Logger) *Jobs {
	return &Jobs{client: asynq.NewClientFromRedisClient(s.rdb), prefix: s.queues, log: log}
}

// EnqueueSend queues replies for user, at most once per key.
func (j *Jobs) EnqueueSend(ctx context.Context, key, user string, replies []bot.Reply) error {
	payload, err := json.Marshal(sendJob{User: user, Replies: replies})
	if err != nil {
		return bot.WrapError(bot.EInternal, "jobs: encode send", err)
	}
	_, err = j.client.EnqueueContext(ctx, asynq.NewTask(taskSend, payload), asynq.TaskID("send:"+key),
		asynq.Queue(j.prefix+"wecom"), asynq.MaxRetry(12), asynq.Retention(sendRetention), asynq.Timeout(time.Minute))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil // a retried callback: the first delivery's task stands
	}
	if err != nil {
		e := bot.WrapError(bot.EUnavailable, "jobs: enqueue send "+key, err)
		e.Message = bot.MsgBusy
		return e
	}
	return nil
}

// EnqueueDraft queues drafting of an assignment at a version, once.
func (j *Jobs) EnqueueDraft(ctx context.Context, ref bot.AssignmentRef, version int64) error {
	payload, _ := json.Marshal(ref)
	id := fmt.Sprintf("draft:%s:%s:%d", ref.Round, ref.Dept, version)
	_, err := j.client.EnqueueContext(ctx, asynq.NewTask(taskDraft, payload), asynq.TaskID(id), asynq.Queue(j.prefix+"drafts"),
		asynq.MaxRetry(20), asynq.Retention(7*24*time.Hour), asynq.Timeout(15*time.Minute))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	if err != nil {
		return bot.WrapError(bot.EUnavailable, "jobs: enqueue "+id, err)
	}
	return nil
}

// Start runs the workers: send tasks go out through m, drafting tasks run
// draft (nil: no drafting on this replica). Stop with Shutdown.
func (j *Jobs) Start(m bot.Messenger, draft func(ctx context.Context, ref bot.AssignmentRef) error) error {
	if j.server == nil {
		return errors.New("jobs: a JobClient runs no workers")
	}
	mux := asynq.NewServeMux()
	if draft != nil {
		mux.HandleFunc(taskDraft, func(ctx context.Context, t *asynq.Task) error {
			var ref bot.AssignmentRef
			if err := json.Unmarshal(t.Payload(), &ref); err != nil {
				return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
			}
			if err := draft(ctx, ref); err != nil {
				j.log.Warn("drafting failed, will retry", "round", ref.Round, "dept", ref.Dept, "err", err)
				return err
			}
			return nil
		})
	}
	if j.rewrite != nil {
		mux.HandleFunc(taskRewrite, func(ctx context.Context, t *asynq.Task) error {
			var job bot.RewriteJob
			if err := json.Unmarshal(t.Payload(), &job); err != nil {
				return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
			}
			if err := j.rewrite(ctx, job); err != nil {
				j.log.Warn("rewrite failed, will retry", "round", job.Ref.Round, "dept", job.Ref.Dept, "section", job.Section, "err", err)
				return err
			}
			return nil
		})
	}
	mux.HandleFunc(taskSend, func(ctx context.Context, t *asynq.Task) error {
		var job sendJob
		if err := json.Unmarshal(t.Payload(), &job); err != nil {
			return fmt.Errorf("%w: %v", asynq.SkipRetry, err)
		}
		for _, r := range job.Replies {
			if err := m.Send(ctx, job.User, r); err != nil {
				j.log.Warn("send job failed, will retry", "user", job.User, "err", err)
				return err
			}
		}
		return nil
	})
	return j.server.Start(mux)
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
