package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"reportbot/bot"
	"reportbot/bot/llm"
	"reportbot/bot/wecom"
	"reportbot/handlers"
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
		"OPENAI_API_KEY": &c.OpenAIKey} {
		if *dst, err = secret(name); err != nil {
			return c, err
		}
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.APIBase == "" {
		c.APIBase = wecom.DefaultAPIBase
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

// runServe runs the service until ctx is cancelled (SIGTERM), then drains
// in-flight requests for up to ten seconds.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(os.Getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := openStoreWithRetry(ctx, logger, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	handler, jobs, err := newServeHandler(cfg, st, logger, prometheus.NewRegistry())
	if err != nil {
		return err
	}
	defer jobs.Shutdown()
	reminders, err := newReminders(cfg, st, logger)
	if err != nil {
		return err
	}
	go runReminders(ctx, reminders, logger)
	srv := &http.Server{Addr: cfg.Addr, Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("reportbot serving", "addr", cfg.Addr, "version", version, "wecom_api", cfg.APIBase)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	logger.Info("shutting down")
	return srv.Shutdown(sctx)
}

// newServeHandler wires the engine, the WeCom adapter, the job workers and
// the handlers. The caller shuts the jobs down after the HTTP server.
func newServeHandler(cfg serveConfig, st *store.Store, logger *slog.Logger, reg *prometheus.Registry) (http.Handler, *store.Jobs, error) {
	codec, err := wecom.NewCodec(cfg.Token, cfg.AESKey, cfg.CorpID, nil)
	if err != nil {
		return nil, nil, err
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := handlers.NewMetrics(reg)
	wecom.SetAPIBase(cfg.APIBase)
	messenger, err := wecom.NewMessenger(wecom.MessengerConfig{CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret,
		Tokens: st.TokenCache(), Limiter: st, Log: logger, OnSend: metrics.Send, OnToken: metrics.TokenRefresh})
	if err != nil {
		return nil, nil, err
	}
	writer, err := newWriter(cfg, reg, logger)
	if err != nil {
		return nil, nil, err
	}
	drafter := &bot.Drafter{Writer: writer, Fallback: bot.TemplateWriter{}, Cache: st, Clock: bot.SystemClock{}, Log: logger}
	jobs := st.Jobs(logger, 4)
	if err := jobs.Start(messenger, draftAssignment(st, drafter, logger)); err != nil {
		return nil, nil, fmt.Errorf("start job workers: %w", err)
	}
	var extractor bot.Extractor = bot.HeuristicExtractor{}
	if ex, ok := writer.(bot.Extractor); ok {
		extractor = ex // the model splits open items; the engine falls back to the heuristic
	}
	engine := bot.NewEngine(bot.EngineConfig{Store: st, Clock: bot.SystemClock{}, Logger: logger, Jobs: jobs,
		Extractor: extractor, OnDuplicate: metrics.Duplicate})
	mux := http.NewServeMux()
	mux.Handle("/wecom/callback", &handlers.WeComCallback{Codec: codec, Conv: engine, Jobs: jobs, Messenger: messenger,
		Log: logger, Clock: bot.SystemClock{}, Metrics: metrics})
	mux.Handle("GET /healthz", handlers.Healthz())
	mux.Handle("GET /readyz", handlers.Readyz(logger, map[string]handlers.Pinger{"redis": st}))
	mux.Handle("GET /metrics", metrics.Handler())
	return mux, jobs, nil
}

// openStoreWithRetry waits for Redis with backoff, logging each failure.
func openStoreWithRetry(ctx context.Context, logger *slog.Logger, cfg serveConfig) (*store.Store, error) {
	delay := 500 * time.Millisecond
	for {
		st, err := store.Open(ctx, cfg.RedisURL, store.Options{SentinelMaster: cfg.SentinelMaster})
		if err == nil {
			return st, nil
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
func draftAssignment(st *store.Store, d *bot.Drafter, logger *slog.Logger) func(context.Context, bot.AssignmentRef) error {
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
		return nil
	}
}

// newReminders builds the reminder worker; coordinators come from the
// roster when REPORTBOT_ROSTER is set.
func newReminders(cfg serveConfig, st *store.Store, logger *slog.Logger) (*bot.Reminders, error) {
	messenger, err := wecom.NewMessenger(wecom.MessengerConfig{CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret,
		Tokens: st.TokenCache(), Limiter: st, Log: logger})
	if err != nil {
		return nil, err
	}
	plan := bot.DefaultReminderPlan()
	if cfg.Roster != "" {
		data, err := os.ReadFile(cfg.Roster)
		if err != nil {
			return nil, fmt.Errorf("REPORTBOT_ROSTER: %w", err)
		}
		roster, err := bot.LoadRoster(data)
		if err != nil {
			return nil, err
		}
		plan.CoordinatorUsers = roster.Coordinators
	}
	return &bot.Reminders{Store: st, Marks: st, Messenger: messenger, Plan: plan, Clock: bot.SystemClock{}, Log: logger}, nil
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
