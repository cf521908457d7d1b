package bot

import (
	"fmt"
	"testing"
)

// TestRoundDepartmentIndex: a round finds its departments by id the same
// whether indexed or not, and after its department list changed since it
// was indexed (a roster change renames, reorders, adds or drops one).
func TestRoundDepartmentIndex(t *testing.T) {
	r := &Round{}
	for i := range 50 {
		r.Departments = append(r.Departments, Department{ID: fmt.Sprintf("d%02d", i), Name: fmt.Sprintf("部门%d", i)})
	}
	check := func(when string) {
		t.Helper()
		for i := range r.Departments {
			want := &r.Departments[i]
			if got := r.Department(want.ID); got != want {
				t.Errorf("%s: Department(%s) = %+v, want the round's own %+v", when, want.ID, got, want)
			}
		}
		if got := r.Department("nope"); got != nil {
			t.Errorf("%s: an unknown id found %+v", when, got)
		}
	}
	check("before Index")
	r.Index()
	check("indexed")
	r.Departments[3], r.Departments[7] = r.Departments[7], r.Departments[3]
	r.Departments = append(r.Departments[:10], r.Departments[11:]...)
	r.Departments = append(r.Departments, Department{ID: "new", Name: "新部门"})
	check("changed after Index")
	if r.Department("d10") != nil {
		t.Error("a dropped department is still found")
	}
	if got := r.DeptLabel("d07"); got != "部门7" {
		t.Errorf("DeptLabel after a reorder: %s", got)
	}
	var empty Round
	empty.Index()
	if empty.Department("d00") != nil {
		t.Error("an empty round found a department")
	}
}
