package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/llm"
	"reportbot/bot/wecom"
	"reportbot/handlers"
	"reportbot/prompts"
	"reportbot/store"
)

// serveConfig is what `reportbot serve` reads from the environment
// (DESIGN.md §11). Secrets may instead come from files: NAME_FILE.
type serveConfig struct {
	Addr           string // REPORTBOT_ADDR
	RedisURL       string // REDIS_URL
	SentinelMaster string // REDIS_SENTINEL_MASTER
	CorpID         string // WECOM_CORP_ID
	AgentID        string // WECOM_AGENT_ID
	Secret         string // WECOM_SECRET
	Token          string // WECOM_TOKEN
	AESKey         string // WECOM_AES_KEY
	APIBase        string // WECOM_API_BASE
	OpenAIKey      string // OPENAI_API_KEY; empty: sections are drafted from templates
	OpenAIBase     string // OPENAI_BASE_URL
	OpenAIModel    string // OPENAI_MODEL
	Roster         string // REPORTBOT_ROSTER
	AdminToken     string // REPORTBOT_ADMIN_TOKEN: bearer token of /api/rounds; empty disables the API
	QueueURL       string // REDIS_QUEUE_URL: a separate Redis for the job queue; empty: REDIS_URL
	Workers        int    // REPORTBOT_WORKERS: job worker concurrency (default 16)
	QueuePrefix    string // REPORTBOT_QUEUE_PREFIX: for installations sharing one Redis
	PublicURL      string // REPORTBOT_PUBLIC_URL: https://… where /console/ is reached (OAuth redirect, links in messages)
	// Plan is the default reminder plan: REPORTBOT_SEND_HOURS (the sending
	// window, default 8-21) and REPORTBOT_SEND_WEEKENDS (default false).
	Plan bot.ReminderPlan

	// clock is the service's clock; nil is the wall clock. Tests set it.
	clock bot.Clock
}

// loadServeConfig reads the settings; a missing or malformed one is an
// error naming it, so start-up stops with one clear line.
func loadServeConfig(getenv func(string) string) (serveConfig, error) {
	secret := func(name string) (string, error) {
		if v := getenv(name); v != "" {
			return v, nil
		}
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("%s_FILE: %v", name, err)
			}
			return strings.TrimSpace(string(b)), nil
		}
		return "", nil
	}
	c := serveConfig{Addr: getenv("REPORTBOT_ADDR"), RedisURL: getenv("REDIS_URL"),
		SentinelMaster: getenv("REDIS_SENTINEL_MASTER"), CorpID: getenv("WECOM_CORP_ID"),
		AgentID: getenv("WECOM_AGENT_ID"), APIBase: getenv("WECOM_API_BASE")}
	var err error
	c.OpenAIBase, c.OpenAIModel, c.Roster = getenv("OPENAI_BASE_URL"), getenv("OPENAI_MODEL"), getenv("REPORTBOT_ROSTER")
	for name, dst := range map[string]*string{"WECOM_SECRET": &c.Secret, "WECOM_TOKEN": &c.Token, "WECOM_AES_KEY": &c.AESKey,
		"OPENAI_API_KEY": &c.OpenAIKey, "REPORTBOT_ADMIN_TOKEN": &c.AdminToken} {
		if *dst, err = secret(name); err != nil {
			return c, err
		}
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	c.QueueURL, c.QueuePrefix = getenv("REDIS_QUEUE_URL"), getenv("REPORTBOT_QUEUE_PREFIX")
	c.PublicURL = strings.TrimRight(getenv("REPORTBOT_PUBLIC_URL"), "/")
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "https://") && !strings.HasPrefix(c.PublicURL, "http://") {
		return c, fmt.Errorf("REPORTBOT_PUBLIC_URL %q is not an http(s) URL", c.PublicURL)
	}
	c.Workers = 16
	if w := getenv("REPORTBOT_WORKERS"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 256 {
			return c, fmt.Errorf("REPORTBOT_WORKERS %q must be a number from 1 to 256", w)
		}
		c.Workers = n
	}
	if c.APIBase == "" {
		c.APIBase = wecom.DefaultAPIBase
	}
	if c.Plan, err = planFromEnv(getenv); err != nil {
		return c, err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return c, fmt.Errorf("REPORTBOT_ADDR %q is not host:port", c.Addr)
	}
	required := []struct{ name, val string }{{"REDIS_URL", c.RedisURL}, {"WECOM_CORP_ID", c.CorpID},
		{"WECOM_AGENT_ID", c.AgentID}, {"WECOM_SECRET", c.Secret}, {"WECOM_TOKEN", c.Token}, {"WECOM_AES_KEY", c.AESKey}}
	for _, r := range required {
		if r.val == "" {
			return c, fmt.Errorf("%s is not set (see deploy/README.md)", r.name)
		}
	}
	if _, err := strconv.Atoi(c.AgentID); err != nil {
		return c, fmt.Errorf("WECOM_AGENT_ID %q is not a number", c.AgentID)
	}
	if len(c.AESKey) != 43 {
		return c, fmt.Errorf("WECOM_AES_KEY must be the 43-character EncodingAESKey, got %d characters", len(c.AESKey))
	}
	if !strings.HasPrefix(c.APIBase, "http://") && !strings.HasPrefix(c.APIBase, "https://") {
		return c, fmt.Errorf("WECOM_API_BASE %q is not an http(s) URL", c.APIBase)
	}
	if c.AdminToken != "" && len(c.AdminToken) < 24 {
		return c, errors.New("REPORTBOT_ADMIN_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)")
	}
	if c.OpenAIKey != "" {
		if c.OpenAIBase == "" {
			c.OpenAIBase = "https://api.openai.com/v1"
		}
		if c.OpenAIModel == "" {
			return c, errors.New("OPENAI_MODEL is not set (required with OPENAI_API_KEY, e.g. deepseek-chat or qwen-plus)")
		}
	}
	return c, nil
}

// planFromEnv reads the default reminder plan's sending hours and days.
func planFromEnv(getenv func(string) string) (bot.ReminderPlan, error) {
	p := bot.DefaultReminderPlan()
	if v := getenv("REPORTBOT_SEND_HOURS"); v != "" {
		from, to, ok := strings.Cut(v, "-")
		f, err1 := strconv.Atoi(strings.TrimSpace(from))
		t, err2 := strconv.Atoi(strings.TrimSpace(to))
		if !ok || err1 != nil || err2 != nil || f < 0 || t > 24 || f >= t {
			return p, fmt.Errorf("REPORTBOT_SEND_HOURS %q must be two hours such as 8-21 (0-24: any time)", v)
		}
		p.QuietTo, p.QuietFrom = f, t
		if f == 0 && t == 24 {
			p.QuietFrom, p.QuietTo = 24, 0
		}
	}
	if v := getenv("REPORTBOT_SEND_WEEKENDS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, fmt.Errorf("REPORTBOT_SEND_WEEKENDS %q must be true or false", v)
		}
		p.AllowWeekends = b
	}
	return p, nil
}

// runServe runs the service until ctx is cancelled (SIGTERM), then drains
// in-flight requests for up to ten seconds.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(os.Getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := openStoreWithRetry(ctx, logger, cfg.RedisURL, cfg.SentinelMaster, cfg.QueuePrefix)
	if err != nil {
		return err
	}
	defer st.Close()
	queue := st
	if cfg.QueueURL != "" {
		// A Cluster deployment may keep the queue on its own node.
		if queue, err = openStoreWithRetry(ctx, logger, cfg.QueueURL, cfg.SentinelMaster, cfg.QueuePrefix); err != nil {
			return err
		}
		defer queue.Close()
	}
	svc, err := newService(cfg, st, queue, logger, prometheus.NewRegistry())
	if err != nil {
		return err
	}
	defer svc.jobs.Shutdown()
	go runReminders(ctx, svc.reminders, logger)
	srv := &http.Server{Addr: cfg.Addr, Handler: svc.handler, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("reportbot serving", "addr", cfg.Addr, "version", version, "wecom_api", cfg.APIBase)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, let in-flight turns finish (10 s), then the
	// deferred job shutdown lets running sends and drafts finish (8 s).
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	logger.Info("shutting down: no new requests; finishing in-flight turns and jobs")
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("in-flight requests did not finish: %w", err)
	}
	return nil
}

// service is everything serve runs: the HTTP handler, the job workers
// (shut down after the HTTP server) and the reminder ticker.
type service struct {
	handler   http.Handler
	jobs      *store.Jobs
	reminders *bot.Reminders
	desk      *bot.Desk
	editorial *bot.Editorial
	sessions  *store.Store // console sessions and login links
}

// newService wires the engine, the coordinators' desk, the WeCom adapter,
// the job workers, the reminders and the handlers.
// The job queue lives in queue's Redis (st's unless REDIS_QUEUE_URL is set).
func newService(cfg serveConfig, st, queue *store.Store, logger *slog.Logger, reg *prometheus.Registry) (*service, error) {
	var clock bot.Clock = bot.SystemClock{}
	if cfg.clock != nil {
		clock = cfg.clock
	}
	codec, err := wecom.NewCodec(cfg.Token, cfg.AESKey, cfg.CorpID, clock.Now)
	if err != nil {
		return nil, err
	}
	roster, err := loadRosterFile(cfg.Roster)
	if err != nil {
		return nil, err
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := handlers.NewMetrics(reg)
	wecom.SetAPIBase(cfg.APIBase)
	messenger, err := wecom.NewMessenger(wecom.MessengerConfig{CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret,
		Tokens: st.TokenCache(), Limiter: st, Log: logger, OnSend: metrics.Send, OnToken: metrics.TokenRefresh})
	if err != nil {
		return nil, err
	}
	writer, err := newWriter(cfg, reg, logger)
	if err != nil {
		return nil, err
	}
	drafter := &bot.Drafter{Writer: writer, Fallback: bot.TemplateWriter{}, Cache: st, Clock: clock, Log: logger}
	jobs := queue.Jobs(logger, cfg.Workers)
	editorial := &bot.Editorial{Store: st, Rounds: st, Drafter: drafter, Jobs: jobs, Cards: messenger, Editors: roster.Editors,
		Notify: roster.Coordinators, Clock: clock, Log: logger}
	if cfg.PublicURL != "" {
		editorial.ReportURL = func(ref bot.AssignmentRef) string {
			return cfg.PublicURL + "/console/rounds/" + url.PathEscape(ref.Round) + "/depts/" + url.PathEscape(ref.Dept)
		}
	}
	jobs.OnRewrite(editorial.Rewrite)
	if err := jobs.Start(messenger, draftAssignment(st, drafter, editorial, logger)); err != nil {
		return nil, fmt.Errorf("start job workers: %w", err)
	}
	var extractor bot.Extractor = bot.HeuristicExtractor{}
	if ex, ok := writer.(bot.Extractor); ok {
		extractor = ex // the model splits open items; the engine falls back to the heuristic
	}
	engine := bot.NewEngine(bot.EngineConfig{Store: st, Clock: clock, Logger: logger, Jobs: jobs,
		Extractor: extractor, OnDuplicate: metrics.Duplicate})
	plan := cfg.Plan
	if plan.FirstHour == 0 {
		plan = bot.DefaultReminderPlan()
	}
	plan.CoordinatorUsers = roster.Coordinators
	reminders := &bot.Reminders{Store: st, Jobs: jobs, Plan: plan, Clock: clock, Log: logger}
	admin := &bot.RoundAdmin{Store: st, Roster: roster, Clock: clock, Reminders: reminders, Jobs: jobs}
	desk := &bot.Desk{Engine: engine, Rounds: admin, Reminders: reminders, Editorial: editorial, Log: logger,
		Export: func(ctx context.Context, r *bot.Round) (*bot.File, error) { return export.XLSXFile(ctx, st, r) }}
	mux := http.NewServeMux()
	mux.Handle("/wecom/callback", &handlers.WeComCallback{Codec: codec, Conv: desk, Jobs: jobs, Messenger: messenger,
		Log: logger, Clock: clock, Metrics: metrics})
	api := &handlers.RoundsAPI{Token: cfg.AdminToken, Admin: admin, Forms: prompts.Form, Clock: clock, Log: logger,
		Editorial: editorial}
	mux.Handle("/api/rounds", api)
	mux.Handle("/api/rounds/", api)
	console := &handlers.Console{Store: st, Admin: admin, Reminders: reminders, Editorial: editorial, Sessions: st,
		BaseURL: cfg.PublicURL, Secure: strings.HasPrefix(cfg.PublicURL, "https://"), Clock: clock, Log: logger}
	if cfg.PublicURL != "" {
		console.OAuth = wecom.NewOAuth(cfg.CorpID, cfg.AgentID, cfg.Secret, st.TokenCache())
	}
	mux.Handle("/console/", console.Handler())
	mux.Handle("GET /healthz", handlers.Healthz())
	mux.Handle("GET /readyz", handlers.Readyz(logger, map[string]handlers.Pinger{"redis": st}))
	mux.Handle("GET /metrics", metrics.Handler())
	return &service{handler: mux, jobs: jobs, reminders: reminders, desk: desk, editorial: editorial, sessions: st}, nil
}

// loadRosterFile reads REPORTBOT_ROSTER (YAML, or CSV by extension); no
// file is an empty roster.
func loadRosterFile(path string) (*bot.Roster, error) {
	if path == "" {
		return &bot.Roster{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("REPORTBOT_ROSTER: %w", err)
	}
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		return bot.LoadRosterCSV(data)
	}
	return bot.LoadRoster(data)
}

// openStoreWithRetry waits for Redis with backoff, logging each failure.
func openStoreWithRetry(ctx context.Context, logger *slog.Logger, url, sentinelMaster, queuePrefix string) (*store.Store, error) {
	delay := 500 * time.Millisecond
	for {
		st, err := store.Open(ctx, url, store.Options{SentinelMaster: sentinelMaster, QueuePrefix: queuePrefix})
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
		return bot.TemplateWriter{}, nil
	}
	return llm.New(llm.Config{BaseURL: cfg.OpenAIBase, APIKey: cfg.OpenAIKey, Model: cfg.OpenAIModel, Registry: reg, Log: logger})
}

// draftAssignment is the drafting job: every section of a submitted
// assignment, through the fact lock, into the draft store.
func draftAssignment(st *store.Store, d *bot.Drafter, ed *bot.Editorial, logger *slog.Logger) func(context.Context, bot.AssignmentRef) error {
	return func(ctx context.Context, ref bot.AssignmentRef) error {
		r, err := st.Round(ctx, ref.Round)
		if err != nil {
			return err
		}
		a, err := st.Assignment(ctx, ref)
		if err != nil {
			return err
		}
		drafts, err := d.DraftAll(ctx, r, a)
		if err != nil {
			return err
		}
		flagged := 0
		for _, dr := range drafts {
			if dr.NeedsReview {
				flagged++
			}
		}
		logger.Info("assignment drafted", "round", ref.Round, "dept", ref.Dept, "sections", len(drafts), "needs_review", flagged)
		// The editors get each new or changed section to review.
		return ed.Publish(ctx, r, a, drafts, fmt.Sprint(a.Version))
	}
}

// runReminders ticks every minute until ctx ends. Every replica ticks;
// the marks in Redis make each reminder go out once.
func runReminders(ctx context.Context, rm *bot.Reminders, logger *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := rm.Tick(ctx); err != nil {
				logger.Warn("reminder tick failed", "err", err)
			}
		}
	}
}
