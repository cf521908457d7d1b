package aibot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// Lease lets one replica at a time hold the bot's connection: WeCom keeps
// one live connection per bot, and a new subscribe displaces the old one,
// so two replicas subscribing in turn would knock each other off for
// ever. store.Lease implements it over Redis with a fencing token.
type Lease interface {
	// Acquire takes the lease if nobody holds it.
	Acquire(ctx context.Context) (bool, error)
	// Renew extends the lease if this holder still has it; false once it
	// has passed to another or expired.
	Renew(ctx context.Context) (bool, error)
	// Release gives the lease up if this holder still has it.
	Release(ctx context.Context) error
	// Held reports whether any replica holds the lease.
	Held(ctx context.Context) (bool, error)
	// SetState records this holder's connection state for operators, a
	// fenced write: it is refused once a later holder has written.
	SetState(ctx context.Context, state string) error
	// Displaced counts a displacement by a connection outside this
	// deployment and returns how many were counted recently.
	Displaced(ctx context.Context) (int, error)
	// Displacements returns that recent count.
	Displacements(ctx context.Context) (int, error)
	// TTL is how long the lease lasts unrenewed.
	TTL() time.Duration
}

// Outbox queues replies for durable proactive delivery (the holder's job
// queue, store.ConnJobs): what cannot go on a callback's req_id.
type Outbox interface {
	EnqueueSend(ctx context.Context, key, user string, replies []bot.Reply) error
}

// Config configures a Client.
type Config struct {
	BotID, Secret string
	URL           string // the gateway; DefaultURL when empty
	Conv          bot.Conversation
	Outbox        Outbox
	Lease         Lease
	// Limiter counts proactive messages per conversation across replicas
	// (WeCom: 30 a minute and 1000 an hour, replies and pushes together).
	Limiter wecom.SendLimiter
	// Now is the clock of the limiter's windows (default time.Now).
	Now func() time.Time
	// Workers starts the workers of the proactive queue with h while this
	// replica is connected, and returns what stops them.
	Workers func(h bot.JobHandlers) (stop func(), err error)
	// Seen is told, before the turn, of each user who wrote on the
	// connection (to route later messages to the channel they use).
	Seen func(ctx context.Context, user string)
	// ReadFile reads a file a user sent, once downloaded and decrypted,
	// into the turn's text and, for a workbook, its file (export.ReadSent,
	// as on the app's callback); its errors carry the sentence to show.
	// Without it a file gets MsgOnlyText.
	ReadFile func(data []byte, name string) (*bot.File, string, error)
	// HTTP downloads the files users send (default: a client with
	// DownloadTimeout).
	HTTP *http.Client
	Log  *slog.Logger
	// OnState, OnReconnect and OnFrame feed the metrics.
	OnState     func(state string)
	OnReconnect func()
	OnFrame     func(dir, cmd string)
	Timing      Timing
}

// Timing holds the protocol's intervals; zero fields take the defaults,
// and tests shorten them.
type Timing struct {
	Ping        time.Duration // heartbeat interval (WeCom: 30 s)
	AckWait     time.Duration // wait for an acknowledgement (5 s, as the SDK)
	BackoffMin  time.Duration // first reconnect delay (1 s)
	BackoffMax  time.Duration // longest reconnect delay (30 s)
	StandbyPoll time.Duration // how often a standby tries the lease (1 s)
	Processing  time.Duration // a turn slower than this gets a "processing" frame first (1.5 s)
	// StableAfter is how long a connection must last for the reconnect
	// delay to start again from BackoffMin (30 s): a connection that
	// subscribes and dies at once never brings on a tight loop.
	StableAfter time.Duration
	// EventWindow is how long after an event its req_id takes a welcome
	// or a card update (WeCom: 5 s; 4.5 s leaves room for the trip).
	EventWindow time.Duration
	// DisplacedPause is how long every replica keeps off the connection
	// after repeated displacements by a connection outside this deployment
	// (5 min).
	DisplacedPause time.Duration
	// GiveUpAfter is how many failed connects in a row make a holder pass
	// the lease on, so that a replica whose network cannot reach WeCom
	// lets another try (5).
	GiveUpAfter int
}

func (t *Timing) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Ping, 30*time.Second)
	def(&t.AckWait, 5*time.Second)
	def(&t.BackoffMin, time.Second)
	def(&t.BackoffMax, 30*time.Second)
	def(&t.StandbyPoll, time.Second)
	def(&t.Processing, 1500*time.Millisecond)
	def(&t.StableAfter, 30*time.Second)
	def(&t.EventWindow, 4500*time.Millisecond)
	def(&t.DisplacedPause, 5*time.Minute)
	if t.GiveUpAfter <= 0 {
		t.GiveUpAfter = 5
	}
}

// Connection states, as logged, measured and reported by /readyz.
const (
	StateStandby    = "standby"    // another replica holds the connection
	StateConnecting = "connecting" // this replica holds the lease and dials
	StateConnected  = "connected"  // subscribed: messages flow through this replica
	StateBackoff    = "backoff"    // waiting to reconnect
	StatePaused     = "paused"     // repeatedly displaced from outside: keeping off
	StateStopped    = "stopped"
)

// States lists every state, for metrics.
var States = []string{StateStandby, StateConnecting, StateConnected, StateBackoff, StatePaused, StateStopped}

// Client is the long-connection channel. Run holds or waits for the
// connection; Send and UpdateCard implement bot.Messenger on the replica
// that holds it.
type Client struct {
	cfg   Config
	t     Timing
	log   *slog.Logger
	lanes lanes

	mu       sync.Mutex
	sess     *session
	state    string
	since    time.Time
	lastErr  error
	crash    context.CancelFunc
	crashed  bool
	inflight sync.WaitGroup
	// delay is the next reconnect delay; it outlives a hold, so passing
	// the lease on and taking it back does not start the backoff afresh.
	delay time.Duration
}

var _ bot.Messenger = (*Client)(nil)

// NewClient checks cfg and returns a Client; Run starts it.
func NewClient(cfg Config) (*Client, error) {
	if cfg.BotID == "" || cfg.Secret == "" || cfg.Conv == nil || cfg.Lease == nil || cfg.Outbox == nil || cfg.Limiter == nil {
		return nil, errors.New("aibot: client needs bot id, secret, conversation, lease, outbox and limiter")
	}
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: DownloadTimeout}
	}
	if cfg.OnState == nil {
		cfg.OnState = func(string) {}
	}
	if cfg.OnReconnect == nil {
		cfg.OnReconnect = func() {}
	}
	if cfg.OnFrame == nil {
		cfg.OnFrame = func(string, string) {}
	}
	c := &Client{cfg: cfg, t: cfg.Timing, log: cfg.Log.With("channel", "wecom_longconn", "bot", cfg.BotID)}
	c.t.defaults()
	c.lanes.m = map[string]*lane{}
	return c, nil
}

// Run keeps this replica on the bot's connection, or standing by for it,
// until ctx ends: it takes the lease when free, connects and subscribes,
// reconnects with backoff, and gives the lease up when it stops. A
// standby tries the lease every StandbyPoll, so it takes over within
// seconds of a holder's release (shutdown, displacement) and within the
// lease's TTL of a holder's death.
func (c *Client) Run(ctx context.Context) error {
	ctx, crash := context.WithCancel(ctx)
	c.mu.Lock()
	c.crash = crash
	c.mu.Unlock()
	defer c.setState(StateStopped, nil)
	defer c.waitInflight()
	standbyLogged := false
	for ctx.Err() == nil {
		if n, err := c.cfg.Lease.Displacements(ctx); err == nil && n >= 3 {
			c.setState(StatePaused, nil)
			c.log.Error("the bot's connection keeps being taken by a connection outside this deployment: keeping off; check that no other program uses this Bot ID",
				"displacements", n, "pause", c.t.DisplacedPause.String())
			sleep(ctx, c.t.DisplacedPause)
			continue
		}
		got, err := c.cfg.Lease.Acquire(ctx)
		if err != nil {
			c.setState(StateStandby, err)
			c.log.Warn("cannot reach Redis for the connection lease; standing by", "err", err)
			sleep(ctx, jitter(c.t.StandbyPoll*2))
			continue
		}
		if !got {
			if !standbyLogged {
				c.log.Info("standby: another replica holds the WeCom long connection; this one takes over if it goes")
				standbyLogged = true
			}
			c.setState(StateStandby, nil)
			sleep(ctx, jitter(c.t.StandbyPoll))
			continue
		}
		standbyLogged = false
		c.log.Info("took the WeCom long connection lease")
		c.hold(ctx)
	}
	return nil
}

// hold runs connections while this replica keeps the lease.
func (c *Client) hold(ctx context.Context) {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go c.renew(hctx, cancel)
	fails := 0
	if c.delay == 0 {
		c.delay = c.t.BackoffMin
	}
	for hctx.Err() == nil {
		c.setState(StateConnecting, nil)
		start := time.Now()
		subscribed, displaced, err := c.connect(hctx)
		if displaced {
			c.displaced(ctx)
			return
		}
		if hctx.Err() != nil {
			break
		}
		if subscribed && time.Since(start) >= c.t.StableAfter {
			c.delay, fails = c.t.BackoffMin, 0
		}
		fails++
		wait := jitter(c.delay)
		c.delay = min(c.delay*2, c.t.BackoffMax)
		c.setState(StateBackoff, err)
		c.cfg.OnReconnect()
		c.log.Warn("WeCom long connection down; reconnecting", "err", err, "attempt", fails, "retry_in", wait.Round(time.Millisecond).String())
		if fails >= c.t.GiveUpAfter {
			c.log.Warn("passing the connection lease on after repeated failures, so that another replica may try", "failures", fails)
			c.release(ctx)
			sleep(ctx, wait)
			return
		}
		sleep(hctx, wait)
	}
	if c.isCrashed() {
		return // a crash leaves the lease to expire
	}
	c.release(ctx)
}

// renew extends the lease every third of its TTL; when it is lost, or
// cannot be confirmed for two thirds of the TTL (Redis out of reach), the
// connection is dropped before another replica may take over.
func (c *Client) renew(ctx context.Context, lost context.CancelFunc) {
	ttl := c.cfg.Lease.TTL()
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	lastOK := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ok, err := c.cfg.Lease.Renew(ctx)
		switch {
		case err == nil && ok:
			lastOK = time.Now()
			continue
		case err == nil:
			c.log.Warn("lost the connection lease to another replica; dropping the connection")
		case time.Since(lastOK) < ttl*2/3:
			c.log.Warn("could not renew the connection lease; retrying", "err", err)
			continue
		default:
			c.log.Error("could not renew the connection lease in time; dropping the connection", "err", err)
		}
		lost()
		c.closeSession(errors.New("aibot: connection lease lost"))
		return
	}
}

// displaced handles a disconnected_event: another connection subscribed
// with this bot's ID. If that was a replica of ours, the lease has moved
// and this one stands by. If the lease is still ours, the connection came
// from outside this deployment: the lease is given up so that a standby
// takes over, and repeated displacements pause every replica (Run).
func (c *Client) displaced(ctx context.Context) {
	ours, err := c.cfg.Lease.Renew(ctx)
	if err == nil && !ours {
		c.log.Info("displaced by the replica that now holds the lease; standing by")
		return
	}
	n, _ := c.cfg.Lease.Displaced(ctx)
	c.log.Warn("displaced by a connection outside this deployment (another program using this Bot ID?); handing over",
		"displacements", n)
	c.release(ctx)
	sleep(ctx, jitter(c.t.StandbyPoll*3)) // let a standby take it first
}

func (c *Client) release(ctx context.Context) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := c.cfg.Lease.Release(rctx); err != nil {
		c.log.Warn("could not release the connection lease; it will expire", "err", err)
	}
}

// Abandon stops the Client as a crash would: the connection is cut with
// no closing handshake, turns in progress are cancelled, and the lease is
// left to expire. For failover tests.
func (c *Client) Abandon() {
	c.mu.Lock()
	c.crashed = true
	s, crash := c.sess, c.crash
	c.mu.Unlock()
	if s != nil {
		s.abandon()
	}
	if crash != nil {
		crash()
	}
}

func (c *Client) isCrashed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.crashed
}

// waitInflight lets turns in progress finish (ten seconds at most).
func (c *Client) waitInflight() {
	done := make(chan struct{})
	go func() { c.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
}

func (c *Client) setState(state string, err error) {
	c.mu.Lock()
	changed := c.state != state
	if changed {
		c.state, c.since = state, time.Now()
	}
	c.lastErr = err
	c.mu.Unlock()
	if changed {
		c.cfg.OnState(state)
	}
}

// State returns the connection state and since when it holds.
func (c *Client) State() (string, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.since
}

// Connected reports whether this replica holds a subscribed connection.
func (c *Client) Connected() bool { return c.current() != nil }

func (c *Client) current() *session {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess
}

func (c *Client) closeSession(cause error) {
	if s := c.current(); s != nil {
		s.close(cause)
	}
}

// Ping is the /readyz check: ready when this replica is connected, or
// stands by while another replica holds the lease; not ready while the
// holder is reconnecting or nobody holds the connection.
func (c *Client) Ping(ctx context.Context) error {
	state, since := c.State()
	switch state {
	case StateConnected:
		return nil
	case StateStandby:
		held, err := c.cfg.Lease.Held(ctx)
		if err != nil {
			return err
		}
		if held {
			return nil
		}
	}
	c.mu.Lock()
	last := c.lastErr
	c.mu.Unlock()
	if last != nil {
		return fmt.Errorf("WeCom long connection %s since %s: %v", state, since.Format(time.RFC3339), last)
	}
	return fmt.Errorf("WeCom long connection %s since %s", state, since.Format(time.RFC3339))
}
