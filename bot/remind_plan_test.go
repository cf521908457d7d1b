package bot

import (
	"testing"
	"time"
)

// TestRemindSlots: slots are stable per department, between 09:07 and
// 10:53, never on the hour or half hour, and moved off weekends.
func TestRemindSlots(t *testing.T) {
	p := DefaultReminderPlan()
	day := time.Date(2025, 12, 13, 0, 0, 0, 0, cst) // a Saturday
	if got := p.nextAllowedDay(day).Weekday(); got != time.Monday {
		t.Errorf("Saturday moved to %s", got)
	}
	minutes := map[int]bool{}
	for i := range 200 {
		ref := AssignmentRef{Round: "r", Dept: string(rune('a'+i%26)) + string(rune('a'+i/26))}
		s := p.slot(day, ref, "before-1")
		if s != p.slot(day, ref, "before-1") {
			t.Fatal("slot is not stable")
		}
		if s.Minute() == 0 || s.Minute() == 30 || s.Hour() < 9 || s.Hour() > 10 {
			t.Errorf("slot %s", s.Format("15:04"))
		}
		minutes[s.Hour()*60+s.Minute()] = true
	}
	if len(minutes) < 50 {
		t.Errorf("200 departments share only %d minutes", len(minutes))
	}
	if p.allowed(time.Date(2025, 12, 15, 21, 5, 0, 0, cst)) || p.allowed(time.Date(2025, 12, 15, 7, 59, 0, 0, cst)) || !p.allowed(time.Date(2025, 12, 15, 8, 0, 0, 0, cst)) {
		t.Error("quiet hours are wrong")
	}
}
