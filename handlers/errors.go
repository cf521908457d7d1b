package handlers

import (
	"net/http"

	"reportbot/bot"
)

// statusOf is the HTTP status of err, by its bot error code: the one place
// the API and the console turn the domain's error vocabulary into status
// codes. Anything without a known code (a plain error, bot.EInternal) is
// 500; callers log those, and only those, since the user can do nothing
// about them. The user is shown bot.ErrorMessage(err) whatever the status.
func statusOf(err error) int {
	switch bot.ErrorCode(err) {
	case bot.ENotFound:
		return http.StatusNotFound
	case bot.EInvalid:
		return http.StatusBadRequest
	case bot.EConflict:
		return http.StatusConflict
	case bot.EForbidden:
		return http.StatusForbidden
	case bot.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
