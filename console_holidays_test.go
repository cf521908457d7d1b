package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"reportbot/store/storetest"
)

// TestConsoleHolidays: a coordinator sees that next year's public
// holidays are missing, pastes the arrangement, checks the preview and
// saves it; the round's upcoming reminders move at once (a holiday is
// skipped, a Saturday worked in exchange is used); a garbled paste is
// refused in Chinese with the text kept; a saved year can be removed;
// a contact may not see the page. The arrangement below is a test's, not
// the State Council's.
func TestConsoleHolidays(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf(consoleRoster, tag), nil) // the clock reads Monday 30 November 2026
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	page := mustGet(t, coord, "/console/holidays")
	csrf := csrfOf(t, page)
	if !strings.Contains(page, "国庆节：10月1日至10月7日放假，9月20日、10月10日上班") || !strings.Contains(page, "随程序提供") ||
		!strings.Contains(page, `id="missing"`) || !strings.Contains(page, "2027 年的放假安排") {
		t.Fatalf("holidays page: %.1500s", page)
	}

	// A round due Monday 11 January 2027, reminded 2 days before.
	id := "h" + tag
	if code, page := coord.post("/console/rounds/new", url.Values{"csrf": {csrf}, "form": {"fazhi-annual"}, "year": {"2026"},
		"deadline": {"2027-01-11"}, "id": {id}, "kind": {"街道乡镇"}}); code != 200 {
		t.Fatalf("create: %d %.300s", code, page)
	}
	if code, page := coord.post("/console/rounds/"+id+"/schedule", url.Values{"csrf": {csrf}, "before": {"2"}, "overdue": {"0"},
		"esc_head": {"0"}, "esc_coord": {"0"}, "from": {"8"}, "to": {"21"}}); code != 200 || !strings.Contains(page, "2027年1月11日") ||
		!strings.Contains(page, `id="holidays-missing"`) {
		t.Fatalf("schedule before the paste: %d %.300s", code, page[strings.Index(page, "<main>"):])
	}

	notice := "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2027年1月1日（周五）至5日（周二）放假调休，共5天。1月9日（周六）上班。"
	code, page := coord.post("/console/holidays/preview", url.Values{"csrf": {csrf}, "text": {notice}, "year": {""}})
	if code != 200 || !strings.Contains(page, "2027 年放假安排：预览（放假 5 天，调休上班 1 天）") ||
		!strings.Contains(page, "元旦：1月1日至1月5日放假，1月9日上班") {
		t.Fatalf("preview: %d %.1500s", code, page)
	}
	if ys, _ := live.st.HolidayYears(t.Context()); len(ys) != 0 {
		t.Fatal("the preview saved the year")
	}
	code, page = coord.post("/console/holidays/save", url.Values{"csrf": {csrf}, "text": {notice}, "year": {"2027"}})
	if code != 200 || !strings.Contains(page, "2027 年放假安排已保存：放假 5 天，调休上班 1 天") || strings.Contains(page, `id="missing"`) ||
		!strings.Contains(page, "陈统筹 于") {
		t.Fatalf("save: %d %.1500s", code, page)
	}
	// The reminder 2 days before falls on Saturday the 9th, worked.
	page = mustGet(t, coord, "/console/rounds/"+id+"/schedule")
	up := page[strings.Index(page, `id="upcoming"`):]
	up = up[:strings.Index(up, "</table>")]
	if !strings.Contains(up, "2027年1月9日") || strings.Contains(up, "2027年1月11日") || strings.Contains(page, `id="holidays-missing"`) {
		t.Errorf("upcoming after the paste: %.1200s", up)
	}
	code, page = coord.post("/console/holidays/preview", url.Values{"csrf": {csrf}, "text": {"2028年春节：2月30日放假"}})
	if code != http.StatusBadRequest || !strings.Contains(page, "没有2月30日") || !strings.Contains(page, "2028年春节：2月30日放假</textarea>") {
		t.Errorf("a garbled paste: %d %.1200s", code, page)
	}
	code, page = coord.post("/console/holidays/2027/delete", url.Values{"csrf": {csrf}})
	if code != 200 || !strings.Contains(page, "2027 年录入的放假安排已删除") || !strings.Contains(page, `id="missing"`) {
		t.Errorf("delete: %d %.600s", code, page)
	}
	if page := mustGet(t, coord, "/console/rounds/"+id+"/schedule"); !strings.Contains(page, "2027年1月11日 ") || !strings.Contains(page, `id="holidays-missing"`) {
		t.Error("after the delete the reminder still keeps to the deleted year")
	}
	// Contacts and editors cannot change the calendar.
	for _, user := range []string{"zs" + tag, "ed" + tag} {
		b := signIn(t, live.srv.URL, live.svc, user)
		if code, _ := b.get("/console/holidays"); code != http.StatusForbidden {
			t.Errorf("%s opens the holidays page: %d", user, code)
		}
		if code, _ := b.post("/console/holidays/save", url.Values{"csrf": {csrfOf(t, mustGet(t, b, "/console/"))}, "text": {notice}}); code != http.StatusForbidden {
			t.Errorf("%s saves holidays: %d", user, code)
		}
	}
	if ys, _ := live.st.HolidayYears(t.Context()); len(ys) != 0 {
		t.Errorf("years saved by others: %+v", ys)
	}
}
