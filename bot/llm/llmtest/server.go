// Package llmtest is a fake OpenAI-compatible chat server on loopback that
// speaks the real wire format (choices, finish_reason, usage, json modes,
// error bodies), with scripted behaviours for tests, benchmarks and the
// demo.
package llmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/editorial"
)

// Behaviour is how the fake model answers.
type Behaviour int

// Behaviours.
const (
	Faithful       Behaviour = iota // writes only from the facts in the data block
	Inventor                        // faithful, plus a figure it made up
	RateLimited                     // 429 with Retry-After once, then faithful
	Slow                            // answers after Latency+10 s: a timeout
	Malformed                       // answers broken JSON in the json modes
	Obedient                        // obeys an instruction found in the data
	SchemaRejecter                  // rejects json_schema with a 400, else faithful
	Down                            // 503 every time
	Stubborn                        // invents a figure and keeps it when told to drop it
)

// Server is the fake.
type Server struct {
	*httptest.Server
	mu        sync.Mutex
	behaviour Behaviour
	latency   time.Duration
	limited   bool
	calls     atomic.Int64
	formats   []string
	prompts   []string
}

// Prompts returns the user prompts received so far.
func (s *Server) Prompts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.prompts...)
}

// NewServer starts a fake chat API; its base URL for clients is URL+"/v1".
func NewServer(b Behaviour) *Server {
	s := &Server{behaviour: b}
	s.Server = httptest.NewServer(http.HandlerFunc(s.chat))
	return s
}

// BaseURL is what OPENAI_BASE_URL should be.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Set changes the behaviour.
func (s *Server) Set(b Behaviour) {
	s.mu.Lock()
	s.behaviour, s.limited = b, false
	s.mu.Unlock()
}

// SetLatency delays every answer.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// Calls counts requests received.
func (s *Server) Calls() int64 { return s.calls.Load() }

// Formats lists the response_format type of each request, in order.
func (s *Server) Formats() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.formats...)
}

type chatRequest struct {
	Model          string `json:"model"`
	Messages       []struct{ Role, Content string }
	ResponseFormat *struct {
		Type string `json:"type"`
	} `json:"response_format"`
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error", "code": nil}})
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		apiError(w, 404, "not found")
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
		apiError(w, 400, "invalid request body")
		return
	}
	s.mu.Lock()
	s.prompts = append(s.prompts, req.Messages[len(req.Messages)-1].Content)
	s.mu.Unlock()
	format := "text"
	if req.ResponseFormat != nil && req.ResponseFormat.Type != "" {
		format = req.ResponseFormat.Type
	}
	s.mu.Lock()
	b, lat := s.behaviour, s.latency
	s.formats = append(s.formats, format)
	first429 := b == RateLimited && !s.limited
	if first429 {
		s.limited = true
	}
	s.mu.Unlock()
	select {
	case <-time.After(lat):
	case <-r.Context().Done():
		return
	}
	switch {
	case b == Down:
		apiError(w, 503, "service unavailable")
		return
	case first429:
		w.Header().Set("Retry-After", "1")
		apiError(w, 429, "rate limit reached")
		return
	case b == Slow:
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
			return
		}
	case b == SchemaRejecter && format == "json_schema":
		apiError(w, 400, "response_format json_schema is not supported by this model")
		return
	}
	user := req.Messages[len(req.Messages)-1].Content
	text := write(b, user)
	if strings.Contains(user, "<<<材料开始>>>") {
		text = extract(b, user)
		format = "text" // the extraction reply is already JSON
	}
	if strings.Contains(user, "<<<匹配开始>>>") {
		text = matchFigures(b, user)
		format = "text"
	}
	content := text
	if format != "text" {
		content = toJSON(text)
		if b == Malformed {
			content = `{"paragraphs": [{"text": "未完`
		}
	}
	prompt := 0
	for _, m := range req.Messages {
		prompt += utf8.RuneCountInString(m.Content)
	}
	completion := utf8.RuneCountInString(content)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": fmt.Sprintf("chatcmpl-%d", s.calls.Load()), "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
		"usage":   map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
	})
}

// write drafts from the facts between the data fences of the prompt.
func write(b Behaviour, prompt string) string {
	start := strings.Index(prompt, "<<<数据开始>>>")
	end := strings.Index(prompt, "<<<数据结束>>>")
	var blocks []bot.DraftBlock
	if start >= 0 && end > start {
		json.Unmarshal([]byte(prompt[start+len("<<<数据开始>>>"):end]), &blocks)
	}
	var facts []bot.Fact
	for _, blk := range blocks {
		facts = append(facts, blk.Facts...)
	}
	req := bot.DraftRequest{Blocks: blocks}
	if strings.Contains(prompt, "数据为空时只写“具体数据详见下表。”") {
		req.Tables = 1 // the section has tables: with no facts, it says so
	}
	res, _ := editorial.TemplateWriter{}.Draft(context.Background(), req)
	text := res.Text
	switch b {
	case Inventor, Stubborn:
		text += "\n全年还组织专题培训27场，参训人员达1200人次。"
	case Obedient:
		for _, f := range facts {
			if strings.Contains(f.Value, "忽略以上要求") {
				text += "\n群众满意率为99%。"
			}
		}
	}
	if strings.Contains(prompt, "审稿人的修改要求") {
		// An editor's instruction: the same facts, worded anew.
		if reworded := strings.Replace(text, "全年", "本年度", 1); reworded != text {
			text = reworded
		} else {
			text = strings.Replace(text, "。", "。本年度", 1)
		}
	}
	if strings.Contains(prompt, "必须删除") && b == Inventor {
		// Told which figures have no source, it drops its addition.
		text = res.Text
	}
	return text
}

func toJSON(text string) string {
	var paras []map[string]any
	for _, p := range strings.Split(text, "\n") {
		if strings.TrimSpace(p) != "" {
			paras = append(paras, map[string]any{"text": p, "qids": []string{}})
		}
	}
	b, _ := json.Marshal(map[string]any{"paragraphs": paras})
	return string(b)
}

// extract splits the fenced material into an item; the Inventor adds a
// figure that is not in the text.
func extract(b Behaviour, prompt string) string {
	start := strings.Index(prompt, "<<<材料开始>>>") + len("<<<材料开始>>>")
	end := strings.Index(prompt, "<<<材料结束>>>")
	it, _ := bot.ParseItem(strings.TrimSpace(prompt[start:end]))
	figs := []map[string]string{}
	for _, f := range it.Figures {
		figs = append(figs, map[string]string{"value": f.Value, "unit": f.Unit, "qualifier": f.Qualifier})
	}
	if b == Inventor {
		figs = append(figs, map[string]string{"value": "99", "unit": "%", "qualifier": ""})
	}
	out, _ := json.Marshal(map[string]any{"title": it.Title, "text": it.Text, "figures": figs})
	return string(out)
}
