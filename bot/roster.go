package bot

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Roster is who is who: departments with their kinds, contacts and head,
// the users with office-wide roles, and people's names. It lives in Redis
// (edited in the console, imported from YAML or CSV, synced from WeCom's
// address book); REPORTBOT_ROSTER seeds it.
type Roster struct {
	Departments  []Department `yaml:"departments" json:"departments"`
	Coordinators []string     `yaml:"coordinators" json:"coordinators"`
	Editors      []string     `yaml:"editors" json:"editors"`
	Admins       []string     `yaml:"admins" json:"admins"`
	// Names maps user ids to people's names, shown wherever a person is.
	Names map[string]string `yaml:"names,omitempty" json:"names,omitempty"`
}

// Role is what a person may do: fill in their departments' answers
// (contact), review them (head), run rounds (coordinator), review drafts
// (editor), or all of the office-wide ones (admin).
type Role string

// Roles.
const (
	RoleContact     Role = "contact"
	RoleHead        Role = "head"
	RoleCoordinator Role = "coordinator"
	RoleEditor      Role = "editor"
	RoleAdmin       Role = "admin"
)

// Label names the role in Chinese.
func (r Role) Label() string {
	return map[Role]string{RoleContact: "填报人", RoleHead: "部门负责人", RoleCoordinator: "统筹人", RoleEditor: "审稿人", RoleAdmin: "管理员"}[r]
}

// Has reports whether user holds role in the roster. Admins hold the
// coordinator's role too. A nil roster holds no one.
func (r *Roster) Has(role Role, user string) bool {
	if r == nil || user == "" {
		return false
	}
	switch role {
	case RoleCoordinator:
		return slices.Contains(r.Coordinators, user) || slices.Contains(r.Admins, user)
	case RoleEditor:
		return slices.Contains(r.Editors, user)
	case RoleAdmin:
		return slices.Contains(r.Admins, user)
	case RoleContact, RoleHead:
		for _, d := range r.Departments {
			if (role == RoleContact && slices.Contains(d.Contacts, user)) || (role == RoleHead && d.Head == user) {
				return true
			}
		}
	}
	return false
}

// Name returns a person's name, or their user id when the roster has none.
func (r *Roster) Name(user string) string {
	if r != nil {
		if n := r.Names[user]; n != "" {
			return n
		}
	}
	return user
}

// Label writes a person as users should see them: 张三（zhangsan）, or the
// id alone when no name is known.
func (r *Roster) Label(user string) string {
	if n := r.Name(user); n != user {
		return n + "（" + user + "）"
	}
	return user
}

// Department returns the roster's department id, or nil.
func (r *Roster) Department(id string) *Department {
	if r == nil {
		return nil
	}
	for i := range r.Departments {
		if r.Departments[i].ID == id {
			return &r.Departments[i]
		}
	}
	return nil
}

var rosterID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Problem is one thing wrong in a roster or a form, at a line of its file
// (0 when the line is not known).
type Problem struct {
	Line int
	Text string // Chinese
}

// String writes the problem as 第 12 行：….
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("第 %d 行：%s", p.Line, p.Text)
	}
	return p.Text
}

// Problems are every problem found in a file; as an error they read as
// one message per line.
type Problems []Problem

// Error implements the error interface.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// LoadRoster decodes and checks a roster written in YAML. Every problem is
// reported, in Chinese with its line: 第 12 行：部门编号“zfb”重复。
func LoadRoster(data []byte) (*Roster, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{{Text: "不是有效的 YAML：" + err.Error()}}
	}
	var r Roster
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, Problems{{Text: "名单格式有误：" + err.Error()}}
	}
	if ps := r.check(departmentLines(&doc)); len(ps) > 0 {
		return nil, ps
	}
	return &r, nil
}

// Validate checks a roster as edited in the console: every problem, in
// Chinese.
func (r *Roster) Validate() error {
	if ps := r.check(nil); len(ps) > 0 {
		return &Error{Code: EInvalid, Message: ps.Error(), Err: ps}
	}
	return nil
}

// check lists the roster's problems; lines[i] is the line of department
// i, when known.
func (r *Roster) check(lines []int) Problems {
	var ps Problems
	line := func(i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	seenDept := map[string]bool{}
	for i, d := range r.Departments {
		switch {
		case !rosterID.MatchString(d.ID):
			ps = append(ps, Problem{line(i), fmt.Sprintf("部门编号“%s”只能由字母、数字、- 和 _ 组成", d.ID)})
		case seenDept[d.ID]:
			ps = append(ps, Problem{line(i), fmt.Sprintf("部门编号“%s”重复", d.ID)})
		}
		seenDept[d.ID] = true
		if strings.TrimSpace(d.Name) == "" {
			ps = append(ps, Problem{line(i), fmt.Sprintf("部门“%s”没有名称", d.ID)})
		}
		seenUser := map[string]bool{}
		for _, u := range d.Contacts {
			if u == "" || seenUser[u] {
				ps = append(ps, Problem{line(i), fmt.Sprintf("部门“%s”的填报人“%s”为空或重复", d.ID, u)})
			}
			seenUser[u] = true
		}
	}
	for _, role := range []struct {
		role  Role
		users []string
	}{{RoleCoordinator, r.Coordinators}, {RoleEditor, r.Editors}, {RoleAdmin, r.Admins}} {
		seen := map[string]bool{}
		for _, u := range role.users {
			if u == "" || seen[u] {
				ps = append(ps, Problem{0, fmt.Sprintf("%s“%s”为空或重复", role.role.Label(), u)})
			}
			seen[u] = true
		}
	}
	return ps
}

// Covers reports whether round r collects from any of the roster's
// departments (an installation may keep rounds of an older roster). An
// empty or missing roster covers every round.
func (r *Roster) Covers(round *Round) bool {
	if r == nil || len(r.Departments) == 0 {
		return true
	}
	for _, d := range round.Departments {
		if r.Department(d.ID) != nil {
			return true
		}
	}
	return false
}

// departmentLines returns the line of each departments entry.
func departmentLines(doc *yaml.Node) []int {
	var out []int
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "departments" {
			for _, d := range m.Content[i+1].Content {
				out = append(out, d.Line)
			}
		}
	}
	return out
}

// Marshal writes the roster as YAML.
func (r *Roster) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Summary describes what a roster holds, for `roster check` and the
// console's import preview: departments by kind, people by role.
func (r *Roster) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "共 %d 个部门", len(r.Departments))
	byKind := map[string][]string{}
	for _, d := range r.Departments {
		kinds := d.Kinds
		if len(kinds) == 0 {
			kinds = []string{"未分类"}
		}
		for _, k := range kinds {
			byKind[k] = append(byKind[k], d.Name)
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n  %s（%d）：%s", k, len(byKind[k]), strings.Join(byKind[k], "、"))
	}
	contacts, heads := 0, 0
	for _, d := range r.Departments {
		contacts += len(d.Contacts)
		if d.Head != "" {
			heads++
		}
	}
	fmt.Fprintf(&b, "\n填报人 %d 人，部门负责人 %d 人，统筹人 %d 人，审稿人 %d 人，管理员 %d 人", contacts, heads,
		len(r.Coordinators), len(r.Editors), len(r.Admins))
	for _, role := range []struct {
		label string
		users []string
	}{{"统筹人", r.Coordinators}, {"审稿人", r.Editors}, {"管理员", r.Admins}} {
		if len(role.users) > 0 {
			names := make([]string, len(role.users))
			for i, u := range role.users {
				names[i] = r.Label(u)
			}
			fmt.Fprintf(&b, "\n  %s：%s", role.label, strings.Join(names, "、"))
		}
	}
	return b.String()
}

// DirectoryDept is one department of WeCom's address book with its members.
type DirectoryDept struct {
	WeComID int
	Name    string
	Leaders []string
	Members []string
	Names   map[string]string // user id → name
}

// MergeDirectory folds WeCom's address book into the roster. Departments
// are matched by WeCom id; a known department gets WeCom's member list and
// keeps every hand-set field (name, kinds, contacts, head); a new one is
// added as "wx<id>" with its leaders as head and contacts. People's names
// come along. It returns how many departments were added and updated.
func (r *Roster) MergeDirectory(dir []DirectoryDept) (added, updated int) {
	byWeCom := map[int]int{}
	for i, d := range r.Departments {
		if d.WeComID != 0 {
			byWeCom[d.WeComID] = i
		}
	}
	for _, w := range dir {
		for u, n := range w.Names {
			if n == "" {
				continue
			}
			if r.Names == nil {
				r.Names = map[string]string{}
			}
			r.Names[u] = n
		}
		members := append([]string(nil), w.Members...)
		sort.Strings(members)
		if i, ok := byWeCom[w.WeComID]; ok {
			r.Departments[i].Members = members
			updated++
			continue
		}
		d := Department{ID: fmt.Sprintf("wx%d", w.WeComID), Name: w.Name, WeComID: w.WeComID, Members: members,
			Contacts: append([]string(nil), w.Leaders...)}
		if len(w.Leaders) > 0 {
			d.Head = w.Leaders[0]
		}
		r.Departments = append(r.Departments, d)
		added++
	}
	return added, updated
}

// Clone returns a deep copy, to edit without touching the roster in use.
func (r *Roster) Clone() *Roster {
	c := &Roster{Coordinators: slices.Clone(r.Coordinators), Editors: slices.Clone(r.Editors), Admins: slices.Clone(r.Admins)}
	for _, d := range r.Departments {
		d.Kinds, d.Contacts, d.Members = slices.Clone(d.Kinds), slices.Clone(d.Contacts), slices.Clone(d.Members)
		c.Departments = append(c.Departments, d)
	}
	if r.Names != nil {
		c.Names = make(map[string]string, len(r.Names))
		for k, v := range r.Names {
			c.Names[k] = v
		}
	}
	return c
}

// Merge returns a copy of r with part folded in, as a coordinator expects
// of a file listing only some departments: each department part lists
// replaces r's of the same id (name, kinds, contacts, head; what part
// leaves empty — a file giving a new head only — stays, as do its WeCom id
// and members) or is added; departments part does not list stay as they
// are; people part gives an office-wide role gain it (nobody loses one);
// names part gives are set.
func (r *Roster) Merge(part *Roster) *Roster {
	out := r.Clone()
	for _, d := range part.Clone().Departments {
		cur := out.Department(d.ID)
		if cur == nil {
			out.Departments = append(out.Departments, d)
			continue
		}
		if d.WeComID == 0 {
			d.WeComID = cur.WeComID
		}
		if len(d.Members) == 0 {
			d.Members = cur.Members
		}
		if len(d.Contacts) == 0 {
			d.Contacts = cur.Contacts
		}
		if d.Head == "" {
			d.Head = cur.Head
		}
		if len(d.Kinds) == 0 {
			d.Kinds = cur.Kinds
		}
		if d.Name == "" {
			d.Name = cur.Name
		}
		*cur = d
	}
	for _, role := range []struct{ to, from *[]string }{{&out.Coordinators, &part.Coordinators}, {&out.Editors, &part.Editors}, {&out.Admins, &part.Admins}} {
		for _, u := range *role.from {
			if !slices.Contains(*role.to, u) {
				*role.to = append(*role.to, u)
			}
		}
	}
	for u, n := range part.Names {
		if n == "" {
			continue
		}
		if out.Names == nil {
			out.Names = map[string]string{}
		}
		out.Names[u] = n
	}
	return out
}
