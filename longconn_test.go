package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/aibot"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// lcRig is the service over the fake long-connection gateway only: no
// callback URL, no app settings, one or more replicas sharing Redis.
type lcRig struct {
	t     *testing.T
	g     *wecomtest.Gateway
	st    *store.Store
	apps  []*App
	clock *bottest.Clock
}

// startLongConn runs replicas of the service configured with the AI bot
// alone (WECOM_BOT_ID, WECOM_BOT_SECRET, a gateway URL), on a ticking
// test clock from a working Monday 10:00.
func startLongConn(t *testing.T, roster string, replicas int) *lcRig {
	t.Helper()
	g := wecomtest.NewGateway(storetest.RandomID("bot"), "bot-secret")
	t.Cleanup(g.Close)
	x := &lcRig{t: t, g: g, st: storetest.New(t), clock: bottest.Ticking(bottest.Monday)}
	g.Now = x.clock.Now // callbacks are stamped by the test's clock, as the app client's are
	path := filepath.Join(t.TempDir(), "roster.yaml")
	if err := os.WriteFile(path, []byte(roster), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := serveConfig{BotID: g.BotID, BotSecret: g.Secret, BotURL: g.URL(), Workers: 4, Roster: path,
		Plan: rounds.DefaultReminderPlan(), Addr: ":0"}
	for i := 0; i < replicas; i++ {
		svc, err := NewApp(context.Background(), cfg, PartsServe, Options{Clock: x.clock, Store: x.st,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			LongConn: LongConnOptions{Replica: fmt.Sprintf("replica-%d", i+1), LeaseTTL: 2 * time.Second,
				Timing: aibot.Timing{Ping: time.Second, BackoffMin: 50 * time.Millisecond, BackoffMax: 500 * time.Millisecond,
					StandbyPoll: 100 * time.Millisecond, StableAfter: time.Second}}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		if err := svc.Start(); err != nil {
			t.Fatal(err)
		}
		if i == 0 && !bottest.Eventually(10*time.Second, svc.LongConn.Connected) {
			t.Fatal("the first replica never connected")
		}
		standby := func() bool { s, _ := svc.LongConn.State(); return s == aibot.StateStandby }
		if i > 0 && !bottest.Eventually(10*time.Second, standby) {
			t.Fatal("a second replica does not stand by")
		}
		x.apps = append(x.apps, svc)
	}
	return x
}

// say sends a text from user and waits for its answer on the req_id.
func (x *lcRig) say(user, text string) (msgID, answer string) {
	x.t.Helper()
	id := x.g.Text(user, text)
	return id, x.answer(id)
}

func (x *lcRig) answer(msgID string) string {
	x.t.Helper()
	var got string
	if !bottest.Eventually(20*time.Second, func() (ok bool) { got, ok = x.g.Answered(msgID); return ok }) {
		x.t.Fatalf("message %s never answered", msgID)
	}
	return got
}

// waitFor waits until user was shown messages containing every want.
func (x *lcRig) waitFor(user string, wants ...string) []wecomtest.BotMessage {
	x.t.Helper()
	var msgs []wecomtest.BotMessage
	ok := bottest.Eventually(30*time.Second, func() bool {
		msgs = x.g.Messages(user)
		var all strings.Builder
		for _, m := range msgs {
			all.WriteString(m.Text + "\n")
		}
		for _, w := range wants {
			if !strings.Contains(all.String(), w) {
				return false
			}
		}
		return true
	})
	if !ok {
		x.t.Fatalf("%s was never shown %q; got %d messages", user, wants, len(msgs))
	}
	return msgs
}

// exactlyOnce checks the audit: every question answered once, every open
// item recorded once, whatever was redelivered.
func exactlyOnce(t *testing.T, st *store.Store, ref bot.AssignmentRef, form *bot.Form, seed map[string]seedtest.Entry) {
	t.Helper()
	audit, err := st.Audit(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	answers, items := map[string]int{}, map[string]int{}
	for _, e := range audit {
		switch e.Event {
		case "answer":
			answers[e.QID]++
		case "item":
			items[e.QID]++
		}
	}
	for qid, e := range seed {
		q := form.Question(qid)
		if q.Kind == bot.KindItems && len(e.TypedItems) > 0 {
			if items[qid] != len(e.TypedItems) {
				t.Errorf("%s: %d items recorded, want %d", qid, items[qid], len(e.TypedItems))
			}
		} else if answers[qid] > 1 {
			t.Errorf("%s answered %d times", qid, answers[qid])
		}
	}
}

const lcRosterFmt = "departments:\n  - {id: zfb%[1]s, name: 宽城区政府办, kinds: [政府办], contacts: [zs%[1]s]}\ncoordinators: [co%[1]s]\neditors: [ed%[1]s]\n"

// TestLongConnDepartment runs a whole department through the long
// connection with no app settings: the invitation card is pushed, the
// contact answers the seed report and submits (every tenth message
// redelivered by the gateway, applied once), the editor confirms every
// section by clicking its card (each card updated on the click's req_id),
// the coordinator and contact are told, and the coordinator's 导出 comes
// as a file through the chunked upload.
func TestLongConnDepartment(t *testing.T) {
	tag := storetest.RandomID("")
	contact, editor, coord := "zs"+tag, "ed"+tag, "co"+tag
	x := startLongConn(t, fmt.Sprintf(lcRosterFmt, tag), 1)
	svc, ctx := x.apps[0], context.Background()
	form, seed := seedtest.Load(t)
	r, err := svc.Rounds.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: bottest.Monday.AddDate(0, 1, 0), Coordinator: "区司法局 陈统筹"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Rounds.Start(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	if inv := x.waitFor(contact, "开始填报"); inv[0].Via != "send" || inv[0].Type != "template_card" {
		t.Errorf("invitation: %+v", inv[0])
	}
	for i, s := range seedtest.Transcript(t, form, seed) {
		id, got := x.say(contact, s.Text)
		if !strings.Contains(got, s.Expect) {
			t.Fatalf("step %d %q: answer %q lacks %q", i, s.Text, got, s.Expect)
		}
		if i%10 == 5 {
			x.g.Redeliver(id) // WeCom delivers it again: answered, not applied
			bottest.Eventually(10*time.Second, func() bool { return x.g.Unanswered() == 0 })
		}
	}
	a, err := x.st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	seedtest.Check(t, form, seed, a)
	exactlyOnce(t, x.st, ref, form, seed)

	// Drafting runs as a job; each section reaches the editor as a card.
	var keys []string
	for _, s := range form.Sections {
		keys = append(keys, "稿件确认 "+ref.String()+"#"+s.ID)
	}
	msgs := x.waitFor(editor, keys...)
	tasks := map[string]string{} // button key → the card's task_id
	for _, m := range msgs {
		for _, b := range m.Card.Buttons {
			tasks[b.Key] = m.Card.TaskID
		}
	}
	for _, k := range keys {
		x.g.Click(editor, k, tasks[k])
	}
	x.waitFor(editor, "全部章节均已确认")
	x.waitFor(coord, "各章节已全部审定")
	x.waitFor(contact, "各章节已全部审定")
	updates := 0
	for _, m := range x.g.Messages(editor) {
		if m.Via == "update" && strings.HasPrefix(m.Text, "已由"+editor+"确认") {
			updates++
		}
	}
	if updates != len(form.Sections) {
		t.Errorf("%d cards updated on the click's req_id, want %d", updates, len(form.Sections))
	}
	// The coordinator's export arrives as a file.
	x.say(coord, "导出")
	var file wecomtest.BotMessage
	bottest.Eventually(20*time.Second, func() bool {
		for _, m := range x.g.Messages(coord) {
			if m.Type == "file" {
				file = m
				return true
			}
		}
		return false
	})
	if f, ok := x.g.Media(file.MediaID); !ok || !strings.HasSuffix(f.Name, ".xlsx") || len(f.Data) < 1000 {
		t.Errorf("export: %+v %q %d bytes", file, f.Name, len(f.Data))
	}
}

// TestLongConnFailover: two replicas; the one holding the connection dies
// mid-conversation (its socket cut, its lease left to expire). The other
// takes over within seconds, the messages sent meanwhile are delivered to
// it, and every answer is stored exactly once.
func TestLongConnFailover(t *testing.T) {
	tag := storetest.RandomID("")
	contact := "zs" + tag
	x := startLongConn(t, fmt.Sprintf(lcRosterFmt, tag), 2)
	form, seed := seedtest.Load(t)
	r := storetest.Round(t, x.st, form, seedtest.Dept("zfb"+tag, "宽城区政府办", contact))
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag}
	holder, standby := x.apps[0], x.apps[1]
	if err := standby.LongConn.Ping(context.Background()); err != nil || standby.LongConn.Connected() {
		t.Fatalf("the second replica should stand by, ready: %v", err)
	}
	steps := seedtest.Transcript(t, form, seed)
	for i, s := range steps {
		if i == len(steps)/2 {
			// Kill the holder with the next message already on its way.
			id := x.g.Text(contact, s.Text)
			holder.LongConn.Abandon()
			start := time.Now()
			if got := x.answer(id); !strings.Contains(got, s.Expect) {
				t.Fatalf("step %d across the failover: %q", i, got)
			}
			if !standby.LongConn.Connected() || time.Since(start) > 6*time.Second {
				t.Errorf("takeover: connected %v after %s", standby.LongConn.Connected(), time.Since(start))
			}
			continue
		}
		if _, got := x.say(contact, s.Text); !strings.Contains(got, s.Expect) {
			t.Fatalf("step %d %q: %q lacks %q", i, s.Text, got, s.Expect)
		}
	}
	a, err := x.st.Assignment(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	seedtest.Check(t, form, seed, a)
	exactlyOnce(t, x.st, ref, form, seed)
	if n := x.g.Subscribes(); n != 2 {
		t.Errorf("%d subscribes, want 2 (one per holder)", n)
	}
}

// TestLongConnDemo runs `demo -channel longconn`'s simulator: the sample
// contact's invitation card arrives through the fake gateway, and what
// they type is answered on the long connection.
func TestLongConnDemo(t *testing.T) {
	d, err := newDemo(context.Background(), func(string) string { return "" }, slog.New(slog.NewTextHandler(io.Discard, nil)), demoLongConn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.stop()
	srv := httptest.NewServer(d.handler)
	defer srv.Close()
	d.attach(srv.URL)
	if res, _ := http.Get(srv.URL + "/wecom/callback"); res == nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("the long-connection demo serves a callback URL")
	}
	bubbles := func() string {
		res, err := http.Get(srv.URL + "/sim/zhangsan/messages")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if !bottest.Eventually(20*time.Second, func() bool { return strings.Contains(bubbles(), "开始填报") }) {
		t.Fatalf("no invitation in the simulator: %s", bubbles())
	}
	res, err := http.Post(srv.URL+"/sim/zhangsan/send", "application/json", strings.NewReader(`{"Text":"开始"}`))
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("send: %v %v", err, res)
	}
	if got := bubbles(); !strings.Contains(got, "您好") || !strings.Contains(got, "第 1/") {
		t.Errorf("the simulator shows no answer: %s", got)
	}
}
