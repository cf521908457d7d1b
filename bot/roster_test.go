package bot

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const rosterYAML = `departments:
  - id: zfb
    name: 区政府办
    wecom_id: 2
    contacts: [zhangsan, lisi]
    head: wangwu
  - id: sfj
    name: 区司法局
    contacts: [zhaoliu]
coordinators: [chentc]
editors: [liuyi]
`

func TestLoadRoster(t *testing.T) {
	r, err := LoadRoster([]byte(rosterYAML))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Departments) != 2 || r.Departments[0].Head != "wangwu" || r.Coordinators[0] != "chentc" {
		t.Errorf("roster = %+v", r)
	}
	for _, b := range []struct{ from, to, want string }{
		{"id: sfj", "id: zfb", `第 7 行：部门编号“zfb”重复`},
		{"id: sfj", "id: s/fj", `第 7 行：部门编号“s/fj”只能由字母、数字、- 和 _ 组成`},
		{"name: 区司法局", "name: \"\"", "第 7 行：部门“sfj”没有名称"},
		{"[zhaoliu]", "[zhaoliu, zhaoliu]", "第 7 行：部门“sfj”的填报人“zhaoliu”为空或重复"},
		{"editors:", "editor:", "field editor not found"},
	} {
		_, err := LoadRoster([]byte(strings.Replace(rosterYAML, b.from, b.to, 1)))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s → %s: %v, want %q", b.from, b.to, err, b.want)
		}
	}
}

func TestMergeDirectory(t *testing.T) {
	r, _ := LoadRoster([]byte(rosterYAML))
	added, updated := r.MergeDirectory([]DirectoryDept{
		{WeComID: 2, Name: "政府办公室", Members: []string{"zhangsan", "lisi", "new1"}},
		{WeComID: 9, Name: "区财政局", Leaders: []string{"zhouba"}, Members: []string{"zhouba", "x"}},
	})
	if added != 1 || updated != 1 {
		t.Fatalf("added %d updated %d", added, updated)
	}
	zfb := r.Departments[0]
	if zfb.Name != "区政府办" || zfb.Head != "wangwu" || len(zfb.Contacts) != 2 || len(zfb.Members) != 3 {
		t.Errorf("hand-set fields lost: %+v", zfb)
	}
	czj := r.Departments[2]
	if czj.ID != "wx9" || czj.Name != "区财政局" || czj.Head != "zhouba" || czj.Contacts[0] != "zhouba" {
		t.Errorf("new department = %+v", czj)
	}
	out, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadRoster(out)
	if err != nil || len(again.Departments) != 3 {
		t.Errorf("marshalled roster does not load back: %v\n%s", err, out)
	}
}

func TestRosterCSV(t *testing.T) {
	data := "\xef\xbb\xbf部门编号,部门名称,企业微信部门ID,角色,用户ID\n" +
		"zfb,区政府办,2,填报人,zhangsan\n" +
		"zfb,,,填报人,lisi\n" +
		"zfb,区政府办,,负责人,wangwu\n" +
		"sfj,区司法局,3,contact,zhaoliu\n" +
		",,,统筹人,chen\n" +
		",,,editor,bian\n" +
		",,,,\n" +
		",,,管理员,admin1\n"
	r, err := LoadRosterCSV([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Departments) != 2 || r.Departments[0].WeComID != 2 || len(r.Departments[0].Contacts) != 2 ||
		r.Departments[0].Head != "wangwu" || r.Departments[1].Contacts[0] != "zhaoliu" ||
		r.Coordinators[0] != "chen" || r.Editors[0] != "bian" || r.Admins[0] != "admin1" {
		t.Errorf("roster %+v", r)
	}
	for _, c := range []struct{ csv, want string }{
		{"dept_id,role\nzfb,contact\n", "第 1 行：缺少“用户ID”列"},
		{"dept_id,dept_name,role,user,phone\n", `第 1 行：不认识的列“phone”`},
		{"dept_id,dept_name,role,user\nzfb,区政府办,contact,zs\nzfb,区政府办,contact,zs\n", "第 3 行：部门“zfb”的填报人“zs”重复"},
		{"dept_id,dept_name,role,user\n,,contact,zs\n", "第 2 行：填报人“zs”没有填写部门编号"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,contact,zs\nzfb,政府办,contact,ls\n", "第 3 行：部门“zfb”在这里名为“政府办”"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,boss,zs\n", "第 2 行：不认识的角色“boss”"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,head,zs\n", "第 2 行：部门“区政府办”（zfb）没有填报人"},
		{"dept_id,dept_name,wecom_dept_id,role,user\nzfb,区政府办,二,contact,zs\n", "第 2 行：企业微信部门ID“二”不是数字"},
		{"部门编号,部门名称,角色,用户ID,,\nzfb,区政府办,填报人,zs,,13800000000\n", "第 2 行：第 6 列有内容“13800000000”但没有列名"},
	} {
		if _, err := LoadRosterCSV([]byte(c.csv)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.csv, err, c.want)
		}
	}
}

// TestRosterCSVTrailingColumns: Excel often saves empty columns after
// the last one (…,姓名,,) and empty rows (,,,,): they are no problem.
func TestRosterCSVTrailingColumns(t *testing.T) {
	r, err := LoadRosterCSV([]byte("部门编号,部门名称,角色,用户ID,姓名,,\r\nzfb,区政府办,填报人,zs,张三,,\r\n,,,,,,\r\nzfb,区政府办,负责人,ld,李领导,,\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Departments) != 1 || r.Departments[0].Contacts[0] != "zs" || r.Departments[0].Head != "ld" || r.Names["ld"] != "李领导" {
		t.Errorf("roster %+v", r)
	}
}

// TestRosterCSVGBK: a roster saved as CSV by Excel on Chinese Windows is
// GBK; it reads the same as UTF-8, names and kinds included, and every
// problem of a bad file is listed at once.
func TestRosterCSVGBK(t *testing.T) {
	utf := "部门编号,部门名称,部门类型,角色,用户ID,姓名\nsfj,区司法局,司法行政、行政执法,填报人,zhaoliu,赵六\n,,,统筹人,chen,陈统筹\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(utf))
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{[]byte(utf), gbk, append([]byte("\xef\xbb\xbf"), utf...)} {
		r, err := LoadRosterCSV(data)
		if err != nil {
			t.Fatal(err)
		}
		if d := r.Departments[0]; d.Name != "区司法局" || strings.Join(d.Kinds, "|") != "司法行政|行政执法" || r.Name("zhaoliu") != "赵六" || r.Label("chen") != "陈统筹（chen）" {
			t.Errorf("roster from %d bytes: %+v", len(data), r)
		}
	}
	bad := "部门编号,部门名称,角色,用户ID\nzfb,区政府办,boss,zs\nzfb,区政府办,填报人,\n"
	_, err = LoadRosterCSV([]byte(bad))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Line != 2 || ps[1].Line != 3 {
		t.Errorf("every problem of a bad file: %v", err)
	}
}

// TestRosterDiff: what changes between two rosters, in Chinese.
func TestRosterDiff(t *testing.T) {
	old, _ := LoadRoster([]byte(rosterYAML))
	n := old.Clone()
	n.Departments[1].Contacts = append(n.Departments[1].Contacts, "qianqi")
	n.Departments[1].Kinds = []string{"司法行政"}
	n.Departments = append(n.Departments, Department{ID: "jyj", Name: "区教育局", Kinds: []string{"教育"}, Contacts: []string{"wujiu"}})
	n.Departments = n.Departments[1:] // 区政府办 removed
	n.Editors = nil
	n.Names = map[string]string{"qianqi": "钱七"}
	got := strings.Join(DiffRosters(old, n), "\n")
	for _, want := range []string{"“区司法局”新增填报人 钱七（qianqi）", "“区司法局”的部门类型由“未分类”改为“司法行政”",
		"新增部门“区教育局”（jyj），类型：教育，填报人：wujiu", "移除部门“区政府办”（zfb）：进行中的轮次保留其已填内容", "移除审稿人 liuyi"} {
		if !strings.Contains(got, want) {
			t.Errorf("diff lacks %q:\n%s", want, got)
		}
	}
	if d := DiffRosters(old, old.Clone()); len(d) != 0 {
		t.Errorf("no change: %v", d)
	}
}

// TestRosterMerge: a file listing one department changes that one only;
// roles are gained, never lost, by a merge.
func TestRosterMerge(t *testing.T) {
	old, _ := LoadRoster([]byte(rosterYAML))
	part := &Roster{Departments: []Department{{ID: old.Departments[1].ID, Name: old.Departments[1].Name, Contacts: []string{"qianqi"}},
		{ID: "jyj", Name: "区教育局", Contacts: []string{"wujiu"}}}, Coordinators: []string{"sunxin"}, Names: map[string]string{"qianqi": "钱七"}}
	m := old.Merge(part)
	if len(m.Departments) != len(old.Departments)+1 || m.Departments[0].Name != old.Departments[0].Name {
		t.Errorf("departments after merge: %+v", m.Departments)
	}
	if d := m.Department(old.Departments[1].ID); strings.Join(d.Contacts, ",") != "qianqi" {
		t.Errorf("the listed department: %+v", d)
	}
	if len(m.Coordinators) != len(old.Coordinators)+1 || len(m.Editors) != len(old.Editors) || m.Name("qianqi") != "钱七" {
		t.Errorf("roles and names: %+v", m)
	}
	if len(old.Departments[1].Contacts) == 1 && old.Departments[1].Contacts[0] == "qianqi" {
		t.Error("merge changed the original")
	}
	// A file giving a department's new head only: its contacts stay. As a
	// whole roster the same file is refused (the department has no contact).
	csv := []byte("部门编号,部门名称,部门类型,角色,用户ID,姓名\n" + old.Departments[0].ID + "," + old.Departments[0].Name + ",,负责人,wangfz,王负责\n")
	if _, err := ReadRosterFile("名单.csv", csv); err == nil || !strings.Contains(err.Error(), "没有填报人") {
		t.Errorf("a head-only file as a whole roster: %v", err)
	}
	headOnly, err := ReadRosterPart("名单.csv", csv)
	if err != nil {
		t.Fatal(err)
	}
	m = old.Merge(headOnly)
	d := m.Department(old.Departments[0].ID)
	if d.Head != "wangfz" || strings.Join(d.Contacts, ",") != strings.Join(old.Departments[0].Contacts, ",") || d.Name != old.Departments[0].Name ||
		m.Name("wangfz") != "王负责" || m.Validate() != nil {
		t.Errorf("head-only merge: %+v %v", d, m.Validate())
	}
}
