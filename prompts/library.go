package prompts

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"reportbot/bot"
)

// Where a form comes from.
const (
	OriginShipped  = "内置"
	OriginDir      = "目录"
	OriginUploaded = "上传"
	OriginFile     = "文件" // a file checked on its own
)

// Library is where reportbot finds its forms: the shipped ones, then the
// files of a directory (REPORTBOT_FORMS_DIR), then the forms uploaded to
// the store through the console or `reportbot forms import`. A form found
// later overrides a form of the same id found earlier, so a district can
// change the shipped form without a new build. Forms are read afresh on
// every call: an edited file counts from the next round created.
type Library struct {
	Dir   string        // empty: no directory
	Store bot.FormStore // nil: no uploads
	Clock bot.Clock     // stamps uploads; nil: the wall clock
}

var _ bot.FormSource = (*Library)(nil)

// Checked is one form source checked: a shipped or directory file, or the
// newest revision of an uploaded form.
type Checked struct {
	Origin   string           // 内置, 目录 or 上传
	Name     string           // the file, or "fazhi-annual 第 3 版"
	Form     *bot.Form        // nil when it has errors
	Problems bot.FormProblems // errors and warnings, with their lines
	Rev      int              // the revision, for an uploaded form
	// Revisions is an uploaded form's history, oldest first.
	Revisions []bot.FormRevision
}

// Entry is a form in effect: where it came from, and the forms of the
// same id it overrides.
type Entry struct {
	Checked
	Overrides []string // "内置 forms/fazhi-annual.yaml"
}

// Check checks every form the library has, source by source: the shipped
// ones, the directory's, and the newest revision of each upload.
func (l *Library) Check(ctx context.Context) ([]Checked, error) {
	out, err := checkFS(formFiles, "forms", OriginShipped)
	if err != nil {
		return nil, err
	}
	if l.Dir != "" {
		dir, err := CheckPath(l.Dir)
		if err != nil {
			return nil, err
		}
		out = append(out, dir...)
	}
	if l.Store == nil {
		return out, nil
	}
	ids, err := l.Store.FormIDs(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		revs, err := l.Store.FormRevisions(ctx, id)
		if err != nil {
			return nil, err
		}
		if len(revs) == 0 {
			continue
		}
		last := revs[len(revs)-1]
		f, problems := bot.CheckForm([]byte(last.Source))
		out = append(out, Checked{Origin: OriginUploaded, Name: fmt.Sprintf("%s 第 %d 版", id, last.Rev), Form: f,
			Problems: problems, Rev: last.Rev, Revisions: revs})
	}
	return out, nil
}

// CheckPath checks one form file, or every .yaml and .yml file of a
// directory.
func CheckPath(path string) ([]Checked, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, bot.Errorf(bot.ENotFound, "找不到 %s：%v", path, err)
	}
	if st.IsDir() {
		return checkFS(os.DirFS(path), ".", OriginDir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, bot.Errorf(bot.ENotFound, "无法读取 %s：%v", path, err)
	}
	f, problems := bot.CheckForm(data)
	return []Checked{{Origin: OriginFile, Name: path, Form: f, Problems: problems}}, nil
}

// checkFS checks the form files in dir of fsys, named under base.
func checkFS(fsys fs.FS, dir, origin string, base ...string) ([]Checked, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []Checked
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		data, err := fs.ReadFile(fsys, pathJoin(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		name := pathJoin(dir, e.Name())
		if len(base) > 0 {
			name = filepath.Join(base[0], e.Name())
		}
		f, problems := bot.CheckForm(data)
		out = append(out, Checked{Origin: origin, Name: name, Form: f, Problems: problems})
	}
	return out, nil
}

func pathJoin(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// Forms returns the forms in effect, sorted by id. A directory file or an
// upload with errors, or two directory files of one id, is an EInvalid
// error naming them: a round must not quietly start from another form
// than the one the coordinator edited.
func (l *Library) Forms(ctx context.Context) ([]Entry, error) {
	checked, err := l.Check(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Entry{}
	var bad []string
	for _, c := range checked {
		if c.Form == nil {
			bad = append(bad, fmt.Sprintf("%s问卷 %s 有错误：\n%s", c.Origin, c.Name, c.Problems.Errors().Error()))
			continue
		}
		prev := byID[c.Form.ID]
		e := &Entry{Checked: c}
		if prev != nil {
			if prev.Origin == c.Origin {
				bad = append(bad, fmt.Sprintf("%s中有两个编号为 %s 的问卷：%s 和 %s。", c.Origin, c.Form.ID, prev.Name, c.Name))
				continue
			}
			e.Overrides = append(append(e.Overrides, prev.Overrides...), prev.Origin+" "+prev.Name)
		}
		byID[c.Form.ID] = e
	}
	if len(bad) > 0 {
		return nil, bot.Errorf(bot.EInvalid, "%s", strings.Join(bad, "\n"))
	}
	out := make([]Entry, 0, len(byID))
	for _, e := range byID {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Form.ID < out[j].Form.ID })
	return out, nil
}

// Form returns the form in effect with the given id.
func (l *Library) Form(ctx context.Context, id string) (*bot.Form, error) {
	forms, err := l.Forms(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range forms {
		if e.Form.ID == id {
			return e.Form, nil
		}
	}
	return nil, bot.Errorf(bot.ENotFound, "没有编号为“%s”的问卷。", id)
}

// Imported is what an upload did.
type Imported struct {
	Revision bot.FormRevision
	Saved    bool   // false: the newest revision already asks exactly this
	Declared string // the version the upload declared, when it had to be bumped
	Warnings bot.FormProblems
}

// Text says what an upload did, for the command line and the console.
func (res Imported) Text() string {
	r := res.Revision
	if !res.Saved {
		return fmt.Sprintf("问卷 %s 与已保存的第 %d 版（v%s）内容相同，没有重复保存。", r.ID, r.Rev, r.Version)
	}
	s := fmt.Sprintf("已保存问卷 %s 第 %d 版（v%s）", r.ID, r.Rev, r.Version)
	if res.Declared != "" {
		s += fmt.Sprintf("；文件中的版本号 %s 已用过，已改为 %s", res.Declared, r.Version)
	}
	return s + "。此后新建的轮次使用这一版，进行中的轮次不受影响。"
}

// Import checks a form and saves it as its id's next revision, unless the
// newest revision already asks the same (comments, layout and the version
// number aside). A version number used before, by an earlier revision or
// by the shipped or directory form of the same id, is bumped to the next
// whole number, in the saved YAML too. A form with errors is EInvalid,
// listing them with their lines.
func (l *Library) Import(ctx context.Context, data []byte, by string) (Imported, error) {
	if l.Store == nil {
		return Imported{}, bot.Errorf(bot.EUnavailable, "没有配置 Redis（REDIS_URL），无法保存上传的问卷。")
	}
	f, problems := bot.CheckForm(data)
	if errs := problems.Errors(); len(errs) > 0 {
		return Imported{}, bot.Errorf(bot.EInvalid, "问卷有错误，没有保存：\n%s", errs.Error())
	}
	res := Imported{Warnings: problems}
	hash := f.ContentHash()
	for range 5 {
		revs, err := l.Store.FormRevisions(ctx, f.ID)
		if err != nil {
			return res, err
		}
		if n := len(revs); n > 0 && revs[n-1].Hash == hash {
			res.Revision = revs[n-1]
			return res, nil
		}
		used := l.lowerVersions(ctx, f.ID)
		for _, r := range revs {
			used[r.Version] = true
		}
		version, src := f.Version, data
		if used[version] {
			res.Declared, version = f.Version, nextVersion(used)
			if src, err = setVersion(data, version); err != nil {
				return res, err
			}
		}
		rev := bot.FormRevision{ID: f.ID, Rev: len(revs) + 1, Version: version, Hash: hash, Source: string(src), By: by, At: l.now()}
		err = l.Store.AddFormRevision(ctx, rev)
		if bot.ErrorCode(err) == bot.EConflict {
			continue // a concurrent upload took the number
		}
		if err != nil {
			return res, err
		}
		res.Revision, res.Saved = rev, true
		return res, nil
	}
	return res, bot.Errorf(bot.EConflict, "问卷 %s 正在被多人同时保存，请稍后重试。", f.ID)
}

// lowerVersions are the versions of the shipped and directory forms of id.
func (l *Library) lowerVersions(ctx context.Context, id string) map[string]bool {
	used := map[string]bool{}
	lower := Library{Dir: l.Dir}
	checked, err := lower.Check(ctx)
	if err != nil {
		return used
	}
	for _, c := range checked {
		if c.Form != nil && c.Form.ID == id {
			used[c.Form.Version] = true
		}
	}
	return used
}

func (l *Library) now() time.Time {
	if l.Clock == nil {
		return bot.SystemClock{}.Now()
	}
	return l.Clock.Now()
}

// nextVersion is one above the highest whole-number version used.
func nextVersion(used map[string]bool) string {
	top := 0
	for v := range used {
		if n, err := strconv.Atoi(strings.TrimPrefix(v, "v")); err == nil && n > top {
			top = n
		}
	}
	for n := top + 1; ; n++ {
		if v := strconv.Itoa(n); !used[v] {
			return v
		}
	}
}

// setVersion rewrites the top-level version line of a form's YAML, keeping
// every other line as it was.
func setVersion(src []byte, version string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil || len(root.Content) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "问卷的 YAML 无法解析。")
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value != "version" || v.Line != k.Line {
			continue
		}
		lines := strings.Split(string(src), "\n")
		lines[k.Line-1] = strings.Repeat(" ", k.Column-1) + "version: " + strconv.Quote(version)
		return []byte(strings.Join(lines, "\n")), nil
	}
	return nil, bot.Errorf(bot.EInvalid, "问卷缺少一行 version: \"…\"。")
}
