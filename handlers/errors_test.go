package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"reportbot/bot"
)

// TestStatusOf: every bot error code maps to its status, through wrapping;
// anything else is an internal error.
func TestStatusOf(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"not found", bot.Errorf(bot.ENotFound, "本轮没有这个部门。"), http.StatusNotFound},
		{"invalid", bot.Errorf(bot.EInvalid, "请求内容不是有效的 JSON"), http.StatusBadRequest},
		{"conflict", bot.Errorf(bot.EConflict, "已经是填报中状态"), http.StatusConflict},
		{"forbidden", bot.Errorf(bot.EForbidden, "您没有权限查看或操作这一页面。"), http.StatusForbidden},
		{"unavailable", bot.WrapError(bot.EUnavailable, "store.Round", errors.New("dial tcp: refused")), http.StatusServiceUnavailable},
		{"internal code", bot.WrapError(bot.EInternal, "export.XLSX", errors.New("boom")), http.StatusInternalServerError},
		{"unknown code", bot.Errorf("teapot", "？"), http.StatusInternalServerError},
		{"wrapped not found", fmt.Errorf("console: %w", bot.Errorf(bot.ENotFound, "没有这一章节。")), http.StatusNotFound},
		{"wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", bot.Errorf(bot.EConflict, "x"))), http.StatusConflict},
		{"plain error", errors.New("unexpected"), http.StatusInternalServerError},
		{"context canceled", context.Canceled, http.StatusInternalServerError},
		{"nil", nil, http.StatusInternalServerError},
	} {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("%s: statusOf(%v) = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}
