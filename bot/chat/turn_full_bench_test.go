package chat_test

import (
	"context"
	"fmt"
	"testing"

	"reportbot/bot"
	"reportbot/prompts"
)

// fullFormHarness is a contact of the shipped form's 政府办 whose
// assignment holds an answer to every question, the size a real turn
// late in the form reads, and the 修改 N / answer pair that keeps each turn
// writing.
func fullFormHarness(tb testing.TB) (*harness, []string) {
	tb.Helper()
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		tb.Fatal(err)
	}
	h := newHarness(tb, form)
	h.say("zhangsan", "开始")
	ctx := context.Background()
	a, err := h.st.Assignment(ctx, h.ref)
	if err != nil {
		tb.Fatal(err)
	}
	ch := &bot.Change{}
	var edit *bot.Question
	for _, q := range form.For([]string{"政府办"}).Questions() {
		ans := &bot.Answer{QID: q.ID, Status: bot.Answered, By: h.uid("zhangsan"), At: h.clock.Now()}
		switch {
		case q.Kind.Numeric():
			ans.Figure, ans.Raw = &bot.Figure{Value: "38", Unit: q.Unit}, "38"+q.Unit
			if edit == nil && q.AskIf == "" {
				edit = q
			}
		default:
			ans.Text = fmt.Sprintf("本单位围绕第%d题所列事项，健全工作机制，加强统筹协调，相关工作有序推进并取得实效。", q.Number)
			ans.Raw = ans.Text
		}
		ch.Answers = append(ch.Answers, ans)
	}
	if _, _, err := h.st.CommitTurn(ctx, h.ref, a.Version, "preload", ch, nil); err != nil {
		tb.Fatal(err)
	}
	return h, []string{fmt.Sprintf("修改 %d", edit.Number), "39" + edit.Unit}
}

// BenchmarkTurnFullForm is BenchmarkTurn over a whole form's answers: the
// cost of reading and deciding on a realistic assignment.
func BenchmarkTurnFullForm(b *testing.B) {
	h, msgs := fullFormHarness(b)
	ctx := context.Background()
	start := h.st.RoundTrips()
	cpu0 := processCPU()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := h.eng.Handle(ctx, bot.Message{User: h.uid("zhangsan"), ID: fmt.Sprintf("b%d", i), Text: msgs[i%2]})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(h.st.RoundTrips()-start)/float64(b.N), "roundtrips/op")
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}

// TestTurnFullFormWrites checks the benchmark's message pair: each
// message changes the assignment, so every benchmarked turn commits.
func TestTurnFullFormWrites(t *testing.T) {
	h, msgs := fullFormHarness(t)
	for i := range 4 {
		before, err := h.st.Assignment(context.Background(), h.ref)
		if err != nil {
			t.Fatal(err)
		}
		reply := h.say("zhangsan", msgs[i%2])
		after, err := h.st.Assignment(context.Background(), h.ref)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != before.Version+1 {
			t.Fatalf("%q: version %d → %d, reply %q", msgs[i%2], before.Version, after.Version, reply)
		}
	}
}
