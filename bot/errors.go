package bot

import (
	"errors"
	"fmt"
)

// Error codes: the one vocabulary every adapter translates its failures into.
// handlers alone maps them to HTTP status codes and user-facing text.
const (
	ENotFound    = "not_found"   // the thing asked for does not exist
	EInvalid     = "invalid"     // the input is malformed or out of bounds
	EConflict    = "conflict"    // a concurrent change won; retry with fresh state
	EForbidden   = "forbidden"   // the caller's role does not allow the action
	EUnavailable = "unavailable" // a dependency (Redis, WeCom, the model) is down
	EInternal    = "internal"    // a bug or an unexpected failure
)

// Error is reportbot's error type. Message is plain Simplified Chinese fit to
// show a user; Op names the operation for logs; Err is the wrapped cause.
type Error struct {
	Code    string
	Message string
	Op      string
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := e.Code
	if e.Op != "" {
		s = e.Op + ": " + s
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error with the given code that wraps err, naming op.
func WrapError(code, op string, err error) *Error {
	return &Error{Code: code, Op: op, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err, or a generic polite
// sentence when err carries none.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	switch ErrorCode(err) {
	case EUnavailable:
		return MsgBusy
	case ENotFound:
		return "未找到相关内容。"
	case EForbidden:
		return "抱歉，您没有进行此操作的权限。"
	}
	return "系统出现异常，请稍后再试；如多次出现，请联系统筹人。"
}

// MsgUnavailable is what a user is told when a feature is not set up on
// this installation (no job queue, no exporter).
const MsgUnavailable = "该功能暂不可用，请联系系统管理员。"

// MsgBusy is what a user is told when a dependency is down and the message
// was not taken: WeCom (or the user) will deliver it again.
const MsgBusy = "系统繁忙，请稍后再发。"

// ErrorReply turns a user-facing error (not found, invalid, conflict) into
// a reply that says what is wrong; any other error is returned as it is,
// for the channel to report and retry.
func ErrorReply(err error) ([]Reply, error) {
	if c := ErrorCode(err); c == ENotFound || c == EInvalid || c == EConflict {
		return []Reply{{Text: ErrorMessage(err)}}, nil
	}
	return nil, err
}
