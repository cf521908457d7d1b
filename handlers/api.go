package handlers

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
)

// RoundsAPI serves the coordinators' JSON API under /api/rounds, guarded by
// a bearer token (REPORTBOT_ADMIN_TOKEN):
//
//	GET  /api/rounds                         list rounds
//	POST /api/rounds                         create a round (RoundRequest)
//	POST /api/rounds/{round}/start|pause|close
//	POST /api/rounds/{round}/reopen          {"dept": "...", "reason": "..."}
//	GET  /api/rounds/{round}/progress        per-department progress and totals
//	GET  /api/rounds/{round}/answers         every answer (the JSON export)
//	GET  /api/rounds/{round}/export.xlsx     the Excel workbook (also .csv, .json)
//	GET  /api/rounds/{round}/reports/{dept}.docx   a department's confirmed report (also .md)
//	GET  /api/rounds/{round}/reports.zip     every finished report and the workbook
//
// Errors are JSON {"error": "<Chinese message>"} with a status that
// matches the error's code (statusOf); an unknown path or method is a 404
// with the same shape.
type RoundsAPI struct {
	Token string // an empty token refuses every request
	Admin *rounds.RoundAdmin
	Forms func(ctx context.Context, id string) (*bot.Form, error)
	// Editorial assembles the reports (nil: the report endpoints answer
	// 404).
	Editorial *editorial.Editorial
	Clock     bot.Clock
	Log       *slog.Logger
	// Prefix is the path the routes above sit under, as the API is
	// mounted (not stripped) in the server's mux; it defaults to
	// /api/rounds and is read once, at the first request.
	Prefix string

	once sync.Once
	mux  *http.ServeMux
}

// RoundRequest is the body of POST /api/rounds.
type RoundRequest struct {
	ID          string   `json:"id"`
	Form        string   `json:"form"`
	Title       string   `json:"title"`
	Year        int      `json:"year"`
	Departments []string `json:"departments"` // empty: every department in the roster
	Deadline    string   `json:"deadline"`    // 2026-01-15 (end of that day, China time) or RFC 3339
	Coordinator string   `json:"coordinator"`
	HeadConfirm bool     `json:"head_confirm"`
	YoYRatio    float64  `json:"yoy_ratio"`
	Previous    string   `json:"previous"`
	// DistrictSummary lets the coordinator draft a district-wide summary.
	DistrictSummary bool `json:"district_summary"`
}

// RoundSummary is one round in GET /api/rounds.
type RoundSummary struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Year        int             `json:"year"`
	Form        string          `json:"form"`
	Status      bot.RoundStatus `json:"status"`
	Deadline    time.Time       `json:"deadline"`
	Departments int             `json:"departments"`
	HeadConfirm bool            `json:"head_confirm"`
	Previous    string          `json:"previous,omitempty"`
}

// DeptProgressJSON is one department in GET …/progress.
type DeptProgressJSON struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Status       string     `json:"status"`
	Label        string     `json:"label"`
	Done         int        `json:"done"`
	Total        int        `json:"total"`
	LastActivity *time.Time `json:"last_activity,omitempty"`
	Reminders    int        `json:"reminders"`
	Overdue      bool       `json:"overdue"`
}

// ServeHTTP implements http.Handler: the bearer token is checked before
// any route is looked at, so an unknown path without it is a 401 too.
func (a *RoundsAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !a.authorised(r) {
		a.Log.Warn("api request refused", "path", r.URL.Path, "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="reportbot"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "未授权：请在 Authorization 头中提供正确的令牌。"})
		return
	}
	a.once.Do(a.routes)
	a.mux.ServeHTTP(w, withoutTrailingSlash(r.WithContext(bot.WithActor(r.Context(), "api"))))
}

// routes builds the API's mux under Prefix. The catch-all pattern answers
// every other path, and every other method on a known path, with the
// API's JSON 404 rather than the mux's plain-text 404 or 405.
func (a *RoundsAPI) routes() {
	p := strings.TrimRight(a.Prefix, "/")
	if p == "" {
		p = "/api/rounds"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+p, a.list)
	mux.HandleFunc("POST "+p, a.create)
	mux.HandleFunc("POST "+p+"/{round}/{action}", a.action)
	mux.HandleFunc("GET "+p+"/{round}/{what}", a.read)
	mux.HandleFunc("GET "+p+"/{round}/reports/{file}", a.report)
	a.sectionRoutes(mux, p)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { apiNotFound(w) })
	a.mux = mux
}

// withoutTrailingSlash lets GET /api/rounds/ and …/progress/ reach the
// same routes as without the slash, as clients of the API always could.
func withoutTrailingSlash(r *http.Request) *http.Request {
	p := strings.TrimRight(r.URL.Path, "/")
	if p == r.URL.Path || p == "" {
		return r
	}
	r2 := r.WithContext(r.Context())
	u := *r.URL
	u.Path, u.RawPath = p, strings.TrimRight(u.RawPath, "/")
	r2.URL = &u
	return r2
}

// apiNotFound is the answer to a path or method the API does not have.
func apiNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "没有这个接口。"})
}

func (a *RoundsAPI) authorised(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && a.Token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(a.Token)) == 1
}

func (a *RoundsAPI) list(w http.ResponseWriter, r *http.Request) {
	ids, err := a.Admin.Store.Rounds(r.Context())
	if err != nil {
		a.fail(w, err)
		return
	}
	out := []RoundSummary{}
	for _, id := range ids {
		rd, err := a.Admin.Store.Round(r.Context(), id)
		if err != nil {
			a.fail(w, err)
			return
		}
		out = append(out, RoundSummary{ID: rd.ID, Title: rd.Title, Year: rd.Year, Form: rd.Form.ID, Status: rd.Status,
			Deadline: rd.Deadline, Departments: len(rd.Departments), HeadConfirm: rd.HeadConfirm, Previous: rd.Previous})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *RoundsAPI) create(w http.ResponseWriter, r *http.Request) {
	var req RoundRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		a.fail(w, bot.Errorf(bot.EInvalid, "请求内容不是有效的 JSON：%v", err))
		return
	}
	form, err := a.Forms(r.Context(), req.Form)
	if bot.ErrorCode(err) == bot.ENotFound {
		a.fail(w, bot.Errorf(bot.EInvalid, "没有名为“%s”的问卷。", req.Form))
		return
	}
	if err != nil {
		a.fail(w, err)
		return
	}
	deadline, err := rounds.ParseDeadline(req.Deadline)
	if err != nil {
		a.fail(w, err)
		return
	}
	rd, err := a.Admin.Create(r.Context(), rounds.RoundSpec{ID: req.ID, Form: form, Title: req.Title, Year: req.Year,
		Depts: req.Departments, Deadline: deadline, Coordinator: req.Coordinator, HeadConfirm: req.HeadConfirm,
		YoYRatio: req.YoYRatio, Previous: req.Previous, DistrictSummary: req.DistrictSummary})
	if err != nil {
		a.fail(w, err)
		return
	}
	a.Log.Info("round created via api", "round", rd.ID, "departments", len(rd.Departments))
	writeJSON(w, http.StatusCreated, RoundSummary{ID: rd.ID, Title: rd.Title, Year: rd.Year, Form: rd.Form.ID,
		Status: rd.Status, Deadline: rd.Deadline, Departments: len(rd.Departments), HeadConfirm: rd.HeadConfirm, Previous: rd.Previous})
}

// action changes a round's state: start, pause, close, or reopen one
// department's submission.
func (a *RoundsAPI) action(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, verb := r.PathValue("round"), r.PathValue("action")
	var err error
	out := map[string]any{"round": id, "action": verb}
	switch verb {
	case "start":
		var started rounds.Started
		started, err = a.Admin.Start(ctx, id)
		out["messages_queued"] = started.Queued
		if started.Waiting > 0 {
			out["messages_waiting"], out["send_at"] = started.Waiting, started.At
		}
		out["message"] = started.Text(id)
	case "pause":
		err = a.Admin.SetStatus(ctx, id, bot.RoundPaused)
	case "close":
		err = a.Admin.SetStatus(ctx, id, bot.RoundClosed)
	case "reopen":
		// A "by" in the body is accepted for old clients but not believed:
		// the reopening is recorded as the authenticated caller's.
		var body struct {
			Dept   string `json:"dept"`
			Reason string `json:"reason"`
			By     string `json:"by"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil {
			a.fail(w, bot.Errorf(bot.EInvalid, "请求内容不是有效的 JSON：%v", err))
			return
		}
		if body.By != "" && body.By != bot.Actor(ctx) {
			a.Log.Warn("api reopen names another actor; recorded as the caller", "claimed", body.By, "caller", bot.Actor(ctx))
		}
		err = a.Admin.Reopen(ctx, bot.AssignmentRef{Round: id, Dept: body.Dept}, body.Reason, bot.Actor(ctx))
	case "deadline":
		// {"deadline": "2027-01-15", "tell": true}: moves the deadline.
		var body struct {
			Deadline string `json:"deadline"`
			Tell     bool   `json:"tell"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil {
			a.fail(w, bot.Errorf(bot.EInvalid, "请求内容不是有效的 JSON：%v", err))
			return
		}
		var at time.Time
		if at, err = rounds.ParseDeadline(body.Deadline); err == nil {
			var moved rounds.DeadlineMoved
			moved, err = a.Admin.SetDeadline(ctx, id, at, body.Tell)
			out["deadline"], out["told"], out["message"] = moved.To, moved.Told, moved.Text()
		}
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "没有这个操作：" + verb})
		return
	}
	if err != nil {
		a.fail(w, err)
		return
	}
	a.Log.Info("round action via api", "round", id, "action", verb)
	writeJSON(w, http.StatusOK, out)
}

// read serves what is known of a round: progress, answers, exports and
// the report package.
func (a *RoundsAPI) read(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, what := r.PathValue("round"), r.PathValue("what")
	switch what {
	case "progress":
		p, err := a.Admin.Progress(ctx, id)
		if err != nil {
			a.fail(w, err)
			return
		}
		now := a.Clock.Now()
		depts := []DeptProgressJSON{}
		for _, d := range p.Depts {
			dj := DeptProgressJSON{ID: d.Dept.ID, Name: d.Dept.Name, Status: string(d.Status), Label: d.Status.Label(),
				Done: d.Done, Total: d.Total, Reminders: d.Reminders,
				Overdue: p.Overdue(d, now)}
			if dj.Status == "" {
				dj.Status = string(bot.NotStarted)
			}
			if !d.LastActivity.IsZero() {
				t := d.LastActivity
				dj.LastActivity = &t
			}
			depts = append(depts, dj)
		}
		writeJSON(w, http.StatusOK, map[string]any{"round": id, "title": p.Round.Title, "status": p.Round.Status,
			"deadline": p.Round.Deadline, "totals": p.ByLabel, "departments": depts})
	case "reports.zip":
		a.zip(w, r, id)
	case "answers", "export.json", "export.xlsx", "export.csv":
		rd, depts, err := export.Load(ctx, a.Admin.Store, id)
		if err != nil {
			a.fail(w, err)
			return
		}
		write, ctype, ext := export.JSON, "application/json; charset=utf-8", "json"
		switch what {
		case "export.xlsx":
			write, ctype, ext = export.XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
		case "export.csv":
			write, ctype, ext = export.CSV, "text/csv; charset=utf-8", "csv"
		}
		w.Header().Set("Content-Type", ctype)
		if what != "answers" {
			w.Header().Set("Content-Disposition", "attachment; filename=\""+rd.ID+"."+ext+"\"")
		}
		if err := write(w, rd, depts, a.Admin.Roster.Get()); err != nil {
			a.Log.Error("api export failed", "round", id, "err", err)
		}
	default:
		apiNotFound(w)
	}
}

// report serves one department's report as .docx or .md; ?draft=1
// previews it with unconfirmed sections.
func (a *RoundsAPI) report(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("round")
	dept, ext, ok := strings.Cut(r.PathValue("file"), ".")
	if a.Editorial == nil || !ok || (ext != "docx" && ext != "md") {
		apiNotFound(w)
		return
	}
	rd, err := a.Admin.Store.Round(r.Context(), id)
	if err != nil {
		a.fail(w, err)
		return
	}
	d := rd.Department(dept)
	if d == nil {
		a.fail(w, bot.Errorf(bot.ENotFound, "本轮没有部门“%s”。", dept))
		return
	}
	rep, err := a.Editorial.Report(r.Context(), bot.AssignmentRef{Round: id, Dept: dept}, r.URL.Query().Get("draft") == "1")
	if err != nil {
		a.fail(w, err)
		return
	}
	name := export.ReportFile(*d, ext)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	if ext == "md" {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		io.WriteString(w, rep.Markdown())
		return
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		a.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Write(buf.Bytes())
}

// zip serves the round's package; departments whose report is not
// complete are listed in the X-Reports-Missing header.
func (a *RoundsAPI) zip(w http.ResponseWriter, r *http.Request, id string) {
	if a.Editorial == nil {
		apiNotFound(w)
		return
	}
	rd, depts, err := export.Load(r.Context(), a.Admin.Store, id)
	if err != nil {
		a.fail(w, err)
		return
	}
	reports, err := a.Editorial.CompleteReports(r.Context(), rd)
	if err != nil {
		a.fail(w, err)
		return
	}
	var buf bytes.Buffer
	missing, err := export.Zip(&buf, rd, depts, reports, a.Admin.Roster.Get())
	if err != nil {
		a.fail(w, err)
		return
	}
	if len(missing) > 0 {
		w.Header().Set("X-Reports-Missing", url.PathEscape(strings.Join(missing, "、")))
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", "attachment; filename=\""+id+".zip\"")
	w.Write(buf.Bytes())
}

// fail writes err as JSON with the status its code maps to; only internal
// errors are logged.
func (a *RoundsAPI) fail(w http.ResponseWriter, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		a.Log.Error("api error", "err", err)
	}
	writeJSON(w, status, map[string]string{"error": bot.ErrorMessage(err)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
