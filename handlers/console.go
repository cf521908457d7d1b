package handlers

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/rounds"
)

//go:embed console
var consoleFiles embed.FS

// Console serves /console/: coordinators follow rounds, remind and export;
// anyone with access reads a department's answers and their history;
// editors review drafts beside the answers they came from, edit them
// (fact-locked on save), ask for rewrites, confirm, and restore versions.
// Every page checks the signed-in user's role; every form carries the
// session's CSRF token; every value is escaped by html/template.
//
// One file per route family: console_auth.go (sign-in, sessions, CSRF),
// console_rounds.go (rounds, reminders, exports), console_depts.go (a
// department's answers and report), console_sections.go (the editor's
// sections), console_summary.go (the district summary), console_forms.go
// (forms: upload a form or last year's report, check, preview, save),
// console_roundadmin.go (create a round, confirmed status changes, the
// reminder schedule and its upcoming sends), console_roster.go (the
// roster and roles: edit, import, sync, history), console_holidays.go
// (the public holidays reminders keep to), console_grid.go (a table
// answer edited cell by cell).
type Console struct {
	Store     bot.Store
	Admin     *rounds.RoundAdmin // its Roster gives the roles
	Reminders *rounds.Reminders
	Editorial *editorial.Editorial
	Forms     FormLibrary   // nil: no forms page
	Roster    RosterKeeper  // nil: no roster pages
	Directory DirectoryFunc // nil: no WeCom address-book sync
	Grids     GridEditor    // nil: tables are shown, not edited
	Sessions  SessionStore
	OAuth     Authorizer // nil: sign in only with login links
	BaseURL   string     // public address, for the OAuth redirect
	Secure    bool       // mark cookies Secure (HTTPS deployments)
	Clock     bot.Clock
	Log       *slog.Logger

	tmpl *template.Template
}

// Handler returns the console's routes.
func (c *Console) Handler() http.Handler {
	c.tmpl = template.Must(template.New("").Funcs(template.FuncMap{
		"time":  func(t time.Time) string { return bot.FormatTime(t) },
		"inc":   func(i int) int { return i + 1 },
		"label": func(s bot.AssignmentStatus) string { return s.Label() },
		"rlabel": func(s bot.RoundStatus) string {
			return s.Label()
		},
		// name writes a person by name (the id when none is known);
		// person and people add the id, for the roster's pages.
		"name":   func(u string) string { return bot.PersonName(c.Admin.Roster.Get(), u) },
		"person": func(u string) string { return c.Admin.Roster.Get().Label(u) },
		"event":  bot.AuditEventLabel,
		"slabel": func(s string) string {
			if s == "" {
				return ""
			}
			return bot.AssignmentStatus(s).Label()
		},
		"people": func(us []string) string {
			ro := c.Admin.Roster.Get()
			out := make([]string, len(us))
			for i, u := range us {
				out[i] = ro.Label(u)
			}
			return strings.Join(out, "、")
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
	mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", noListing(http.FileServerFS(static))))
	// Sign-in: console_auth.go.
	mux.HandleFunc("GET /console/login", c.login)
	mux.HandleFunc("POST /console/login", c.loginLink)
	mux.HandleFunc("GET /console/oauth", c.oauth)
	mux.HandleFunc("POST /console/logout", c.auth(c.logout))
	// Rounds: console_rounds.go.
	mux.HandleFunc("GET /console/{$}", c.auth(c.home))
	mux.HandleFunc("GET /console/rounds/{round}", c.auth(c.round))
	// Round administration: console_roundadmin.go.
	mux.HandleFunc("GET /console/rounds/new", c.auth(c.roundNew))
	mux.HandleFunc("POST /console/rounds/new", c.auth(c.roundCreate))
	mux.HandleFunc("GET /console/rounds/{round}/confirm/{action}", c.auth(c.roundConfirm))
	mux.HandleFunc("POST /console/rounds/{round}/status/{action}", c.auth(c.roundAction))
	mux.HandleFunc("GET /console/rounds/{round}/schedule", c.auth(c.schedule))
	mux.HandleFunc("POST /console/rounds/{round}/schedule", c.auth(c.scheduleSave))
	mux.HandleFunc("POST /console/rounds/{round}/deadline", c.auth(c.deadlineSave))
	// Roster and roles: console_roster.go.
	mux.HandleFunc("GET /console/roster", c.auth(c.roster))
	mux.HandleFunc("GET /console/roster/depts/new", c.auth(c.rosterDept))
	mux.HandleFunc("POST /console/roster/depts/new", c.auth(c.rosterDeptSave))
	mux.HandleFunc("GET /console/roster/depts/{dept}", c.auth(c.rosterDept))
	mux.HandleFunc("POST /console/roster/depts/{dept}", c.auth(c.rosterDeptSave))
	mux.HandleFunc("GET /console/roster/depts/{dept}/delete", c.auth(c.rosterDeptDelete))
	mux.HandleFunc("POST /console/roster/depts/{dept}/delete", c.auth(c.rosterDeptDelete))
	mux.HandleFunc("GET /console/roster/roles", c.auth(c.rosterRoles))
	mux.HandleFunc("POST /console/roster/roles", c.auth(c.rosterRoles))
	mux.HandleFunc("POST /console/roster/import", c.auth(c.rosterImport))
	mux.HandleFunc("POST /console/roster/sync", c.auth(c.rosterSync))
	mux.HandleFunc("POST /console/roster/apply", c.auth(c.rosterApply))
	mux.HandleFunc("POST /console/rounds/{round}/nudge", c.auth(c.nudge))
	mux.HandleFunc("POST /console/rounds/{round}/reopen", c.auth(c.reopen))
	mux.HandleFunc("GET /console/rounds/{round}/export.xlsx", c.auth(c.exportXLSX))
	mux.HandleFunc("GET /console/rounds/{round}/reports.zip", c.auth(c.exportZip))
	// District summary: console_summary.go.
	mux.HandleFunc("GET /console/rounds/{round}/summary", c.auth(c.summary))
	mux.HandleFunc("POST /console/rounds/{round}/summary/{action}", c.auth(c.summaryAction))
	// Forms: console_forms.go.
	mux.HandleFunc("GET /console/holidays", c.auth(c.holidays))
	mux.HandleFunc("POST /console/holidays/preview", c.auth(c.holidaysPreview))
	mux.HandleFunc("POST /console/holidays/save", c.auth(c.holidaysSave))
	mux.HandleFunc("POST /console/holidays/{year}/delete", c.auth(c.holidaysDelete))
	mux.HandleFunc("GET /console/forms", c.auth(c.forms))
	mux.HandleFunc("POST /console/forms/check", c.auth(c.formCheck))
	mux.HandleFunc("POST /console/forms/save", c.auth(c.formSave))
	// Departments and reports: console_depts.go.
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}", c.auth(c.dept))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/audit.xlsx", c.auth(c.audit))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/{file}", c.auth(c.report))
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/factcheck", c.auth(c.factcheck))
	// Table answers edited cell by cell: console_grid.go.
	mux.HandleFunc("GET /console/rounds/{round}/depts/{dept}/tables/{qid}", c.auth(c.grid))
	mux.HandleFunc("POST /console/rounds/{round}/depts/{dept}/tables/{qid}", c.auth(c.grid))
	mux.HandleFunc("POST /console/rounds/{round}/depts/{dept}/factcheck", c.auth(c.factcheck))
	// Sections: console_sections.go.
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

// fail shows an error page with the error's Chinese message; only
// internal errors are logged, the rest are the user's to read.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		c.log().Error("console error", "path", r.URL.Path, "err", err)
	}
	c.page(w, r, status, "error", v, map[string]any{"Error": bot.ErrorMessage(err)})
}

// refused answers a form whose action failed: a fault of the service is
// an error page; anything else (a typing mistake, a conflict) shows the
// form again through again with the status and the Chinese sentence. It
// reports whether err was not nil, i.e. the request is answered.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, v *viewer, err error, again func(status int, msg string)) bool {
	switch {
	case err == nil:
		return false
	case statusOf(err) == http.StatusInternalServerError:
		c.fail(w, r, v, err)
	default:
		again(statusOf(err), bot.ErrorMessage(err))
	}
	return true
}

func (c *Console) forbid(w http.ResponseWriter, r *http.Request, v *viewer) {
	c.log().Warn("console access refused", "user", v.User, "path", r.URL.Path)
	c.fail(w, r, v, bot.Errorf(bot.EForbidden, "您没有权限查看或操作这一页面。"))
}

// download sends a file; the name is ASCII-safe in filename= and exact in
// filename*=.
func download(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename=\"download"+path.Ext(name)+"\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(data)
}

// formKey makes a resubmitted form (a double click, a reload) count once:
// the key is the form's nonce, or a fresh one when the form had none.
func formKey(r *http.Request, v *viewer) string {
	if n := r.PostFormValue("nonce"); len(n) >= 16 {
		return "console:" + v.User + ":" + n
	}
	return "console:" + randomHex(12)
}
