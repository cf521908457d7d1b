package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/export"
	"reportbot/bot/factlock"
	"reportbot/bot/rounds"
)

//go:embed console
var consoleFiles embed.FS

// SessionStore keeps console sessions and one-time login links (the Redis
// store implements it).
type SessionStore interface {
	CreateSession(ctx context.Context, user string, ttl time.Duration) (id, csrf string, err error)
	Session(ctx context.Context, id string) (user, csrf string, err error)
	DeleteSession(ctx context.Context, id string) error
	UseLoginLink(ctx context.Context, token string) (string, error)
}

// Authorizer signs users in with WeCom OAuth.
type Authorizer interface {
	AuthorizeURL(redirect, state string) string
	UserByCode(ctx context.Context, code string) (string, error)
}

// Console serves /console/: coordinators follow rounds, remind and export;
// anyone with access reads a department's answers and their history;
// editors review drafts beside the answers they came from, edit them
// (fact-locked on save), ask for rewrites, confirm, and restore versions.
// Every page checks the signed-in user's role; every form carries the
// session's CSRF token; every value is escaped by html/template.
type Console struct {
	Store     bot.Store
	Admin     *rounds.RoundAdmin // its Roster gives the roles
	Reminders *rounds.Reminders
	Editorial *editorial.Editorial
	Sessions  SessionStore
	OAuth     Authorizer // nil: sign in only with login links
	BaseURL   string     // public address, for the OAuth redirect
	Secure    bool       // mark cookies Secure (HTTPS deployments)
	Clock     bot.Clock
	Log       *slog.Logger

	tmpl *template.Template
}

const (
	sessionCookie = "rb_session"
	stateCookie   = "rb_oauth_state"
	sessionTTL    = 8 * time.Hour
)

// viewer is the signed-in user and what they may do.
type viewer struct {
	User        string
	CSRF        string
	Coordinator bool // coordinators and admins
	Editor      bool
	Assignments []bot.AssignmentRef
}

func (v *viewer) staff() bool { return v.Coordinator || v.Editor }

// canSeeDept: staff see every department; a contact or head only theirs.
func (v *viewer) canSeeDept(r *bot.Round, dept string) bool {
	if v.staff() {
		return true
	}
	for _, a := range v.Assignments {
		if a.Round == r.ID && a.Dept == dept {
			return true
		}
	}
	d := r.Department(dept)
	return d != nil && d.Head == v.User
}

// Handler returns the console's routes.
func (c *Console) Handler() http.Handler {
	c.tmpl = template.Must(template.New("").Funcs(template.FuncMap{
		"time":  func(t time.Time) string { return bot.FormatTime(t) },
		"label": func(s bot.AssignmentStatus) string { return s.Label() },
		"rlabel": func(s bot.RoundStatus) string {
			return s.Label()
		},
		"percent": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return a * 100 / b
		},
	}).ParseFS(consoleFiles, "console/*.html"))
	mux := http.NewServeMux()
	static, _ := fs.Sub(consoleFiles, "console/static")
	mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /console/login", c.login)
	mux.HandleFunc("GET /console/oauth", c.oauth)
	mux.HandleFunc("POST /console/logout", c.auth(c.logout))
	mux.HandleFunc("GET /console/{$}", c.auth(c.home))
	mux.HandleFunc("GET /console/rounds/{round}", c.auth(c.round))
	mux.HandleFunc("POST /console/rounds/{round}/nudge", c.auth(c.nudge))
	mux.HandleFunc("POST /console/rounds/{round}/reopen", c.auth(c.reopen))
	mux.HandleFunc("GET /console/rounds/{round}/export.xlsx", c.auth(c.exportXLSX))
	mux.HandleFunc("GET /console/rounds/{round}/reports.zip", c.auth(c.exportZip))
	mux.HandleFunc("GET /console/rounds/{round}/summary", c.auth(c.summary))
	mux.HandleFunc("POST /console/rounds/{round}/summary/{action}", c.auth(c.summaryAction))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}", c.auth(c.dept))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/{file}", c.auth(c.report))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/sections/{section}", c.auth(c.section))
	mux.HandleFunc("POST /console/rounds/{round}/depts/{dept}/sections/{section}/{action}", c.auth(c.sectionAction))
	return securityHeaders(mux)
}

// securityHeaders: no framing, no sniffing, scripts only from here.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

func (c *Console) log() *slog.Logger {
	if c.Log == nil {
		return slog.Default()
	}
	return c.Log
}

func (c *Console) now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock.Now()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (c *Console) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/console/", MaxAge: maxAge, HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// login signs in with a one-time link (?token=) or sends the browser to
// WeCom's authorize page.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("token"); tok != "" {
		user, err := c.Sessions.UseLoginLink(r.Context(), tok)
		if err != nil {
			c.page(w, r, http.StatusForbidden, "login", nil, map[string]any{"Error": bot.ErrorMessage(err)})
			return
		}
		c.startSession(w, r, user)
		return
	}
	if c.OAuth == nil {
		c.page(w, r, http.StatusOK, "login", nil, map[string]any{})
		return
	}
	state := randomHex(16)
	c.setCookie(w, stateCookie, state, 600)
	http.Redirect(w, r, c.OAuth.AuthorizeURL(strings.TrimRight(c.BaseURL, "/")+"/console/oauth", state), http.StatusFound)
}

// oauth finishes a WeCom sign-in.
func (c *Console) oauth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st, err := r.Cookie(stateCookie)
	if c.OAuth == nil || err != nil || subtle.ConstantTimeCompare([]byte(st.Value), []byte(q.Get("state"))) != 1 || q.Get("code") == "" {
		c.page(w, r, http.StatusForbidden, "login", nil, map[string]any{"Error": "登录请求已失效，请重新打开控制台。"})
		return
	}
	c.setCookie(w, stateCookie, "", -1)
	user, err := c.OAuth.UserByCode(r.Context(), q.Get("code"))
	if err != nil {
		c.log().Warn("console sign-in failed", "err", err)
		c.page(w, r, http.StatusForbidden, "login", nil, map[string]any{"Error": bot.ErrorMessage(err)})
		return
	}
	c.startSession(w, r, user)
}

func (c *Console) startSession(w http.ResponseWriter, r *http.Request, user string) {
	id, _, err := c.Sessions.CreateSession(r.Context(), user, sessionTTL)
	if err != nil {
		c.fail(w, r, nil, err)
		return
	}
	c.setCookie(w, sessionCookie, id, int(sessionTTL/time.Second))
	c.log().Info("console sign-in", "user", user)
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, v *viewer) {
	if ck, err := r.Cookie(sessionCookie); err == nil {
		c.Sessions.DeleteSession(r.Context(), ck.Value)
	}
	c.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}

// auth loads the session and the user's roles, and checks the CSRF token
// of every POST.
func (c *Console) auth(next func(http.ResponseWriter, *http.Request, *viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(sessionCookie)
		if err != nil {
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		}
		user, csrf, err := c.Sessions.Session(r.Context(), ck.Value)
		if err != nil {
			if bot.ErrorCode(err) == bot.ENotFound {
				http.Redirect(w, r, "/console/login", http.StatusSeeOther)
				return
			}
			c.fail(w, r, nil, err)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(csrf)) != 1 {
				c.log().Warn("console request without a valid CSRF token", "user", user, "path", r.URL.Path)
				http.Error(w, "请求已失效，请刷新页面后重试。", http.StatusForbidden)
				return
			}
		}
		v := &viewer{User: user, CSRF: csrf}
		if ro := c.Admin.Roster; ro != nil {
			v.Coordinator = contains(ro.Coordinators, user) || contains(ro.Admins, user)
			v.Editor = contains(ro.Editors, user) || contains(ro.Admins, user)
		}
		us, err := c.Store.User(r.Context(), user)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		v.Assignments = us.Assignments
		next(w, r, v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// page renders a template inside the layout.
func (c *Console) page(w http.ResponseWriter, r *http.Request, status int, name string, v *viewer, data map[string]any) {
	data["Viewer"] = v
	data["Page"] = name
	var buf bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&buf, name+".html", data); err != nil {
		c.log().Error("console template", "page", name, "err", err)
		http.Error(w, "页面出错了，请稍后重试。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail shows an error page with the error's Chinese message.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	status := map[string]int{bot.ENotFound: 404, bot.EInvalid: 400, bot.EConflict: 409, bot.EForbidden: 403, bot.EUnavailable: 503}[bot.ErrorCode(err)]
	if status == 0 {
		status = 500
		c.log().Error("console error", "path", r.URL.Path, "err", err)
	}
	c.page(w, r, status, "error", v, map[string]any{"Error": bot.ErrorMessage(err)})
}

func (c *Console) forbid(w http.ResponseWriter, r *http.Request, v *viewer) {
	c.log().Warn("console access refused", "user", v.User, "path", r.URL.Path)
	c.fail(w, r, v, bot.Errorf(bot.EForbidden, "您没有权限查看或操作这一页面。"))
}

// home lists rounds for staff, and a contact's own departments.
func (c *Console) home(w http.ResponseWriter, r *http.Request, v *viewer) {
	type roundRow struct {
		Round *bot.Round
		Depts int
	}
	type deptRow struct {
		Round *bot.Round
		Dept  bot.Department
	}
	var rounds []roundRow
	var mine []deptRow
	ids, err := c.Store.Rounds(r.Context())
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	for _, id := range ids {
		rd, err := c.Store.Round(r.Context(), id)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		if v.staff() && c.Admin.Roster.Covers(rd) {
			rounds = append(rounds, roundRow{rd, len(rd.Departments)})
		}
		for _, d := range rd.Departments {
			if !v.staff() && v.canSeeDept(rd, d.ID) {
				mine = append(mine, deptRow{rd, d})
			}
		}
	}
	c.page(w, r, http.StatusOK, "home", v, map[string]any{"Rounds": rounds, "Mine": mine})
}

// deptRow is one line of a round's status table.
type deptRow struct {
	rounds.DeptProgress
	Overdue   bool
	Confirmed int // sections confirmed
	Sections  int
}

func (c *Console) round(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	p, err := c.Admin.Progress(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	now := c.now()
	var rows []deptRow
	var audits = map[string][]bot.AuditEntry{}
	for _, d := range p.Depts {
		row := deptRow{DeptProgress: d, Sections: len(p.Round.Form.Sections),
			Overdue: p.Overdue(d, now)}
		if c.Editorial != nil {
			secs, err := c.Editorial.Store.Sections(ctx, bot.AssignmentRef{Round: p.Round.ID, Dept: d.Dept.ID})
			if err != nil {
				c.fail(w, r, v, err)
				return
			}
			for _, s := range secs {
				if s.Confirmed {
					row.Confirmed++
				}
			}
		}
		a, err := c.Store.Audit(ctx, bot.AssignmentRef{Round: p.Round.ID, Dept: d.Dept.ID})
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		audits[d.Dept.ID] = a
		if r.URL.Query().Get("overdue") == "1" && !row.Overdue {
			continue
		}
		rows = append(rows, row)
	}
	sortRows(rows, r.URL.Query().Get("sort"))
	c.page(w, r, http.StatusOK, "round", v, map[string]any{"P": p, "Rows": rows, "Sort": r.URL.Query().Get("sort"),
		"Overdue": r.URL.Query().Get("overdue") == "1", "Chart": progressChart(p.Round, audits, now), "Flash": r.URL.Query().Get("msg")})
}

// sortRows orders the status table by a column.
func sortRows(rows []deptRow, by string) {
	less := map[string]func(a, b deptRow) bool{
		"name":     func(a, b deptRow) bool { return a.Dept.Name < b.Dept.Name },
		"status":   func(a, b deptRow) bool { return a.Status.Label() < b.Status.Label() },
		"done":     func(a, b deptRow) bool { return a.Done*b.Total < b.Done*a.Total },
		"activity": func(a, b deptRow) bool { return a.LastActivity.Before(b.LastActivity) },
		"reminded": func(a, b deptRow) bool { return a.Reminders > b.Reminders },
	}[by]
	if less != nil {
		sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
	}
}

func (c *Console) nudge(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	rd, err := c.Store.Round(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	depts := []string{r.PostFormValue("dept")}
	if depts[0] == "" {
		depts = nil
		for _, d := range rd.Departments {
			depts = append(depts, d.ID)
		}
	}
	res, err := c.Reminders.Nudge(r.Context(), rd, depts, v.User)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/console/rounds/"+url.PathEscape(rd.ID)+"?msg="+url.QueryEscape(res.Text()), http.StatusSeeOther)
}

func (c *Console) reopen(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	id, dept := r.PathValue("round"), r.PostFormValue("dept")
	if err := c.Admin.Reopen(r.Context(), bot.AssignmentRef{Round: id, Dept: dept}, r.PostFormValue("reason"), v.User); err != nil {
		c.fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/console/rounds/"+url.PathEscape(id)+"/depts/"+url.PathEscape(dept), http.StatusSeeOther)
}

func (c *Console) exportXLSX(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() {
		c.forbid(w, r, v)
		return
	}
	rd, depts, err := export.Load(r.Context(), c.Store, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var buf bytes.Buffer
	if err := export.XLSX(&buf, rd, depts); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, rd.ID+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

func (c *Console) exportZip(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	rd, depts, err := export.Load(r.Context(), c.Store, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	reports, err := c.Editorial.CompleteReports(r.Context(), rd)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var buf bytes.Buffer
	if _, err := export.Zip(&buf, rd, depts, reports); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, rd.ID+".zip", "application/zip", buf.Bytes())
}

// download sends a file; the name is ASCII-safe in filename= and exact in
// filename*=.
func download(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename=\"report\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(data)
}

// answerRow is one question with its answer and history.
type answerRow struct {
	Q       *bot.Question
	Section string
	Answer  string
	Status  string
	History []bot.AuditEntry
}

func (c *Console) dept(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept := r.PathValue("dept")
	d := rd.Department(dept)
	if d == nil {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮没有这个部门。"))
		return
	}
	if !v.canSeeDept(rd, dept) {
		c.forbid(w, r, v)
		return
	}
	ref := bot.AssignmentRef{Round: rd.ID, Dept: dept}
	a, err := c.Store.Assignment(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	audit, err := c.Store.Audit(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	byQ := map[string][]bot.AuditEntry{}
	var statusLog []bot.AuditEntry
	for _, e := range audit {
		if e.QID == "" {
			statusLog = append(statusLog, e)
		} else {
			byQ[e.QID] = append(byQ[e.QID], e)
		}
	}
	var rows []answerRow
	for _, q := range rd.Form.Questions() {
		row := answerRow{Q: q, Section: rd.Form.Sections[q.Section].Number, Answer: "（未填）", History: byQ[q.ID]}
		if ans := a.Answers[q.ID]; ans != nil {
			row.Answer = bot.FormatAnswer(q, ans)
			row.Status = string(ans.Status)
		}
		rows = append(rows, row)
	}
	var sections []map[string]any
	if c.Editorial != nil {
		secs, err := c.Editorial.Store.Sections(ctx, ref)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		for _, s := range rd.Form.Sections {
			st := secs[s.ID]
			sections = append(sections, map[string]any{"ID": s.ID, "Title": s.Number + "、" + bot.FillYear(s.Heading, rd.Year), "State": st})
		}
	}
	c.page(w, r, http.StatusOK, "dept", v, map[string]any{"Round": rd, "Dept": d, "A": a, "Rows": rows, "StatusLog": statusLog,
		"Sections": sections})
}

func (c *Console) report(w http.ResponseWriter, r *http.Request, v *viewer) {
	rd, err := c.Store.Round(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept := r.PathValue("dept")
	ext, ok := strings.CutPrefix(r.PathValue("file"), "report.")
	if !ok {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个文件。"))
		return
	}
	d := rd.Department(dept)
	if d == nil || !v.canSeeDept(rd, dept) || c.Editorial == nil || (ext != "docx" && ext != "md") {
		c.forbid(w, r, v)
		return
	}
	rep, err := c.Editorial.Report(r.Context(), bot.AssignmentRef{Round: rd.ID, Dept: dept}, r.URL.Query().Get("draft") == "1")
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	if ext == "md" {
		download(w, export.ReportFile(*d, "md"), "text/markdown; charset=utf-8", []byte(rep.Markdown()))
		return
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		c.fail(w, r, v, err)
		return
	}
	download(w, export.ReportFile(*d, "docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
}

// piece is a run of draft text: plain, a sourced figure, or an unsourced one.
type piece struct {
	Text   string
	Source string // for a sourced figure: where it came from
	Flag   bool   // a figure with no source
}

// pieces splits text at the figures the fact lock judged: each sourced
// figure carries what source says of its questions, each unsourced one
// the note.
func pieces(text string, lock bot.FactLock, source func(qids []string) string, unsourced string) []piece {
	type mark struct {
		start, end int
		src        string
		flag       bool
	}
	var marks []mark
	for _, s := range lock.Sourced {
		marks = append(marks, mark{s.Start, s.End, source(s.QIDs), false})
	}
	for _, s := range lock.Unsourced {
		marks = append(marks, mark{s.Start, s.End, unsourced, true})
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	var out []piece
	last := 0
	for _, m := range marks {
		if m.start < last || m.end > len(text) {
			continue
		}
		if m.start > last {
			out = append(out, piece{Text: text[last:m.start]})
		}
		out = append(out, piece{Text: text[m.start:m.end], Source: m.src, Flag: m.flag})
		last = m.end
	}
	if last < len(text) {
		out = append(out, piece{Text: text[last:]})
	}
	return out
}

// answerSources describes figures by the questions and answers they came
// from: 第2题 全年制发文件多少件：381件.
func answerSources(r *bot.Round, a *bot.Assignment) func(qids []string) string {
	return func(qids []string) string {
		var srcs []string
		for _, qid := range qids {
			if q := r.Form.Question(qid); q != nil {
				ans := "（未填）"
				if x := a.Answers[qid]; x != nil {
					ans = bot.FormatAnswer(q, x)
				}
				srcs = append(srcs, fmt.Sprintf("第%d题 %s：%s", q.Number, strings.TrimRight(q.Prompt, "？?"), ans))
			}
		}
		return strings.Join(srcs, "；")
	}
}

func (c *Console) section(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept, sid := r.PathValue("dept"), r.PathValue("section")
	d := rd.Department(dept)
	idx := -1
	for i, s := range rd.Form.Sections {
		if s.ID == sid {
			idx = i
		}
	}
	if d == nil || idx < 0 {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这一章节。"))
		return
	}
	if !v.staff() || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ref := bot.AssignmentRef{Round: rd.ID, Dept: dept}
	a, err := c.Store.Assignment(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	secs, err := c.Editorial.Store.Sections(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	st := secs[sid]
	var cur *bot.SectionVersion
	var paras [][]piece
	var lock bot.FactLock
	if st != nil {
		cur = st.CurrentVersion()
	}
	if cur != nil {
		// Fresh against today's answers, so a changed answer shows at once.
		lock = editorial.LockText(rd, a, idx, cur.Text)
		paras = splitParas(pieces(cur.Text, lock, answerSources(rd, a), "找不到出处：填报答案中没有这个数字"))
	}
	var answers []answerRow
	for _, q := range rd.Form.Questions() {
		if q.Section != idx {
			continue
		}
		row := answerRow{Q: q, Answer: "（未填）"}
		if ans := a.Answers[q.ID]; ans != nil {
			row.Answer = bot.FormatAnswer(q, ans)
		}
		answers = append(answers, row)
	}
	type versionRow struct {
		V    bot.SectionVersion
		Diff []diffPiece
	}
	var versions []versionRow
	if st != nil {
		for i := len(st.Versions) - 1; i >= 0; i-- {
			vv := st.Versions[i]
			row := versionRow{V: vv}
			if cur != nil && vv.N != cur.N {
				row.Diff = diffSentences(vv.Text, cur.Text)
			}
			versions = append(versions, row)
		}
	}
	s := rd.Form.Sections[idx]
	c.page(w, r, http.StatusOK, "section", v, map[string]any{"Round": rd, "Dept": d, "Section": s, "Title": s.Number + "、" + bot.FillYear(s.Heading, rd.Year),
		"State": st, "Cur": cur, "Paras": paras, "Lock": lock, "Answers": answers, "Versions": versions, "Flash": r.URL.Query().Get("msg"),
		"Nonce": randomHex(12)})
}

// splitParas cuts pieces at newlines into paragraphs.
func splitParas(ps []piece) [][]piece {
	var out [][]piece
	var cur []piece
	for _, p := range ps {
		if p.Source != "" || p.Flag || !strings.Contains(p.Text, "\n") {
			cur = append(cur, p)
			continue
		}
		parts := strings.Split(p.Text, "\n")
		for i, t := range parts {
			if i > 0 {
				out = append(out, cur)
				cur = nil
			}
			if t != "" {
				cur = append(cur, piece{Text: t})
			}
		}
	}
	return append(out, cur)
}

// formKey makes a resubmitted form (a double click, a reload) count once:
// the key is the form's nonce, or a fresh one when the form had none.
func formKey(r *http.Request, v *viewer) string {
	if n := r.PostFormValue("nonce"); len(n) >= 16 {
		return "console:" + v.User + ":" + n
	}
	return "console:" + randomHex(12)
}

func (c *Console) sectionAction(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Editor || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	ref := bot.AssignmentRef{Round: r.PathValue("round"), Dept: r.PathValue("dept")}
	sid := r.PathValue("section")
	key := formKey(r, v)
	var msg string
	var err error
	switch r.PathValue("action") {
	case "confirm":
		_, err = c.Editorial.Confirm(ctx, bot.Message{User: v.User, ID: key, At: c.now()}, ref, sid)
		msg = "已确认。"
	case "edit":
		var saved *bot.SectionVersion
		saved, err = c.Editorial.SaveEdit(ctx, v.User, ref, sid, r.PostFormValue("text"), key)
		if err == nil {
			msg = fmt.Sprintf("已保存为第 %d 版：核验数字 %d 个", saved.N, saved.Lock.Checked)
			if n := len(saved.Lock.Unsourced); n > 0 {
				msg += fmt.Sprintf("，其中 %d 处找不到出处（已标红），请核对", n)
			}
			msg += "。确认后计入正式报告。"
		}
	case "rewrite":
		err = c.Editorial.RewriteSection(ctx, v.User, ref, sid, r.PostFormValue("instruction"), key)
		msg = "已提交重写，新稿完成后会出现在这里，并发到企业微信。"
	case "restore":
		n, _ := strconv.Atoi(r.PostFormValue("version"))
		_, err = c.Editorial.RestoreSection(ctx, ref, sid, n, key)
		msg = fmt.Sprintf("已恢复第 %d 版，请重新确认。", n)
	default:
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.log().Info("console section action", "user", v.User, "round", ref.Round, "dept", ref.Dept, "section", sid, "action", r.PathValue("action"))
	http.Redirect(w, r, "/console/rounds/"+url.PathEscape(ref.Round)+"/depts/"+url.PathEscape(ref.Dept)+"/sections/"+url.PathEscape(sid)+
		"?msg="+url.QueryEscape(msg), http.StatusSeeOther)
}

// diffPiece is a run of text kept, removed or added between two versions.
type diffPiece struct {
	Text string
	Op   string // "", "del", "ins"
}

// diffSentences compares two texts sentence by sentence (split after 。；
// and newlines), as an editor reads them.
func diffSentences(from, to string) []diffPiece {
	a, b := sentences(from), sentences(to)
	// Longest common subsequence over sentences.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffPiece
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, diffPiece{Text: a[i]})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, diffPiece{Text: b[j], Op: "ins"})
			j++
		default:
			out = append(out, diffPiece{Text: a[i], Op: "del"})
			i++
		}
	}
	return out
}

func sentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '。' || r == '；' || r == '\n' {
			end := i + len(string(r))
			if t := strings.TrimSpace(s[start:end]); t != "" {
				out = append(out, t)
			}
			start = end
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// summary is the coordinator's district summary: today's totals over the
// departments whose reports are complete, the current draft with each
// figure's source, and forms to (re)draft, edit and confirm.
func (c *Console) summary(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	if !rd.DistrictSummary {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮未设置全区汇总。"))
		return
	}
	st, totals, facts, err := c.Editorial.District(ctx, rd.ID)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var cur *bot.SectionVersion
	var paras [][]piece
	var lock bot.FactLock
	if st != nil {
		cur = st.CurrentVersion()
	}
	if cur != nil {
		lock = factlock.Check(cur.Text, facts, facts, rd.Year)
		srcs := map[string]string{}
		for _, t := range totals {
			srcs[t.Q.ID] = fmt.Sprintf("%d 个部门第%d题合计：%s", t.Depts, t.Q.Number, t.Value)
		}
		describe := func(qids []string) string {
			var ss []string
			for _, q := range qids {
				ss = append(ss, srcs[q])
			}
			return strings.Join(ss, "；")
		}
		paras = splitParas(pieces(cur.Text, lock, describe, "找不到出处：不是任何合计数"))
	}
	c.page(w, r, http.StatusOK, "summary", v, map[string]any{"Round": rd, "State": st, "Cur": cur, "Paras": paras, "Lock": lock,
		"Totals": totals, "Flash": r.URL.Query().Get("msg"), "Nonce": randomHex(12)})
}

func (c *Console) summaryAction(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	id := r.PathValue("round")
	key := formKey(r, v)
	var msg string
	var err error
	switch r.PathValue("action") {
	case "draft":
		dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		var saved *bot.SectionVersion
		saved, _, err = c.Editorial.DraftDistrict(dctx, id, v.User, key)
		if err == nil {
			msg = fmt.Sprintf("已生成第 %d 版汇总稿（%s）。", saved.N, saved.Label())
		}
	case "edit":
		var saved *bot.SectionVersion
		saved, err = c.Editorial.SaveDistrictEdit(ctx, id, v.User, r.PostFormValue("text"), key)
		if err == nil {
			msg = fmt.Sprintf("已保存为第 %d 版：核验数字 %d 个，%d 处找不到出处。", saved.N, saved.Lock.Checked, len(saved.Lock.Unsourced))
		}
	case "confirm":
		err = c.Editorial.ConfirmDistrict(ctx, id, v.User, key)
		msg = "已确认汇总稿。"
	default:
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/console/rounds/"+url.PathEscape(id)+"/summary?msg="+url.QueryEscape(msg), http.StatusSeeOther)
}
