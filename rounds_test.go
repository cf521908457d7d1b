package main

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
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// replica is one serve instance's share of the round machinery, built as
// serve builds it: a job queue with workers sending through the real
// Messenger to the fake WeCom, the reminders and the round admin.
type replica struct {
	jobs      *store.Jobs
	reminders *rounds.Reminders
	admin     *rounds.RoundAdmin
}

func newReplica(t testing.TB, st *store.Store, api *wecomtest.Server, roster *bot.Roster, clock bot.Clock, workers int) *replica {
	t.Helper()
	cfg := serveConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: api.Secret, APIBase: api.URL, Workers: workers,
		Plan: rounds.DefaultReminderPlan()}
	app, err := NewApp(context.Background(), cfg, PartStore|PartWorkers|PartWeCom,
		Options{Clock: clock, Store: st, Roster: roster, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	return &replica{jobs: app.Jobs, reminders: app.Reminders, admin: app.Rounds}
}

// testRoster returns n departments with a contact and a head each, and a
// coordinator; ids are unique to this test.
func testRoster(n int) *bot.Roster {
	tag := storetest.RandomID("")
	r := &bot.Roster{Coordinators: []string{"coord-" + tag}}
	for i := range n {
		r.Departments = append(r.Departments, bot.Department{ID: fmt.Sprintf("d%04d-%s", i, tag), Name: fmt.Sprintf("部门%04d", i),
			Contacts: []string{fmt.Sprintf("c%04d-%s", i, tag)}, Head: fmt.Sprintf("h%04d-%s", i, tag)})
	}
	return r
}

// waitSent waits until the fake WeCom has received n messages.
func waitSent(t testing.TB, api *wecomtest.Server, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(api.Sent()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("fake WeCom received %d of %d messages", len(api.Sent()), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRoundRemindEscalateWeCom starts a 50-department round against the
// fake WeCom and real Redis with two replicas (two reminder tickers, two
// job worker pools), drives ten departments to submission, and advances a
// fake clock from the start to a week past the deadline. It checks who got
// which message and when: invitations once, reminders 3 and 1 days before,
// every working day overdue, the head after 2 days and the coordinator
// after 4, nothing at night or at weekends, nothing twice, nothing to a
// department after it submitted.
func TestRoundRemindEscalateWeCom(t *testing.T) {
	st := storetest.New(t)
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	cst := time.FixedZone("CST", 8*3600)
	clock := bottest.NewClock(time.Date(2025, 12, 1, 10, 0, 0, 0, cst)) // a Monday
	roster := testRoster(50)
	a, b := newReplica(t, st, api, roster, clock, 4), newReplica(t, st, api, roster, clock, 4)
	form, _ := prompts.Form("fazhi-annual")
	ctx := context.Background()
	r, err := a.admin.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度法治政府建设情况报告",
		Year: 2025, Deadline: time.Date(2025, 12, 12, 23, 59, 0, 0, cst)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.admin.Start(ctx, "nope"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("start an unknown round: %v", err)
	}
	started, err := a.admin.Start(ctx, r.ID)
	if err != nil || started.Queued != 50 {
		t.Fatalf("start queued %d invitations: %v", started.Queued, err)
	}
	if _, err := b.admin.Start(ctx, r.ID); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("started twice: %v", err)
	}
	type got struct {
		at   time.Time
		user string
		kind string
		text string
	}
	var log []got
	seen := 0
	collect := func(expect int) {
		waitSent(t, api, expect, 20*time.Second)
		for _, m := range api.Sent()[seen:] {
			kind := m.MsgType
			if strings.Contains(string(m.Raw), "现已开始") {
				kind = "invite"
			}
			log = append(log, got{clock.Now(), m.ToUser, kind + ":" + firstLine(m), m.Text.Content})
		}
		seen = len(api.Sent())
	}
	expect := started.Queued
	collect(expect)
	eng := chat.NewEngine(chat.EngineConfig{Store: st, Clock: clock})
	seed := answerScript(form, "5")
	submitted := map[string]time.Time{}
	end := time.Date(2025, 12, 20, 12, 0, 0, 0, cst)
	for clock.Now().Before(end) {
		if now := clock.Now(); now.Day() == 10 && now.Hour() == 11 && now.Minute() == 0 {
			for i := range 10 {
				u := roster.Departments[i].Contacts[0]
				for j, s := range append(seed, "提交", "确认提交") {
					if _, err := eng.Handle(ctx, bot.Message{User: u, ID: fmt.Sprint("s", j), Text: s}); err != nil {
						t.Fatal(err)
					}
				}
				submitted[u] = now
			}
			for i := range 10 {
				a, _ := st.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: roster.Departments[i].ID})
				if a.Status != bot.Submitted {
					t.Fatalf("department %d is %s after submitting", i, a.Status)
				}
			}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, rep := range []*replica{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// TickRound, not Tick: other tests' rounds share the Redis.
				n, err := rep.reminders.TickRound(ctx, r.ID, clock.Now())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				expect += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		collect(expect)
		clock.Add(30 * time.Minute)
	}
	storetest.Drain(t, a.jobs, 30*time.Second)
	storetest.Drain(t, b.jobs, 30*time.Second)
	if extra := len(api.Sent()) - seen; extra != 0 {
		t.Errorf("%d messages arrived that no tick queued", extra)
	}
	perUser := map[string][]got{}
	twice := map[string]int{}
	for _, g := range log {
		local := g.at.In(cst)
		if h := local.Hour(); h < 8 || h >= 21 {
			t.Errorf("message at night: %+v", g)
		}
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("message at the weekend: %+v", g)
		}
		k := g.user + local.Format("0102") + g.kind
		if twice[k]++; twice[k] > 1 {
			t.Errorf("sent twice: %+v", g)
		}
		perUser[g.user] = append(perUser[g.user], g)
	}
	// A department that never answers: invitation (Mon 1st), before-3 (Tue
	// 9th), before-1 (Thu 11th), overdue Mon 15th to Fri 19th.
	late := roster.Departments[20]
	if msgs := perUser[late.Contacts[0]]; len(msgs) != 8 {
		t.Errorf("a late contact got %d messages, want 8: %+v", len(msgs), msgs)
	}
	head := perUser[late.Head]
	if len(head) != 1 || head[0].at.In(cst).Day() != 15 {
		// Overdue by two days on Sunday the 14th: the head hears on Monday.
		t.Errorf("head told: %+v", head)
	}
	// The coordinator gets one digest of the forty late departments on
	// the 17th, four days overdue.
	// (A digest longer than 2048 bytes arrives as two text messages.)
	var digest strings.Builder
	for _, g := range perUser[roster.Coordinators[0]] {
		if g.at.In(cst).Day() != 17 {
			t.Errorf("coordinator told on the %dth: %s", g.at.In(cst).Day(), g.text)
		}
		digest.WriteString(g.text)
	}
	if n := strings.Count(digest.String(), "· 部门"); n != 40 || strings.Count(digest.String(), "以下 40 个部门仍未提交") != 1 {
		t.Errorf("coordinator digest names %d departments:\n%s", n, digest.String())
	}
	for i := range 10 {
		d := roster.Departments[i]
		for _, g := range perUser[d.Contacts[0]] {
			if g.at.After(submitted[d.Contacts[0]]) {
				t.Errorf("a submitted department was reminded: %+v", g)
			}
		}
		if len(perUser[d.Head]) != 0 {
			t.Errorf("the head of a submitted department was told: %+v", perUser[d.Head])
		}
	}
	p, err := a.admin.Progress(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range p.Depts {
		if d.Dept.ID == late.ID && d.Reminders != 2+5+2 {
			t.Errorf("progress counts %d reminders for the late department, want 9 (2 before, 5 overdue, head, coordinator)", d.Reminders)
		}
	}
}

func firstLine(m wecomtest.Sent) string {
	s := m.Text.Content
	if s == "" {
		s = string(m.Raw)
	}
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 40 {
		line = line[:40]
	}
	return line
}

// BenchmarkRoundStart starts a 1,000-department round against the fake
// WeCom, which answers 45009 (too frequent) to every tenth call, and
// measures the time until every invitation is delivered; it fails on any
// lost or duplicated invitation.
func BenchmarkRoundStart(b *testing.B) {
	st := storetest.New(b)
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	api.FailEvery(10, 45009)
	for range b.N {
		roster := testRoster(1000)
		clock := bottest.NewClock(bottest.Monday)
		rep := newReplica(b, st, api, roster, clock, 32)
		form, _ := prompts.Form("fazhi-annual")
		ctx := context.Background()
		r, err := rep.admin.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度法治政府建设情况报告",
			Year: 2025, Deadline: clock.Now().AddDate(0, 1, 0)})
		if err != nil {
			b.Fatal(err)
		}
		before := len(api.Sent())
		start := time.Now()
		n, err := rep.admin.Start(ctx, r.ID)
		if err != nil || n.Queued != 1000 {
			b.Fatalf("queued %d: %v", n.Queued, err)
		}
		queued := time.Since(start)
		waitSent(b, api, before+1000, 5*time.Minute)
		took := time.Since(start)
		storetest.Drain(b, rep.jobs, time.Minute)
		per := map[string]int{}
		for _, m := range api.Sent()[before:] {
			per[m.ToUser]++
		}
		for _, d := range roster.Departments {
			if c := per[d.Contacts[0]]; c != 1 {
				b.Fatalf("%s got %d invitations", d.Contacts[0], c)
			}
		}
		if len(per) != 1000 {
			b.Fatalf("%d users got messages, want 1000", len(per))
		}
		b.ReportMetric(queued.Seconds(), "s-queued")
		b.ReportMetric(took.Seconds(), "s-delivered")
	}
}
