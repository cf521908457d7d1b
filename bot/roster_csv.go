package bot

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// LoadRosterCSV reads a roster exported from a spreadsheet: one row per
// person and role, with a header row naming the columns in English or
// Chinese (order free, UTF-8, an Excel BOM is fine):
//
//	dept_id,dept_name,wecom_dept_id,kinds,role,user
//	部门编号,部门名称,企业微信部门ID,部门类型,角色,用户ID
//
// kinds/部门类型 (optional) lists the department's kinds, separated by 、
// or a comma: 司法行政、行政执法.
//
// role is contact/填报人, head/负责人, coordinator/统筹人, editor/编辑 or
// admin/管理员; the department columns are needed for contacts and heads
// only. A department's name and WeCom id come from its first row. Errors
// name the line: "roster.csv line 7: …".
func LoadRosterCSV(data []byte) (*Roster, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.TrimLeadingSpace = true
	header, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("roster.csv: no header row: %w", err)
	}
	col := map[string]int{}
	names := map[string]string{"dept_id": "dept_id", "部门编号": "dept_id", "dept_name": "dept_name", "部门名称": "dept_name",
		"wecom_dept_id": "wecom_dept_id", "企业微信部门id": "wecom_dept_id", "role": "role", "角色": "role",
		"user": "user", "用户id": "user", "userid": "user", "kinds": "kinds", "部门类型": "kinds", "类型": "kinds"}
	for i, h := range header {
		key, ok := names[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			return nil, fmt.Errorf("roster.csv line 1: unknown column %q (use dept_id, dept_name, wecom_dept_id, kinds, role, user)", h)
		}
		col[key] = i
	}
	for _, need := range []string{"dept_id", "role", "user"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("roster.csv line 1: column %s is missing", need)
		}
	}
	get := func(rec []string, key string) string {
		if i, ok := col[key]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	r := &Roster{}
	index := map[string]int{}
	seenRole := map[string]bool{}
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("roster.csv: %w", err)
		}
		line, _ := rd.FieldPos(0)
		at := fmt.Sprintf("roster.csv line %d", line)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		user, role, deptID := get(rec, "user"), roleName(get(rec, "role")), get(rec, "dept_id")
		if user == "" {
			return nil, fmt.Errorf("%s: the user id is empty", at)
		}
		switch role {
		case "coordinator", "editor", "admin":
			if seenRole[role+"\x00"+user] {
				return nil, fmt.Errorf("%s: %s %q is listed twice", at, role, user)
			}
			seenRole[role+"\x00"+user] = true
			switch role {
			case "coordinator":
				r.Coordinators = append(r.Coordinators, user)
			case "editor":
				r.Editors = append(r.Editors, user)
			default:
				r.Admins = append(r.Admins, user)
			}
			continue
		case "contact", "head":
		default:
			return nil, fmt.Errorf("%s: unknown role %q (use contact/填报人, head/负责人, coordinator/统筹人, editor/编辑, admin/管理员)", at, get(rec, "role"))
		}
		if deptID == "" {
			return nil, fmt.Errorf("%s: %s %q belongs to no department (dept_id is empty)", at, role, user)
		}
		if !rosterID.MatchString(deptID) {
			return nil, fmt.Errorf("%s: department id %q must be letters, digits, - or _", at, deptID)
		}
		i, ok := index[deptID]
		if !ok {
			d := Department{ID: deptID, Name: get(rec, "dept_name"), Kinds: splitKinds(get(rec, "kinds"))}
			if d.Name == "" {
				return nil, fmt.Errorf("%s: department %s has no name", at, deptID)
			}
			if w := get(rec, "wecom_dept_id"); w != "" {
				n, err := strconv.Atoi(w)
				if err != nil {
					return nil, fmt.Errorf("%s: WeCom department id %q is not a number", at, w)
				}
				d.WeComID = n
			}
			r.Departments = append(r.Departments, d)
			i = len(r.Departments) - 1
			index[deptID] = i
		} else if name := get(rec, "dept_name"); name != "" && name != r.Departments[i].Name {
			return nil, fmt.Errorf("%s: department %s is named %q here but %q above", at, deptID, name, r.Departments[i].Name)
		}
		d := &r.Departments[i]
		if role == "head" {
			if d.Head != "" && d.Head != user {
				return nil, fmt.Errorf("%s: department %s has two heads (%s and %s)", at, deptID, d.Head, user)
			}
			d.Head = user
			continue
		}
		for _, c := range d.Contacts {
			if c == user {
				return nil, fmt.Errorf("%s: department %s lists contact %q twice", at, deptID, user)
			}
		}
		d.Contacts = append(d.Contacts, user)
	}
	for _, d := range r.Departments {
		if len(d.Contacts) == 0 {
			return nil, fmt.Errorf("roster.csv: department %s (%s) has no contact", d.ID, d.Name)
		}
	}
	return r, nil
}

// roleName maps a role as written in the CSV to its English name.
func roleName(s string) string {
	switch strings.ToLower(s) {
	case "contact", "填报人", "联络人":
		return "contact"
	case "head", "负责人", "部门负责人":
		return "head"
	case "coordinator", "统筹人":
		return "coordinator"
	case "editor", "编辑":
		return "editor"
	case "admin", "管理员":
		return "admin"
	}
	return s
}

// splitKinds reads a cell of department kinds: 司法行政、行政执法.
func splitKinds(cell string) []string {
	return strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune("、,，;；/ ", r) })
}
