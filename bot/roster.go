package bot

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Roster is who is who (REPORTBOT_ROSTER): departments with their contacts
// and head, and the users with office-wide roles.
type Roster struct {
	Departments  []Department `yaml:"departments"`
	Coordinators []string     `yaml:"coordinators"`
	Editors      []string     `yaml:"editors"`
	Admins       []string     `yaml:"admins"`
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

var rosterID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// LoadRoster decodes and validates a roster written in YAML. Errors name
// the line: "roster line 12: department id "zfb" is repeated".
func LoadRoster(data []byte) (*Roster, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	var r Roster
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	lines := departmentLines(&doc)
	seenDept := map[string]bool{}
	for i, d := range r.Departments {
		at := fmt.Sprintf("roster line %d", lines[i])
		switch {
		case !rosterID.MatchString(d.ID):
			return nil, fmt.Errorf("%s: department id %q must be letters, digits, - or _", at, d.ID)
		case seenDept[d.ID]:
			return nil, fmt.Errorf("%s: department id %q is repeated", at, d.ID)
		case d.Name == "":
			return nil, fmt.Errorf("%s: department %s has no name", at, d.ID)
		}
		seenDept[d.ID] = true
		seenUser := map[string]bool{}
		for _, u := range d.Contacts {
			if u == "" || seenUser[u] {
				return nil, fmt.Errorf("%s: department %s lists contact %q twice or empty", at, d.ID, u)
			}
			seenUser[u] = true
		}
	}
	return &r, nil
}

// Covers reports whether round r collects from any of the roster's
// departments (an installation may keep rounds of an older roster). An
// empty or missing roster covers every round.
func (r *Roster) Covers(round *Round) bool {
	if r == nil || len(r.Departments) == 0 {
		return true
	}
	for _, d := range round.Departments {
		for _, x := range r.Departments {
			if x.ID == d.ID {
				return true
			}
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

// DirectoryDept is one department of WeCom's address book with its members.
type DirectoryDept struct {
	WeComID int
	Name    string
	Leaders []string
	Members []string
}

// MergeDirectory folds WeCom's address book into the roster. Departments
// are matched by WeCom id; a known department gets WeCom's member list and
// keeps every hand-set field (name, contacts, head); a new one is added as
// "wx<id>" with its leaders as head and contacts. It returns how many
// departments were added and updated.
func (r *Roster) MergeDirectory(dir []DirectoryDept) (added, updated int) {
	byWeCom := map[int]int{}
	for i, d := range r.Departments {
		if d.WeComID != 0 {
			byWeCom[d.WeComID] = i
		}
	}
	for _, w := range dir {
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
