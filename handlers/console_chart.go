package handlers

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"reportbot/bot"
)

// chartStatuses are drawn in this order and colour.
var chartStatuses = []struct {
	status bot.AssignmentStatus
	color  string
}{
	{bot.NotStarted, "#9aa5b1"},
	{bot.InProgress, "#2f80ed"},
	{bot.Returned, "#eb5757"},
	{bot.PendingReview, "#f2994a"},
	{bot.Submitted, "#27ae60"},
}

// statusAt replays a department's audit up to t: status changes carry
// their new status; a first answer starts the filling in.
func statusAt(audit []bot.AuditEntry, t time.Time) bot.AssignmentStatus {
	st := bot.NotStarted
	for _, e := range audit {
		if e.At.After(t) {
			break
		}
		switch e.Event {
		case "submit", "approve", "return", "reopen":
			st = bot.AssignmentStatus(e.New)
		case "answer", "na", "skip", "item":
			if st == bot.NotStarted {
				st = bot.InProgress
			}
		}
	}
	return st
}

// progressChart draws, server-side, how many departments stood in each
// status at the end of every day from the round's creation to today (at
// most the last 60 days).
func progressChart(r *bot.Round, audits map[string][]bot.AuditEntry, now time.Time) template.HTML {
	cst := time.FixedZone("CST", 8*3600)
	start := r.CreatedAt.In(cst)
	day0 := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, cst)
	end := now.In(cst)
	var days []time.Time
	for d := day0; !d.After(end); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	if len(days) > 60 {
		days = days[len(days)-60:]
	}
	if len(days) < 2 {
		days = append([]time.Time{day0.AddDate(0, 0, -1)}, days...)
	}
	counts := make([]map[bot.AssignmentStatus]int, len(days))
	for i, d := range days {
		at := d.AddDate(0, 0, 1).Add(-time.Second)
		if at.After(now) {
			at = now
		}
		counts[i] = map[bot.AssignmentStatus]int{}
		for _, dep := range r.Departments {
			counts[i][statusAt(audits[dep.ID], at)]++
		}
	}
	const w, h, left, bottom, top, right = 640, 230, 40, 40, 16, 12
	n := len(r.Departments)
	if n == 0 {
		n = 1
	}
	x := func(i int) float64 { return left + float64(i)*float64(w-left-right)/float64(len(days)-1) }
	y := func(c int) float64 { return float64(h-bottom) - float64(c)*float64(h-bottom-top)/float64(n) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="各状态部门数随时间的变化">`, w, h)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ccc"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ccc"/>`, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%.0f" class="axis" text-anchor="end">%d</text>`, left-6, y(n)+4, n)
	fmt.Fprintf(&b, `<text x="%d" y="%.0f" class="axis" text-anchor="end">0</text>`, left-6, y(0)+4)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%s</text>`, left, h-bottom+16, days[0].Format("1月2日"))
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis" text-anchor="end">%s</text>`, w-right, h-bottom+16, days[len(days)-1].Format("1月2日"))
	for k, s := range chartStatuses {
		var pts []string
		for i := range days {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(counts[i][s.status])))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"><title>%s</title></polyline>`,
			s.color, strings.Join(pts, " "), template.HTMLEscapeString(s.status.Label()))
		lx := left + k*110
		last := counts[len(counts)-1][s.status]
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" class="legend">%s %d</text>`,
			lx, h-14, s.color, lx+14, h-5, template.HTMLEscapeString(s.status.Label()), last)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and fixed, escaped labels only
}
