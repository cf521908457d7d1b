// Package bottest holds the fakes every test of reportbot shares: a clock
// the test sets, and a job queue that records what would be sent. Tests
// that run the service or any part of it inject these, so that no test
// depends on the hour, the weekday or the date it runs on.
package bottest

import (
	"context"
	"sort"
	"sync"
	"time"

	"reportbot/bot"
)

// CST is China Standard Time, the zone every reportbot time is shown in.
var CST = time.FixedZone("CST", 8*3600)

// Date returns the moment y-m-d h:min in China time.
func Date(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, CST)
}

// Monday is a working Monday at 10:00 China time (2026-11-30), the
// default start of a test's clock: inside the sending hours, with the week
// ahead of it.
var Monday = Date(2026, time.November, 30, 10, 0)

// Clock is a bot.Clock that the test sets. A standing clock stays where it
// was put; a ticking one moves on with the time the test takes (seconds),
// from wherever it was put, so the hour and weekday it shows are the
// test's choice and never the machine's.
type Clock struct {
	mu      sync.Mutex
	t       time.Time
	ticking bool
	setAt   time.Time // monotonic: when t was last set
}

var _ bot.Clock = (*Clock)(nil)

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Ticking returns a clock that starts at t and moves on with elapsed time:
// for tests that run the whole service, where caches expire and two clicks
// of the same button must not share a second.
func Ticking(t time.Time) *Clock { return &Clock{t: t, ticking: true, setAt: time.Now()} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ticking {
		return c.t.Add(time.Since(c.setAt))
	}
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t, c.setAt = t, time.Now()
	c.mu.Unlock()
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sent is one message the fake queue took.
type Sent struct {
	Key   string
	User  string
	Reply bot.Reply
}

// Jobs is a bot.Jobs that records what would be queued, once per key as
// the real queue does. Nothing is delivered.
type Jobs struct {
	mu       sync.Mutex
	keys     map[string]bool
	sent     []Sent
	drafts   []bot.AssignmentRef
	rewrites []bot.RewriteJob
	cards    []bot.CardUpdate
}

var _ bot.Jobs = (*Jobs)(nil)

// EnqueueSend records replies for user under key; a key seen before is
// ignored.
func (j *Jobs) EnqueueSend(_ context.Context, key, user string, replies []bot.Reply) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.keys == nil {
		j.keys = map[string]bool{}
	}
	if j.keys[key] {
		return nil
	}
	j.keys[key] = true
	for _, r := range replies {
		j.sent = append(j.sent, Sent{Key: key, User: user, Reply: r})
	}
	return nil
}

// EnqueueDraft records a drafting request.
func (j *Jobs) EnqueueDraft(_ context.Context, ref bot.AssignmentRef, _ int64) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.drafts = append(j.drafts, ref)
	return nil
}

// EnqueueRewrite records an editor's rewrite request.
func (j *Jobs) EnqueueRewrite(_ context.Context, job bot.RewriteJob) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.rewrites = append(j.rewrites, job)
	return nil
}

// EnqueueCardUpdate records a card update, once per key.
func (j *Jobs) EnqueueCardUpdate(_ context.Context, key string, u bot.CardUpdate) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.keys == nil {
		j.keys = map[string]bool{}
	}
	if !j.keys["card:"+key] {
		j.keys["card:"+key] = true
		j.cards = append(j.cards, u)
	}
	return nil
}

// CardUpdates returns the card updates recorded.
func (j *Jobs) CardUpdates() []bot.CardUpdate {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]bot.CardUpdate(nil), j.cards...)
}

// Sent returns every message recorded, in order.
func (j *Jobs) Sent() []Sent {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Sent(nil), j.sent...)
}

// To returns the texts recorded for user, buttons appended as
// "[text|key]" lines.
func (j *Jobs) To(user string) []string {
	var out []string
	for _, s := range j.Sent() {
		if s.User != user {
			continue
		}
		text := s.Reply.Text
		for _, b := range s.Reply.Buttons {
			text += "\n[" + b.Text + "|" + b.Key + "]"
		}
		out = append(out, text)
	}
	return out
}

// Users returns the users messages were recorded for, sorted.
func (j *Jobs) Users() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range j.Sent() {
		if !seen[s.User] {
			seen[s.User] = true
			out = append(out, s.User)
		}
	}
	sort.Strings(out)
	return out
}

// Drafts returns the drafting requests recorded.
func (j *Jobs) Drafts() []bot.AssignmentRef {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]bot.AssignmentRef(nil), j.drafts...)
}

// Rewrites returns the rewrite requests recorded.
func (j *Jobs) Rewrites() []bot.RewriteJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]bot.RewriteJob(nil), j.rewrites...)
}

// Eventually waits until cond holds, checking every few milliseconds, and
// reports whether it did before within passed. Tests use it instead of a
// sleep followed by an assertion.
func Eventually(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// F64 returns a pointer to v, for a question's bounds.
func F64(v float64) *float64 { return &v }

// Form is a small form with one question of each behaviour the
// conversation has to get right: a percent, counts, a rule, open items, a
// yes/no gate with a gated question, optional questions and a text.
func Form() *bot.Form {
	f := &bot.Form{ID: "t", Title: "测试表", Version: "1", Sections: []bot.Section{
		{ID: "s1", Number: "一", Heading: "{year}年度主要举措和成效", Template: "measures", Questions: []bot.Question{
			{ID: "meetings_cut", Prompt: "全区性会议同比减少了百分之多少？", Kind: bot.KindPercent, Unit: "%", Example: "43%"},
			{ID: "docs", Prompt: "全年制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "381件"},
			{ID: "reply_rate", Prompt: "建议提案答复率是多少？", Kind: bot.KindPercent, Unit: "%", Example: "100%"},
			{ID: "satisfaction", Prompt: "建议提案满意率是多少？", Kind: bot.KindPercent, Unit: "%", Example: "100%"},
			{ID: "measures", Prompt: "还有哪些举措？", Kind: bot.KindItems, Optional: true, Example: "规范流程。制定细则，会议减少43%"},
		}},
		{ID: "s2", Number: "二", Heading: "存在的不足和原因", Template: "shortcomings", Questions: []bot.Question{
			{ID: "enforce", Prompt: "本部门是否承担行政执法职能？", Kind: bot.KindYesNo, Example: "是"},
			{ID: "cases", Prompt: "全年立案多少件？", Kind: bot.KindCount, Unit: "件", AskIf: "enforce", Optional: true, Example: "12件"},
			{ID: "training", Prompt: "组织法治培训多少场？", Kind: bot.KindCount, Unit: "场", Optional: true, Example: "3场"},
			{ID: "shortcoming", Prompt: "主要不足是什么？", Kind: bot.KindText, Example: "法治思维运用还不够深入"},
		}},
	}, Rules: []bot.Rule{{Kind: "requires", Left: "satisfaction", Right: "reply_rate", Message: "填写满意率前，请先填写答复率。"}}}
	f.Index()
	return f
}
