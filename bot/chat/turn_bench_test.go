package chat_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
)

// TestTurnRoundTrips asserts the Redis budget of an ordinary turn: read the
// user, load the assignment with the message marker, commit — 3 round
// trips on a replica new to the user (TestTurnLoadedWithUserFollowsEveryReplica),
// 2 once it has served them: the user and the assignment are read in one
// pipeline.
func TestTurnRoundTrips(t *testing.T) {
	h := newHarness(t, bottest.Form())
	h.say("zhangsan", "开始") // also reads the round, cached afterwards
	for _, msg := range []string{"43%", "381件", "abc", "查看", "上一题"} {
		before := h.st.RoundTrips()
		h.say("zhangsan", msg)
		if n := h.st.RoundTrips() - before; n > 2 {
			t.Errorf("%q took %d Redis round trips, budget is 2", msg, n)
		}
	}
	// A retried delivery is answered from the marker, read with the user.
	m := bot.Message{User: h.uid("zhangsan"), ID: "retry-1", Text: "100%"}
	if _, err := h.eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	before := h.st.RoundTrips()
	if _, err := h.eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := h.st.RoundTrips() - before; n > 1 {
		t.Errorf("a duplicate took %d round trips, want 1", n)
	}
}

// BenchmarkTurn measures one ordinary answering turn against the store
// (real Redis when REDIS_URL is set), alternating two answers so every turn
// writes.
func BenchmarkTurn(b *testing.B) {
	h := newHarness(b, bottest.Form())
	h.say("zhangsan", "开始")
	h.say("zhangsan", "43%")
	ctx := context.Background()
	answers := []string{"上一题", "43%"} // both write: back to question 1, answer it again
	start := h.st.RoundTrips()
	cpu0 := processCPU()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := h.eng.Handle(ctx, bot.Message{User: h.uid("zhangsan"), ID: fmt.Sprintf("b%d", i), Text: answers[i%2]})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(h.st.RoundTrips()-start)/float64(b.N), "roundtrips/op")
	// CPU time this process spent per turn: the engine's own cost, without
	// the time spent waiting for Redis's answers.
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
