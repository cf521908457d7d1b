// Package llm is reportbot's language-model adapter: a bot.Writer over any
// OpenAI-compatible chat API (DeepSeek, Qwen's compatible mode, GLM,
// Ollama, vLLM) through sashabaranov/go-openai, with structured output,
// retries honouring Retry-After, a deadline per call, a concurrency limit
// and token metrics.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"

	"reportbot/bot"
	"reportbot/prompts"
)

// Config configures a Writer.
type Config struct {
	BaseURL string // OPENAI_BASE_URL, e.g. https://api.deepseek.com/v1
	APIKey  string // OPENAI_API_KEY
	Model   string // OPENAI_MODEL
	// Timeout is the deadline of one call (default 60 s); MaxAttempts the
	// tries per call on 429, 5xx and network errors (default 4); Backoff
	// the first pause, doubled each time unless the server says Retry-After.
	Timeout     time.Duration
	MaxAttempts int
	Backoff     time.Duration
	// Concurrency caps calls in flight from this process (default 4).
	Concurrency int
	Registry    prometheus.Registerer // optional
	Log         *slog.Logger
}

// Output modes, tried in order: a model that rejects one is asked the next
// way, and the writer remembers.
const (
	modeSchema int32 = iota
	modeObject
	modeText
)

// Writer drafts sections with a chat model.
type Writer struct {
	cfg     Config
	client  *openai.Client
	prompts *prompts.LLMPrompts
	sem     chan struct{}
	mode    atomic.Int32
	tokens  *prometheus.CounterVec
	calls   *prometheus.CounterVec
	// downUntil (unix nanoseconds) is set when a call failed every
	// attempt: until then calls fail at once, so a model that is down for
	// minutes costs one call's retries, not one per section.
	downUntil atomic.Int64
}

// downCooldown is how long a model that failed every attempt is left alone.
const downCooldown = 30 * time.Second

var _ bot.Writer = (*Writer)(nil)

// New returns a Writer; the prompts are the embedded templates.
func New(cfg Config) (*Writer, error) {
	if cfg.BaseURL == "" || cfg.Model == "" {
		return nil, errors.New("llm: OPENAI_BASE_URL and OPENAI_MODEL are required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	p, err := prompts.LoadLLMPrompts()
	if err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = &http.Client{Transport: retryAfterTransport{http.DefaultTransport}}
	w := &Writer{cfg: cfg, client: openai.NewClientWithConfig(oc), prompts: p, sem: make(chan struct{}, cfg.Concurrency),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reportbot_llm_tokens_total",
			Help: "Tokens used by the drafting model, by kind (prompt, completion)."}, []string{"kind"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reportbot_llm_calls_total",
			Help: "Calls to the drafting model by outcome."}, []string{"outcome"})}
	if cfg.Registry != nil {
		cfg.Registry.MustRegister(w.tokens, w.calls)
	}
	return w, nil
}

// Version names the model and the prompt version, for the draft cache.
func (w *Writer) Version() string { return "model:" + w.cfg.Model + "/prompt:" + w.prompts.Version }

// draftReply is what the model is asked to return. No omitempty: strict
// JSON schema needs every field required.
type draftReply struct {
	Paragraphs []struct {
		Text string   `json:"text"`
		QIDs []string `json:"qids"`
	} `json:"paragraphs"`
}

const draftSchema = `{"type":"object","additionalProperties":false,"required":["paragraphs"],
"properties":{"paragraphs":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,
"required":["text","qids"],"properties":{"text":{"type":"string"},"qids":{"type":"array","items":{"type":"string"}}}}}}}`

// Draft asks the model for one section and validates the reply locally.
func (w *Writer) Draft(ctx context.Context, req bot.DraftRequest) (*bot.DraftResult, error) {
	user, err := w.prompts.Section(req)
	if err != nil {
		return nil, bot.WrapError(bot.EInternal, "llm: render prompt", err)
	}
	for {
		mode := w.mode.Load()
		res, err := w.call(ctx, mode, user)
		if err != nil && mode < modeText && unsupportedFormat(err) {
			w.cfg.Log.Warn("model rejects the response format; trying the next", "mode", mode, "err", err)
			w.mode.CompareAndSwap(mode, mode+1)
			continue
		}
		if err != nil {
			return nil, err
		}
		text, err := parseReply(mode, res.Choices[0].Message.Content)
		if err != nil && mode < modeText {
			// A malformed reply: ask once more in the plainer format.
			w.calls.WithLabelValues("malformed").Inc()
			res2, err2 := w.call(ctx, modeText, user)
			if err2 != nil {
				return nil, err2
			}
			res.Usage.PromptTokens += res2.Usage.PromptTokens
			res.Usage.CompletionTokens += res2.Usage.CompletionTokens
			text, err = parseReply(modeText, res2.Choices[0].Message.Content)
		}
		if err != nil {
			return nil, &bot.Error{Code: bot.EUnavailable, Op: "llm: draft", Err: err}
		}
		return &bot.DraftResult{Text: text, Source: "model:" + w.cfg.Model, PromptVersion: w.prompts.Version,
			PromptTokens: res.Usage.PromptTokens, CompletionTokens: res.Usage.CompletionTokens}, nil
	}
}

// parseReply validates a reply and returns the section text.
func parseReply(mode int32, content string) (string, error) {
	content = strings.TrimSpace(content)
	if mode == modeText {
		content = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(content, "```"), "```"))
		if content == "" {
			return "", errors.New("empty reply")
		}
		if strings.HasPrefix(content, "{") {
			if t, err := parseReply(modeObject, content); err == nil {
				return t, nil
			}
		}
		return content, nil
	}
	var r draftReply
	dec := json.NewDecoder(strings.NewReader(content))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return "", fmt.Errorf("reply is not the requested JSON: %w", err)
	}
	var paras []string
	for _, p := range r.Paragraphs {
		if t := strings.TrimSpace(p.Text); t != "" {
			paras = append(paras, t)
		}
	}
	if len(paras) == 0 {
		return "", errors.New("reply has no paragraphs")
	}
	return strings.Join(paras, "\n"), nil
}

// unsupportedFormat reports a 400 about response_format.
func unsupportedFormat(err error) bool {
	var apiErr *openai.APIError
	return errors.As(err, &apiErr) && apiErr.HTTPStatusCode == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(apiErr.Message), "response_format")
}

// call makes one chat completion in mode, within the concurrency limit,
// retrying 429, 5xx and network errors with backoff (or Retry-After).
func (w *Writer) call(ctx context.Context, mode int32, user string) (openai.ChatCompletionResponse, error) {
	if until := w.downUntil.Load(); time.Now().UnixNano() < until {
		w.calls.WithLabelValues("skipped").Inc()
		return openai.ChatCompletionResponse{}, &bot.Error{Code: bot.EUnavailable, Message: "大模型服务暂时不可用，稍后将自动重试。",
			Op: "llm: draft", Err: fmt.Errorf("the model failed recently; not called until %s", time.Unix(0, until).Format(time.TimeOnly))}
	}
	select {
	case w.sem <- struct{}{}:
		defer func() { <-w.sem }()
	case <-ctx.Done():
		return openai.ChatCompletionResponse{}, bot.WrapError(bot.EUnavailable, "llm: wait for a slot", ctx.Err())
	}
	req := openai.ChatCompletionRequest{Model: w.cfg.Model, Temperature: 0.2, Messages: []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: w.prompts.System()},
		{Role: openai.ChatMessageRoleUser, Content: user}}}
	switch mode {
	case modeSchema:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "section_draft", Schema: json.RawMessage(draftSchema), Strict: true}}
	case modeObject:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		req.Messages[1].Content += "\n\nJSON Schema：" + draftSchema
	}
	delay := w.cfg.Backoff
	var last error
	for attempt := 1; attempt <= w.cfg.MaxAttempts; attempt++ {
		var retryAfter time.Duration
		cctx, cancel := context.WithTimeout(context.WithValue(ctx, retryAfterKey{}, &retryAfter), w.cfg.Timeout)
		res, err := w.client.CreateChatCompletion(cctx, req)
		cancel()
		if err == nil && len(res.Choices) > 0 {
			w.calls.WithLabelValues("ok").Inc()
			w.tokens.WithLabelValues("prompt").Add(float64(res.Usage.PromptTokens))
			w.tokens.WithLabelValues("completion").Add(float64(res.Usage.CompletionTokens))
			return res, nil
		}
		if err == nil {
			err = errors.New("reply has no choices")
		}
		last = err
		if !retryable(err) || ctx.Err() != nil {
			w.calls.WithLabelValues("error").Inc()
			break
		}
		if attempt == w.cfg.MaxAttempts {
			break // no pause after the last try
		}
		w.calls.WithLabelValues("retry").Inc()
		wait := delay
		if retryAfter > 0 {
			wait = retryAfter
		}
		w.cfg.Log.Warn("model call failed, retrying", "attempt", attempt, "wait", wait.String(), "err", err)
		select {
		case <-ctx.Done():
			return openai.ChatCompletionResponse{}, bot.WrapError(bot.EUnavailable, "llm: draft", ctx.Err())
		case <-time.After(wait):
		}
		delay *= 2
	}
	if unsupportedFormat(last) {
		return openai.ChatCompletionResponse{}, last
	}
	if retryable(last) && ctx.Err() == nil {
		w.downUntil.Store(time.Now().Add(downCooldown).UnixNano())
		w.cfg.Log.Error("model unavailable after every attempt; drafting from templates for a while", "cooldown", downCooldown.String(), "err", last)
	}
	return openai.ChatCompletionResponse{}, &bot.Error{Code: bot.EUnavailable, Message: "大模型服务暂时不可用，稍后将自动重试。", Op: "llm: draft", Err: last}
}

// retryable: rate limits, server errors, timeouts and network failures.
func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode == 429 || apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode == 429 || reqErr.HTTPStatusCode >= 500 || reqErr.HTTPStatusCode == 0
	}
	return true // network errors and deadlines
}

type retryAfterKey struct{}

// retryAfterTransport hands the Retry-After of a 429 or 5xx reply to the
// retry loop, which go-openai's errors do not carry.
type retryAfterTransport struct{ base http.RoundTripper }

// RoundTrip implements http.RoundTripper, noting Retry-After.
func (t retryAfterTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(r)
	if err != nil || (res.StatusCode != 429 && res.StatusCode < 500) {
		return res, err
	}
	if p, ok := r.Context().Value(retryAfterKey{}).(*time.Duration); ok {
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s >= 0 && s <= 300 {
			*p = time.Duration(s) * time.Second
		}
	}
	return res, nil
}
