package bot

import (
	"strings"
	"testing"
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
		{"id: sfj", "id: zfb", `roster line 7: department id "zfb" is repeated`},
		{"id: sfj", "id: s/fj", `roster line 7: department id "s/fj"`},
		{"name: 区司法局", "name: \"\"", "roster line 7: department sfj has no name"},
		{"[zhaoliu]", "[zhaoliu, zhaoliu]", "roster line 7: department sfj lists contact"},
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
		{"dept_id,role\nzfb,contact\n", "column user is missing"},
		{"dept_id,dept_name,role,user,phone\n", `unknown column "phone"`},
		{"dept_id,dept_name,role,user\nzfb,区政府办,contact,zs\nzfb,区政府办,contact,zs\n", "line 3: department zfb lists contact \"zs\" twice"},
		{"dept_id,dept_name,role,user\n,,contact,zs\n", "line 2: contact \"zs\" belongs to no department"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,contact,zs\nzfb,政府办,contact,ls\n", "line 3: department zfb is named"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,boss,zs\n", "line 2: unknown role"},
		{"dept_id,dept_name,role,user\nzfb,区政府办,head,zs\n", "department zfb (区政府办) has no contact"},
		{"dept_id,dept_name,wecom_dept_id,role,user\nzfb,区政府办,二,contact,zs\n", "line 2: WeCom department id"},
	} {
		if _, err := LoadRosterCSV([]byte(c.csv)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.csv, err, c.want)
		}
	}
}
