package chat_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"reportbot/bot"
	"reportbot/bot/seedtest"
)

// TestSeedTranscript replays the seed report as a contact would type it and
// checks every stored canonical answer against the seed.
func TestSeedTranscript(t *testing.T) {
	form, seed := seedtest.Load(t)
	h := newHarness(t, form)
	for _, step := range seedtest.Transcript(t, form, seed) {
		reply := h.say("zhangsan", step.Text)
		if !strings.Contains(reply, step.Expect) {
			t.Fatalf("message %q: reply lacks %q:\n%s", step.Text, step.Expect, reply)
		}
	}
	seedtest.Check(t, form, seed, h.assignment())
}

// TestSeedDuplicateDelivery sends every message of the seed transcript
// three times at once, as WeCom does when it retries, and checks that each
// took effect once and every copy got the same reply.
func TestSeedDuplicateDelivery(t *testing.T) {
	form, seed := seedtest.Load(t)
	h := newHarness(t, form)
	for i, step := range seedtest.Transcript(t, form, seed) {
		msg := step.Text
		m := bot.Message{User: h.uid("zhangsan"), ID: fmt.Sprintf("wx-%d", i), Text: msg}
		var wg sync.WaitGroup
		replies := make([]string, 3)
		errs := make([]error, 3)
		for k := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := h.eng.Handle(context.Background(), m)
				errs[k] = err
				if len(r) > 0 {
					replies[k] = r[0].Text
				}
			}()
		}
		wg.Wait()
		for k := range 3 {
			if errs[k] != nil {
				t.Fatalf("message %d copy %d: %v", i, k, errs[k])
			}
		}
		if replies[0] != replies[1] || replies[1] != replies[2] {
			// A read-only turn (开始 before any state, 查看) stores no reply;
			// only turns that changed state must repeat word for word.
			if strings.Contains(replies[0], "已记录") || strings.Contains(replies[1], "已记录") {
				t.Fatalf("message %d %q: copies got different replies:\n%q", i, msg, replies)
			}
		}
	}
	a := h.assignment()
	seedtest.Check(t, form, seed, a)
	audit, err := h.st.Audit(context.Background(), h.ref)
	if err != nil {
		t.Fatal(err)
	}
	perMsg := map[string]int{}
	for _, e := range audit {
		perMsg[e.MsgID+"/"+e.QID+"/"+e.Event]++
	}
	for k, n := range perMsg {
		if n > 1 {
			t.Errorf("audit entry %s written %d times", k, n)
		}
	}
}

// TestConcurrentContacts has two contacts of one department answer at the
// same time; no update may be lost.
func TestConcurrentContacts(t *testing.T) {
	form, seed := seedtest.Load(t)
	h := newHarness(t, form)
	qs := form.For(seedtest.Kinds).Questions()
	h.say("zhangsan", "开始")
	h.say("lisi", "开始")
	// zhangsan answers the first half, lisi the second, interleaved.
	half := len(qs) / 2
	var plan [2][]string
	for i, q := range qs {
		if q.AskIf != "" || q.Kind == bot.KindItems {
			continue
		}
		who := 0
		if i >= half {
			who = 1
		}
		plan[who] = append(plan[who], fmt.Sprintf("修改 %d", q.Number), seed[q.ID].Typed)
	}
	var wg sync.WaitGroup
	for who, user := range []string{"zhangsan", "lisi"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, msg := range plan[who] {
				_, err := h.eng.Handle(context.Background(), bot.Message{User: h.uid(user), ID: fmt.Sprintf("%s-%d", user, j), Text: msg})
				if err != nil {
					t.Errorf("%s %q: %v", user, msg, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	a := h.assignment()
	for _, q := range qs {
		if q.AskIf != "" || q.Kind == bot.KindItems {
			continue
		}
		ans := a.Answers[q.ID]
		if ans == nil {
			t.Errorf("question %d %s lost", q.Number, q.ID)
			continue
		}
		if got := bot.FormatAnswer(q, ans); got != seed[q.ID].Want {
			t.Errorf("question %d %s = %q, want %q", q.Number, q.ID, got, seed[q.ID].Want)
		}
	}
}
