package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/bot/editorial"
	"reportbot/bot/export"
	"reportbot/bot/llm"
	"reportbot/bot/rounds"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/aibot"
	"reportbot/handlers"
	"reportbot/prompts"
	"reportbot/store"
)

// App is reportbot built from its configuration: the store and the job
// queue, the roster, the clock and the reminder plan, the WeCom channel,
// the writer, and the domain services over them. Every command builds one
// App the same way, with the Parts it needs, and closes it the same way;
// nothing else is wired anywhere.
type App struct {
	Config serveConfig
	Clock  bot.Clock
	Log    *slog.Logger
	Store  *store.Store    // rounds, answers, drafts, sessions
	Jobs   *store.Jobs     // the durable job queue (in REDIS_QUEUE_URL's Redis when set)
	Roster *bot.LiveRoster // the roster as it stands; changes apply at once
	// RosterKeeper saves roster changes and carries them into running
	// rounds (with PartStore).
	RosterKeeper *rounds.Roster
	Forms        *prompts.Library // shipped forms, REPORTBOT_FORMS_DIR, and uploads when there is a store
	Messenger    *wecom.Messenger // the app's message/send; nil without PartWeCom or the app's settings
	// LongConn is the AI bot's long connection, nil without PartWeCom or
	// WECOM_BOT_ID; ConnJobs is its proactive queue (nil without the bot).
	LongConn *aibot.Client
	ConnJobs *store.ConnJobs
	// Outbox is the job queue the domain uses: Jobs, or over both queues
	// when the long connection is configured (channelJobs).
	Outbox    bot.Jobs
	Writer    bot.Writer
	Engine    *chat.Engine
	Router    *chat.Router
	Rounds    *rounds.RoundAdmin
	Reminders *rounds.Reminders
	Editorial *editorial.Editorial
	Metrics   *handlers.Metrics
	Handler   http.Handler // nil without PartHTTP

	parts         Parts
	closers       []func()
	rosterVersion atomic.Int64 // the saved roster's version live here
}

// Parts says what a command needs of the App.
type Parts int

// The parts of an App.
const (
	PartStore   Parts = 1 << iota // Redis: rounds and answers; a queue that only enqueues
	PartWorkers                   // job workers: send, card update, draft, rewrite
	PartWeCom                     // the WeCom app channel: callback codec, message/send, cards
	PartHTTP                      // the handler: callback, API, console, health, metrics

	// PartsServe is everything `serve` runs.
	PartsServe = PartStore | PartWorkers | PartWeCom | PartHTTP
)

// Options are what tests, the demo and the load test inject in place of
// what the configuration would build.
type Options struct {
	Clock    bot.Clock            // nil: the wall clock
	Store    *store.Store         // nil: opened from REDIS_URL, waiting for Redis
	Queue    *store.Store         // nil: REDIS_QUEUE_URL's Redis, else Store
	Logger   *slog.Logger         // nil: JSON to standard error
	Registry *prometheus.Registry // nil: a new one
	Writer   bot.Writer           // nil: the model of OPENAI_*, else the template writer
	Roster   *bot.Roster          // nil: the file REPORTBOT_ROSTER
	LongConn LongConnOptions      // the long connection's timing, lease and replica name
}

// NewApp builds the parts of reportbot a command needs from cfg. Workers
// are not started until Start; Close releases everything NewApp opened.
func NewApp(ctx context.Context, cfg serveConfig, parts Parts, opt Options) (a *App, err error) {
	a = &App{Config: cfg, Clock: opt.Clock, Log: opt.Logger, parts: parts}
	if a.Clock == nil {
		a.Clock = bot.SystemClock{}
	}
	if a.Log == nil {
		a.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	roster, rosterName, rosterFP := opt.Roster, "（内置名单）", ""
	if roster == nil {
		if roster, rosterFP, err = loadRosterFile(cfg.Roster); err != nil {
			return nil, err
		}
		rosterName = filepath.Base(cfg.Roster)
	} else if data, err := roster.Marshal(); err == nil {
		rosterFP = fingerprint(data)
	}
	a.Roster = bot.NewLiveRoster(roster)
	a.Forms = &prompts.Library{Dir: cfg.FormsDir, Clock: a.Clock}
	if parts&PartStore != 0 {
		if err := a.openStores(ctx, opt); err != nil {
			return nil, err
		}
		a.Forms.Store = a.Store
	}
	reg := opt.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	a.Metrics = handlers.NewMetrics(reg)
	if parts&PartWeCom != 0 && cfg.hasApp() {
		wecom.SetAPIBase(cfg.APIBase)
		if a.Messenger, err = wecom.NewMessenger(wecom.MessengerConfig{CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret,
			Tokens: a.Store.TokenCache(), Limiter: a.Store, Log: a.Log, OnSend: a.Metrics.Send, OnToken: a.Metrics.TokenRefresh}); err != nil {
			return nil, err
		}
	}
	if a.Writer = opt.Writer; a.Writer == nil {
		if a.Writer, err = newWriter(cfg, reg, a.Log); err != nil {
			return nil, err
		}
	}
	if parts&PartStore != 0 {
		a.buildServices()
		// The roster saved in Redis is the one in force; the file seeds
		// it, and is imported again when it changed.
		v, err := a.RosterKeeper.Seed(ctx, roster, rosterName, rosterFP)
		if err != nil {
			return nil, fmt.Errorf("roster: %w", userError(err))
		}
		a.rosterVersion.Store(v)
		if parts&PartWeCom != 0 && cfg.hasBot() {
			if err := a.buildLongConn(opt.LongConn); err != nil {
				return nil, err
			}
		}
	}
	if parts&PartHTTP != 0 {
		// A form the coordinator edited must not fail only when a round is
		// created from it: the service does not start with a broken one.
		if _, err := a.Forms.Forms(ctx); err != nil {
			return nil, fmt.Errorf("forms (REPORTBOT_FORMS_DIR or uploads): %w", userError(err))
		}
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		if a.Handler, err = a.handler(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// openStores opens (or takes) the store and the job queue.
func (a *App) openStores(ctx context.Context, opt Options) error {
	st, queue := opt.Store, opt.Queue
	if st == nil {
		if a.Config.RedisURL == "" {
			return errors.New("REDIS_URL is not set")
		}
		var err error
		if st, err = openStoreWithRetry(ctx, a.Log, a.Config.RedisURL, a.Config); err != nil {
			return err
		}
		a.closers = append(a.closers, func() { st.Close() })
	}
	if queue == nil {
		queue = st
		if a.Config.QueueURL != "" {
			// A Cluster deployment may keep the queue on its own node.
			var err error
			if queue, err = openStoreWithRetry(ctx, a.Log, a.Config.QueueURL, a.Config); err != nil {
				return err
			}
			a.closers = append(a.closers, func() { queue.Close() })
		}
	}
	a.Store = st
	if a.parts&PartWorkers != 0 {
		a.Jobs = queue.Jobs(a.Log, a.Config.Workers)
	} else {
		a.Jobs = queue.JobClient(a.Log)
	}
	a.Outbox = a.Jobs
	if a.Config.hasBot() {
		// Every command queues through the channels, so that `round
		// start` on a long-connection deployment queues for the holder.
		a.ConnJobs = queue.ConnJobs(a.Log, max(a.Config.Workers/2, 2))
		a.closers = append(a.closers, a.ConnJobs.Close)
		a.Outbox = &channelJobs{Jobs: a.Jobs, conn: a.ConnJobs, route: a.route}
	}
	return nil
}

// buildServices wires the domain over the store, the queue and the clock.
func (a *App) buildServices() {
	cfg := a.Config
	plan := cfg.Plan
	if plan.FirstHour == 0 {
		plan = rounds.DefaultReminderPlan()
	}
	drafter := &editorial.Drafter{Writer: a.Writer, Fallback: editorial.TemplateWriter{}, Cache: a.Store, Clock: a.Clock, Log: a.Log}
	a.Editorial = &editorial.Editorial{Store: a.Store, Rounds: a.Store, Drafter: drafter, Jobs: a.Outbox, Roster: a.Roster,
		Clock: a.Clock, Log: a.Log}
	if base := cmp.Or(cfg.PublicURL, cfg.LinkBase); base != "" {
		a.Editorial.ReportURL = func(ref bot.AssignmentRef) string {
			return base + "/console/rounds/" + url.PathEscape(ref.Round) + "/depts/" + url.PathEscape(ref.Dept)
		}
	}
	var extractor bot.Extractor = bot.HeuristicExtractor{}
	if ex, ok := a.Writer.(bot.Extractor); ok {
		extractor = ex // the model splits open items; the engine falls back to the heuristic
	}
	var matcher bot.FigureMatcher
	if fm, ok := a.Writer.(bot.FigureMatcher); ok {
		matcher = fm // the model improves a pasted text's bindings; every value is still checked against the text
	}
	a.Engine = chat.NewEngine(chat.EngineConfig{Store: a.Store, Clock: a.Clock, Logger: a.Log, Jobs: a.Outbox, Roster: a.Roster,
		Extractor: extractor, Matcher: matcher, OnDuplicate: a.Metrics.Duplicate, Workbook: export.TableWorkbook{}})
	a.Editorial.DraftRounds = a.Engine // a submission's round, as the engine has just read it
	a.Reminders = &rounds.Reminders{Store: a.Store, Jobs: a.Outbox, Plan: plan, Roster: a.Roster, Calendar: &bot.LiveCalendar{},
		Clock: a.Clock, Log: a.Log}
	a.Rounds = &rounds.RoundAdmin{Store: a.Store, Roster: a.Roster, Clock: a.Clock, Reminders: a.Reminders, Jobs: a.Outbox}
	a.RosterKeeper = &rounds.Roster{Store: a.Store, Rounds: a.Rounds, Clock: a.Clock}
	desk := &chat.Desk{Engine: a.Engine, Rounds: a.Rounds, Reminders: a.Reminders, Store: a.Store, Log: a.Log,
		Export: func(ctx context.Context, r *bot.Round) (*bot.File, error) {
			return export.XLSXFile(ctx, a.Store, r, a.Roster.Get())
		}}
	a.Router = &chat.Router{Engine: a.Engine, Desk: desk, Editorial: a.Editorial, Roster: a.Roster, Store: a.Store,
		Clock: a.Clock, Log: a.Log}
}

// jobHandlers are the workers' handlers, one per kind of job: the one
// place jobs are registered.
func (a *App) jobHandlers() bot.JobHandlers {
	h := bot.JobHandlers{Draft: a.Editorial.DraftAssignment, Rewrite: a.Editorial.Rewrite}
	if a.Messenger != nil {
		h.Send, h.CardUpdate = a.Messenger.Send, a.Messenger.UpdateCard
	}
	return h
}

// Start starts the job workers (with PartWorkers) and the long
// connection (with PartWeCom and the bot's settings): this replica holds
// it, or stands by while another does.
func (a *App) Start() error {
	if a.parts&PartWorkers != 0 {
		if err := a.Jobs.Start(a.jobHandlers()); err != nil {
			return fmt.Errorf("start job workers: %w", err)
		}
	}
	if a.LongConn != nil {
		a.runLongConn()
	}
	return nil
}

// Directory is WeCom's address book of the configured app, with the
// access token kept in Redis when the App has a store.
func (a *App) Directory() *wecom.Directory {
	wecom.SetAPIBase(a.Config.APIBase)
	if a.Store != nil {
		return wecom.NewDirectory(a.Config.CorpID, a.Config.AgentID, a.Config.Secret, a.Store.TokenCache())
	}
	return wecom.NewDirectory(a.Config.CorpID, a.Config.AgentID, a.Config.Secret, wecom.MemoryTokens())
}

// Close stops the workers, letting running jobs finish, then closes what
// the App opened. It may be called more than once.
func (a *App) Close() {
	if a.Jobs != nil {
		a.Jobs.Shutdown()
		a.Jobs = nil
	}
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}

// handler routes the HTTP surface: the WeCom callback (with the app's
// settings), the API, the console, health and metrics.
func (a *App) handler() (http.Handler, error) {
	cfg := a.Config
	mux := http.NewServeMux()
	if cfg.hasApp() {
		codec, err := wecom.NewCodec(cfg.Token, cfg.AESKey, cfg.CorpID, a.Clock.Now)
		if err != nil {
			return nil, err
		}
		cb := &handlers.WeComCallback{Codec: codec, Conv: a.Router, Jobs: a.Outbox, Messenger: a.Messenger,
			Log: a.Log, Clock: a.Clock, Metrics: a.Metrics, Seen: a.seen(store.ChannelApp)}
		if a.Messenger != nil {
			cb.Media = a.Messenger
		}
		mux.Handle("/wecom/callback", cb)
	}
	api := &handlers.RoundsAPI{Token: cfg.AdminToken, Admin: a.Rounds, Forms: a.Forms.Form, Clock: a.Clock, Log: a.Log,
		Editorial: a.Editorial}
	mux.Handle("/api/rounds", api)
	mux.Handle("/api/rounds/", api)
	console := &handlers.Console{Store: a.Store, Admin: a.Rounds, Reminders: a.Reminders, Editorial: a.Editorial, Forms: a.Forms, Sessions: a.Store,
		BaseURL: cfg.PublicURL, Secure: strings.HasPrefix(cfg.PublicURL, "https://"), Clock: a.Clock, Log: a.Log}
	if a.RosterKeeper != nil {
		console.Roster = a.RosterKeeper
	}
	if a.Engine != nil {
		console.Grids = a.Engine
	}
	if cfg.hasApp() {
		// The address book is read with the app's secret (the app must be
		// allowed to read it: see deploy/README.md).
		console.Directory = func(ctx context.Context) ([]bot.DirectoryDept, error) { return a.Directory().Departments(ctx) }
	}
	if cfg.PublicURL != "" && cfg.hasApp() {
		console.OAuth = wecom.NewOAuth(cfg.CorpID, cfg.AgentID, cfg.Secret, a.Store.TokenCache())
	}
	mux.Handle("/console/", console.Handler())
	mux.Handle("GET /healthz", handlers.Healthz())
	deps := map[string]handlers.Pinger{"redis": a.Store}
	if a.LongConn != nil {
		deps["wecom_longconn"] = a.LongConn
	}
	mux.Handle("GET /readyz", handlers.Readyz(a.Log, deps))
	mux.Handle("GET /metrics", a.Metrics.Handler())
	return mux, nil
}

// serveWith runs the service until ctx ends (SIGTERM): the job workers, the
// reminder ticker and the HTTP server; then in-flight requests get ten
// seconds to finish, and running jobs eight.
// srv is already serving (its end is reported on errc): serveWhenReady
// opened it before Redis answered.
func (a *App) serveWith(ctx context.Context, srv *http.Server, errc <-chan error) error {
	if err := a.Start(); err != nil {
		return err
	}
	go a.tickReminders(ctx)
	go a.refreshRoster(ctx)
	a.Log.Info("reportbot serving", "addr", a.Config.Addr, "version", version, "wecom_app", a.Config.hasApp(),
		"wecom_api", a.Config.APIBase, "wecom_longconn", a.LongConn != nil)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Log.Info("shutting down: no new requests; finishing in-flight turns and jobs")
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("in-flight requests did not finish: %w", err)
	}
	return nil
}

// tickReminders ticks every minute until ctx ends. Every replica ticks;
// the marks in Redis make each reminder go out once.
func (a *App) tickReminders(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.Reminders.Tick(ctx); err != nil {
				a.Log.Warn("reminder tick failed", "err", err)
			}
		}
	}
}

// refreshRoster makes a roster another replica saved live here too,
// checking its version every few seconds.
func (a *App) refreshRoster(ctx context.Context) {
	t := time.NewTicker(rosterRefresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			v, err := a.RosterKeeper.Refresh(ctx, a.rosterVersion.Load())
			if err != nil {
				a.Log.Warn("roster refresh failed", "err", err)
				continue
			}
			a.rosterVersion.Store(v)
		}
	}
}

// rosterRefresh is how often a replica looks for a roster saved elsewhere.
const rosterRefresh = 5 * time.Second

// loadRosterFile reads REPORTBOT_ROSTER (YAML, or CSV by extension) and
// the fingerprint of its bytes; no file is an empty roster.
func loadRosterFile(path string) (*bot.Roster, string, error) {
	if path == "" {
		return &bot.Roster{}, "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("REPORTBOT_ROSTER: %w", err)
	}
	r, err := bot.ReadRosterFile(path, data)
	if err != nil {
		return nil, "", fmt.Errorf("REPORTBOT_ROSTER %s:\n%w", path, err)
	}
	return r, fingerprint(data), nil
}

// fingerprint is a short hash of a file's bytes.
func fingerprint(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// openStoreWithRetry waits for Redis with backoff, logging each failure.
func openStoreWithRetry(ctx context.Context, logger *slog.Logger, url string, cfg serveConfig) (*store.Store, error) {
	delay := 500 * time.Millisecond
	for {
		st, err := store.Open(ctx, url, store.Options{SentinelMaster: cfg.SentinelMaster, QueuePrefix: cfg.QueuePrefix,
			Password: cfg.RedisPassword})
		if err == nil {
			logger.Info("connected to Redis")
			return st, nil
		}
		if bot.ErrorCode(err) == bot.EInvalid {
			return nil, err // a malformed REDIS_URL does not heal by waiting
		}
		logger.Warn("waiting for Redis", "err", err, "retry_in", delay.String())
		select {
		case <-ctx.Done():
			return nil, errors.Join(errors.New("gave up waiting for Redis"), err)
		case <-time.After(delay):
		}
		delay = min(delay*2, 10*time.Second)
	}
}

// newWriter picks the drafting writer: the model when OPENAI_API_KEY is
// set, else the template writer (drafts labelled template-made).
func newWriter(cfg serveConfig, reg prometheus.Registerer, logger *slog.Logger) (bot.Writer, error) {
	if cfg.OpenAIKey == "" {
		logger.Info("OPENAI_API_KEY not set: sections are drafted from templates")
		return editorial.TemplateWriter{}, nil
	}
	return llm.New(llm.Config{BaseURL: cfg.OpenAIBase, APIKey: cfg.OpenAIKey, Model: cfg.OpenAIModel, Registry: reg, Log: logger})
}
