package main

import (
	"context"
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
	RedisPassword  string // REDIS_PASSWORD: Redis's requirepass (and the sentinels'); overrides one in REDIS_URL
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
	// LinkBase, set by the demo (not from the environment), is where links
	// in messages point when there is no PublicURL: the demo's loopback
	// address, without turning on WeCom sign-in.
	LinkBase string
	// Plan is the default reminder plan: REPORTBOT_SEND_HOURS (the sending
	// window, default 8-21) and REPORTBOT_SEND_WEEKENDS (default false).
	Plan rounds.ReminderPlan
}

// loadConfig reads the settings every command shares. Every missing or
// malformed setting is reported at once, each naming the setting in
// Chinese and English (configError), so an operator fixes them in one go.
func loadConfig(getenv func(string) string) (serveConfig, error) {
	var p configError
	c := readConfig(getenv, &p)
	return c, p.err()
}

// readConfig reads the shared settings into c, adding each problem to p.
func readConfig(getenv func(string) string, p *configError) serveConfig {
	secret := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				p.add(name+"_FILE", "无法读取文件："+err.Error(), fmt.Sprintf("%s_FILE: %v", name, err))
				return ""
			}
			return strings.TrimSpace(string(b))
		}
		return ""
	}
	c := serveConfig{Addr: getenv("REPORTBOT_ADDR"), RedisURL: getenv("REDIS_URL"),
		SentinelMaster: getenv("REDIS_SENTINEL_MASTER"), CorpID: getenv("WECOM_CORP_ID"),
		AgentID: getenv("WECOM_AGENT_ID"), APIBase: getenv("WECOM_API_BASE"), BotID: getenv("WECOM_BOT_ID"),
		BotURL: getenv("WECOM_BOT_WS_URL")}
	c.OpenAIBase, c.OpenAIModel, c.Roster = getenv("OPENAI_BASE_URL"), getenv("OPENAI_MODEL"), getenv("REPORTBOT_ROSTER")
	c.Secret, c.Token, c.AESKey = secret("WECOM_SECRET"), secret("WECOM_TOKEN"), secret("WECOM_AES_KEY")
	c.OpenAIKey, c.AdminToken, c.BotSecret = secret("OPENAI_API_KEY"), secret("REPORTBOT_ADMIN_TOKEN"), secret("WECOM_BOT_SECRET")
	c.RedisPassword = secret("REDIS_PASSWORD")
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.FormsDir = getenv("REPORTBOT_FORMS_DIR"); c.FormsDir != "" {
		if st, err := os.Stat(c.FormsDir); err != nil || !st.IsDir() {
			p.add("REPORTBOT_FORMS_DIR", "不是目录", fmt.Sprintf("REPORTBOT_FORMS_DIR %q is not a directory", c.FormsDir))
		}
	}
	c.QueueURL, c.QueuePrefix = getenv("REDIS_QUEUE_URL"), getenv("REPORTBOT_QUEUE_PREFIX")
	c.PublicURL = strings.TrimRight(getenv("REPORTBOT_PUBLIC_URL"), "/")
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "https://") && !strings.HasPrefix(c.PublicURL, "http://") {
		p.add("REPORTBOT_PUBLIC_URL", "不是 http(s) 地址", fmt.Sprintf("REPORTBOT_PUBLIC_URL %q is not an http(s) URL", c.PublicURL))
	}
	c.Workers = 16
	if w := getenv("REPORTBOT_WORKERS"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 256 {
			p.add("REPORTBOT_WORKERS", "应为 1 到 256 之间的数字", fmt.Sprintf("REPORTBOT_WORKERS %q must be a number from 1 to 256", w))
		} else {
			c.Workers = n
		}
	}
	if c.APIBase == "" {
		c.APIBase = wecom.DefaultAPIBase
	}
	if c.BotURL == "" {
		c.BotURL = aibot.DefaultURL
	}
	if !strings.HasPrefix(c.BotURL, "wss://") && !strings.HasPrefix(c.BotURL, "ws://") {
		p.add("WECOM_BOT_WS_URL", "不是 ws(s) 地址", fmt.Sprintf("WECOM_BOT_WS_URL %q is not a ws(s) URL", c.BotURL))
	}
	plan, errs := planFromEnv(getenv)
	c.Plan = plan
	for _, e := range errs {
		p.add(e.name, e.zh, e.en)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		p.add("REPORTBOT_ADDR", "应为“主机:端口”，例如 :8080", fmt.Sprintf("REPORTBOT_ADDR %q is not host:port", c.Addr))
	}
	if c.OpenAIKey != "" {
		if c.OpenAIBase == "" {
			c.OpenAIBase = "https://api.openai.com/v1"
		}
		if c.OpenAIModel == "" {
			p.add("OPENAI_MODEL", "设置了 OPENAI_API_KEY 时必须填写模型名，例如 deepseek-chat 或 qwen-plus",
				"OPENAI_MODEL is not set (required with OPENAI_API_KEY, e.g. deepseek-chat or qwen-plus)")
		}
	}
	return c
}

// loadServeConfig reads the settings of `serve`: those of loadConfig, with
// Redis required and at least one WeCom channel complete: the self-built
// app (callback and message/send: WECOM_CORP_ID, WECOM_AGENT_ID,
// WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY), the AI bot's long connection
// (WECOM_BOT_ID, WECOM_BOT_SECRET; no public address needed), or both.
// A channel begun and not finished names every setting it lacks; all
// problems are reported together.
func loadServeConfig(getenv func(string) string) (serveConfig, error) {
	var p configError
	c := readConfig(getenv, &p)
	if c.RedisURL == "" {
		p.add("REDIS_URL", "未设置", "REDIS_URL is not set")
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
		p.add("WECOM_*", "未设置任何企业微信通道：自建应用回调需要 WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET、WECOM_TOKEN 和 WECOM_AES_KEY，"+
			"智能机器人长连接需要 WECOM_BOT_ID 和 WECOM_BOT_SECRET",
			"no WeCom channel is set: WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY "+
				"for the app's callback, or WECOM_BOT_ID and WECOM_BOT_SECRET for the AI bot's long connection")
	}
	for _, set := range [][]struct{ name, val string }{app, bot} {
		if !begun(set) {
			continue
		}
		for _, r := range set {
			if r.val == "" {
				p.add(r.name, "未设置", r.name+" is not set")
			}
		}
	}
	if c.AgentID != "" {
		if _, err := strconv.Atoi(c.AgentID); err != nil {
			p.add("WECOM_AGENT_ID", "应为数字（应用的 AgentId）", fmt.Sprintf("WECOM_AGENT_ID %q is not a number", c.AgentID))
		}
	}
	if c.AESKey != "" {
		if err := checkAESKey(c.AESKey); err != nil {
			p.add("WECOM_AES_KEY", err.zh, err.en)
		}
	}
	if !strings.HasPrefix(c.APIBase, "http://") && !strings.HasPrefix(c.APIBase, "https://") {
		p.add("WECOM_API_BASE", "不是 http(s) 地址", fmt.Sprintf("WECOM_API_BASE %q is not an http(s) URL", c.APIBase))
	}
	if c.AdminToken != "" && len(c.AdminToken) < 24 {
		p.add("REPORTBOT_ADMIN_TOKEN", "至少 24 个字符（例如 openssl rand -hex 24）",
			"REPORTBOT_ADMIN_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)")
	}
	return c, p.err()
}

// hasApp reports whether the self-built app's channel is configured.
func (c serveConfig) hasApp() bool { return c.CorpID != "" && c.Secret != "" }

// hasBot reports whether the AI bot's long connection is configured.
func (c serveConfig) hasBot() bool { return c.BotID != "" && c.BotSecret != "" }

// planFromEnv reads the default reminder plan's sending hours and days,
// with a problem for each malformed one.
func planFromEnv(getenv func(string) string) (rounds.ReminderPlan, []configProblem) {
	p := rounds.DefaultReminderPlan()
	var bad []configProblem
	if v := getenv("REPORTBOT_SEND_HOURS"); v != "" {
		from, to, ok := strings.Cut(v, "-")
		f, err1 := strconv.Atoi(strings.TrimSpace(from))
		t, err2 := strconv.Atoi(strings.TrimSpace(to))
		if !ok || err1 != nil || err2 != nil || f < 0 || t > 24 || f >= t {
			bad = append(bad, configProblem{"REPORTBOT_SEND_HOURS", "应为两个钟点，例如 8-21（0-24 表示任何时间）",
				fmt.Sprintf("REPORTBOT_SEND_HOURS %q must be two hours such as 8-21 (0-24: any time)", v)})
		} else {
			p.QuietTo, p.QuietFrom = f, t
			if f == 0 && t == 24 {
				p.QuietFrom, p.QuietTo = 24, 0
			}
		}
	}
	if v := getenv("REPORTBOT_SEND_WEEKENDS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad = append(bad, configProblem{"REPORTBOT_SEND_WEEKENDS", "应为 true 或 false",
				fmt.Sprintf("REPORTBOT_SEND_WEEKENDS %q must be true or false", v)})
		} else {
			p.AllowWeekends = b
		}
	}
	return p, bad
}

// runServe runs the service until ctx is cancelled (SIGTERM), then drains
// in-flight requests and jobs.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(os.Getenv)
	if err != nil {
		return err
	}
	return serveWhenReady(ctx, cfg, slog.New(slog.NewJSONHandler(stderr, nil)), Options{})
}
