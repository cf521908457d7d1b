package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/store"
	"reportbot/store/storetest"
)

// firstPipeline runs fn once, right after the first pipeline a client
// sends has been answered.
type firstPipeline struct {
	once sync.Once
	fn   func()
}

func (h *firstPipeline) DialHook(next redis.DialHook) redis.DialHook          { return next }
func (h *firstPipeline) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }
func (h *firstPipeline) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		h.once.Do(h.fn)
		return err
	}
}

// TestFaultRetryWhileAnotherReplicaCommits: WeCom's retry of a message
// reaches a replica whose cached copy another replica has moved past,
// and the first delivery's commit (on that other replica) lands between
// this replica's two reads. The retry must get the first delivery's
// reply, never decide again on the state that commit left (a retried
// answer would be read as the answer to the next question).
func TestFaultRetryWhileAnotherReplicaCommits(t *testing.T) {
	st, _, ref, user := newRound(t)
	ctx := context.Background()
	other := storetest.Replica(t, st)
	commit := func(s *store.Store, msg, value string, replies []bot.Reply) {
		t.Helper()
		commitAs(t, s, ref, user, msg, value, replies)
	}
	commit(st, "m1", "381", nil)    // this replica caches v1
	commit(other, "m2", "500", nil) // the other moves it to v2
	first := []bot.Reply{{Text: "已记录：600件。"}}
	st.Client().AddHook(&firstPipeline{fn: func() { commit(other, "m3", "600", first) }})

	a, dup, err := st.LoadTurn(ctx, ref, "m3") // the retry of m3
	if err != nil {
		t.Fatal(err)
	}
	if len(dup) != 1 || dup[0].Text != first[0].Text {
		v := int64(-1)
		if a != nil {
			v = a.Version
		}
		t.Fatalf("the retry was given the state to decide on again (v%d), not the first delivery's reply: %+v", v, dup)
	}
}
