package bot

import (
	"os"
	"testing"
)

// FuzzLoadForm: the form loader never panics, and a form it accepts is
// consistent (every question indexed, every gate and rule pointing at a
// question).
func FuzzLoadForm(f *testing.F) {
	if data, err := os.ReadFile("../prompts/forms/fazhi-annual.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("id: t\ntitle: 表\nversion: \"1\"\nsections:\n  - id: s\n    number: 一\n    heading: 举措\n    questions:\n      - id: q\n        prompt: 多少件？\n        kind: count\n        unit: 件\n        example: 3件\n"))
	f.Add([]byte("id: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return // forms are files an operator writes; the shipped one is 30 KB
		}
		form, err := LoadForm(data)
		if err != nil {
			return
		}
		for _, q := range form.Questions() {
			if form.Question(q.ID) != q {
				t.Fatalf("question %s not indexed", q.ID)
			}
			if q.AskIf != "" && form.Question(q.AskIf) == nil {
				t.Fatalf("gate %s of %s is not a question", q.AskIf, q.ID)
			}
		}
		for _, r := range form.Rules {
			if form.Question(r.Left) == nil || form.Question(r.Right) == nil {
				t.Fatalf("rule %+v names a missing question", r)
			}
		}
	})
}

// FuzzLoadRoster: neither roster loader panics, and a roster it accepts
// has unique department ids and contacts in every department it lists.
func FuzzLoadRoster(f *testing.F) {
	f.Add([]byte(rosterYAML), false)
	f.Add([]byte("dept_id,dept_name,role,user\nzfb,区政府办,contact,zs\n,,coordinator,chen\n"), true)
	f.Add([]byte("\xef\xbb\xbf部门编号,部门名称,角色,用户ID\nzfb,\"区,政府办\",填报人,zs\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		if len(data) > 4<<10 {
			// Long inputs only make the YAML parser slow (deeply nested
			// flow collections), which is not what this target is for.
			return
		}
		var r *Roster
		var err error
		if csv {
			r, err = LoadRosterCSV(data)
		} else {
			r, err = LoadRoster(data)
		}
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, d := range r.Departments {
			if seen[d.ID] || !rosterID.MatchString(d.ID) {
				t.Fatalf("department id %q accepted twice or malformed", d.ID)
			}
			seen[d.ID] = true
			if csv && len(d.Contacts) == 0 {
				t.Fatalf("department %s without contacts", d.ID)
			}
		}
	})
}
