package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"reportbot/bot"
)

// RosterKeeper is the roster's keeper as the console uses it (the rounds
// package's Roster implements it): what is in force, what a change would
// do, saving it with who and how, and the history.
type RosterKeeper interface {
	Current(ctx context.Context) (*bot.Roster, int64, error)
	Preview(ctx context.Context, r *bot.Roster) ([]string, int64, error)
	Save(ctx context.Context, r *bot.Roster, version int64, how string) ([]string, error)
	History(ctx context.Context, n int64) ([]bot.RosterChange, error)
}

// DirectoryFunc reads WeCom's address book for a roster sync.
type DirectoryFunc func(ctx context.Context) ([]bot.DirectoryDept, error)

// maxRosterUpload bounds an uploaded roster file.
const maxRosterUpload = 200 << 10

// userID is what a WeCom account (userid) may be written as.
var userID = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)

// The roster pages: coordinators and admins see and edit departments,
// their kinds, contacts and heads, import a roster file or sync WeCom's
// address book after a preview; only admins change who holds the
// office-wide roles (coordinators, editors, admins), so a coordinator
// cannot make themself an admin.

// roster shows the roster in force, by kind, with the office-wide roles
// and the history of changes.
func (c *Console) roster(w http.ResponseWriter, r *http.Request, v *viewer) {
	cur, version, ok := c.rosterFor(w, r, v, v.Coordinator)
	if !ok {
		return
	}
	hist, err := c.Roster.History(r.Context(), 30)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.page(w, r, http.StatusOK, "roster", v, map[string]any{"Title": "人员名单", "R": cur, "Version": version,
		"Groups": groupByKind(cur.Departments), "History": hist, "Flash": c.flash(w, r, v), "Sync": c.Directory != nil})
}

// people reads a list typed one person per line: the WeCom account, then
// optionally the name (zhangsan 张三). It returns the accounts and their
// names, or the first line that is not a person.
func people(text, what string) ([]string, map[string]string, error) {
	var ids []string
	names := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '　' })
		if len(f) == 0 {
			continue
		}
		if !userID.MatchString(f[0]) {
			return nil, nil, bot.Errorf(bot.EInvalid, "%s第 %d 行：“%s”不是企业微信账号。每行先写账号（如 zhangsan），再写姓名。", what, i+1, f[0])
		}
		if slices.Contains(ids, f[0]) {
			continue
		}
		ids = append(ids, f[0])
		if len(f) > 1 {
			names[f[0]] = strings.Join(f[1:], "")
		}
	}
	return ids, names, nil
}

// peopleText writes users one per line with their names, for editing.
func peopleText(r *bot.Roster, users []string) string {
	var b strings.Builder
	for _, u := range users {
		b.WriteString(u)
		if n := r.Name(u); n != u {
			b.WriteString(" " + n)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// splitList reads kinds typed as 司法行政、行政执法 (or with commas).
func splitList(s string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;； \t\n", r) }) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// rosterDept shows the form to edit a department, or to add one.
func (c *Console) rosterDept(w http.ResponseWriter, r *http.Request, v *viewer) {
	cur, version, ok := c.rosterFor(w, r, v, v.Coordinator)
	if !ok {
		return
	}
	data := map[string]any{"Title": "部门", "Version": version, "New": true, "D": map[string]string{}}
	if id := r.PathValue("dept"); id != "" {
		d := cur.Department(id)
		if d == nil {
			c.fail(w, r, v, bot.Errorf(bot.ENotFound, "名单中没有编号为“%s”的部门。", id))
			return
		}
		data["New"] = false
		data["D"] = map[string]string{"ID": d.ID, "Name": d.Name, "Kinds": strings.Join(d.Kinds, "、"),
			"Contacts": peopleText(cur, d.Contacts), "Head": strings.TrimSpace(peopleText(cur, []string{d.Head}))}
		if d.Head == "" {
			data["D"].(map[string]string)["Head"] = ""
		}
	}
	c.page(w, r, http.StatusOK, "rosterdept", v, data)
}

// rosterFor checks that the viewer may use a roster page (allowed: the
// role the page needs) and reads the roster as it stands, answering the
// request itself when either fails.
func (c *Console) rosterFor(w http.ResponseWriter, r *http.Request, v *viewer, allowed bool) (*bot.Roster, int64, bool) {
	if !allowed || c.Roster == nil {
		c.forbid(w, r, v)
		return nil, 0, false
	}
	cur, version, err := c.Roster.Current(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return nil, 0, false
	}
	return cur, version, true
}

// rosterDeptSave saves the department edited (or added) on the page.
func (c *Console) rosterDeptSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	cur, _, ok := c.rosterFor(w, r, v, v.Coordinator)
	if !ok {
		return
	}
	orig := r.PathValue("dept")
	form := map[string]string{"ID": strings.TrimSpace(r.PostFormValue("id")), "Name": strings.TrimSpace(r.PostFormValue("name")),
		"Kinds": r.PostFormValue("kinds"), "Contacts": r.PostFormValue("contacts"), "Head": r.PostFormValue("head")}
	if orig != "" {
		form["ID"] = orig
	}
	next := cur.Clone()
	err := editDept(next, orig, form)
	how := "控制台编辑部门“" + form["Name"] + "”"
	if orig == "" {
		how = "控制台新增部门“" + form["Name"] + "”"
	}
	if err == nil {
		err = c.saveRoster(ctx, w, r, v, next, how)
		if err == nil {
			return
		}
	}
	if statusOf(err) == http.StatusInternalServerError {
		c.fail(w, r, v, err)
		return
	}
	c.page(w, r, statusOf(err), "rosterdept", v, map[string]any{"Title": "部门", "New": orig == "", "D": form,
		"Version": r.PostFormValue("version"), "Error": bot.ErrorMessage(err)})
}

// editDept applies the department form to next: orig "" adds one.
func editDept(next *bot.Roster, orig string, form map[string]string) error {
	contacts, names, err := people(form["Contacts"], "填报人")
	if err != nil {
		return err
	}
	heads, headNames, err := people(form["Head"], "负责人")
	if err != nil {
		return err
	}
	if len(heads) > 1 {
		return bot.Errorf(bot.EInvalid, "负责人只能填一位。")
	}
	var d *bot.Department
	if orig == "" {
		if next.Department(form["ID"]) != nil {
			return bot.Errorf(bot.EInvalid, "部门编号“%s”已被使用。", form["ID"])
		}
		next.Departments = append(next.Departments, bot.Department{ID: form["ID"]})
		d = &next.Departments[len(next.Departments)-1]
	} else if d = next.Department(orig); d == nil {
		return bot.Errorf(bot.ENotFound, "名单中没有编号为“%s”的部门。", orig)
	}
	d.Name, d.Kinds, d.Contacts, d.Head = form["Name"], splitList(form["Kinds"]), contacts, ""
	if len(heads) == 1 {
		d.Head = heads[0]
	}
	for u, n := range headNames {
		names[u] = n
	}
	for u, n := range names {
		if next.Names == nil {
			next.Names = map[string]string{}
		}
		next.Names[u] = n
	}
	return nil
}

// saveRoster saves next at the version the page was read at and goes
// back to the roster page saying what changed; changing who holds an
// office-wide role needs an admin.
func (c *Console) saveRoster(ctx context.Context, w http.ResponseWriter, r *http.Request, v *viewer, next *bot.Roster, how string) error {
	cur, _, err := c.Roster.Current(ctx)
	if err != nil {
		return err
	}
	if !v.Admin && rolesChanged(cur, next) {
		return bot.Errorf(bot.EForbidden, "统筹人、审稿人和管理员只能由管理员调整。")
	}
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return bot.Errorf(bot.EInvalid, "页面已过期，请刷新后重试。")
	}
	lines, err := c.Roster.Save(ctx, next, version, how)
	if err != nil {
		return err
	}
	msg := "名单没有变化。"
	if len(lines) > 0 {
		msg = fmt.Sprintf("名单已保存（%d 处修改），进行中的轮次已按新名单更新：%s", len(lines), strings.Join(lines, "；"))
	}
	c.redirectFlash(w, r, v, "/console/roster", bot.Truncate(msg, 600))
	return nil
}

// rolesChanged reports whether the office-wide roles differ.
func rolesChanged(a, b *bot.Roster) bool {
	same := func(x, y []string) bool {
		x, y = slices.Clone(x), slices.Clone(y)
		slices.Sort(x)
		slices.Sort(y)
		return slices.Equal(x, y)
	}
	return !same(a.Coordinators, b.Coordinators) || !same(a.Editors, b.Editors) || !same(a.Admins, b.Admins)
}

// rosterDeptDelete removes a department after its confirmation page; a
// running round keeps its part and its answers.
func (c *Console) rosterDeptDelete(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	cur, version, ok := c.rosterFor(w, r, v, v.Coordinator)
	if !ok {
		return
	}
	id := r.PathValue("dept")
	d := cur.Department(id)
	if d == nil {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "名单中没有编号为“%s”的部门。", id))
		return
	}
	if r.Method == http.MethodGet || r.PostFormValue("confirm") != "yes" {
		c.page(w, r, http.StatusOK, "rosterdelete", v, map[string]any{"Title": "移除部门", "D": d, "Version": version})
		return
	}
	next := cur.Clone()
	next.Departments = slices.DeleteFunc(next.Departments, func(x bot.Department) bool { return x.ID == id })
	if err := c.saveRoster(ctx, w, r, v, next, "控制台移除部门“"+d.Name+"”"); err != nil {
		c.fail(w, r, v, err)
	}
}

// rosterRoles shows (GET) or saves (POST) the office-wide roles; admins
// only.
func (c *Console) rosterRoles(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	cur, version, ok := c.rosterFor(w, r, v, v.Admin)
	if !ok {
		return
	}
	form := map[string]string{"Coordinators": peopleText(cur, cur.Coordinators), "Editors": peopleText(cur, cur.Editors),
		"Admins": peopleText(cur, cur.Admins)}
	if r.Method == http.MethodPost {
		form = map[string]string{"Coordinators": r.PostFormValue("coordinators"), "Editors": r.PostFormValue("editors"),
			"Admins": r.PostFormValue("admins")}
		next := cur.Clone()
		err := func() error {
			for _, role := range []struct {
				field, what string
				list        *[]string
			}{{"Coordinators", "统筹人", &next.Coordinators}, {"Editors", "审稿人", &next.Editors}, {"Admins", "管理员", &next.Admins}} {
				ids, names, err := people(form[role.field], role.what)
				if err != nil {
					return err
				}
				*role.list = ids
				for u, n := range names {
					if next.Names == nil {
						next.Names = map[string]string{}
					}
					next.Names[u] = n
				}
			}
			if !slices.Contains(next.Admins, v.User) {
				return bot.Errorf(bot.EInvalid, "不能把自己从管理员中移除（否则将无法再调整角色）；请由其他管理员操作。")
			}
			return c.saveRoster(ctx, w, r, v, next, "控制台调整角色")
		}()
		if err == nil {
			return
		}
		if statusOf(err) == http.StatusInternalServerError {
			c.fail(w, r, v, err)
			return
		}
		c.page(w, r, statusOf(err), "rosterroles", v, map[string]any{"Title": "角色", "F": form, "Version": r.PostFormValue("version"),
			"Error": bot.ErrorMessage(err)})
		return
	}
	c.page(w, r, http.StatusOK, "rosterroles", v, map[string]any{"Title": "角色", "F": form, "Version": version})
}

// rosterImport reads an uploaded roster file (YAML, or CSV in GBK or
// UTF-8) and shows what it would change, or every problem with its line.
// The file is merged into the roster (mode=replace: it becomes the
// roster, departments it does not list are removed).
func (c *Console) rosterImport(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Roster == nil {
		c.forbid(w, r, v)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		c.fail(w, r, v, bot.Errorf(bot.EInvalid, "请选择名单文件（.csv、.yaml）。"))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxRosterUpload+1))
	if err != nil || len(data) > maxRosterUpload {
		c.fail(w, r, v, bot.Errorf(bot.EInvalid, "名单文件无法读取或太大（上限 %d KB）。", maxRosterUpload>>10))
		return
	}
	replace := r.PostFormValue("mode") == "replace"
	read := bot.ReadRosterPart
	if replace {
		read = bot.ReadRosterFile // a whole roster: every department with a contact
	}
	part, err := read(hdr.Filename, data)
	if err != nil {
		c.rosterPreview(w, r, v, nil, "导入 "+hdr.Filename, err)
		return
	}
	if replace {
		c.rosterPreview(w, r, v, part, "导入 "+hdr.Filename+"（替换整份名单）", nil)
		return
	}
	// By default the file's departments and people are folded into the
	// roster: a file listing one department changes that one only.
	cur, _, err := c.Roster.Current(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.rosterPreview(w, r, v, cur.Merge(part), "导入 "+hdr.Filename, nil)
}

// rosterSync merges WeCom's address book into a copy of the roster and
// shows what it would change.
func (c *Console) rosterSync(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Roster == nil || c.Directory == nil {
		c.forbid(w, r, v)
		return
	}
	depts, err := c.Directory(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	cur, _, err := c.Roster.Current(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	next := cur.Clone()
	next.MergeDirectory(depts)
	c.rosterPreview(w, r, v, next, "企业微信通讯录同步", nil)
}

// rosterPreview shows what saving next would change (or why it cannot be
// read), with the roster as YAML to apply in one more step.
func (c *Console) rosterPreview(w http.ResponseWriter, r *http.Request, v *viewer, next *bot.Roster, how string, readErr error) {
	data := map[string]any{"Title": "名单预览", "How": how}
	var ps bot.Problems
	if errors.As(readErr, &ps) {
		// A file's problems, each with its line.
		for _, p := range ps {
			data["Problems"] = append(asStrings(data["Problems"]), p.String())
		}
		c.page(w, r, http.StatusUnprocessableEntity, "rosterpreview", v, data)
		return
	}
	if readErr != nil {
		if statusOf(readErr) == http.StatusInternalServerError {
			c.fail(w, r, v, readErr)
			return
		}
		data["Problems"] = strings.Split(bot.ErrorMessage(readErr), "\n")
		c.page(w, r, http.StatusUnprocessableEntity, "rosterpreview", v, data)
		return
	}
	lines, version, err := c.Roster.Preview(r.Context(), next)
	if err != nil {
		if statusOf(err) == http.StatusInternalServerError {
			c.fail(w, r, v, err)
			return
		}
		data["Problems"] = strings.Split(bot.ErrorMessage(err), "\n")
		c.page(w, r, http.StatusUnprocessableEntity, "rosterpreview", v, data)
		return
	}
	cur, _, err := c.Roster.Current(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	y, err := next.Marshal()
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	data["Lines"], data["Version"], data["YAML"], data["Summary"] = lines, version, string(y), next.Summary()
	data["NeedAdmin"] = !v.Admin && rolesChanged(cur, next)
	c.page(w, r, http.StatusOK, "rosterpreview", v, data)
}

// rosterApply saves the roster previewed on the page.
func (c *Console) rosterApply(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Roster == nil {
		c.forbid(w, r, v)
		return
	}
	src := r.PostFormValue("yaml")
	if strings.TrimSpace(src) == "" {
		c.fail(w, r, v, bot.Errorf(bot.EInvalid, "没有收到要保存的名单，请回到名单页重新导入或编辑。"))
		return
	}
	next, err := bot.LoadRoster([]byte(src))
	var ps bot.Problems
	if errors.As(err, &ps) {
		// The page's own YAML no longer reads: a tampered or truncated form.
		err = &bot.Error{Code: bot.EInvalid, Message: "名单内容有误，未做任何修改：" + ps.Error(), Err: err}
	}
	if err == nil {
		how := r.PostFormValue("how")
		if how == "" {
			how = "控制台导入"
		}
		err = c.saveRoster(r.Context(), w, r, v, next, bot.Truncate(how, 80))
	}
	if err != nil {
		c.fail(w, r, v, err)
	}
}

// asStrings is v as a list of strings (nil when unset).
func asStrings(v any) []string {
	l, _ := v.([]string)
	return l
}
