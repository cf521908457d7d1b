package bot

import (
	"strings"
	"testing"
	"time"
)

// A notice as news sites carry it: dateline, title, salutation, seven
// items with weekdays in brackets, the closing paragraph and the date it
// was signed. Only the seven items are the arrangement.
const notice2026 = `新华社北京11月4日电 国务院办公厅关于2026年部分节假日安排的通知，全文如下：
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2025年11月4日
来源：新华网 2025-11-04 22:15`

func TestHolidayNoticeParse(t *testing.T) {
	y, err := ParseHolidayNotice(notice2026, 0)
	if err != nil {
		t.Fatal(err)
	}
	if y.Year != 2026 || y.OffDays() != 33 || y.WorkDays() != 6 {
		t.Fatalf("2026: year %d, %d off, %d worked: %+v", y.Year, y.OffDays(), y.WorkDays(), y.Days)
	}
	c := NewCalendar(y)
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, CST)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(10 * time.Hour)
	}
	for date, want := range map[string]bool{
		"2026-10-01": false, "2026-10-07": false, "2026-10-08": true, "2026-10-10": true, "2026-10-11": false,
		"2026-09-20": true, "2026-02-14": true, "2026-02-23": false, "2026-01-04": true, "2026-11-04": true,
		"2026-12-31": true, "2026-12-26": false, "2027-01-01": true, // 2027 not known: a Friday
	} {
		if got := c.Workday(day(date)); got != want {
			t.Errorf("Workday(%s) = %v, want %v", date, got, want)
		}
	}
	if d, ok := c.Day(day("2026-10-10")); !ok || d.Name != "国庆节" || d.Off {
		t.Errorf("10月10日: %+v %v", d, ok)
	}
	if got := c.MissingYears(day("2026-12-01"), day("2027-01-20")); len(got) != 1 || got[0] != 2027 {
		t.Errorf("missing years: %v", got)
	}
	sum := strings.Join(y.Summary(), "\n")
	if !strings.Contains(sum, "国庆节：10月1日至10月7日放假，9月20日、10月10日上班") || !strings.Contains(sum, "清明节：4月4日至4月6日放假") {
		t.Errorf("summary:\n%s", sum)
	}
}

// Notices of other years are written other ways: a single day with 补休,
// 与周末连休, two festivals as one item, a range across the new year with
// the years written, dates typed as 2027-01-01.
func TestHolidayNoticeParseOtherManners(t *testing.T) {
	cases := []struct {
		name, text string
		year       int
		off, work  []string
	}{
		{"补休 and 连休", `国务院办公厅关于2017年部分节假日安排的通知
一、元旦：1月1日放假，1月2日（星期一）补休。
四、劳动节：5月1日放假，与周末连休。
六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。`, 0,
			[]string{"2017-01-01", "2017-01-02", "2017-05-01", "2017-10-01", "2017-10-08"}, []string{"2017-09-30"}},
		{"across the new year", `一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。`, 2019,
			[]string{"2018-12-30", "2018-12-31", "2019-01-01"}, []string{"2018-12-29"}},
		{"typed as dates", "元旦：2027-01-01 至 2027-01-03 放假\n春节：2027年2月6日到2月12日放假；2月20日上班", 2027,
			[]string{"2027-01-01", "2027-01-03", "2027-02-06", "2027-02-12"}, []string{"2027-02-20"}},
		{"full-width digits", `七、国庆节：１０月１日至７日放假调休，共７天。`, 2028, []string{"2028-10-01", "2028-10-07"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			y, err := ParseHolidayNotice(tc.text, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, d := range y.Days {
				got[d.Date] = d.Off
			}
			for _, d := range tc.off {
				if off, ok := got[d]; !ok || !off {
					t.Errorf("%s not read as a holiday: %+v", d, y.Days)
				}
			}
			for _, d := range tc.work {
				if off, ok := got[d]; !ok || off {
					t.Errorf("%s not read as a working day: %+v", d, y.Days)
				}
			}
		})
	}
}

func TestHolidayNoticeRefused(t *testing.T) {
	for text, want := range map[string]string{
		"一、元旦：1月1日放假。":                    "哪一年",
		"2027年放假安排：另行通知":                  "没有读出任何放假日期",
		"2027年春节：2月30日放假":                 "没有2月30日",
		"2027年国庆节：10月1日至7日放假，10月10日。":     "没有写明是放假还是上班",
		"2027年国庆节：10月1日放假；10月1日上班。":       "既写了放假又写了上班",
		"2027年放假安排\n暑假：7月1日至8月31日放假":      "超过 20 天",
		"国务院办公厅关于2027年部分节假日安排的通知\n国务院办公厅": "没有读出任何放假日期",
		"2027年元旦：2017年1月1日放假":             "与2027年的放假安排不符",
	} {
		_, err := ParseHolidayNotice(text, 0)
		if err == nil || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

func TestBuiltinHolidays(t *testing.T) {
	ys := BuiltinHolidays()
	if len(ys) == 0 || ys[0].Year != 2026 || !ys[0].Builtin || ys[0].OffDays() != 33 {
		t.Fatalf("shipped arrangements: %+v", ys)
	}
	var live *LiveCalendar
	if !live.Get().Known(2026) {
		t.Error("a nil live calendar does not hold the shipped years")
	}
	saved := HolidayYear{Year: 2026, Days: []HolidayDay{{Date: "2026-12-31", Off: true, Name: "试"}}}
	if c := WithBuiltin([]HolidayYear{saved}); c.Workday(time.Date(2026, 12, 31, 10, 0, 0, 0, CST)) || !c.Workday(time.Date(2026, 10, 1, 10, 0, 0, 0, CST)) {
		t.Error("a saved year does not replace the shipped one")
	}
}

// FuzzHolidayNotice: whatever is pasted, the reader answers with days or
// a Chinese error, never panics, and every day it returns is a real date
// of the year or its neighbours, not both off and worked.
func FuzzHolidayNotice(f *testing.F) {
	f.Add(notice2026, 0)
	f.Add("一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。", 2019)
	f.Add("元旦：2027-01-01 至 2027-01-03 放假", 2027)
	f.Add("国庆节：１０月１日至７日放假，１０月１０日。", 2026)
	f.Fuzz(func(t *testing.T, text string, year int) {
		y, err := ParseHolidayNotice(text, year)
		if err != nil {
			if ErrorMessage(err) == "" {
				t.Fatalf("an error without a message: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, d := range y.Days {
			at, perr := time.ParseInLocation("2006-01-02", d.Date, CST)
			if perr != nil || seen[d.Date] {
				t.Fatalf("day %q: %v (twice: %v)", d.Date, perr, seen[d.Date])
			}
			seen[d.Date] = true
			if at.Year() < 1900 || at.Year() > 10000 {
				t.Fatalf("day %q out of range for %d", d.Date, y.Year)
			}
		}
		if y.OffDays() == 0 {
			t.Fatal("an arrangement without a holiday was accepted")
		}
	})
}
