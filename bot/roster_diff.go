package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RosterChange is one change of the roster, kept in its history: who made
// it, when, how (an edit, an import, a directory sync) and what changed.
type RosterChange struct {
	At    time.Time `json:"at"`
	By    string    `json:"by"`
	How   string    `json:"how"`   // 控制台编辑, 导入 roster.csv, 企业微信通讯录同步…
	Lines []string  `json:"lines"` // from DiffRosters
	// File is the fingerprint of the roster file imported at start-up
	// (REPORTBOT_ROSTER), when the change is that import.
	File string `json:"file,omitempty"`
}

// DiffRosters lists, in Chinese, what changes from old to new: departments
// added, removed or renamed, kinds, contacts, heads, office-wide roles and
// names. An empty list means nothing changes.
func DiffRosters(old, new *Roster) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, d := range new.Departments {
		o := old.Department(d.ID)
		if o == nil {
			add("新增部门“%s”（%s）%s，填报人：%s%s", d.Name, d.ID, kindsText(d.Kinds), people(new, d.Contacts), headText(new, d.Head))
			continue
		}
		if o.Name != d.Name {
			add("部门“%s”改名为“%s”", o.Name, d.Name)
		}
		if !slices.Equal(o.Kinds, d.Kinds) {
			add("“%s”的部门类型由%s改为%s", d.Name, orNone(o.Kinds), orNone(d.Kinds))
		}
		for _, u := range d.Contacts {
			if !slices.Contains(o.Contacts, u) {
				add("“%s”新增填报人 %s", d.Name, new.Label(u))
			}
		}
		for _, u := range o.Contacts {
			if !slices.Contains(d.Contacts, u) {
				add("“%s”移除填报人 %s", d.Name, old.Label(u))
			}
		}
		if o.Head != d.Head {
			switch {
			case d.Head == "":
				add("“%s”不再设部门负责人（原为 %s）", d.Name, old.Label(o.Head))
			case o.Head == "":
				add("“%s”设部门负责人 %s", d.Name, new.Label(d.Head))
			default:
				add("“%s”的部门负责人由 %s 改为 %s", d.Name, old.Label(o.Head), new.Label(d.Head))
			}
		}
	}
	for _, o := range old.Departments {
		if new.Department(o.ID) == nil {
			add("移除部门“%s”（%s）：进行中的轮次保留其已填内容", o.Name, o.ID)
		}
	}
	for _, role := range []struct {
		label    string
		old, new []string
	}{{"统筹人", old.Coordinators, new.Coordinators}, {"审稿人", old.Editors, new.Editors}, {"管理员", old.Admins, new.Admins}} {
		for _, u := range role.new {
			if !slices.Contains(role.old, u) {
				add("新增%s %s", role.label, new.Label(u))
			}
		}
		for _, u := range role.old {
			if !slices.Contains(role.new, u) {
				add("移除%s %s", role.label, old.Label(u))
			}
		}
	}
	renamed := 0
	for u, n := range new.Names {
		if old.Names[u] != n {
			renamed++
		}
	}
	if renamed > 0 {
		add("更新 %d 人的姓名", renamed)
	}
	return out
}

func kindsText(kinds []string) string {
	if len(kinds) == 0 {
		return ""
	}
	return "，类型：" + strings.Join(kinds, "、")
}

func orNone(kinds []string) string {
	if len(kinds) == 0 {
		return "“未分类”"
	}
	return "“" + strings.Join(kinds, "、") + "”"
}

func people(r *Roster, users []string) string {
	if len(users) == 0 {
		return "无"
	}
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = r.Label(u)
	}
	return strings.Join(out, "、")
}

func headText(r *Roster, head string) string {
	if head == "" {
		return ""
	}
	return "，负责人：" + r.Label(head)
}
