package rounds

import (
	"testing"
	"time"

	"reportbot/bot"
)

// TestRemindSlots: slots are stable per department, between 09:07 and
// 10:53, never on the hour or half hour, and moved off weekends.
func TestRemindSlots(t *testing.T) {
	p := DefaultReminderPlan()
	day := time.Date(2025, 12, 13, 0, 0, 0, 0, bot.CST) // a Saturday
	if got := p.nextAllowedDay(day).Weekday(); got != time.Monday {
		t.Errorf("Saturday moved to %s", got)
	}
	minutes := map[int]bool{}
	for i := range 200 {
		ref := bot.AssignmentRef{Round: "r", Dept: string(rune('a'+i%26)) + string(rune('a'+i/26))}
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
	if p.allowed(time.Date(2025, 12, 15, 21, 5, 0, 0, bot.CST)) || p.allowed(time.Date(2025, 12, 15, 7, 59, 0, 0, bot.CST)) || !p.allowed(time.Date(2025, 12, 15, 8, 0, 0, 0, bot.CST)) {
		t.Error("quiet hours are wrong")
	}
}

// TestRemindQuietHoursNextSend: the first sending moment after a quiet
// time, across nights and weekends, and the words that describe the quiet
// hours.
func TestRemindQuietHoursNextSend(t *testing.T) {
	p := DefaultReminderPlan()
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, bot.CST) } // 12-05 is a Saturday
	for _, c := range []struct{ now, want time.Time }{
		{at(5, 1, 0), at(7, 8, 0)},     // Saturday night → Monday 08:00
		{at(7, 7, 59), at(7, 8, 0)},    // Monday before eight
		{at(7, 10, 30), at(7, 10, 30)}, // inside the hours: now
		{at(7, 21, 0), at(8, 8, 0)},    // Monday evening → Tuesday
		{at(4, 22, 15), at(7, 8, 0)},   // Friday night → Monday
	} {
		if got := p.NextSend(c.now); !got.Equal(c.want) {
			t.Errorf("NextSend(%s) = %s, want %s", c.now.Format("Mon 15:04"), got.Format("Mon 15:04"), c.want.Format("Mon 15:04"))
		}
	}
	if got := p.QuietText(); got != "晚 9 点至早 8 点及周末、节假日" {
		t.Errorf("QuietText = %q", got)
	}
	if got := bot.FormatWhen(at(7, 8, 0)); got != "12月7日（周一）08:00" {
		t.Errorf("FormatWhen = %q", got)
	}
	p.AllowWeekends = true
	if got := p.NextSend(at(5, 1, 0)); !got.Equal(at(5, 8, 0)) {
		t.Errorf("with weekends: %s", got)
	}
}
