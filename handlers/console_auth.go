package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"reportbot/bot"
)

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

const (
	sessionCookie = "rb_session"
	stateCookie   = "rb_oauth_state"
	sessionTTL    = 8 * time.Hour
)

// viewer is the signed-in user and what they may do.
type viewer struct {
	User        string
	Name        string // from the roster: 陈统筹, or the account when unknown
	CSRF        string
	Coordinator bool // coordinators and admins
	Editor      bool
	Admin       bool // may change who holds the office-wide roles
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

// randomHex is n random bytes in hex: OAuth states and form nonces.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// setCookie sets a console cookie: HttpOnly, SameSite=Lax, Secure on
// HTTPS deployments; maxAge -1 deletes it.
func (c *Console) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/console/", MaxAge: maxAge, HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// login shows the sign-in button of a one-time link (?token=) or sends
// the browser to WeCom's authorize page. Opening a link spends nothing: a
// chat app's link preview fetches it too; the click (loginLink's POST)
// signs in.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("token"); tok != "" {
		w.Header().Set("Referrer-Policy", "no-referrer")
		c.page(w, r, http.StatusOK, "login", nil, map[string]any{"Token": tok})
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

// loginLink spends a one-time login link (POSTed by the login page's
// button) and signs in.
func (c *Console) loginLink(w http.ResponseWriter, r *http.Request) {
	tok := r.PostFormValue("token")
	if tok == "" {
		c.page(w, r, http.StatusForbidden, "login", nil, map[string]any{"Error": "登录链接无效，请重新获取。"})
		return
	}
	user, err := c.Sessions.UseLoginLink(r.Context(), tok)
	if err != nil {
		c.page(w, r, http.StatusForbidden, "login", nil, map[string]any{"Error": bot.ErrorMessage(err)})
		return
	}
	c.startSession(w, r, user)
}

// oauth finishes a WeCom sign-in.
func (c *Console) oauth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st, err := r.Cookie(stateCookie)
	// An empty or short state cookie never matches: without it an empty
	// ?state= would.
	if c.OAuth == nil || err != nil || len(st.Value) < 32 || subtle.ConstantTimeCompare([]byte(st.Value), []byte(q.Get("state"))) != 1 || q.Get("code") == "" {
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

// startSession signs user in and sends them to the console's home.
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

// logout ends the session, in the store as well as in the browser.
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
		ro := c.Admin.Roster.Get()
		v := &viewer{User: user, Name: ro.Name(user), CSRF: csrf, Admin: ro.Has(bot.RoleAdmin, user)}
		v.Coordinator = ro.Has(bot.RoleCoordinator, user)
		v.Editor = ro.Has(bot.RoleEditor, user) || ro.Has(bot.RoleAdmin, user)
		us, err := c.Store.User(r.Context(), user)
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		v.Assignments = us.Assignments
		// Round actions record who did them.
		next(w, r.WithContext(bot.WithActor(r.Context(), user)), v)
	}
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
