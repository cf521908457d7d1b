package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"reportbot/bot/rounds"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/aibot"
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
	BotID          string // WECOM_BOT_ID: the AI bot (智能机器人) of the long connection
	BotSecret      string // WECOM_BOT_SECRET: its long-connection secret
	BotURL         string // WECOM_BOT_WS_URL: the long-connection gateway (default aibot.DefaultURL)
	OpenAIKey      string // OPENAI_API_KEY; empty: sections are drafted from templates
	OpenAIBase     string // OPENAI_BASE_URL
	OpenAIModel    string // OPENAI_MODEL
	Roster         string // REPORTBOT_ROSTER
	FormsDir       string // REPORTBOT_FORMS_DIR: forms that override the shipped ones (uploads override both)
	AdminToken     string // REPORTBOT_ADMIN_TOKEN: bearer token of /api/rounds; empty disables the API
	QueueURL       string // REDIS_QUEUE_URL: a separate Redis for the job queue; empty: REDIS_URL
	Workers        int    // REPORTBOT_WORKERS: job worker concurrency (default 16)
	QueuePrefix    string // REPORTBOT_QUEUE_PREFIX: for installations sharing one Redis
	PublicURL      string // REPORTBOT_PUBLIC_URL: https://… where /console/ is reached (OAuth redirect, links in messages)
	// Plan is the default reminder plan: REPORTBOT_SEND_HOURS (the sending
	// window, default 8-21) and REPORTBOT_SEND_WEEKENDS (default false).
	Plan rounds.ReminderPlan
}

// loadConfig reads the settings every command shares; a malformed one is
// an error naming it, so the command stops with one clear line.
func loadConfig(getenv func(string) string) (serveConfig, error) {
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
		AgentID: getenv("WECOM_AGENT_ID"), APIBase: getenv("WECOM_API_BASE"), BotID: getenv("WECOM_BOT_ID"),
		BotURL: getenv("WECOM_BOT_WS_URL")}
	var err error
	c.OpenAIBase, c.OpenAIModel, c.Roster = getenv("OPENAI_BASE_URL"), getenv("OPENAI_MODEL"), getenv("REPORTBOT_ROSTER")
	for name, dst := range map[string]*string{"WECOM_SECRET": &c.Secret, "WECOM_TOKEN": &c.Token, "WECOM_AES_KEY": &c.AESKey,
		"OPENAI_API_KEY": &c.OpenAIKey, "REPORTBOT_ADMIN_TOKEN": &c.AdminToken, "WECOM_BOT_SECRET": &c.BotSecret} {
		if *dst, err = secret(name); err != nil {
			return c, err
		}
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.FormsDir = getenv("REPORTBOT_FORMS_DIR"); c.FormsDir != "" {
		if st, err := os.Stat(c.FormsDir); err != nil || !st.IsDir() {
			return c, fmt.Errorf("REPORTBOT_FORMS_DIR %q is not a directory", c.FormsDir)
		}
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
	if c.BotURL == "" {
		c.BotURL = aibot.DefaultURL
	}
	if !strings.HasPrefix(c.BotURL, "wss://") && !strings.HasPrefix(c.BotURL, "ws://") {
		return c, fmt.Errorf("WECOM_BOT_WS_URL %q is not a ws(s) URL", c.BotURL)
	}
	if c.Plan, err = planFromEnv(getenv); err != nil {
		return c, err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return c, fmt.Errorf("REPORTBOT_ADDR %q is not host:port", c.Addr)
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

// loadServeConfig reads the settings of `serve`: those of loadConfig, with
// Redis required and at least one WeCom channel complete: the self-built
// app (callback and message/send: WECOM_CORP_ID, WECOM_AGENT_ID,
// WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY), the AI bot's long connection
// (WECOM_BOT_ID, WECOM_BOT_SECRET; no public address needed), or both.
// A channel begun and not finished names the setting it lacks.
func loadServeConfig(getenv func(string) string) (serveConfig, error) {
	c, err := loadConfig(getenv)
	if err != nil {
		return c, err
	}
	if c.RedisURL == "" {
		return c, errors.New("REDIS_URL is not set (see deploy/README.md)")
	}
	app := []struct{ name, val string }{{"WECOM_CORP_ID", c.CorpID}, {"WECOM_AGENT_ID", c.AgentID},
		{"WECOM_SECRET", c.Secret}, {"WECOM_TOKEN", c.Token}, {"WECOM_AES_KEY", c.AESKey}}
	bot := []struct{ name, val string }{{"WECOM_BOT_ID", c.BotID}, {"WECOM_BOT_SECRET", c.BotSecret}}
	begun := func(set []struct{ name, val string }) bool {
		for _, r := range set {
			if r.val != "" {
				return true
			}
		}
		return false
	}
	if !begun(app) && !begun(bot) {
		return c, errors.New("no WeCom channel is set: WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY " +
			"for the app's callback, or WECOM_BOT_ID and WECOM_BOT_SECRET for the AI bot's long connection (see deploy/README.md)")
	}
	for _, set := range [][]struct{ name, val string }{app, bot} {
		if !begun(set) {
			continue
		}
		for _, r := range set {
			if r.val == "" {
				return c, fmt.Errorf("%s is not set (see deploy/README.md)", r.name)
			}
		}
	}
	if c.hasApp() {
		if _, err := strconv.Atoi(c.AgentID); err != nil {
			return c, fmt.Errorf("WECOM_AGENT_ID %q is not a number", c.AgentID)
		}
		if len(c.AESKey) != 43 {
			return c, fmt.Errorf("WECOM_AES_KEY must be the 43-character EncodingAESKey, got %d characters", len(c.AESKey))
		}
	}
	if !strings.HasPrefix(c.APIBase, "http://") && !strings.HasPrefix(c.APIBase, "https://") {
		return c, fmt.Errorf("WECOM_API_BASE %q is not an http(s) URL", c.APIBase)
	}
	if c.AdminToken != "" && len(c.AdminToken) < 24 {
		return c, errors.New("REPORTBOT_ADMIN_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)")
	}
	return c, nil
}

// hasApp reports whether the self-built app's channel is configured.
func (c serveConfig) hasApp() bool { return c.CorpID != "" && c.Secret != "" }

// hasBot reports whether the AI bot's long connection is configured.
func (c serveConfig) hasBot() bool { return c.BotID != "" && c.BotSecret != "" }

// planFromEnv reads the default reminder plan's sending hours and days.
func planFromEnv(getenv func(string) string) (rounds.ReminderPlan, error) {
	p := rounds.DefaultReminderPlan()
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
// in-flight requests and jobs.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(os.Getenv)
	if err != nil {
		return err
	}
	app, err := NewApp(ctx, cfg, PartsServe, Options{Logger: slog.New(slog.NewJSONHandler(stderr, nil))})
	if err != nil {
		return err
	}
	defer app.Close()
	return app.Serve(ctx)
}
