package handlers

import (
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/rounds"
)

// TestSchedulePlannedGroups: sends of one time and kind are one row; the
// coordinators' digest naming four departments counts each coordinator
// once, not once per department.
func TestSchedulePlannedGroups(t *testing.T) {
	at := time.Date(2027, 1, 4, 11, 20, 0, 0, bot.CST)
	var ps []rounds.Planned
	for _, d := range []string{"甲", "乙", "丙", "丁"} {
		ps = append(ps, rounds.Planned{At: at, Dept: bot.Department{Name: d}, Kind: "escalate-coordinator", To: []string{"co1"}})
	}
	ps = append(ps, rounds.Planned{At: at.Add(time.Hour), Dept: bot.Department{Name: "甲"}, Kind: "before-1", To: []string{"u1", "u2"}},
		rounds.Planned{At: at.Add(time.Hour), Dept: bot.Department{Name: "乙"}, Kind: "before-1", To: []string{"u3"}})
	got := groupPlanned(ps)
	if len(got) != 2 || got[0].To != 1 || len(got[0].Depts) != 4 || got[1].To != 3 || len(got[1].Depts) != 2 {
		t.Errorf("groups: %+v", got)
	}
}
