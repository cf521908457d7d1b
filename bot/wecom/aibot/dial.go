package aibot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/coder/websocket"

	"reportbot/bot"
)

// connect dials the gateway, subscribes, and serves the connection until it
// ends. subscribed tells whether it got that far; displaced whether it
// ended with disconnected_event.
func (c *Client) connect(ctx context.Context) (subscribed, displaced bool, err error) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	ws, _, err := websocket.Dial(dctx, c.cfg.URL, nil)
	cancel()
	if err != nil {
		return false, false, fmt.Errorf("aibot: dial: %w", err)
	}
	displacedc := make(chan struct{}, 1)
	var s *session
	s = newSession(ws, c.t.AckWait, c.cfg.OnFrame, func(f Frame) { c.onCallback(ctx, s, f, displacedc) })
	readDone := make(chan error, 1)
	go func() { readDone <- s.read(ctx) }()
	defer s.close(errors.New("aibot: connection finished"))

	// Fenced subscribe: a subscribe displaces whoever holds the bot, so it
	// is sent only while this replica's lease is confirmed in Redis.
	if ok, err := c.cfg.Lease.Renew(ctx); err != nil || !ok {
		if err == nil {
			err = errors.New("aibot: the connection lease passed to another replica")
		}
		return false, false, err
	}
	sub := newFrame(CmdSubscribe, s.nextID(CmdSubscribe), subscribeBody{BotID: c.cfg.BotID, Secret: c.cfg.Secret})
	if _, err := s.request(ctx, sub); err != nil {
		var ge *GatewayError
		if errors.As(err, &ge) && ge.Code == ErrAuth {
			c.log.Error("WeCom refused the bot's credentials: check WECOM_BOT_ID and WECOM_BOT_SECRET", "errcode", ge.Code)
		}
		return false, false, fmt.Errorf("aibot: subscribe: %w", err)
	}
	c.mu.Lock()
	c.sess = s
	c.mu.Unlock()
	c.setState(StateConnected, nil)
	c.log.Info("WeCom long connection subscribed", "conn", s.id)
	if err := c.cfg.Lease.SetState(ctx, StateConnected+" "+s.id); err != nil {
		c.log.Warn("could not record the connection state", "err", err)
	}
	stop := func() {}
	if c.cfg.Workers != nil {
		if stop, err = c.cfg.Workers(bot.JobHandlers{Send: c.Send, CardUpdate: c.UpdateCard}); err != nil {
			c.log.Error("could not start the proactive message workers", "err", err)
			stop = func() {}
		}
	}
	go s.heartbeat(ctx, c.t.Ping)
	select {
	case err = <-readDone:
	case <-displacedc:
		displaced = true
		err = errors.New("aibot: displaced by another connection")
		s.close(err)
	}
	c.mu.Lock()
	if c.sess == s {
		c.sess = nil
	}
	c.mu.Unlock()
	stop()
	if !c.isCrashed() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		c.cfg.Lease.SetState(sctx, "down "+s.id)
		cancel()
	}
	return true, displaced, err
}

// onCallback takes a callback frame from the read loop: the turn runs in
// the user's lane so the read loop never waits on it.
func (c *Client) onCallback(ctx context.Context, s *session, f Frame, displaced chan struct{}) {
	received := time.Now()
	var cb Callback
	if err := json.Unmarshal(f.Body, &cb); err != nil {
		c.log.Warn("undecodable callback", "req_id", f.Headers.ReqID, "err", err)
		return
	}
	if cb.MsgType == "event" && cb.Event != nil && cb.Event.Type == EventDisconnected {
		c.log.Warn("disconnected_event: another connection subscribed with this bot's ID", "conn", s.id)
		select {
		case displaced <- struct{}{}:
		default:
		}
		return
	}
	c.inflight.Add(1)
	c.lanes.do(cb.From.UserID, func() {
		defer c.inflight.Done()
		// A turn outlives its connection: once taken it finishes, and its
		// replies go out another way if the connection is gone.
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		stop := context.AfterFunc(ctx, func() {
			if c.isCrashed() {
				cancel()
			}
		})
		defer stop()
		c.serve(tctx, s, f.Headers.ReqID, &cb, received)
	})
}
