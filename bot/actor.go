package bot

import (
	"context"
	"time"
)

type actorKey struct{}

// WithActor returns ctx carrying who acts: the signed-in user of the
// console, the chat's sender, "api" or "cli". Round actions record it.
func WithActor(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, actorKey{}, user)
}

// Actor returns who acts in ctx, "system" when nobody was named.
func Actor(ctx context.Context) string {
	if u, ok := ctx.Value(actorKey{}).(string); ok && u != "" {
		return u
	}
	return "system"
}

// RoundEvent records one action on a round: who, when, what.
type RoundEvent struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Action string    `json:"action"` // create, start, pause, close, reopen, return, schedule
	Detail string    `json:"detail,omitempty"`
}

// Label names the action in Chinese.
func (e RoundEvent) Label() string {
	if l, ok := map[string]string{"create": "创建", "start": "开始", "pause": "暂停", "close": "截止", "reopen": "重新开放",
		"return": "退回部门", "schedule": "修改提醒计划", "deadline": "修改截止时间"}[e.Action]; ok {
		return l
	}
	return e.Action
}
