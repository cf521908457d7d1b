package bot

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// LoadRosterCSV reads a roster exported from a spreadsheet: one row per
// person and role, with a header row naming the columns in Chinese or
// English (order free). The file may be UTF-8, with or without the BOM
// Excel writes, or GBK, as Excel saves CSV on Chinese Windows:
//
//	部门编号,部门名称,部门类型,企业微信部门ID,角色,用户ID,姓名
//	dept_id,dept_name,kinds,wecom_dept_id,role,user,name
//
// 角色 is 填报人/contact, 负责人/head, 统筹人/coordinator, 审稿人 or
// 编辑/editor, 管理员/admin; the department columns are needed for contacts
// and heads only; 部门类型 lists kinds separated by 、 or a comma. A
// department's name, kinds and WeCom id come from its first row. Every
// problem is reported, in Chinese with its line: 第 7 行：…。
func LoadRosterCSV(data []byte) (*Roster, error) { return loadRosterCSV(data, true) }

// loadRosterCSV reads a CSV roster; whole asks every department to have a
// contact (a part folded into a roster may list a head only).
func loadRosterCSV(data []byte, whole bool) (*Roster, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GBK.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, Problems{{Text: "文件既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"}}
		}
		data = dec
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.TrimLeadingSpace = true
	header, err := rd.Read()
	if err != nil {
		return nil, Problems{{Line: 1, Text: "没有表头行"}}
	}
	col := map[string]int{}
	names := map[string]string{"dept_id": "dept_id", "部门编号": "dept_id", "dept_name": "dept_name", "部门名称": "dept_name", "部门": "dept_name",
		"wecom_dept_id": "wecom_dept_id", "企业微信部门id": "wecom_dept_id", "role": "role", "角色": "role",
		"user": "user", "用户id": "user", "userid": "user", "账号": "user", "kinds": "kinds", "部门类型": "kinds", "类型": "kinds",
		"name": "name", "姓名": "name"}
	var ps Problems
	var blank []int // columns without a name: Excel saves empty ones after the last
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			blank = append(blank, i)
			continue
		}
		key, ok := names[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			ps = append(ps, Problem{1, fmt.Sprintf("不认识的列“%s”（可用：部门编号、部门名称、部门类型、企业微信部门ID、角色、用户ID、姓名）", h)})
			continue
		}
		col[key] = i
	}
	for _, need := range []struct{ key, label string }{{"dept_id", "部门编号"}, {"role", "角色"}, {"user", "用户ID"}} {
		if _, ok := col[need.key]; !ok {
			ps = append(ps, Problem{1, "缺少“" + need.label + "”列"})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	get := func(rec []string, key string) string {
		if i, ok := col[key]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	r := &Roster{}
	index := map[string]int{}
	firstLine := map[string]int{}
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			ps = append(ps, Problem{line, "无法读取：" + err.Error()})
			break
		}
		line, _ := rd.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		for _, i := range blank {
			if i < len(rec) && strings.TrimSpace(rec[i]) != "" {
				ps = append(ps, Problem{line, fmt.Sprintf("第 %d 列有内容“%s”但没有列名，请在表头写明列名或删去这一列", i+1, Truncate(strings.TrimSpace(rec[i]), 20))})
			}
		}
		ps = append(ps, r.addCSVRow(get, rec, line, index, firstLine)...)
	}
	for _, d := range r.Departments {
		if whole && len(d.Contacts) == 0 {
			ps = append(ps, Problem{firstLine[d.ID], fmt.Sprintf("部门“%s”（%s）没有填报人", d.Name, d.ID)})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return r, nil
}

// addCSVRow adds one person and role to r; it returns the row's problems.
func (r *Roster) addCSVRow(get func([]string, string) string, rec []string, line int, index, firstLine map[string]int) Problems {
	user, role, deptID := get(rec, "user"), roleName(get(rec, "role")), get(rec, "dept_id")
	if user == "" {
		return Problems{{line, "用户ID为空"}}
	}
	if n := get(rec, "name"); n != "" {
		if r.Names == nil {
			r.Names = map[string]string{}
		}
		r.Names[user] = n
	}
	switch role {
	case RoleCoordinator, RoleEditor, RoleAdmin:
		list := map[Role]*[]string{RoleCoordinator: &r.Coordinators, RoleEditor: &r.Editors, RoleAdmin: &r.Admins}[role]
		if slices.Contains(*list, user) {
			return Problems{{line, fmt.Sprintf("%s“%s”重复", role.Label(), user)}}
		}
		*list = append(*list, user)
		return nil
	case RoleContact, RoleHead:
	default:
		return Problems{{line, fmt.Sprintf("不认识的角色“%s”（可用：填报人、负责人、统筹人、审稿人、管理员）", get(rec, "role"))}}
	}
	if deptID == "" {
		return Problems{{line, fmt.Sprintf("%s“%s”没有填写部门编号", role.Label(), user)}}
	}
	if !rosterID.MatchString(deptID) {
		return Problems{{line, fmt.Sprintf("部门编号“%s”只能由字母、数字、- 和 _ 组成", deptID)}}
	}
	i, ok := index[deptID]
	if !ok {
		d := Department{ID: deptID, Name: get(rec, "dept_name"), Kinds: splitKinds(get(rec, "kinds"))}
		if d.Name == "" {
			return Problems{{line, fmt.Sprintf("部门“%s”没有名称", deptID)}}
		}
		if w := get(rec, "wecom_dept_id"); w != "" {
			n, err := strconv.Atoi(w)
			if err != nil {
				return Problems{{line, fmt.Sprintf("企业微信部门ID“%s”不是数字", w)}}
			}
			d.WeComID = n
		}
		r.Departments = append(r.Departments, d)
		i = len(r.Departments) - 1
		index[deptID], firstLine[deptID] = i, line
	} else if name := get(rec, "dept_name"); name != "" && name != r.Departments[i].Name {
		return Problems{{line, fmt.Sprintf("部门“%s”在这里名为“%s”，上面为“%s”", deptID, name, r.Departments[i].Name)}}
	}
	d := &r.Departments[i]
	if role == RoleHead {
		if d.Head != "" && d.Head != user {
			return Problems{{line, fmt.Sprintf("部门“%s”有两位负责人（%s 和 %s）", deptID, d.Head, user)}}
		}
		d.Head = user
		return nil
	}
	if slices.Contains(d.Contacts, user) {
		return Problems{{line, fmt.Sprintf("部门“%s”的填报人“%s”重复", deptID, user)}}
	}
	d.Contacts = append(d.Contacts, user)
	return nil
}

// roleName maps a role as written in the CSV to the Role.
func roleName(s string) Role {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "contact", "填报人", "联络人":
		return RoleContact
	case "head", "负责人", "部门负责人", "审核人":
		return RoleHead
	case "coordinator", "统筹人":
		return RoleCoordinator
	case "editor", "编辑", "审稿人":
		return RoleEditor
	case "admin", "管理员":
		return RoleAdmin
	}
	return Role(s)
}

// splitKinds reads a cell of department kinds: 司法行政、行政执法.
func splitKinds(cell string) []string {
	return strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune("、,，;；/ ", r) })
}

// ReadRosterFile reads a roster file by its name: CSV (.csv, GBK or UTF-8)
// or YAML. Every problem is listed with its line.
func ReadRosterFile(name string, data []byte) (*Roster, error) {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return LoadRosterCSV(data)
	}
	return LoadRoster(data)
}

// ReadRosterPart reads a file to fold into a roster (Roster.Merge): as
// ReadRosterFile, but a department may list only some of its people (a
// new head alone): those it does not list stay as they are.
func ReadRosterPart(name string, data []byte) (*Roster, error) {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return loadRosterCSV(data, false)
	}
	return LoadRoster(data)
}
