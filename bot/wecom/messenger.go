package wecom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work/config"
	workctx "github.com/silenceper/wechat/v2/work/context"
	"github.com/silenceper/wechat/v2/work/material"
	"github.com/silenceper/wechat/v2/work/message"

	"reportbot/bot"
)

// SendLimiter counts messages per member across replicas (Redis).
type SendLimiter interface {
	AllowSend(ctx context.Context, user string, now time.Time, perMinute, perHour int) (bool, time.Duration, error)
}

// WeCom's per-member limits for app messages.
const (
	PerMinute = 30
	PerHour   = 1000
)

// MessengerConfig configures a Messenger.
type MessengerConfig struct {
	CorpID, AgentID, Secret string
	Tokens                  TokenStore
	Limiter                 SendLimiter
	Log                     *slog.Logger
	// Sleep waits between retries; tests shorten it. Defaults to a
	// context-aware sleep.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnSend is told each API outcome by errcode (0 for success), for
	// metrics; OnToken each token fetched from gettoken.
	OnSend  func(errcode int64)
	OnToken func()
}

// Messenger sends app messages with message/send: text (split at 2048
// bytes), markdown, and button_interaction template cards; it implements
// bot.Messenger.
type Messenger struct {
	cfg    MessengerConfig
	msg    *message.Client
	media  *material.Client
	tokens *tokenSource
}

var _ bot.Messenger = (*Messenger)(nil)

// NewMessenger builds a Messenger over silenceper's work/message client.
func NewMessenger(cfg MessengerConfig) (*Messenger, error) {
	if cfg.CorpID == "" || cfg.AgentID == "" || cfg.Secret == "" || cfg.Tokens == nil || cfg.Limiter == nil {
		return nil, errors.New("wecom: messenger needs corp id, agent id, secret, token store and limiter")
	}
	if _, err := strconv.Atoi(cfg.AgentID); err != nil {
		return nil, fmt.Errorf("wecom: agent id %q is not a number", cfg.AgentID)
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Sleep == nil {
		cfg.Sleep = func(ctx context.Context, d time.Duration) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
				return nil
			}
		}
	}
	ts := newTokenSource(cfg.CorpID, cfg.Secret, cfg.AgentID, cfg.Tokens, cfg.OnToken)
	wc := &workctx.Context{Config: &config.Config{CorpID: cfg.CorpID, CorpSecret: cfg.Secret, AgentID: cfg.AgentID,
		Cache: cfg.Tokens}, AccessTokenHandle: ts}
	return &Messenger{cfg: cfg, msg: message.NewClient(wc), media: material.NewClient(wc), tokens: ts}, nil
}

// Send delivers one reply to user: a card when it has buttons, markdown
// when marked so, else text in parts of at most 2048 bytes.
func (m *Messenger) Send(ctx context.Context, user string, r bot.Reply) error {
	if r.File != nil {
		if r.Text != "" {
			if err := m.Send(ctx, user, bot.Reply{Text: r.Text, Markdown: r.Markdown}); err != nil {
				return err
			}
		}
		return m.sendFile(ctx, user, r.File)
	}
	if len(r.Buttons) > 0 {
		return m.send(ctx, user, "template_card", m.cardRequest(user, r))
	}
	if r.Markdown {
		return m.send(ctx, user, "markdown", &markdownRequest{SendRequestCommon: m.common(user, "markdown"),
			Markdown: message.TextField{Content: r.Text}})
	}
	for _, part := range SplitText(r.Text, MaxTextBytes) {
		req := message.SendTextRequest{SendRequestCommon: m.common(user, "text"), Text: message.TextField{Content: part}}
		if err := m.send(ctx, user, "text", req); err != nil {
			return err
		}
	}
	return nil
}

func (m *Messenger) common(user, msgType string) *message.SendRequestCommon {
	return &message.SendRequestCommon{ToUser: user, MsgType: msgType, AgentID: m.cfg.AgentID,
		EnableDuplicateCheck: 1, DuplicateCheckInterval: 1800}
}

type fileRequest struct {
	*message.SendRequestCommon
	File struct {
		MediaID string `json:"media_id"`
	} `json:"file"`
}

// sendFile uploads f as a temporary file (media/upload, kept by WeCom for
// three days) and sends it as a file message.
func (m *Messenger) sendFile(ctx context.Context, user string, f *bot.File) error {
	var res *material.UploadTempFileResponse
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		res, err = m.media.UploadTempFileFromReader(f.Name, "file", bytes.NewReader(f.Data))
		code := errcode(err)
		if (code == 40014 || code == 42001) && attempt == 0 {
			m.tokens.drop()
			continue
		}
		break
	}
	if err != nil {
		m.cfg.Log.Error("wecom media upload failed", "user", user, "file", f.Name, "errcode", errcode(err), "err", err)
		return &bot.Error{Code: bot.EUnavailable, Op: "wecom: upload " + f.Name, Err: err}
	}
	req := &fileRequest{SendRequestCommon: m.common(user, "file")}
	req.File.MediaID = res.MediaID
	return m.send(ctx, user, "file", req)
}

type markdownRequest struct {
	*message.SendRequestCommon
	Markdown message.TextField `json:"markdown"`
}

// send calls message/send within the member's limits, retrying as WeCom
// asks: 45009/45033 (too frequent) back off and retry; 40014/42001 (bad
// or expired token) drop the token and retry once; other errcodes are
// returned with their code.
func (m *Messenger) send(ctx context.Context, user, kind string, req any) error {
	tokenRetried := false
	for attempt := 0; attempt < 5; attempt++ {
		ok, wait, err := m.cfg.Limiter.AllowSend(ctx, user, time.Now(), PerMinute, PerHour)
		if err != nil {
			return err
		}
		if !ok {
			return &bot.Error{Code: bot.EUnavailable, Op: "wecom: send " + kind, Err: &throttled{user: user, wait: wait}}
		}
		_, err = m.msg.Send("message/send", req)
		code := errcode(err)
		m.observe(code, err)
		switch {
		case err == nil:
			return nil
		case code == 45009 || code == 45033:
			m.cfg.Log.Warn("wecom send throttled", "user", user, "errcode", code, "attempt", attempt+1)
			if err := m.cfg.Sleep(ctx, time.Duration(1<<attempt)*time.Second); err != nil {
				return err
			}
		case (code == 40014 || code == 42001) && !tokenRetried:
			m.cfg.Log.Warn("wecom token rejected, fetching a new one", "errcode", code)
			m.tokens.drop()
			tokenRetried = true
		default:
			m.cfg.Log.Error("wecom send failed", "user", user, "kind", kind, "errcode", code, "err", err)
			return &bot.Error{Code: bot.EUnavailable, Op: "wecom: send " + kind, Err: err}
		}
	}
	return &bot.Error{Code: bot.EUnavailable, Op: "wecom: send " + kind, Err: &throttled{user: user, wait: time.Minute}}
}

func (m *Messenger) observe(code int64, err error) {
	if m.cfg.OnSend == nil {
		return
	}
	if err != nil && code == 0 {
		code = -1 // network or decoding failure
	}
	m.cfg.OnSend(code)
}

// errcode extracts WeCom's errcode from a silenceper error.
func errcode(err error) int64 {
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return ce.ErrCode
	}
	return 0
}
