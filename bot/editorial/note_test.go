package editorial_test

import (
	"encoding/json"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/factlock"
)

// TestNoteReachesWriter: a figure's note is one of the facts the writer
// gets (in the JSON the model reads), and a figure written in the note is
// a source the fact lock accepts.
func TestNoteReachesWriter(t *testing.T) {
	form := &bot.Form{ID: "t", Title: "表", Version: "1", Sections: []bot.Section{{ID: "s1", Number: "一", Heading: "举措", Template: "measures",
		Questions: []bot.Question{{ID: "docs", Prompt: "全年制发文件多少件？", Kind: bot.KindCount, Unit: "件", Example: "381件", Prose: "制发文件{value}"}}}}}
	form.Index()
	q := form.Question("docs")
	a, err := bot.ParseAnswer(q, "全年发文420件，其中以区政府名义发文86件")
	if err != nil {
		t.Fatal(err)
	}
	facts := editorial.SectionFacts(form, 0, map[string]*bot.Answer{"docs": a})
	if len(facts) != 1 || facts[0].Note != "其中以区政府名义发文86件" {
		t.Fatalf("facts = %+v", facts)
	}
	data, _ := json.Marshal(facts)
	if !strings.Contains(string(data), `"note":"其中以区政府名义发文86件"`) {
		t.Errorf("the writer's JSON lacks the note: %s", data)
	}
	lock := factlock.Check("全年制发文件420件，其中以区政府名义发文86件。", facts, facts, 2025)
	if !lock.OK {
		t.Errorf("flags = %+v", lock.Flags)
	}
	facts[0].Note = ""
	if lock := factlock.Check("全年制发文件420件，其中以区政府名义发文86件。", facts, facts, 2025); lock.OK {
		t.Error("86件 passed without the note")
	}
}
