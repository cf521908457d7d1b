package handlers

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serveLimited runs NewServer over h on a loopback port.
func serveLimited(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", h)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestTimeoutTrickledCallbackBody: a callback body sent a byte at a time
// is cut off once WeCom's 5-second window has passed; the handler's read
// fails instead of holding the connection open.
func TestTimeoutTrickledCallbackBody(t *testing.T) {
	readErr := make(chan error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/wecom/callback", func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		readErr <- err
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
		}
	})
	addr := serveLimited(t, mux)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprintf(conn, "POST /wecom/callback?timestamp=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(300 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(CallbackRead + 4*time.Second))
	io.Copy(io.Discard, conn) // until the server answers and closes, or the deadline
	took := time.Since(start)
	select {
	case err := <-readErr:
		if err == nil {
			t.Fatal("handler read a trickled body to its end")
		}
	default:
		t.Fatalf("connection still open after %v: the trickled body was not cut off", took)
	}
	if took < CallbackRead-time.Second || took > CallbackRead+3*time.Second {
		t.Errorf("trickled body cut after %v, want about %v", took, CallbackRead)
	}
}

// TestTimeoutServerSettings: every timeout is set, and a body over the
// limit is refused before the handler reads it.
func TestTimeoutServerSettings(t *testing.T) {
	srv := NewServer(":0", http.NotFoundHandler())
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("server limits unset: header %v read %v write %v idle %v max header %d", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	if CallbackRead > 5*time.Second {
		t.Errorf("callback read window %v exceeds WeCom's 5 s", CallbackRead)
	}
	var read atomic.Int64
	addr := serveLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read.Store(int64(len(b)))
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		}
	}))
	for path, size := range map[string]int{"/console/forms/check": MaxBody + 1, "/wecom/callback": MaxCallbackBody + 1} {
		res, err := http.Post("http://"+addr+path, "text/plain", bytes.NewReader(bytes.Repeat([]byte("x"), size)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s with %d bytes: %d", path, size, res.StatusCode)
		}
		// Without a Content-Length, the cap cuts the read.
		res, err = http.Post("http://"+addr+path, "text/plain", io.MultiReader(strings.NewReader(strings.Repeat("x", size))))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || read.Load() >= int64(size) {
			t.Errorf("%s chunked with %d bytes: %d, handler read %d", path, size, res.StatusCode, read.Load())
		}
	}
}
