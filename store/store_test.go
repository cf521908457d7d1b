package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/store"
	"reportbot/store/storetest"
)

func tinyForm() *bot.Form {
	f := &bot.Form{ID: "tiny", Title: "小表", Version: "1", Sections: []bot.Section{{ID: "s", Number: "一", Heading: "举措",
		Template: "m", Questions: []bot.Question{
			{ID: "docs", Prompt: "制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "381件"},
			{ID: "rate", Prompt: "满意率？", Kind: bot.KindPercent, Unit: "%", Example: "100%"},
		}}}}
	f.Index()
	return f
}

func newRound(t *testing.T) (*store.Store, *bot.Round, bot.AssignmentRef, string) {
	st := storetest.New(t)
	user := storetest.RandomID("u")
	r := storetest.Round(t, st, tinyForm(), bot.Department{ID: "zfb", Name: "区政府办", Contacts: []string{user}},
		bot.Department{ID: "sfj", Name: "区司法局", Contacts: []string{user}})
	return st, r, bot.AssignmentRef{Round: r.ID, Dept: "zfb"}, user
}

func change(user, value string) *bot.Change {
	now := time.Now()
	return &bot.Change{
		Answers: []*bot.Answer{{QID: "docs", Status: bot.Answered, Figure: &bot.Figure{Value: value, Unit: "件"}, Raw: value + "件", By: user, At: now}},
		Cursors: map[string]*bot.Cursor{user: {Q: 1}},
		Status:  bot.InProgress, UpdatedAt: now,
		Audit: []bot.AuditEntry{{User: user, At: now, MsgID: "m1", QID: "docs", New: value + "件", Raw: value + "件", Event: "answer"}},
	}
}

// commitAs loads ref on s for msg and commits change(user, value) with
// replies, as one turn.
func commitAs(t *testing.T, s *store.Store, ref bot.AssignmentRef, user, msg, value string, replies []bot.Reply) {
	t.Helper()
	ctx := context.Background()
	a, dup, err := s.LoadTurn(ctx, ref, msg)
	if err != nil || dup != nil {
		t.Fatal(err, dup)
	}
	if _, ok, err := s.CommitTurn(ctx, ref, a.Version, msg, change(user, value), replies); err != nil || !ok {
		t.Fatalf("commit %s: %v %v", msg, ok, err)
	}
}

func TestRoundCreateAndUsers(t *testing.T) {
	st, r, ref, user := newRound(t)
	ctx := context.Background()
	got, err := st.Round(ctx, r.ID)
	if err != nil || got.Title != r.Title || got.Form.Question("rate") == nil || got.Form.Question("rate").Number != 2 {
		t.Fatalf("round read back: %+v, %v", got, err)
	}
	if err := st.CreateRound(ctx, r); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("second create: %v, want conflict", err)
	}
	us, err := st.User(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if len(us.Assignments) != 2 || us.Assignments[0] != ref || us.Active != ref {
		t.Errorf("user state = %+v", us)
	}
	other := bot.AssignmentRef{Round: r.ID, Dept: "sfj"}
	if err := st.SetActive(ctx, user, other); err != nil {
		t.Fatal(err)
	}
	if us, _ := st.User(ctx, user); us.Active != other {
		t.Errorf("active = %v", us.Active)
	}
	a, err := st.Assignment(ctx, ref)
	if err != nil || a.Status != bot.NotStarted || a.Version != 0 {
		t.Errorf("fresh assignment = %+v, %v", a, err)
	}
	if _, err := st.Round(ctx, "no-such-round"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("missing round: %v", err)
	}
	if _, err := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: "nope"}); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("missing assignment: %v", err)
	}
	bad := *r
	bad.ID = "a/b"
	if err := st.CreateRound(ctx, &bad); bot.ErrorCode(err) != bot.EInvalid {
		t.Errorf("id with a slash: %v", err)
	}
	ids, err := st.Rounds(ctx)
	if err != nil || len(ids) == 0 {
		t.Errorf("rounds = %v, %v", ids, err)
	}
}

func TestCommitTurnDuplicateAndConflict(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	a, dup, err := st.LoadTurn(ctx, ref, "m1")
	if err != nil || dup != nil {
		t.Fatal(err, dup)
	}
	first := []bot.Reply{{Text: "已记录：381件。"}}
	stored, applied, err := st.CommitTurn(ctx, ref, a.Version, "m1", change(user, "381"), first)
	if err != nil || !applied || stored[0].Text != first[0].Text {
		t.Fatalf("commit: %v %v %v", stored, applied, err)
	}
	// The same message again: its first replies come back, nothing applies.
	_, dup, err = st.LoadTurn(ctx, ref, "m1")
	if err != nil || len(dup) != 1 || dup[0].Text != first[0].Text {
		t.Fatalf("duplicate load: %v %v", dup, err)
	}
	stored, applied, err = st.CommitTurn(ctx, ref, a.Version+1, "m1", change(user, "999"), []bot.Reply{{Text: "别的"}})
	if err != nil || applied || stored[0].Text != first[0].Text {
		t.Fatalf("duplicate commit: %v %v %v", stored, applied, err)
	}
	// A stale version loses.
	if _, _, err := st.CommitTurn(ctx, ref, a.Version, "m2", change(user, "5"), nil); bot.ErrorCode(err) != bot.EConflict {
		t.Fatalf("stale commit: %v", err)
	}
	got, err := st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.Answers["docs"].Figure.Value != "381" || got.Cursors[user].Q != 1 || got.Status != bot.InProgress {
		t.Errorf("assignment = %+v", got)
	}
	audit, err := st.Audit(ctx, ref)
	if err != nil || len(audit) != 1 || audit[0].New != "381件" || audit[0].User != user || audit[0].At.IsZero() {
		t.Errorf("audit = %+v, %v", audit, err)
	}
}

// TestConcurrentCommits: many writers at one version, exactly one wins.
func TestConcurrentCommits(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, applied, err := st.CommitTurn(ctx, ref, 0, "msg-"+string(rune('a'+i)), change(user, "1"), nil)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && applied:
				wins++
			case bot.ErrorCode(err) == bot.EConflict:
				conflicts++
			default:
				t.Errorf("commit %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 || conflicts != 7 {
		t.Errorf("wins %d conflicts %d, want 1 and 7", wins, conflicts)
	}
}

func TestRoundTripsPerCall(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	before := st.RoundTrips()
	a, _, err := st.LoadTurn(ctx, ref, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n != 1 {
		t.Errorf("LoadTurn took %d round trips", n)
	}
	before = st.RoundTrips()
	if _, _, err := st.CommitTurn(ctx, ref, a.Version, "m1", change(user, "3"), nil); err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n > 2 {
		// EVALSHA, plus EVAL once if the script was not cached yet.
		t.Errorf("CommitTurn took %d round trips", n)
	}
	before = st.RoundTrips()
	a, _, _ = st.LoadTurn(ctx, ref, "m2")
	if _, _, err := st.CommitTurn(ctx, ref, a.Version, "m2", change(user, "4"), nil); err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n != 2 {
		t.Errorf("a warm load+commit took %d round trips, want 2", n)
	}
	mem, err := st.MemoryUsage(ctx, ref)
	if err != nil || mem <= 0 {
		t.Errorf("memory usage = %d, %v", mem, err)
	}
}

// TestRedisDownIsUnavailable: with Redis unreachable every call says
// EUnavailable with the busy sentence, never a raw driver error.
func TestRedisDownIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := store.Open(ctx, "redis://127.0.0.1:1/0", store.Options{}); bot.ErrorCode(err) != bot.EUnavailable {
		t.Fatalf("open on a closed port: %v", err)
	}
	mr, err := miniredis.Run()
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redis.NewClient(&redis.Options{Addr: mr.Addr()}), store.Options{})
	defer st.Close()
	mr.Close() // the server is gone; the client remains
	_, _, err = st.LoadTurn(ctx, bot.AssignmentRef{Round: "r", Dept: "d"}, "m")
	if bot.ErrorCode(err) != bot.EUnavailable || bot.ErrorMessage(err) != bot.MsgBusy {
		t.Errorf("load with Redis down: %v", err)
	}
}

// TestKeysShareAssignmentSlot: every key a turn touches carries the same
// hash tag, so the Lua script runs on Redis Cluster.
func TestKeysShareAssignmentSlot(t *testing.T) {
	keys := store.TurnKeys(bot.AssignmentRef{Round: "r2025", Dept: "zfb"}, "msg-1")
	tag := "{a:r2025:zfb}"
	for _, k := range keys {
		if !strings.Contains(k, tag) || strings.Index(k, "{") != strings.Index(k, tag) {
			t.Errorf("key %q does not carry the tag %s first", k, tag)
		}
	}
}
