package wecomtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Sent is one message the fake API received.
type Sent struct {
	ToUser  string                   `json:"touser"`
	MsgType string                   `json:"msgtype"`
	AgentID string                   `json:"agentid"`
	Dedup   int                      `json:"enable_duplicate_check"`
	Text    struct{ Content string } `json:"text"`
	File    struct {
		MediaID string `json:"media_id"`
	} `json:"file"`
	Raw json.RawMessage `json:"-"`
}

// Server is a fake WeCom API on loopback: gettoken (tokens expire),
// message/send and message/update_template_card (recorded, with injectable
// errcodes and latency).
type Server struct {
	*httptest.Server
	CorpID, Secret string
	TokenTTL       time.Duration

	mu        sync.Mutex
	tokens    map[string]time.Time
	n         int
	tokenGets int
	sent      []Sent
	updates   []json.RawMessage
	failures  []int64 // errcodes to answer to the next sends, in order
	latency   time.Duration
	depts     []Dept
	codes     map[string]string // OAuth code → user id
	media     map[string]Media
	failEvery int   // every failEvery-th send answers failCode
	failCode  int64 // see FailEvery
	calls     int
	inFlight  int // message/send requests received and not yet answered
}

// Media is a file uploaded with media/upload.
type Media struct {
	Name string
	Type string
	Data []byte
}

// IssueCode makes code an OAuth code that auth/getuserinfo resolves to user
// once, as WeCom's codes are single-use.
func (s *Server) IssueCode(code, user string) {
	s.mu.Lock()
	if s.codes == nil {
		s.codes = map[string]string{}
	}
	s.codes[code] = user
	s.mu.Unlock()
}

func (s *Server) userByCode(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	code := r.URL.Query().Get("code")
	s.mu.Lock()
	user, ok := s.codes[code]
	delete(s.codes, code)
	s.mu.Unlock()
	if !ok {
		reply(w, map[string]any{"errcode": 40029, "errmsg": "invalid code"})
		return
	}
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "userid": user})
}

func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	id := r.URL.Query().Get("userid")
	s.mu.Lock()
	defer s.mu.Unlock()
	var depts []int
	for _, d := range s.depts {
		for _, m := range d.Members {
			if m == id {
				depts = append(depts, d.ID)
			}
		}
	}
	if len(depts) == 0 {
		reply(w, map[string]any{"errcode": 60111, "errmsg": "userid not found"})
		return
	}
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "userid": id, "name": id, "department": depts})
}

// Dept is a department of the fake address book.
type Dept struct {
	ID       int
	Name     string
	ParentID int
	Leaders  []string
	Members  []string
}

// SetDirectory sets the fake address book.
func (s *Server) SetDirectory(depts ...Dept) {
	s.mu.Lock()
	s.depts = depts
	s.mu.Unlock()
}

func (s *Server) departments(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	s.mu.Lock()
	var list []map[string]any
	for _, d := range s.depts {
		list = append(list, map[string]any{"id": d.ID, "name": d.Name, "parentid": d.ParentID, "department_leader": d.Leaders})
	}
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "department": list})
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	id := r.URL.Query().Get("department_id")
	s.mu.Lock()
	var users []map[string]any
	for _, d := range s.depts {
		if fmt.Sprint(d.ID) == id {
			for _, u := range d.Members {
				users = append(users, map[string]any{"userid": u, "name": u, "department": []int{d.ID}})
			}
		}
	}
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "userlist": users})
}

// NewServer starts a fake WeCom API for one corp and app secret.
func NewServer(corpID, secret string) *Server {
	s := &Server{CorpID: corpID, Secret: secret, TokenTTL: 2 * time.Hour, tokens: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/cgi-bin/gettoken", s.gettoken)
	mux.HandleFunc("/cgi-bin/message/send", s.send)
	mux.HandleFunc("/cgi-bin/message/update_template_card", s.update)
	mux.HandleFunc("/cgi-bin/department/list", s.departments)
	mux.HandleFunc("/cgi-bin/user/simplelist", s.members)
	mux.HandleFunc("/cgi-bin/user/get", s.user)
	mux.HandleFunc("/cgi-bin/auth/getuserinfo", s.userByCode)
	mux.HandleFunc("/cgi-bin/media/upload", s.upload)
	mux.HandleFunc("/cgi-bin/media/get", s.mediaGet)
	s.Server = httptest.NewServer(mux)
	return s
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (s *Server) gettoken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("corpid") != s.CorpID || q.Get("corpsecret") != s.Secret {
		reply(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential"})
		return
	}
	s.mu.Lock()
	s.n++
	s.tokenGets++
	tok := fmt.Sprintf("token-%d", s.n)
	s.tokens[tok] = time.Now().Add(s.TokenTTL)
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": tok, "expires_in": int(s.TokenTTL / time.Second)})
}

// checkToken answers 40014 or 42001 for a bad or expired token.
func (s *Server) checkToken(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	exp, ok := s.tokens[r.URL.Query().Get("access_token")]
	s.mu.Unlock()
	switch {
	case !ok:
		reply(w, map[string]any{"errcode": 40014, "errmsg": "invalid access_token"})
		return false
	case time.Now().After(exp):
		reply(w, map[string]any{"errcode": 42001, "errmsg": "access_token expired"})
		return false
	}
	return true
}

func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	lat := s.latency
	s.inFlight++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	time.Sleep(lat)
	if !s.checkToken(w, r) {
		return
	}
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		reply(w, map[string]any{"errcode": 40058, "errmsg": "invalid json"})
		return
	}
	s.mu.Lock()
	s.calls++
	if s.failEvery > 0 && s.calls%s.failEvery == 0 {
		code := s.failCode
		s.mu.Unlock()
		reply(w, map[string]any{"errcode": code, "errmsg": "injected"})
		return
	}
	if len(s.failures) > 0 {
		code := s.failures[0]
		s.failures = s.failures[1:]
		s.mu.Unlock()
		reply(w, map[string]any{"errcode": code, "errmsg": "injected"})
		return
	}
	var m Sent
	json.Unmarshal(raw, &m)
	m.Raw = raw
	s.sent = append(s.sent, m)
	id := fmt.Sprintf("msg-%d", len(s.sent))
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": id})
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	var raw json.RawMessage
	json.NewDecoder(r.Body).Decode(&raw)
	s.mu.Lock()
	s.updates = append(s.updates, raw)
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

// Fail makes the next sends answer these errcodes, in order (45009 too
// frequent, 42001 token expired…).
func (s *Server) Fail(codes ...int64) {
	s.mu.Lock()
	s.failures = append(s.failures, codes...)
	s.mu.Unlock()
}

// FailEvery makes every n-th message/send call answer code (0 turns it
// off): a steady share of 45009 "too frequent" answers, as a busy corp sees.
func (s *Server) FailEvery(n int, code int64) {
	s.mu.Lock()
	s.failEvery, s.failCode, s.calls = n, code, 0
	s.mu.Unlock()
}

// upload stores a multipart "media" part as WeCom's media/upload does and
// answers its media_id.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	f, hdr, err := r.FormFile("media")
	if err != nil {
		reply(w, map[string]any{"errcode": 41001, "errmsg": "media data missing"})
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		reply(w, map[string]any{"errcode": 40005, "errmsg": "invalid file"})
		return
	}
	s.mu.Lock()
	if s.media == nil {
		s.media = map[string]Media{}
	}
	id := fmt.Sprintf("media-%d", len(s.media)+1)
	s.media[id] = Media{Name: hdr.Filename, Type: r.URL.Query().Get("type"), Data: data}
	s.mu.Unlock()
	reply(w, map[string]any{"errcode": 0, "errmsg": "ok", "type": r.URL.Query().Get("type"), "media_id": id,
		"created_at": fmt.Sprint(time.Now().Unix())})
}

// MediaFile returns an uploaded file by media_id.
func (s *Server) MediaFile(id string) (Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	return m, ok
}

// InFlight is how many message/send requests have arrived and are not
// answered yet (see SetLatency).
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// SetLatency delays every send.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// ExpireTokens makes every issued token expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	for k := range s.tokens {
		s.tokens[k] = time.Now().Add(-time.Second)
	}
	s.mu.Unlock()
}

// Sent returns the messages received so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Updates returns the update_template_card bodies received so far.
func (s *Server) Updates() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.updates...)
}

// TokenFetches counts gettoken calls that issued a token.
func (s *Server) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenGets
}

// Title is what a person sees first of a sent message: the first line of
// a text or markdown message, a card's title, a file's media id.
func (m Sent) Title() string {
	var raw struct {
		Markdown struct{ Content string } `json:"markdown"`
		Card     struct {
			MainTitle struct{ Title string } `json:"main_title"`
		} `json:"template_card"`
	}
	json.Unmarshal(m.Raw, &raw)
	s := m.Text.Content
	switch m.MsgType {
	case "markdown":
		s = raw.Markdown.Content
	case "template_card":
		s = raw.Card.MainTitle.Title
	case "file":
		s = m.File.MediaID
	}
	line, _, _ := strings.Cut(s, "\n")
	return line
}
