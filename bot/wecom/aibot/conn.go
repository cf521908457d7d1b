package aibot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// errClosed is returned for requests on a connection that has ended.
var errClosed = errors.New("aibot: connection closed")

// errAckTimeout is returned when WeCom does not acknowledge a frame in time.
var errAckTimeout = errors.New("aibot: no acknowledgement in time")

// session is one WebSocket connection to the gateway, from dial to close:
// it reads every frame, hands callbacks on, matches acknowledgements to
// the requests waiting for them, and sends pings.
type session struct {
	ws       *websocket.Conn
	id       string // names this connection in card references and logs
	ackWait  time.Duration
	onFrame  func(dir, cmd string)
	callback func(f Frame)

	mu      sync.Mutex
	waiting map[string]chan Frame // req_id → the request waiting for its ack
	byReq   map[string]*reqLock   // one frame in flight per req_id
	done    chan struct{}
	err     error
	pings   atomic.Int32 // pings sent and not yet acknowledged
	seq     atomic.Int64
}

// reqLock serialises the frames sent on one req_id: all replies to a
// callback share its req_id, so their acks can only be matched in order.
type reqLock struct {
	ch   chan struct{}
	refs int
}

func newSession(ws *websocket.Conn, ackWait time.Duration, onFrame func(dir, cmd string), callback func(Frame)) *session {
	ws.SetReadLimit(4 << 20)
	return &session{ws: ws, id: randomID(), ackWait: ackWait, onFrame: onFrame, callback: callback,
		waiting: map[string]chan Frame{}, byReq: map[string]*reqLock{}, done: make(chan struct{})}
}

// read runs until the connection ends, and returns why.
func (s *session) read(ctx context.Context) error {
	for {
		_, data, err := s.ws.Read(ctx)
		if err != nil {
			s.close(fmt.Errorf("aibot: read: %w", err))
			return s.cause()
		}
		var f Frame
		if err := json.Unmarshal(data, &f); err != nil {
			s.onFrame("in", "malformed")
			continue // an undecodable frame is dropped, not fatal
		}
		if !f.IsAck() {
			s.onFrame("in", f.Cmd)
			s.callback(f)
			continue
		}
		s.onFrame("in", "ack")
		if strings.HasPrefix(f.Headers.ReqID, CmdPing+"_") {
			s.pings.Store(0)
			continue
		}
		s.mu.Lock()
		ch := s.waiting[f.Headers.ReqID]
		delete(s.waiting, f.Headers.ReqID)
		s.mu.Unlock()
		if ch != nil {
			ch <- f
		}
	}
}

// request sends f and waits for its acknowledgement; a non-zero errcode is
// a *GatewayError. Frames on the same req_id go one at a time.
func (s *session) request(ctx context.Context, f Frame) (Frame, error) {
	unlock, err := s.lockReq(ctx, f.Headers.ReqID)
	if err != nil {
		return Frame{}, err
	}
	defer unlock()
	ch := make(chan Frame, 1)
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return Frame{}, errClosed
	}
	s.waiting[f.Headers.ReqID] = ch
	s.mu.Unlock()
	forget := func() {
		s.mu.Lock()
		if s.waiting[f.Headers.ReqID] == ch {
			delete(s.waiting, f.Headers.ReqID)
		}
		s.mu.Unlock()
	}
	if err := s.write(ctx, f); err != nil {
		forget()
		return Frame{}, err
	}
	timer := time.NewTimer(s.ackWait)
	defer timer.Stop()
	select {
	case ack := <-ch:
		return ack, ack.Err(f.Cmd)
	case <-timer.C:
		forget()
		return Frame{}, fmt.Errorf("%w: %s", errAckTimeout, f.Cmd)
	case <-s.done:
		return Frame{}, errClosed
	case <-ctx.Done():
		forget()
		return Frame{}, ctx.Err()
	}
}

// lockReq waits until no other frame on reqID is in flight.
func (s *session) lockReq(ctx context.Context, reqID string) (func(), error) {
	s.mu.Lock()
	l := s.byReq[reqID]
	if l == nil {
		l = &reqLock{ch: make(chan struct{}, 1)}
		s.byReq[reqID] = l
	}
	l.refs++
	s.mu.Unlock()
	release := func() {
		s.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(s.byReq, reqID)
		}
		s.mu.Unlock()
	}
	select {
	case l.ch <- struct{}{}:
		return func() { <-l.ch; release() }, nil
	case <-s.done:
		release()
		return nil, errClosed
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}

// write sends one frame; the library allows concurrent writers.
func (s *session) write(ctx context.Context, f Frame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.ws.Write(wctx, websocket.MessageText, data); err != nil {
		s.close(fmt.Errorf("aibot: write: %w", err))
		return errClosed
	}
	s.onFrame("out", f.Cmd)
	return nil
}

// heartbeat pings every interval until the connection ends; two pings in
// a row without an acknowledgement mean the connection is dead.
func (s *session) heartbeat(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.pings.Load() >= 2 {
			s.close(errors.New("aibot: two heartbeats unanswered"))
			return
		}
		s.pings.Add(1)
		id := fmt.Sprintf("%s_%d_%s", CmdPing, s.seq.Add(1), s.id)
		s.write(ctx, Frame{Cmd: CmdPing, Headers: Headers{ReqID: id}})
	}
}

// close ends the connection once, recording why; waiting requests fail.
func (s *session) close(cause error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return
	}
	s.err = cause
	close(s.done)
	s.mu.Unlock()
	s.ws.Close(websocket.StatusNormalClosure, "")
}

// abandon cuts the connection without a closing handshake, as a crash
// would.
func (s *session) abandon() {
	s.mu.Lock()
	if s.err == nil {
		s.err = errors.New("aibot: abandoned")
		close(s.done)
	}
	s.mu.Unlock()
	s.ws.CloseNow()
}

func (s *session) cause() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// nextID returns a fresh req_id for a request we start.
func (s *session) nextID(cmd string) string {
	return fmt.Sprintf("%s_%d_%s", cmd, s.seq.Add(1), randomID())
}

func randomID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
