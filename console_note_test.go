package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"reportbot/bot/seedtest"
	"reportbot/store/storetest"
)

// TestNoteConsoleDeptPage: a remark typed after a figure, sent through the
// encrypted callback, is echoed as the answer's note and shown beside the
// answer on the console's department page.
func TestNoteConsoleDeptPage(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: a%[1]s\n    name: 区政府办\n    contacts: [ca%[1]s]\ncoordinators: [co%[1]s]\n", tag), nil)
	form, _ := seedtest.Load(t)
	r := storetest.Round(t, live.st, form, seedtest.Dept("a"+tag, "区政府办", "ca"+tag))
	live.client.Text("ca"+tag, "n1", "开始")
	live.client.Text("ca"+tag, "n2", "全区性会议同比减少43%，主要是合并了例会")
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	code, page := coord.get("/console/rounds/" + r.ID + "/depts/a" + tag)
	if code != 200 || !strings.Contains(page, "43%（备注：主要是合并了例会）") {
		t.Errorf("department page: %d, note not shown: %.2000s", code, page)
	}
}

// TestOtherDataConsoleDeptPage: a figure no question asks for, sent with
// an answer through the encrypted callback and confirmed, is listed on the
// console's department page as 其他数据 of its section (label, figure,
// unit and the contact's words), apart from the answers' table.
func TestOtherDataConsoleDeptPage(t *testing.T) {
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments:\n  - id: a%[1]s\n    name: 区政府办\n    contacts: [ca%[1]s]\ncoordinators: [co%[1]s]\n", tag), nil)
	form, _ := seedtest.Load(t)
	r := storetest.Round(t, live.st, form, seedtest.Dept("a"+tag, "区政府办", "ca"+tag))
	q := r.FormFor("a" + tag).Question("pre_meeting_study")
	live.client.Text("ca"+tag, "o1", "开始")
	live.client.Text("ca"+tag, "o2", "修改 "+strconv.Itoa(q.Number))
	live.client.Text("ca"+tag, "o3", "组织常务会会前学法15次，另外开展消防检查6次")
	live.client.Text("ca"+tag, "o4", "是")
	coord := signIn(t, live.srv.URL, live.svc, "co"+tag)
	code, page := coord.get("/console/rounds/" + r.ID + "/depts/a" + tag)
	if code != 200 {
		t.Fatalf("department page: %d", code)
	}
	i := strings.Index(page, `<h3 id="other">其他数据</h3>`)
	if i < 0 {
		t.Fatalf("no 其他数据 on the page: %.3000s", page)
	}
	other := page[i:]
	other = other[:strings.Index(other, "</table>")]
	for _, want := range []string{"一、", "<td>开展消防检查</td>", `<td class="answer">6次</td>`, `<td class="num">6</td>`, "<td>次</td>",
		"另外开展消防检查6次", "问卷中没有对应的题目"} {
		if !strings.Contains(other, want) {
			t.Errorf("其他数据 lacks %q: %s", want, other)
		}
	}
	if answers := page[:i]; strings.Contains(answers, "开展消防检查") || !strings.Contains(answers, "15次") {
		t.Errorf("the answers' table shows the 其他数据 as an answer, or lacks the answer")
	}
}
