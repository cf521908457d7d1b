package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/store/storetest"
)

// TestConsoleRoundPageRoundTrips: the coordinator's page of a
// 1,000-department round reads every department's assignment, reminders,
// sections and audit trail in pipelined batches, so it renders in a
// handful of Redis round trips (one by one it took 4,001), counted by the
// store's go-redis hook.
func TestConsoleRoundPageRoundTrips(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil)
	ctx := context.Background()
	r := &bot.Round{ID: "big" + tag, Title: "千部门轮次", Year: 2025, Form: bottest.Form(), Status: bot.RoundOpen,
		Deadline: bottest.Monday.AddDate(0, 1, 0), CreatedAt: bottest.Monday}
	for i := range 1000 {
		r.Departments = append(r.Departments, bot.Department{ID: fmt.Sprintf("d%04d", i), Name: fmt.Sprintf("第%04d部门", i),
			Contacts: []string{fmt.Sprintf("c%s-%04d", tag, i)}})
	}
	if err := live.st.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	before := live.st.RoundTrips()
	code, page := coord.get("/console/rounds/" + r.ID)
	trips := live.st.RoundTrips() - before
	if code != 200 || !strings.Contains(page, "第0999部门") || !strings.Contains(page, "第0000部门") {
		t.Fatalf("round page: %d %.300s", code, page)
	}
	// 4 pipelines for the departments, plus the session, the round and
	// whatever the job workers polled meanwhile.
	if trips > 20 {
		t.Errorf("the round page of 1,000 departments took %d Redis round trips, want a handful (≤ 20)", trips)
	}
	t.Logf("round page of 1,000 departments: %d Redis round trips", trips)
}
