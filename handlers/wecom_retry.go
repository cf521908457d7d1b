package handlers

import (
	"net/http"
	"strconv"
	"time"

	"reportbot/bot"
)

// RetryWindow is how long after WeCom first sends a callback it may still
// deliver it again: it waits 5 seconds for an answer and tries three more
// times. A turn that failed because Redis was unavailable (nothing was
// stored) is answered 503 within this window, so WeCom's next delivery
// retries it and the contact need not type it again; after it, the contact
// is asked to resend.
const RetryWindow = 12 * time.Second

// retryLater answers 503 to a turn that failed with EUnavailable while
// WeCom will still retry it (the callback's signed timestamp is within
// RetryWindow), and reports whether it did.
func (h *WeComCallback) retryLater(w http.ResponseWriter, err error, ts string, m bot.Message) bool {
	if bot.ErrorCode(err) != bot.EUnavailable {
		return false
	}
	sent, perr := strconv.ParseInt(ts, 10, 64)
	if perr != nil || h.Clock.Now().Sub(time.Unix(sent, 0)) > RetryWindow {
		return false
	}
	h.Log.Warn("turn unavailable, asking WeCom to retry", "user", m.User, "msg", m.ID, "err", err)
	h.Metrics.turn("retry")
	w.Header().Set("Retry-After", "5")
	http.Error(w, "service unavailable, retry", http.StatusServiceUnavailable)
	return true
}
