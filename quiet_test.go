package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// TestQuietHoursSaturdayNight runs the whole service with its clock at
// 01:00 China time on a Saturday. `round start` on the command line says
// the invitations wait for Monday's sending hours; the console's and the
// chat's 催办 say it is quiet hours and when the reminder will go; nothing
// reaches WeCom over the weekend or before 08:00 on Monday; then every
// invitation and every deferred 催办 goes out once, and nothing more.
func TestQuietHoursSaturdayNight(t *testing.T) {
	tag := storetest.RandomID("")
	roster := fmt.Sprintf("departments:\n  - {id: a%[1]s, name: 区政府办, contacts: [ca%[1]s]}\n  - {id: b%[1]s, name: 区司法局, contacts: [cb%[1]s]}\ncoordinators: [co%[1]s]\n", tag)
	saturday := bottest.Date(2026, time.December, 5, 1, 0)
	live := startService(t, nil, roster, func(_ *serveConfig, c *bottest.Clock) { c.Set(saturday) })
	clock := live.clock
	ctx := context.Background()

	// The coordinator creates and starts the round on the command line.
	env := map[string]string{"REPORTBOT_ROSTER": live.rosterPath}
	cli := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		err := runRound(ctx, args, func(k string) string { return env[k] }, &out, Options{Clock: clock, Store: live.st})
		if err != nil {
			t.Fatalf("round %s: %v", strings.Join(args, " "), err)
		}
		return out.String()
	}
	id := "q" + tag
	cli("create", "-id", id, "-title", "2026年度法治政府建设情况报告", "-year", "2026", "-deadline", "2026-12-31")
	out := cli("start", id)
	if !strings.Contains(out, "休息时间") || !strings.Contains(out, "2 条邀请消息将于 12月7日（周一）08:00 发出") {
		t.Errorf("round start at night says: %s", out)
	}

	// 催办 in the console and in chat: quiet hours, and when it will go.
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	_, page := coord.get("/console/rounds/" + id)
	code, page := coord.post("/console/rounds/"+id+"/nudge", url.Values{"dept": {"a" + tag}, "csrf": {csrfOf(t, page)}})
	if code != 200 || !strings.Contains(page, "现在是休息时间") || !strings.Contains(page, "12月7日（周一）08:00") {
		t.Errorf("console 催办 at night: %d %.600s", code, page)
	}
	rep, err := live.client.Text("co"+tag, "n1", "催办 区司法局")
	if err != nil || !strings.Contains(rep.Text, "现在是休息时间（晚 9 点至早 8 点及周末、节假日）") || !strings.Contains(rep.Text, "12月7日（周一）08:00") {
		t.Errorf("chat 催办 at night: %v %q", err, rep.Text)
	}

	// Nothing goes out over the weekend or before 08:00 on Monday. (The
	// test ticks this round only: the test Redis holds other tests' rounds.)
	for _, at := range []time.Time{saturday, saturday.Add(11 * time.Hour), saturday.Add(43 * time.Hour),
		bottest.Date(2026, time.December, 7, 7, 59)} {
		clock.Set(at)
		if n, err := live.svc.Reminders.TickRound(ctx, id, clock.Now()); err != nil || n != 0 {
			t.Errorf("tick at %s sent %d: %v", at.Format("01-02 15:04"), n, err)
		}
	}
	if n := len(live.api.Sent()); n != 0 {
		for _, m := range live.api.Sent() {
			t.Logf("sent to %s: %s", m.ToUser, m.Title())
		}
		t.Fatalf("%d messages reached WeCom before Monday 08:00", n)
	}

	// Monday 08:00: each contact gets the invitation and the 催办, once.
	clock.Set(bottest.Date(2026, time.December, 7, 8, 0))
	if n, err := live.svc.Reminders.TickRound(ctx, id, clock.Now()); err != nil || n != 4 {
		t.Errorf("tick at Monday 08:00 sent %d: %v", n, err)
	}
	clock.Add(5 * time.Minute)
	if n, err := live.svc.Reminders.TickRound(ctx, id, clock.Now()); err != nil || n != 0 {
		t.Errorf("the next tick sent %d more: %v", n, err)
	}
	if !bottest.Eventually(20*time.Second, func() bool { return len(live.api.Sent()) == 4 }) {
		t.Fatalf("WeCom received %d messages, want 4", len(live.api.Sent()))
	}
	for _, user := range []string{"ca" + tag, "cb" + tag} {
		kinds := map[string]int{}
		for _, m := range live.api.Sent() {
			if m.ToUser == user {
				kinds[m.Title()]++
			}
		}
		if kinds["填报邀请：2026年度法治政府建设情况报告"] != 1 || kinds["统筹人催办：2026年度法治政府建设情况报告"] != 1 {
			t.Errorf("%s received %v", user, kinds)
		}
	}
	if left, _ := live.st.DeferredNudges(ctx, id); len(left) != 0 {
		t.Errorf("deferred 催办 left after sending: %v", left)
	}
}
