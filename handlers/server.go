package handlers

import (
	"net/http"
	"strings"
	"time"
)

// Server timeouts and limits. A callback must be read and answered within
// WeCom's 5-second window, so its body gets CallbackRead from the first
// byte of the request; console and API requests get RequestRead (a form
// upload over a slow office line); downloads (Excel, .docx, zip) may take
// up to Write to send. A connection waiting for its next request is closed
// after Idle.
const (
	HeaderRead   = 5 * time.Second
	CallbackRead = 5 * time.Second
	RequestRead  = 30 * time.Second
	Write        = 2 * time.Minute
	Idle         = 90 * time.Second
	// MaxHeader bounds a request's header block.
	MaxHeader = 32 << 10
	// MaxBody bounds a console or API request body (uploads are ~200 KB);
	// MaxCallbackBody bounds a WeCom callback (a few KB).
	MaxBody         = 1 << 20
	MaxCallbackBody = maxCallbackBody
)

// NewServer returns the HTTP server of serve and demo: h behind Limit,
// with header, read, write and idle timeouts, so that a trickled body or a
// half-sent request holds no goroutine for longer than its route allows.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: Limit(h), ReadHeaderTimeout: HeaderRead,
		ReadTimeout: RequestRead, WriteTimeout: Write, IdleTimeout: Idle, MaxHeaderBytes: MaxHeader}
}

// Limit bounds each request by its route: the callback's body must arrive
// within CallbackRead (it is cut off afterwards) and is capped at
// MaxCallbackBody; other bodies are capped at MaxBody. The server's
// ReadTimeout bounds the rest.
func Limit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(MaxBody)
		if strings.HasPrefix(r.URL.Path, "/wecom/") {
			limit = MaxCallbackBody
			// The deadline counts from now, after the header was read; an
			// error means the connection does not support deadlines
			// (HTTP/2 test servers), where the server's limits still hold.
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(CallbackRead))
		}
		if r.ContentLength > limit {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}
