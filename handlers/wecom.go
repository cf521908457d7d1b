package handlers

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// maxCallbackBody caps a callback body; WeCom's messages are a few KB.
const maxCallbackBody = 64 << 10

// WeComCallback serves /wecom/callback: GET answers the URL check, POST
// runs one conversation turn and answers it with a passive encrypted reply.
type WeComCallback struct {
	Codec *wecom.Codec
	Conv  bot.Conversation
	// Jobs queues what does not fit a passive reply (cards, the parts of a
	// long reply beyond 2048 bytes) for durable delivery by message/send.
	Jobs bot.Jobs
	// Messenger sends those directly when no Jobs queue is configured.
	Messenger bot.Messenger
	Log       *slog.Logger
	Clock     bot.Clock
	Metrics   *Metrics
	// Media, if set, downloads the files members send (media/get): a
	// .docx, .xlsx or .txt is read as a pasted text, and an .xlsx is also
	// passed on whole (a returned table workbook). Without it a file gets
	// the text-only reply.
	Media MediaDownloader
	// Seen, if set, is told of each user who wrote through the callback
	// before the turn (when the long connection runs too, later messages
	// go to the channel the user last wrote from).
	Seen func(ctx context.Context, user string)
}

// ServeHTTP implements http.Handler.
func (h *WeComCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	switch r.Method {
	case http.MethodGet:
		echo, err := h.Codec.VerifyURL(sig, ts, nonce, q.Get("echostr"))
		if err != nil {
			h.refuse(w, err, "url check")
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, echo)
	case http.MethodPost:
		h.post(w, r, sig, ts, nonce)
		h.Metrics.observeCallback(time.Since(start))
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (h *WeComCallback) post(w http.ResponseWriter, r *http.Request, sig, ts, nonce string) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallbackBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.Log.Warn("wecom callback body too large", "limit", maxCallbackBody)
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	plain, err := h.Codec.Open(sig, ts, nonce, body)
	if err != nil {
		h.refuse(w, err, "message")
		return
	}
	in, err := wecom.ParseInbound(plain)
	if err != nil {
		h.Log.Warn("wecom callback: undecodable message", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	m, kind := in.Turn()
	switch kind {
	case wecom.KindIgnore:
		h.Log.Info("wecom callback ignored", "user", in.FromUserName, "type", in.MsgType, "event", in.Event)
		h.Metrics.turn("ignored")
		w.WriteHeader(http.StatusOK)
		return
	case wecom.KindUnsupported:
		h.Metrics.turn("unsupported")
		h.reply(w, in.FromUserName, wecom.MsgOnlyText)
		return
	case wecom.KindFile:
		if h.Media == nil {
			h.Metrics.turn("unsupported")
			h.reply(w, in.FromUserName, wecom.MsgOnlyText)
			return
		}
		file, text, err := h.fileContent(r.Context(), in)
		if err != nil {
			h.Log.Warn("wecom file unreadable", "user", in.FromUserName, "media", in.MediaID, "err", err)
			h.Metrics.turn(bot.ErrorCode(err))
			h.reply(w, in.FromUserName, bot.ErrorMessage(err))
			return
		}
		m.Text, m.File = text, file
	}
	if h.Seen != nil {
		h.Seen(r.Context(), m.User)
	}
	replies, err := h.Conv.Handle(r.Context(), m)
	if err != nil && h.retryLater(w, err, ts, m) {
		return
	}
	if err != nil {
		h.Log.Error("turn failed", "user", m.User, "msg", m.ID, "code", bot.ErrorCode(err), "err", err)
		h.Metrics.turn(bot.ErrorCode(err))
		h.reply(w, m.User, bot.ErrorMessage(err))
		return
	}
	h.Metrics.turn("ok")
	h.Log.Info("turn", "user", m.User, "msg", m.ID, "event", m.Event)
	if rich(replies) && h.Jobs != nil {
		// Cards go out through message/send: ack at once, send from a job
		// keyed by the message, so WeCom's retries queue nothing twice.
		err := h.Jobs.EnqueueSend(r.Context(), m.User+":"+m.ID, m.User, replies)
		if err == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		h.Log.Error("queue card reply, answering as text", "user", m.User, "msg", m.ID, "err", err)
	}
	h.replyKeyed(w, m.User, m.User+":"+m.ID, joinReplies(replies))
}

// rich reports whether any reply carries buttons (a card) or a file.
func rich(replies []bot.Reply) bool {
	for _, r := range replies {
		if len(r.Buttons) > 0 || r.File != nil {
			return true
		}
	}
	return false
}

// joinReplies puts a turn's replies into one text.
func joinReplies(replies []bot.Reply) string {
	var parts []string
	for _, r := range replies {
		t := r.Text
		for _, b := range r.Buttons {
			t += "\n【" + b.Text + "】请回复“" + b.Key + "”"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, "\n\n")
}

// reply writes a passive encrypted reply that needs no follow-up key.
func (h *WeComCallback) reply(w http.ResponseWriter, user, text string) {
	h.replyKeyed(w, user, "", text)
}

// replyKeyed writes the passive encrypted reply; parts beyond one message
// are queued under key (the message's id) for message/send.
func (h *WeComCallback) replyKeyed(w http.ResponseWriter, user, key, text string) {
	parts := wecom.SplitText(text, wecom.MaxTextBytes)
	if len(parts) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	if len(parts) > MaxReplyParts {
		if short, ok := h.replyLong(user, key, text, len(parts)); ok {
			parts = []string{short}
		}
	}
	if len(parts) > 1 {
		h.sendRest(user, key, parts[1:])
	}
	env, err := h.Codec.Seal(wecom.PassiveText(h.Codec.CorpID(), user, parts[0], h.Clock.Now()))
	if err != nil {
		h.Log.Error("seal passive reply", "user", user, "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(env)
}

// sendRest delivers the later parts of a long reply after the passive one:
// through the durable queue when there is one, else directly.
func (h *WeComCallback) sendRest(user, key string, rest []string) {
	if h.Jobs != nil && key != "" {
		replies := make([]bot.Reply, len(rest))
		for i, p := range rest {
			replies[i] = bot.Reply{Text: p}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		err := h.Jobs.EnqueueSend(ctx, key+":rest", user, replies)
		if err == nil {
			return
		}
		h.Log.Error("queue the rest of a long reply, sending directly", "user", user, "err", err)
	}
	if h.Messenger == nil {
		h.Log.Warn("long reply cut: no messenger configured", "user", user, "parts_dropped", len(rest))
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// Give WeCom time to show the passive reply first.
		time.Sleep(300 * time.Millisecond)
		for _, p := range rest {
			if err := h.Messenger.Send(ctx, user, bot.Reply{Text: p}); err != nil {
				h.Log.Error("send reply part", "user", user, "err", err)
				return
			}
		}
	}()
}

// refuse answers a callback that failed verification; nothing was decrypted
// into a turn, so no state is touched.
func (h *WeComCallback) refuse(w http.ResponseWriter, err error, what string) {
	status := http.StatusForbidden
	if errors.Is(err, wecom.ErrMalformed) {
		status = http.StatusBadRequest
	}
	h.Log.Warn("wecom callback refused", "what", what, "err", err, "status", status)
	h.Metrics.turn("refused")
	http.Error(w, http.StatusText(status), status)
}
