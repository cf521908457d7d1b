package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"

	"reportbot/bot"
)

// flashCookie carries the notice a page shows once after an action
// (已保存…). It replaces a ?msg= query parameter, which let any link put
// words of its choosing on a console page. The notice is signed with the
// session's CSRF secret, so only this session's own actions set it.
const flashCookie = "rb_flash"

// maxFlash bounds a notice (in runes) so the cookie stays under 4 KB.
const maxFlash = 600

// redirectFlash sends the browser to path (303) with msg to show there once.
func (c *Console) redirectFlash(w http.ResponseWriter, r *http.Request, v *viewer, path, msg string) {
	msg = bot.Truncate(msg, maxFlash)
	val := base64.RawURLEncoding.EncodeToString([]byte(msg)) + "." + flashMAC(v.CSRF, msg)
	c.setCookie(w, flashCookie, val, 60)
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// flash returns the notice the last action left for this session, once,
// and clears it; a notice not signed for this session is ignored.
func (c *Console) flash(w http.ResponseWriter, r *http.Request, v *viewer) string {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	c.setCookie(w, flashCookie, "", -1)
	enc, mac, ok := strings.Cut(ck.Value, ".")
	if !ok || v == nil || v.CSRF == "" {
		return ""
	}
	msg, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(mac), []byte(flashMAC(v.CSRF, string(msg)))) {
		return ""
	}
	return string(msg)
}

// flashMAC signs a notice with the session's CSRF secret.
func flashMAC(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("flash:" + msg))
	return hex.EncodeToString(m.Sum(nil))
}

// noListing serves static files but no directory listing: a path naming
// a directory is not found.
func noListing(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
