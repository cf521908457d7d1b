package chat_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/store/storetest"
)

// TestTurnLoadedWithUserFollowsEveryReplica: a replica that served a
// contact's last turn loads that assignment together with the contact's
// state (2 round trips a turn, 1 for a WeCom retry), and still follows
// every change another replica makes: a 切换部门 there sends the next
// message here to the other department, and a message processed there is
// answered here from its marker, applied once.
func TestTurnLoadedWithUserFollowsEveryReplica(t *testing.T) {
	h := newHarness(t, bottest.Form())
	ctx := context.Background()
	// Replica B: its own connection, turn cache and guesses.
	stB := storetest.Replica(t, h.st)
	engB := chat.NewEngine(chat.EngineConfig{Store: stB, Clock: h.clock})
	user := h.uid("zhangsan")
	n := 0
	send := func(eng *chat.Engine, text string) (string, int64, int64) {
		t.Helper()
		n++
		before, beforeB := h.st.RoundTrips(), stB.RoundTrips()
		replies, err := eng.Handle(ctx, bot.Message{User: user, ID: fmt.Sprintf("r%d", n), Text: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		return replies[0].Text, h.st.RoundTrips() - before, stB.RoundTrips() - beforeB
	}
	sfj := bot.AssignmentRef{Round: h.ref.Round, Dept: "sfj"}
	version := func(ref bot.AssignmentRef) int64 {
		t.Helper()
		a, err := h.st.Assignment(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return a.Version
	}

	send(h.eng, "开始") // A has not seen the contact: user, load, commit
	if got, trips, _ := send(h.eng, "43%"); !strings.Contains(got, "已记录：43%") || trips != 2 {
		t.Fatalf("A's second turn: %d round trips (want 2), reply %q", trips, got)
	}
	// B switches the contact to 区司法局; A's guess (区政府办) is now wrong.
	if got, _, _ := send(engB, "切换部门 2"); !strings.Contains(got, "已切换到：区司法局") {
		t.Fatalf("switch on B: %q", got)
	}
	zfbV, sfjV := version(h.ref), version(sfj)
	got, trips, _ := send(h.eng, "50%")
	if !strings.Contains(got, "已记录：50%") || trips != 3 {
		t.Fatalf("A after B's switch: %d round trips (want 3: the wrong guess costs the load again), reply %q", trips, got)
	}
	if version(h.ref) != zfbV || version(sfj) != sfjV+1 {
		t.Fatalf("A's answer after B's switch went to the wrong department: zfb v%d→v%d, sfj v%d→v%d",
			zfbV, version(h.ref), sfjV, version(sfj))
	}
	a, err := h.st.Assignment(ctx, sfj)
	if err != nil || a.Answers["meetings_cut"] == nil || a.Answers["meetings_cut"].Figure.Value != "50" {
		t.Fatalf("区司法局's answers: %+v %v", a, err)
	}
	// A guesses 区司法局 now: back to 2 round trips.
	if got, trips, _ := send(h.eng, "381件"); !strings.Contains(got, "已记录：381件") || trips != 2 {
		t.Fatalf("A's next turn: %d round trips (want 2), reply %q", trips, got)
	}
	// B switches back; A follows at once.
	send(engB, "切换部门 1")
	zfbV, sfjV = version(h.ref), version(sfj)
	if got, _, _ := send(h.eng, "上一题"); !strings.Contains(got, "当前答案：43%") {
		t.Fatalf("A after switching back does not show 区政府办's answer: %q", got)
	}
	if version(h.ref) != zfbV+1 || version(sfj) != sfjV {
		t.Fatalf("A's turn after switching back went to the wrong department: zfb v%d→v%d, sfj v%d→v%d",
			zfbV, version(h.ref), sfjV, version(sfj))
	}

	// A WeCom retry: processed on B, delivered again to A (which guesses
	// right) and to B; the same reply each time, applied once.
	m := bot.Message{User: user, ID: "retry-1", Text: "99%"}
	first, err := engB.Handle(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	v := version(h.ref)
	for _, eng := range []*chat.Engine{h.eng, engB, h.eng} {
		before, beforeB := h.st.RoundTrips(), stB.RoundTrips()
		again, err := eng.Handle(ctx, m)
		if err != nil || len(again) != len(first) || again[0].Text != first[0].Text {
			t.Fatalf("retry answered %+v, %v; first %+v", again, err, first)
		}
		if trips := h.st.RoundTrips() - before + stB.RoundTrips() - beforeB; trips != 1 {
			t.Errorf("a retry took %d round trips, want 1", trips)
		}
	}
	if version(h.ref) != v {
		t.Errorf("a retry changed the assignment: v%d → v%d", v, version(h.ref))
	}
	audit, err := h.st.Audit(ctx, h.ref)
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, e := range audit {
		if e.MsgID == m.ID {
			applied++
		}
	}
	if applied != 1 {
		t.Errorf("the retried message has %d audit entries, want 1", applied)
	}
}
