package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/wecom/aibot"
	"reportbot/store"
)

// Channels. A deployment runs the self-built app's callback, the AI bot's
// long connection, or both; the domain does not know which. What reaches
// a user outside a reply (invitations, reminders, escalations, editors'
// drafts and cards, the tails of long replies, exports) is queued through
// channelJobs, which picks the channel per user when the message is
// queued:
//
//   - only one channel configured: that one;
//   - both: the channel the user last wrote from, recorded in Redis at
//     each message (store.SetChannel); a user who has never written goes
//     through the app, since the AI bot can reach only people who have
//     written to it first.
//
// Card updates follow the click: a response code of the long connection
// goes to its queue, any other to the app's.

// channelJobs is the job queue the domain sees when the long connection is
// configured: sends and card updates for the long connection go to its
// own queue (run only by the replica that holds the connection), drafting
// and the app's sends to the shared queue.
type channelJobs struct {
	*store.Jobs
	conn  *store.ConnJobs
	route func(ctx context.Context, user string) string
}

var _ bot.Jobs = (*channelJobs)(nil)

// EnqueueSend queues replies on the user's channel, once per key.
func (j *channelJobs) EnqueueSend(ctx context.Context, key, user string, replies []bot.Reply) error {
	if j.route(ctx, user) == store.ChannelAIBot {
		return j.conn.EnqueueSend(ctx, key, user, replies)
	}
	return j.Jobs.EnqueueSend(ctx, key, user, replies)
}

// EnqueueCardUpdate queues a card update on the channel the click came
// from, once per key.
func (j *channelJobs) EnqueueCardUpdate(ctx context.Context, key string, u bot.CardUpdate) error {
	if aibot.IsCardRef(u.ResponseCode) {
		return j.conn.EnqueueCardUpdate(ctx, key, u)
	}
	return j.Jobs.EnqueueCardUpdate(ctx, key, u)
}

// route picks the channel of a user's proactive messages.
func (a *App) route(ctx context.Context, user string) string {
	if !a.Config.hasApp() {
		return store.ChannelAIBot
	}
	ch, err := a.Store.Channel(ctx, user)
	if err != nil {
		a.Log.Warn("could not read the user's channel; using the app", "user", user, "err", err)
	}
	if ch == store.ChannelAIBot {
		return ch
	}
	return store.ChannelApp
}

// seen records the channel a user wrote from, when both run.
func (a *App) seen(channel string) func(ctx context.Context, user string) {
	if !a.Config.hasApp() || !a.Config.hasBot() {
		return nil
	}
	return func(ctx context.Context, user string) {
		if err := a.Store.SetChannel(ctx, user, channel); err != nil {
			a.Log.Warn("could not record the user's channel", "user", user, "channel", channel, "err", err)
		}
	}
}

// LongConnOptions tune the long connection in tests and the demo.
type LongConnOptions struct {
	Timing   aibot.Timing
	LeaseTTL time.Duration // default 10 s
	Replica  string        // this replica's name in the lease; default host and pid
}

// buildLongConn builds the AI bot's client over the Router, the lease and
// the connection's queue.
func (a *App) buildLongConn(opt LongConnOptions) error {
	cfg := a.Config
	ttl, replica := opt.LeaseTTL, opt.Replica
	if ttl <= 0 {
		ttl = 10 * time.Second
	}
	if replica == "" {
		host, _ := os.Hostname()
		replica = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	lease := a.Store.Lease("aibot:"+cfg.BotID, replica, ttl)
	c, err := aibot.NewClient(aibot.Config{BotID: cfg.BotID, Secret: cfg.BotSecret, URL: cfg.BotURL, Conv: a.Router,
		Outbox: a.ConnJobs, Lease: lease, Limiter: a.Store, Seen: a.seen(store.ChannelAIBot), Log: a.Log.With("replica", replica),
		ReadFile: export.ReadSent,
		Timing:   opt.Timing,
		Workers: func(h bot.JobHandlers) (func(), error) {
			if a.parts&PartWorkers == 0 {
				return func() {}, nil
			}
			return a.ConnJobs.Stop, a.ConnJobs.Start(h)
		},
		OnState:     func(s string) { a.Metrics.LongConnState(s, aibot.States) },
		OnReconnect: a.Metrics.LongConnReconnect,
		OnFrame:     a.Metrics.LongConnFrame})
	if err != nil {
		return err
	}
	a.LongConn = c
	return nil
}

// runLongConn runs the long connection until the App closes: Close
// cancels it and waits, so the lease is released before Redis is closed.
func (a *App) runLongConn() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.LongConn.Run(ctx)
		close(done)
	}()
	a.closers = append(a.closers, func() { cancel(); <-done })
}
