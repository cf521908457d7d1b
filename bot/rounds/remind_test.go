package rounds_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/rounds"
	"reportbot/store/storetest"
)

type sentMsg struct {
	user string
	at   time.Time
	text string
}

type recorder struct {
	mu   sync.Mutex
	sent []sentMsg
	now  func() time.Time
}

func (r *recorder) UpdateCard(context.Context, bot.CardUpdate) error { return nil }

func (r *recorder) Send(_ context.Context, user string, reply bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sentMsg{user, r.now(), reply.Text})
	return nil
}

// TestRemindPlanFiftyDepartments runs a 50-department round from its start
// to a week past the deadline on a fake clock, with two reminder workers
// ticking every 20 minutes, and checks who got what and when: invitations
// once, reminders before the deadline and every working day after, the
// head and the coordinator told once, nothing at night or at weekends,
// nothing twice, nothing after a department submitted.
func TestRemindPlanFiftyDepartments(t *testing.T) {
	st := storetest.New(t)
	clock := bottest.NewClock(time.Date(2025, 12, 1, 7, 0, 0, 0, bot.CST)) // a Monday
	tag := storetest.RandomID("")
	var depts []bot.Department
	for i := range 50 {
		depts = append(depts, bot.Department{ID: fmt.Sprintf("d%02d", i), Name: fmt.Sprintf("部门%02d", i),
			Contacts: []string{fmt.Sprintf("c%02d-%s", i, tag)}, Head: fmt.Sprintf("h%02d-%s", i, tag)})
	}
	r := storetest.Round(t, st, bottest.Form(), depts...)
	if err := st.UpdateRound(context.Background(), r.ID, func(x *bot.Round) error {
		x.Deadline = time.Date(2025, 12, 12, 23, 59, 0, 0, bot.CST) // a Friday
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{now: clock.Now}
	plan := rounds.DefaultReminderPlan()
	plan.CoordinatorUsers = []string{"coord-" + tag}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	workers := []*rounds.Reminders{
		{Store: st, Messenger: rec, Plan: plan, Clock: clock, Log: log},
		{Store: st, Messenger: rec, Plan: plan, Clock: clock, Log: log},
	}
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock})
	submitAt := time.Date(2025, 12, 10, 10, 0, 0, 0, bot.CST)
	for clock.Now().Before(time.Date(2025, 12, 20, 12, 0, 0, 0, bot.CST)) {
		if !clock.Now().Before(submitAt) && submitAt.Year() > 1 {
			// Departments 0–9 answer everything and submit.
			for i := range 10 {
				u := depts[i].Contacts[0]
				for j, s := range []string{"开始", "43%", "381件", "100%", "100%", "无", "否", "无", "不足。", "提交", "确认提交"} {
					if _, err := eng.Handle(context.Background(), bot.Message{User: u, ID: fmt.Sprintf("s%d", j), Text: s}); err != nil {
						t.Fatal(err)
					}
				}
			}
			submitAt = time.Time{}
		}
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// TickRound, not Tick: other tests' rounds share the Redis.
				if _, err := w.TickRound(context.Background(), r.ID, clock.Now()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		clock.Add(20 * time.Minute)
	}
	type key struct{ user, day, kind string }
	seen := map[key]int{}
	perUser := map[string][]sentMsg{}
	for _, m := range rec.sent {
		local := m.at.In(bot.CST)
		if h := local.Hour(); h < 8 || h >= 21 {
			t.Errorf("message at night: %s %s", m.user, local)
		}
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("message at the weekend: %s %s", m.user, local)
		}
		k := key{m.user, local.Format("0102"), m.text}
		seen[k]++
		if seen[k] > 1 {
			t.Errorf("sent twice: %+v", k)
		}
		perUser[m.user] = append(perUser[m.user], m)
	}
	// Jitter: the overdue reminders of one morning are spread out, not sent
	// to forty departments in the same minute.
	times := map[time.Time]bool{}
	for _, m := range rec.sent {
		if m.at.In(bot.CST).Format("0102") == "1215" && m.user != "coord-"+tag {
			times[m.at] = true
		}
	}
	if len(times) < 4 {
		t.Errorf("the 15th's reminders went out at only %d moments", len(times))
	}
	// A department that never answers: invitation on the first working
	// morning, before-3 (Tue 9th), before-1 (Thu 11th), overdue on Mon 15th
	// to Fri 19th (5 working days), head told once, coordinator once.
	late := perUser[depts[20].Contacts[0]]
	if len(late) != 1+2+5 {
		t.Errorf("a late contact got %d messages, want 8: %v", len(late), days(late, bot.CST))
	}
	if got := len(perUser[depts[20].Head]); got != 1 {
		t.Errorf("head told %d times", got)
	}
	// The coordinator gets one digest naming the forty late departments.
	if got := perUser["coord-"+tag]; len(got) != 1 || strings.Count(got[0].text, "· 部门") != 40 {
		t.Errorf("coordinator told %d times, want one digest of 40 departments: %v", len(got), got)
	}
	// A department that submitted on the 10th gets nothing after that.
	for _, m := range perUser[depts[3].Contacts[0]] {
		if m.at.After(time.Date(2025, 12, 10, 10, 0, 0, 0, bot.CST)) {
			t.Errorf("a submitted department was reminded at %s", m.at.In(bot.CST))
		}
	}
	if len(perUser[depts[3].Head]) != 0 {
		t.Error("the head of a submitted department was told")
	}
}

func days(ms []sentMsg, loc *time.Location) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.at.In(loc).Format("01-02 15:04"))
	}
	return out
}
