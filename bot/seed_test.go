package bot_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"reportbot/bot"
	"reportbot/prompts"
)

// seedEntry is one line of testdata/seed_answers.yaml: how a contact types
// the seed report's answer to a question, and its canonical echo.
type seedEntry struct {
	QID        string   `yaml:"qid"`
	Typed      string   `yaml:"typed"`
	TypedItems []string `yaml:"typed_items"`
	Want       string   `yaml:"want"`
}

func loadSeed(t testing.TB) (*bot.Form, map[string]seedEntry) {
	t.Helper()
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/seed_answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var entries []seedEntry
	if err := yaml.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	byQ := make(map[string]seedEntry, len(entries))
	for _, e := range entries {
		if form.Question(e.QID) == nil {
			t.Fatalf("seed entry for unknown question %q", e.QID)
		}
		byQ[e.QID] = e
	}
	return form, byQ
}

// seedTranscript returns the messages a contact sends to answer the seed:
// it follows the form in order, taking gates into account the way the
// engine does, then submits.
func seedTranscript(t testing.TB, form *bot.Form, seed map[string]seedEntry) []string {
	t.Helper()
	msgs := []string{"开始"}
	gates := map[string]string{}
	for _, q := range form.Questions() {
		if q.AskIf != "" && gates[q.AskIf] != "是" {
			continue
		}
		e, ok := seed[q.ID]
		if !ok {
			t.Fatalf("no seed answer for question %d %s", q.Number, q.ID)
		}
		if q.Kind == bot.KindItems && len(e.TypedItems) > 0 {
			msgs = append(msgs, e.TypedItems...)
			msgs = append(msgs, "完成")
			continue
		}
		msgs = append(msgs, e.Typed)
		if q.Kind == bot.KindYesNo {
			gates[q.ID] = e.Want
		}
	}
	return append(msgs, "提交", "确认提交")
}

// seedFigures are the figures of the real report, each of which must be
// stored exactly.
var seedFigures = []string{"43", "381", "1352", "336", "15", "167", "17", "83", "93", "1705", "15",
	"45", "85", "100", "100", "103204", "4", "2", "34", "19"}

func checkSeedStored(t *testing.T, form *bot.Form, seed map[string]seedEntry, a *bot.Assignment) {
	t.Helper()
	if a.Status != bot.Submitted {
		t.Errorf("status = %s, want submitted", a.Status)
	}
	for qid, e := range seed {
		q := form.Question(qid)
		ans := a.Answers[qid]
		if ans == nil {
			if q.AskIf == "" {
				t.Errorf("question %d %s not stored", q.Number, qid)
			}
			continue
		}
		if q.Kind == bot.KindItems {
			if len(ans.Items) != len(e.TypedItems) {
				t.Errorf("%s: %d items stored, want %d", qid, len(ans.Items), len(e.TypedItems))
			}
			continue
		}
		if got := bot.FormatAnswer(q, ans); got != e.Want {
			t.Errorf("question %d %s: typed %q, stored %q, want %q", q.Number, qid, e.Typed, got, e.Want)
		}
	}
	var stored []string
	for _, ans := range a.Answers {
		if ans.Figure != nil {
			stored = append(stored, ans.Figure.Value)
		}
	}
	if missing := missingValues(seedFigures, stored); len(missing) > 0 {
		t.Errorf("seed figures not stored exactly: %v", missing)
	}
}

// missingValues returns the members of want (a multiset) not in got.
func missingValues(want, got []string) []string {
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	var missing []string
	for _, w := range want {
		if count[w] == 0 {
			missing = append(missing, w)
			continue
		}
		count[w]--
	}
	sort.Strings(missing)
	return missing
}

// TestSeedTranscript replays the seed report as a contact would type it and
// checks every stored canonical answer against the seed.
func TestSeedTranscript(t *testing.T) {
	form, seed := loadSeed(t)
	h := newHarness(t, form)
	for _, msg := range seedTranscript(t, form, seed) {
		reply := h.say("zhangsan", msg)
		want := map[string]string{"开始": "您好", "完成": "本题共记录", "提交": "确认提交", "确认提交": "已提交"}[msg]
		if want == "" {
			want = "已记录"
		}
		if !strings.Contains(reply, want) {
			t.Fatalf("message %q: reply lacks %q:\n%s", msg, want, reply)
		}
	}
	checkSeedStored(t, form, seed, h.assignment())
}

// TestSeedDuplicateDelivery sends every message of the seed transcript
// three times at once, as WeCom does when it retries, and checks that each
// took effect once and every copy got the same reply.
func TestSeedDuplicateDelivery(t *testing.T) {
	form, seed := loadSeed(t)
	h := newHarness(t, form)
	for i, msg := range seedTranscript(t, form, seed) {
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
	checkSeedStored(t, form, seed, a)
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
	form, seed := loadSeed(t)
	h := newHarness(t, form)
	qs := form.Questions()
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
