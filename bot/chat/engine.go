package chat

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"reportbot/bot"
	"reportbot/bot/rounds"
)

// EngineConfig holds what the conversation Engine needs.
type EngineConfig struct {
	Store  bot.Store
	Clock  bot.Clock    // defaults to bot.SystemClock
	Logger *slog.Logger // defaults to slog.Default()
	// MaxAttempts bounds optimistic retries of one turn when concurrent
	// writers keep winning (default 20).
	MaxAttempts int
	// Extractor reads open measure items; nil means HeuristicExtractor.
	Extractor bot.Extractor
	// Matcher, if set (a model), proposes bindings for the figures of a
	// pasted text that the rules left; nil: rules only.
	Matcher bot.FigureMatcher
	// Workbook writes and reads the Excel file of a form's tables; nil:
	// table questions are answered in text only.
	Workbook bot.TableWorkbook
	// Jobs, if set, receives a drafting job when an assignment is
	// submitted.
	Jobs bot.Jobs
	// OnDuplicate, if set, is called for each message that was answered
	// from its processed marker (a WeCom retry), for metrics.
	OnDuplicate func()
	// RoundTTL is how long a replica caches a round read from the store
	// (default 30 s). A round's form is frozen, so only its status and
	// deadline can go stale within this window.
	RoundTTL time.Duration
	// Roster, if set, names people in what the engine writes (a head is
	// told who submitted by name).
	Roster *bot.LiveRoster
}

// Engine runs the contact's side of the conversation: one message in, the
// state change and the replies out. It holds no per-user state; everything
// lives in the Store, so any number of replicas may run.
type Engine struct {
	roster *bot.LiveRoster
	store  bot.Store
	clock  bot.Clock
	log    *slog.Logger
	tries  int
	ttl    time.Duration
	onDup  func()
	jobs   bot.Jobs
	ex     bot.Extractor
	fm     bot.FigureMatcher
	wb     bot.TableWorkbook
	mu     sync.Mutex
	rounds map[string]cachedRound
	prev   map[string]cachedAnswers
	guess  map[string]bot.AssignmentRef // user → assignment of their last turn here
}

type cachedRound struct {
	r    *bot.Round
	read time.Time
}

var _ bot.Conversation = (*Engine)(nil)

// NewEngine returns an Engine over cfg.Store.
func NewEngine(cfg EngineConfig) *Engine {
	e := &Engine{roster: cfg.Roster, store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, tries: cfg.MaxAttempts, ttl: cfg.RoundTTL,
		onDup: cfg.OnDuplicate, jobs: cfg.Jobs, ex: cfg.Extractor, fm: cfg.Matcher, wb: cfg.Workbook, rounds: make(map[string]cachedRound),
		prev: make(map[string]cachedAnswers), guess: make(map[string]bot.AssignmentRef)}
	if e.onDup == nil {
		e.onDup = func() {}
	}
	if e.clock == nil {
		e.clock = bot.SystemClock{}
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if e.tries <= 0 {
		e.tries = 20
	}
	if e.ttl <= 0 {
		e.ttl = 30 * time.Second
	}
	return e
}

// Handle processes one message. A message whose ID was processed before gets
// the replies it got then and changes nothing. On an bot.EUnavailable error
// nothing was stored and the caller should tell the user bot.MsgBusy.
func (e *Engine) Handle(ctx context.Context, m bot.Message) ([]bot.Reply, error) {
	return e.HandleFor(ctx, m, nil)
}

// HandleFor is Handle for a user whose state the caller has read already
// (nil: it is read here), so a routed message costs no second read.
func (e *Engine) HandleFor(ctx context.Context, m bot.Message, us *bot.UserState) ([]bot.Reply, error) {
	if m.At.IsZero() {
		m.At = e.clock.Now()
	}
	if m.ID == "" {
		// A channel without message ids cannot be de-duplicated; give the
		// message a unique one so it never matches another's marker.
		m.ID = fmt.Sprintf("local-%d-%d", m.At.UnixNano(), rand.Int64())
	}
	var pre *bot.LoadedTurn
	if us == nil {
		var err error
		if us, pre, err = e.readUser(ctx, m); err != nil {
			return nil, err
		}
	}
	if len(us.Assignments) == 0 {
		return []bot.Reply{{Text: msgNoAssignment}}, nil
	}
	pc := parseCommand(m.Text)
	if m.Event == bot.EventEnter {
		pc = parsedCommand{cmd: cmdResume}
	}
	ref := activeRef(us)
	e.rememberGuess(m.User, ref)
	if pc.cmd == cmdSwitch {
		return e.switchDept(ctx, us, ref, pc.arg, m)
	}
	if key, ok := rounds.ParseStartKey(m.Text); ok {
		return e.startKeyed(ctx, us, key, m)
	}
	if pc.cmd == cmdStart && m.Event != bot.EventEnter {
		return e.startPlain(ctx, us, m)
	}
	if pre != nil && pre.Ref != ref {
		pre = nil // guessed wrong: the user's state moved on elsewhere
	}
	return e.turn(ctx, ref, m, pc, "", pre)
}

// activeRef returns the user's active assignment, or their first one.
func activeRef(us *bot.UserState) bot.AssignmentRef {
	for _, a := range us.Assignments {
		if a == us.Active {
			return a
		}
	}
	return us.Assignments[0]
}

// turn runs one conversation turn over ref; pre, if set, is ref's load
// for m already made (with the user's state).
func (e *Engine) turn(ctx context.Context, ref bot.AssignmentRef, m bot.Message, pc parsedCommand, prefix string, pre *bot.LoadedTurn) ([]bot.Reply, error) {
	round, err := e.Round(ctx, ref.Round)
	if err != nil {
		return nil, err
	}
	var t *turnState
	improve := e.memoImprove(ctx)
	return e.transact(ctx, ref, m, "turn", pre, func(a *bot.Assignment) (*bot.Change, []bot.Reply) {
		t = newTurnState(e, round, a, m)
		t.extract = e.memoExtract(ctx)
		t.improve = improve
		t.wb = e.wb
		t.lastYear = e.lastYear(ctx, round, ref.Dept)
		t.coordsTold = len(e.coordinators(m.User)) > 0
		t.run(pc)
		if t.owned {
			t.change.AllAnswers = t.answers
		}
		return t.change, t.replies(prefix)
	}, func(a *bot.Assignment) {
		if !t.submitted {
			return
		}
		e.log.Info("assignment submitted", "round", ref.Round, "dept", ref.Dept, "user", m.User, "msg", m.ID,
			"status", t.change.Status)
		done, total := t.progress()
		e.tellCoordinators(ctx, "submitted:"+ref.String()+":"+m.ID, m.User, e.submittedNotice(round, ref, m, t.change.Status, done, total))
		if t.change.Status == bot.PendingReview {
			e.askReview(ctx, round, ref, m, t.summary())
		} else {
			e.queueDraft(ctx, ref, a.Version+1)
		}
	})
}

// transact runs one optimistic transaction over ref for message m: load
// the assignment (a message processed before gets the replies it got then),
// let decide build the change and the replies, commit them with the
// message's marker, and start again from fresh state when a concurrent
// writer won. applied runs once the change is stored; an empty change
// stores nothing. pre, if set, is the first attempt's load, made already.
func (e *Engine) transact(ctx context.Context, ref bot.AssignmentRef, m bot.Message, op string, pre *bot.LoadedTurn,
	decide func(a *bot.Assignment) (*bot.Change, []bot.Reply), applied func(a *bot.Assignment)) ([]bot.Reply, error) {
	for attempt := 0; attempt < e.tries; attempt++ {
		a, dup, err := e.load(ctx, ref, m.ID, pre)
		pre = nil // a retry after a conflict reads afresh
		if err != nil {
			return nil, err
		}
		if dup != nil {
			e.onDup()
			return dup, nil
		}
		ch, replies := decide(a)
		if ch.Empty() {
			return replies, nil
		}
		stored, ok, err := e.store.CommitTurn(ctx, ref, a.Version, m.ID, ch, replies)
		if bot.ErrorCode(err) == bot.EConflict {
			// Another writer of the department won: back off a little,
			// with jitter, so two busy writers do not keep colliding.
			if err := bot.Backoff(ctx, attempt); err != nil {
				return nil, bot.WrapError(bot.EUnavailable, "engine: "+op, err)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			e.onDup()
		} else if applied != nil {
			applied(a)
		}
		return stored, nil
	}
	e.log.Warn(op+" gave up after conflicts", "round", ref.Round, "dept", ref.Dept, "user", m.User, "msg", m.ID)
	return nil, bot.Errorf(bot.EUnavailable, bot.MsgBusy)
}

// Round returns a round, cached for a short while per replica (a round's
// form is frozen; only its status and deadline can be stale, by at most
// the cache's TTL).
func (e *Engine) Round(ctx context.Context, id string) (*bot.Round, error) {
	now := e.clock.Now()
	e.mu.Lock()
	c, ok := e.rounds[id]
	e.mu.Unlock()
	if ok && now.Sub(c.read) < e.ttl && now.Sub(c.read) >= 0 {
		return c.r, nil
	}
	r, err := e.store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	r.Index()
	e.mu.Lock()
	e.rounds[id] = cachedRound{r: r, read: now}
	e.mu.Unlock()
	return r, nil
}

// switchDept lists the user's assignments, or makes the n-th one active.
func (e *Engine) switchDept(ctx context.Context, us *bot.UserState, cur bot.AssignmentRef, n int, m bot.Message) ([]bot.Reply, error) {
	if n == 0 || n > len(us.Assignments) {
		return e.listAssignments(ctx, us, cur)
	}
	ref := us.Assignments[n-1]
	if ref != us.Active {
		if err := e.store.SetActive(ctx, m.User, ref); err != nil {
			return nil, err
		}
	}
	round, err := e.Round(ctx, ref.Round)
	if err != nil {
		return nil, err
	}
	prefix := switchedTo(round, ref)
	return e.turn(ctx, ref, m, parsedCommand{cmd: cmdResume}, prefix, nil)
}

// listAssignments tells the user which departments they fill in for.
func (e *Engine) listAssignments(ctx context.Context, us *bot.UserState, cur bot.AssignmentRef) ([]bot.Reply, error) {
	var b strings.Builder
	b.WriteString(msgSwitchList)
	for i, ref := range us.Assignments {
		round, err := e.Round(ctx, ref.Round)
		if err != nil {
			return nil, err
		}
		a, err := e.store.Assignment(ctx, ref)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "\n%d. %s · %s · %s", i+1, round.DeptLabel(ref.Dept), round.Title, a.Status.Label())
		if ref == cur {
			b.WriteString("（当前）")
		}
	}
	b.WriteString("\n" + msgSwitchHint)
	return []bot.Reply{{Text: b.String()}}, nil
}

// queueDraft asks for the submitted assignment to be drafted. The
// submission itself is already stored; a failure here is logged loudly and
// the drafts can be requested again by the coordinator.
func (e *Engine) queueDraft(ctx context.Context, ref bot.AssignmentRef, version int64) {
	if e.jobs == nil {
		return
	}
	if err := e.jobs.EnqueueDraft(ctx, ref, version); err != nil {
		e.log.Error("could not queue drafting after submission", "round", ref.Round, "dept", ref.Dept, "err", err)
	}
}

// memoExtract returns an item reader for one message: a turn retried after
// a conflict reuses the first reading instead of asking the model again.
func (e *Engine) memoExtract(ctx context.Context) func(string) (bot.Item, error) {
	var (
		done bool
		it   bot.Item
		err  error
	)
	return func(text string) (bot.Item, error) {
		if !done {
			it, err = bot.ExtractItem(ctx, e.ex, text)
			done = true
		}
		return it, err
	}
}
