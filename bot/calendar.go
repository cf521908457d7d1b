package bot

import (
	"context"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HolidayDay is one date the State Council's yearly arrangement moves: a
// public holiday (Off) or a weekend day worked in exchange (调休上班).
type HolidayDay struct {
	Date string `json:"date"` // 2026-10-01, China time
	Off  bool   `json:"off"`
	Name string `json:"name,omitempty"` // 国庆节
}

// HolidayYear is one year's arrangement of holidays and exchanged working
// days, as the 国务院办公厅 notice of the year before gives it.
type HolidayYear struct {
	Year int          `json:"year"`
	Days []HolidayDay `json:"days"`
	// Text is what it was read from: the notice as pasted, or the
	// shipped file.
	Text    string    `json:"text,omitempty"`
	Builtin bool      `json:"builtin,omitempty"`
	SavedBy string    `json:"saved_by,omitempty"`
	SavedAt time.Time `json:"saved_at,omitempty"`
}

// OffDays and WorkDays count the year's holidays and exchanged working
// days.
func (y HolidayYear) OffDays() int  { return y.count(true) }
func (y HolidayYear) WorkDays() int { return y.count(false) }

func (y HolidayYear) count(off bool) int {
	n := 0
	for _, d := range y.Days {
		if d.Off == off {
			n++
		}
	}
	return n
}

// Summary writes the arrangement as people read it, one holiday a line:
// 国庆节：10月1日至10月7日放假，9月20日、10月10日上班.
func (y HolidayYear) Summary() []string {
	type group struct {
		name      string
		off, work []string
	}
	var gs []*group
	byName := map[string]*group{}
	for _, d := range y.Days {
		g := byName[d.Name]
		if g == nil {
			g = &group{name: d.Name}
			byName[d.Name] = g
			gs = append(gs, g)
		}
		t, _ := time.ParseInLocation("2006-01-02", d.Date, CST)
		label := fmt.Sprintf("%d月%d日", t.Month(), t.Day())
		if t.Year() != y.Year {
			label = fmt.Sprintf("%d年%s", t.Year(), label)
		}
		if d.Off {
			g.off = append(g.off, label)
		} else {
			g.work = append(g.work, label)
		}
	}
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		var parts []string
		if len(g.off) > 0 {
			parts = append(parts, runText(g.off)+"放假")
		}
		if len(g.work) > 0 {
			parts = append(parts, strings.Join(g.work, "、")+"上班")
		}
		name := g.name
		if name == "" {
			name = "其他"
		}
		out = append(out, name+"："+strings.Join(parts, "，"))
	}
	return out
}

// runText writes consecutive days as 10月1日至10月7日 (they come sorted
// and, within one holiday, consecutive).
func runText(days []string) string {
	if len(days) == 1 {
		return days[0]
	}
	return days[0] + "至" + days[len(days)-1]
}

// Calendar tells working days from rest days in China: Monday to Friday
// work, Saturday and Sunday rest, except as the years it knows move them.
// A nil *Calendar knows no year and only tells weekends.
type Calendar struct {
	days  map[string]HolidayDay
	years map[int]HolidayYear
}

// NewCalendar returns a calendar of the given years; a later year of the
// same number replaces an earlier one (a saved arrangement replaces the
// shipped one).
func NewCalendar(years ...HolidayYear) *Calendar {
	c := &Calendar{days: map[string]HolidayDay{}, years: map[int]HolidayYear{}}
	for _, y := range years {
		c.years[y.Year] = y
	}
	for _, y := range c.years {
		for _, d := range y.Days {
			c.days[d.Date] = d
		}
	}
	return c
}

// Workday reports whether the day of t (China time) is a working day.
func (c *Calendar) Workday(t time.Time) bool {
	t = t.In(CST)
	if c != nil {
		if d, ok := c.days[t.Format("2006-01-02")]; ok {
			return !d.Off
		}
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Day returns the arrangement of t's day, if the calendar moves it.
func (c *Calendar) Day(t time.Time) (HolidayDay, bool) {
	if c == nil {
		return HolidayDay{}, false
	}
	d, ok := c.days[t.In(CST).Format("2006-01-02")]
	return d, ok
}

// Known reports whether the calendar holds year's arrangement.
func (c *Calendar) Known(year int) bool {
	if c == nil {
		return false
	}
	_, ok := c.years[year]
	return ok
}

// Years returns the arrangements the calendar holds, by year.
func (c *Calendar) Years() []HolidayYear {
	if c == nil {
		return nil
	}
	out := make([]HolidayYear, 0, len(c.years))
	for _, y := range c.years {
		out = append(out, y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// MissingYears lists the years from from to to (China time) whose
// arrangement the calendar does not hold.
func (c *Calendar) MissingYears(from, to time.Time) []int {
	var out []int
	for y := from.In(CST).Year(); y <= to.In(CST).Year(); y++ {
		if !c.Known(y) {
			out = append(out, y)
		}
	}
	return out
}

// HolidayStore keeps the arrangements an office enters, by year.
type HolidayStore interface {
	HolidayYears(ctx context.Context) ([]HolidayYear, error)
	SaveHolidayYear(ctx context.Context, y HolidayYear) error
	DeleteHolidayYear(ctx context.Context, year int) error
}

//go:embed holidays/*.txt
var holidayFiles embed.FS

// BuiltinHolidays returns the arrangements shipped with the program (see
// bot/holidays/), read by the same reader as a pasted notice (once: every
// reminder tick asks for them). Callers must not change them.
func BuiltinHolidays() []HolidayYear { return builtinYears() }

var builtinYears = sync.OnceValue(func() []HolidayYear {
	names, _ := holidayFiles.ReadDir("holidays")
	var out []HolidayYear
	for _, n := range names {
		data, err := holidayFiles.ReadFile("holidays/" + n.Name())
		if err != nil {
			panic(err)
		}
		year, _ := strconv.Atoi(strings.TrimSuffix(n.Name(), ".txt"))
		y, err := ParseHolidayNotice(string(data), year)
		if err != nil {
			panic(fmt.Sprintf("bot/holidays/%s: %v", n.Name(), err))
		}
		y.Builtin = true
		out = append(out, y)
	}
	return out
})

// WithBuiltin is the calendar of the shipped arrangements and saved, the
// saved ones replacing the shipped ones of their year.
func WithBuiltin(saved []HolidayYear) *Calendar {
	return NewCalendar(append(slices.Clip(BuiltinHolidays()), saved...)...)
}

// LiveCalendar is the calendar as it stands now, shared by a replica's
// parts and replaced when an office saves a year. A nil or empty
// LiveCalendar holds the shipped arrangements.
type LiveCalendar struct {
	p atomic.Pointer[Calendar]
}

// Get returns the calendar as it stands.
func (l *LiveCalendar) Get() *Calendar {
	if l != nil {
		if c := l.p.Load(); c != nil {
			return c
		}
	}
	return builtinCalendar()
}

// Set replaces the calendar.
func (l *LiveCalendar) Set(c *Calendar) { l.p.Store(c) }

// builtinCalendar is the calendar of the shipped arrangements alone.
var builtinCalendar = sync.OnceValue(func() *Calendar { return NewCalendar(BuiltinHolidays()...) })

// The reader of a holiday notice.
var (
	reParen     = regexp.MustCompile(`[（(][^）)]*[）)]`)
	reISODate   = regexp.MustCompile(`(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})日?`)
	reNoticeYr  = regexp.MustCompile(`(\d{4})\s*年\s*(?:元旦|春节|清明|劳动|端午|中秋|国庆|部分节假日|节假日|放假)`)
	reItemHead  = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])?\s*([^：:，,。；;\d]{1,12})\s*[：:]`)
	reDateRange = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:至|到|—|-|－|~|～)\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日)?`)
)

// ParseHolidayNotice reads a year's arrangement from the text of the
// 国务院办公厅关于 N 年部分节假日安排的通知 as published (or any text in its
// manner: one holiday a line, “10月1日至7日放假调休……9月20日（周日）上班”).
// year is the arrangement's year; 0 takes it from the notice's title.
// Its errors are in Chinese, for the person who pasted the text.
func ParseHolidayNotice(text string, year int) (HolidayYear, error) {
	text = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, text)
	if year == 0 {
		if m := reNoticeYr.FindStringSubmatch(text); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
	}
	if year < 2000 || year > 2100 {
		return HolidayYear{}, Errorf(EInvalid, "没有读出是哪一年的放假安排：请粘贴通知的标题（如“国务院办公厅关于2027年部分节假日安排的通知”），或在“年份”一栏填写年份。")
	}
	days := map[string]HolidayDay{}
	var problems []string
	add := func(t time.Time, off bool, name string) {
		key := t.Format("2006-01-02")
		if d, ok := days[key]; ok && d.Off != off {
			problems = append(problems, fmt.Sprintf("%d月%d日既写了放假又写了上班", t.Month(), t.Day()))
			return
		}
		days[key] = HolidayDay{Date: key, Off: off, Name: name}
	}
	name := ""
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue // a comment of the shipped files
		}
		line = reISODate.ReplaceAllString(line, "${1}年${2}月${3}日")
		line = reParen.ReplaceAllString(line, "")
		if m := reItemHead.FindStringSubmatch(line); m != nil && !strings.ContainsAny(m[1], "月日") {
			name = strings.TrimSpace(m[1])
		}
		// A sentence's dates belong to the keyword after them: “1月1日至3日
		// 放假调休，共3天。1月4日上班。”
		for _, sentence := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune("。；;", r) }) {
			var pending []time.Time
			for _, clause := range strings.FieldsFunc(sentence, func(r rune) bool { return strings.ContainsRune("，,", r) }) {
				for _, m := range reDateRange.FindAllStringSubmatch(clause, -1) {
					ds, err := expandRange(m, year)
					if err != nil {
						problems = append(problems, err.Error())
						continue
					}
					pending = append(pending, ds...)
				}
				off, work := restWord(clause), strings.Contains(clause, "上班")
				switch {
				case work && !strings.Contains(clause, "放假"):
					for _, d := range pending {
						add(d, false, name)
					}
					pending = nil
				case off:
					for _, d := range pending {
						add(d, true, name)
					}
					pending = nil
				}
			}
			// Dates in a sentence that says nothing of rest or work (the
			// notice's own date, a news dateline) are not the arrangement.
			if len(pending) > 0 && (restWord(sentence) || strings.Contains(sentence, "上班")) {
				problems = append(problems, fmt.Sprintf("“%s”中的日期没有写明是放假还是上班", strings.TrimSpace(sentence)))
			}
		}
	}
	if len(problems) > 0 {
		return HolidayYear{}, Errorf(EInvalid, "放假安排没有读懂：%s。请核对后重新粘贴。", strings.Join(problems, "；"))
	}
	offs := 0
	for _, d := range days {
		if d.Off {
			offs++
		}
	}
	if offs == 0 {
		return HolidayYear{}, Errorf(EInvalid, "没有读出任何放假日期。请粘贴通知的正文，如“七、国庆节：10月1日至7日放假调休，共7天。9月20日（周日）、10月10日（周六）上班。”")
	}
	y := HolidayYear{Year: year, Text: strings.TrimSpace(text)}
	for _, d := range days {
		y.Days = append(y.Days, d)
	}
	sort.Slice(y.Days, func(i, j int) bool { return y.Days[i].Date < y.Days[j].Date })
	return y, nil
}

// restWord reports whether s says its dates are rest days: 放假, 调休,
// 补休, 连休, 休息 (but not 节假日 or 带薪年休假 alone).
func restWord(s string) bool {
	for _, w := range []string{"放假", "调休", "补休", "连休", "休息"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// expandRange turns one match of reDateRange into its days: 1月1日, or
// 10月1日至7日, 12月30日至2027年1月1日.
func expandRange(m []string, year int) ([]time.Time, error) {
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	y1 := num(m[1], year)
	if y2 := num(m[4], y1); y1 < year-1 || y1 > year+1 || y2 < year-1 || y2 > year+1 {
		return nil, fmt.Errorf("日期中的年份与%d年的放假安排不符", year)
	}
	start := time.Date(y1, time.Month(num(m[2], 0)), num(m[3], 0), 0, 0, 0, 0, CST)
	if start.Month() != time.Month(num(m[2], 0)) || start.Day() != num(m[3], 0) {
		return nil, fmt.Errorf("没有%s月%s日这一天", m[2], m[3])
	}
	if m[6] == "" {
		return []time.Time{start}, nil
	}
	y2 := num(m[4], y1)
	mo2 := num(m[5], num(m[2], 0))
	end := time.Date(y2, time.Month(mo2), num(m[6], 0), 0, 0, 0, 0, CST)
	if end.Month() != time.Month(mo2) || end.Day() != num(m[6], 0) {
		return nil, fmt.Errorf("没有%d月%s日这一天", mo2, m[6])
	}
	if end.Before(start) {
		// 12月31日至1月2日 within one notice runs into the next year.
		end = end.AddDate(1, 0, 0)
	}
	if end.Sub(start) > 20*24*time.Hour {
		return nil, fmt.Errorf("%s月%s日起的放假超过 20 天，不像是一个节日的安排", m[2], m[3])
	}
	var out []time.Time
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out, nil
}
