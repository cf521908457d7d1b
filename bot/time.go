package bot

import (
	"fmt"
	"time"
)

// CST is China Standard Time: every time a user reads is shown in it, and
// reminders' quiet hours and working days are reckoned in it.
var CST = time.FixedZone("CST", 8*3600)

// FormatDate writes a date as users read it: 2026年1月15日 (未设定 for the
// zero time).
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return "未设定"
	}
	t = t.In(CST)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FormatTime writes a moment as users read it: 2026年1月15日 09:30 ("" for
// the zero time).
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(CST)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
}

// FormatWhen writes a moment in the coming days as people say it:
// 12月7日（周一）08:00.
func FormatWhen(t time.Time) string {
	t = t.In(CST)
	week := [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[t.Weekday()]
	return fmt.Sprintf("%d月%d日（%s）%02d:%02d", t.Month(), t.Day(), week, t.Hour(), t.Minute())
}
