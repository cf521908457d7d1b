package main

import (
	"context"
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"reportbot/bot"
	"reportbot/bot/rounds"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/handlers"
	"reportbot/prompts"
	"reportbot/store"
)

//go:embed demo
var demoFiles embed.FS

// demoUser is one person of the sample roster.
type demoUser struct {
	ID, Name, Role string
}

// demoPeople is the sample roster: five departments with their contacts,
// a coordinator (also the admin, who may change roles) and an editor.
var demoPeople = []demoUser{
	{"zhangsan", "张三", "区政府办 填报人"},
	{"zhaoliu", "赵六", "区司法局 填报人"},
	{"zhouba", "周八", "区财政局 填报人"},
	{"wujiu", "吴九", "区教育局 填报人"},
	{"zhengshi", "郑十", "区卫生健康局 填报人"},
	{"chentc", "陈统筹", "统筹人、管理员"},
	{"libj", "李编辑", "审稿人"},
}

const demoRoster = `departments:
  - {id: zfb, name: 区政府办, kinds: [政府办], contacts: [zhangsan]}
  - {id: sfj, name: 区司法局, kinds: [司法行政], contacts: [zhaoliu]}
  - {id: czj, name: 区财政局, contacts: [zhouba]}
  - {id: jyj, name: 区教育局, kinds: [教育], contacts: [wujiu]}
  - {id: wjj, name: 区卫生健康局, kinds: [卫生健康], contacts: [zhengshi]}
coordinators: [chentc]
editors: [libj]
admins: [chentc]
names: {zhangsan: 张三, zhaoliu: 赵六, zhouba: 周八, wujiu: 吴九, zhengshi: 郑十, chentc: 陈统筹, libj: 李编辑}
`

// demo is the running demo: the service, the fake WeCom and the simulator.
type demo struct {
	app     *App
	api     *wecomtest.Server  // the app channel's fake API (channel app)
	gw      *wecomtest.Gateway // the fake long-connection gateway (channel longconn)
	st      *store.Store
	round   *bot.Round
	handler http.Handler
	tr      simTransport // how the simulator reaches the bot; set by attach
	sim     *simulator
	stop    func()
}

// Demo channels: the self-built app's encrypted callback (the default)
// or the AI bot's long connection over the fake gateway.
const (
	demoApp      = "app"
	demoLongConn = "longconn"
)

// newDemo starts the embedded Redis, the fake WeCom of the channel, the
// service on the template writer (or the model in OPENAI_*), the sample
// roster and a started round of the 法治政府建设 form.
func newDemo(ctx context.Context, getenv func(string) string, logger *slog.Logger, channel string) (*demo, error) {
	return newDemoForm(ctx, getenv, logger, channel, "fazhi-annual", "")
}

// newDemoForm is newDemo with the sample round on the form formID.
func newDemoForm(ctx context.Context, getenv func(string) string, logger *slog.Logger, channel, formID, base string) (*demo, error) {
	if channel != demoApp && channel != demoLongConn {
		return nil, fmt.Errorf("demo: -channel %q: use app or longconn", channel)
	}
	st, stopRedis, err := embeddedStore()
	if err != nil {
		return nil, fmt.Errorf("demo: embedded Redis: %w", err)
	}
	api := wecomtest.NewServer("wwdemo0000000000", "demo-secret")
	var gw *wecomtest.Gateway
	dir, err := os.MkdirTemp("", "reportbot-demo")
	if err != nil {
		return nil, err
	}
	rosterPath := filepath.Join(dir, "roster.yaml")
	if err := os.WriteFile(rosterPath, []byte(demoRoster), 0o600); err != nil {
		return nil, err
	}
	// The demo may be tried at any hour: invitations and 催办 go out at once.
	plan := rounds.DefaultReminderPlan()
	plan.QuietFrom, plan.QuietTo, plan.AllowWeekends = 24, 0, true
	cfg := serveConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: api.Secret, Token: "demo-token",
		AESKey: "demoAESkey0123456789abcdefghijklmnopqrstuvw", APIBase: api.URL, Roster: rosterPath, Workers: 8, Plan: plan,
		OpenAIKey: getenv("OPENAI_API_KEY"), OpenAIBase: getenv("OPENAI_BASE_URL"), OpenAIModel: getenv("OPENAI_MODEL"), LinkBase: base}
	if cfg.OpenAIKey != "" && cfg.OpenAIBase == "" {
		cfg.OpenAIBase = "https://api.openai.com/v1"
	}
	if channel == demoLongConn {
		// The AI bot alone: no callback URL, no app settings.
		gw = wecomtest.NewGateway("aibotdemo", "demo-bot-secret")
		cfg.CorpID, cfg.AgentID, cfg.Secret, cfg.Token, cfg.AESKey = "", "", "", "", ""
		cfg.BotID, cfg.BotSecret, cfg.BotURL = gw.BotID, gw.Secret, gw.URL()
	}
	app, err := NewApp(ctx, cfg, PartsServe, Options{Store: st, Logger: logger})
	if err != nil {
		return nil, err
	}
	if err := app.Start(); err != nil {
		app.Close()
		return nil, err
	}
	form, err := prompts.Form(formID)
	if err != nil {
		app.Close()
		return nil, fmt.Errorf("demo: -form %q: %w (shipped forms: fazhi-annual, xxgk-annual)", formID, err)
	}
	now := app.Clock.Now()
	sample := sampleRound(form, now)
	r, err := app.Rounds.Create(ctx, rounds.RoundSpec{ID: sample.ID, Form: form, Title: sample.Title, Year: sample.Year,
		Deadline: now.AddDate(0, 0, 14), Coordinator: "区司法局 陈统筹"})
	if err != nil {
		return nil, err
	}
	if _, err := app.Rounds.Start(ctx, r.ID); err != nil {
		return nil, err
	}
	if gw != nil && !waitConnected(app) {
		return nil, fmt.Errorf("demo: the bot did not connect to the fake gateway")
	}
	d := &demo{app: app, api: api, gw: gw, st: st, round: r}
	d.sim = &simulator{demo: d, chats: map[string][]simMessage{}}
	d.sim.page = template.Must(template.ParseFS(demoFiles, "demo/*.html"))
	mux := http.NewServeMux()
	if channel == demoApp {
		mux.Handle("/wecom/callback", app.Handler)
	}
	mux.Handle("/console/", app.Handler)
	mux.Handle("/api/", app.Handler)
	simHandler := d.sim.handler()
	mux.Handle("/sim/", simHandler)
	mux.Handle("/sim-media/", simHandler)
	mux.Handle("/sim-static/", simHandler)
	mux.Handle("GET /{$}", http.RedirectHandler("/sim/", http.StatusFound))
	d.handler = mux
	d.stop = func() {
		app.Close()
		api.Close()
		if gw != nil {
			gw.Close()
		}
		stopRedis()
		os.RemoveAll(dir)
	}
	return d, nil
}

// attach points the simulator at the bot: the demo's own callback URL,
// or the fake gateway.
func (d *demo) attach(base string) {
	if d.gw != nil {
		d.tr = &gatewayTransport{gw: d.gw, tasks: map[string]string{}, shown: map[int]bool{}}
		return
	}
	d.tr = &appTransport{api: d.api, client: &wecomtest.Client{URL: base + "/wecom/callback", Token: "demo-token",
		AESKey: "demoAESkey0123456789abcdefghijklmnopqrstuvw", CorpID: d.api.CorpID}}
}

// runDemoWeb is `reportbot demo`: everything on loopback, with URLs to
// open printed.
func runDemoWeb(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:8080", "where to listen (loopback only unless you mean it)")
	channel := fs.String("channel", demoApp, "the WeCom channel: app (encrypted callback) or longconn (the AI bot's long connection)")
	formID := fs.String("form", "fazhi-annual", "the form of the sample round: fazhi-annual (法治政府建设) or xxgk-annual (政府信息公开)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("demo: listen on %s: %w (try -addr 127.0.0.1:0)", *addr, err)
	}
	defer ln.Close()
	// Links in messages (网页编辑, the report ready) point at this address.
	base := "http://" + ln.Addr().String()
	d, err := newDemoForm(ctx, os.Getenv, logger, *channel, *formID, base)
	if err != nil {
		return err
	}
	defer d.stop()
	d.attach(base)
	srv := handlers.NewServer("", d.handler)
	go srv.Serve(ln)
	defer srv.Close()
	writer := "模板起草（未设置 OPENAI_API_KEY）"
	if os.Getenv("OPENAI_API_KEY") != "" {
		writer = "大模型 " + os.Getenv("OPENAI_MODEL")
	}
	via := "模拟企业微信（自建应用回调）"
	if d.gw != nil {
		via = "模拟企业微信（智能机器人长连接，无需公网地址）"
	}
	fmt.Fprintf(stdout, "reportbot 演示已启动：内置 Redis、%s、%s，已开始“%s”（5 个部门）。\n\n", via, writer, d.round.Title)
	fmt.Fprintf(stdout, "企业微信模拟器（每人一个手机聊天页）：%s/sim/\n", base)
	for _, p := range demoPeople {
		fmt.Fprintf(stdout, "  %s（%s）：%s/sim/%s\n", p.Name, p.Role, base, p.ID)
	}
	fmt.Fprintln(stdout, "\n控制台一次性登录链接：")
	for _, p := range demoPeople[5:] {
		tok, err := d.st.CreateLoginLink(ctx, p.ID, 24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %s（%s）：%s/console/login?token=%s\n", p.Name, p.Role, base, tok)
	}
	fmt.Fprintln(stdout, "\n试试：以张三身份回复“开始”并填写，提交后以李编辑身份在模拟器或控制台确认各章节并下载 Word 报告。按 Ctrl+C 结束。")
	<-ctx.Done()
	return nil
}

// simMessage is one bubble in a simulated chat.
type simMessage struct {
	Seq     int         `json:"seq"`
	Mine    bool        `json:"mine"`
	Kind    string      `json:"kind"` // text, markdown, card, file
	Text    string      `json:"text"`
	Title   string      `json:"title,omitempty"`
	Buttons []simButton `json:"buttons,omitempty"`
	File    string      `json:"file,omitempty"` // download path
	At      string      `json:"at"`
}

type simButton struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// simulator shows each demo user a phone-sized chat: what the bot sent them
// through message/send (text, markdown, cards, files) and its passive
// replies; what they type or click goes through the encrypted callback.
type simulator struct {
	demo  *demo
	page  *template.Template
	mu    sync.Mutex
	seq   int                     // bubble numbers
	chats map[string][]simMessage // per user
	msgs  int
}

func (s *simulator) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sim/{$}", s.index)
	mux.HandleFunc("GET /sim/{user}", s.chat)
	mux.HandleFunc("GET /sim/{user}/messages", s.messages)
	mux.HandleFunc("POST /sim/{user}/send", s.send)
	mux.HandleFunc("GET /sim/{user}/login", s.login)
	mux.HandleFunc("GET /sim-media/{id}", s.media)
	sub, _ := fs.Sub(demoFiles, "demo/static")
	mux.Handle("GET /sim-static/", http.StripPrefix("/sim-static/", http.FileServerFS(sub)))
	return securityHeadersSim(mux)
}

func securityHeadersSim(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'")
		h.ServeHTTP(w, r)
	})
}

func demoPerson(id string) (demoUser, bool) {
	for _, p := range demoPeople {
		if p.ID == id {
			return p, true
		}
	}
	return demoUser{}, false
}

func (s *simulator) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	s.page.ExecuteTemplate(w, "index.html", map[string]any{"People": demoPeople, "Round": s.demo.round})
}

func (s *simulator) chat(w http.ResponseWriter, r *http.Request) {
	p, ok := demoPerson(r.PathValue("user"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	s.page.ExecuteTemplate(w, "chat.html", map[string]any{"P": p, "Staff": p.Role == "统筹人" || p.Role == "审稿人"})
}

// login gives a demo user a fresh console session link.
func (s *simulator) login(w http.ResponseWriter, r *http.Request) {
	p, ok := demoPerson(r.PathValue("user"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	tok, err := s.demo.st.CreateLoginLink(r.Context(), p.ID, time.Minute)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, "/console/login?token="+tok, http.StatusFound)
}

func (s *simulator) media(w http.ResponseWriter, r *http.Request) {
	m, ok := s.demo.tr.media(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	w.Write(m.Data)
}

// sync moves what the fake WeCom received into the chats.
func (s *simulator) sync() {
	for _, n := range s.demo.tr.news() {
		s.add(n.user, n.msg)
	}
}

func (s *simulator) add(user string, m simMessage) {
	s.seq++
	m.Seq = s.seq
	s.chats[user] = append(s.chats[user], m)
}

// messages returns a user's bubbles after ?after=seq.
func (s *simulator) messages(w http.ResponseWriter, r *http.Request) {
	user := r.PathValue("user")
	var after int
	fmt.Sscan(r.URL.Query().Get("after"), &after)
	s.mu.Lock()
	s.sync()
	var out []simMessage
	for _, m := range s.chats[user] {
		if m.Seq > after {
			out = append(out, m)
		}
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(out)
}

// send delivers what the user typed (text) or clicked (key) through the
// real encrypted callback, and records the passive reply.
func (s *simulator) send(w http.ResponseWriter, r *http.Request) {
	user := r.PathValue("user")
	if _, ok := demoPerson(user); !ok {
		http.NotFound(w, r)
		return
	}
	// Same-origin JSON only: another site cannot make the simulator speak.
	if r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "JSON only", http.StatusUnsupportedMediaType)
		return
	}
	var req struct{ Text, Key, Label string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil || (strings.TrimSpace(req.Text) == "" && req.Key == "") {
		http.Error(w, "empty", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.sync() // what arrived before this message shows above it
	s.msgs++
	id := fmt.Sprintf("sim-%d-%d", time.Now().UnixNano(), s.msgs)
	if req.Key != "" {
		s.add(user, simMessage{Mine: true, Kind: "text", Text: "点击了“" + req.Label + "”", At: time.Now().Format("15:04")})
	} else {
		s.add(user, simMessage{Mine: true, Kind: "text", Text: req.Text, At: time.Now().Format("15:04")})
	}
	s.mu.Unlock()
	var text string
	var err error
	if req.Key != "" {
		text, err = s.demo.tr.click(user, req.Key)
	} else {
		text, err = s.demo.tr.say(user, id, req.Text)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.add(user, simMessage{Kind: "text", Text: "（模拟器：消息未送达：" + err.Error() + "）", At: time.Now().Format("15:04")})
	} else {
		s.sync() // anything sent before the reply comes first
		if text != "" {
			s.add(user, simMessage{Kind: "text", Text: text, At: time.Now().Format("15:04")})
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
