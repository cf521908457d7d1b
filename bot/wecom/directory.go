package wecom

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/work/addresslist"
	"github.com/silenceper/wechat/v2/work/config"
	workctx "github.com/silenceper/wechat/v2/work/context"

	"reportbot/bot"
)

// Directory reads WeCom's address book (department/list, user/simplelist).
type Directory struct {
	client *addresslist.Client
}

// NewDirectory returns a Directory for the app's credentials; tokens come
// from store (the shared Redis cache, or MemoryTokens for a one-off CLI).
func NewDirectory(corpID, agentID, secret string, store TokenStore) *Directory {
	ts := newTokenSource(corpID, secret, agentID, store, nil)
	wc := &workctx.Context{Config: &config.Config{CorpID: corpID, CorpSecret: secret, AgentID: agentID, Cache: store},
		AccessTokenHandle: ts}
	return &Directory{client: addresslist.NewClient(wc)}
}

// Departments returns every department but the root, with its leaders and
// direct members.
func (d *Directory) Departments(ctx context.Context) ([]bot.DirectoryDept, error) {
	depts, err := d.client.DepartmentList()
	if err != nil {
		return nil, &bot.Error{Code: bot.EUnavailable, Op: "wecom: department/list", Err: err}
	}
	var out []bot.DirectoryDept
	for _, dep := range depts {
		if dep.ParentID == 0 {
			continue // the corp itself
		}
		users, err := d.client.UserSimpleList(dep.ID)
		if err != nil {
			return nil, &bot.Error{Code: bot.EUnavailable, Op: fmt.Sprintf("wecom: user/simplelist %d", dep.ID), Err: err}
		}
		dd := bot.DirectoryDept{WeComID: dep.ID, Name: dep.Name, Leaders: dep.DepartmentLeader, Names: map[string]string{}}
		for _, u := range users {
			dd.Members = append(dd.Members, u.UserID)
			dd.Names[u.UserID] = u.Name
		}
		out = append(out, dd)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MemoryTokens is a TokenStore in process memory, for one-off commands
// that run without Redis.
func MemoryTokens() TokenStore { return &memoryTokens{Memory: cache.NewMemory()} }

type memoryTokens struct {
	*cache.Memory
	mu sync.Mutex
}

// Lock implements TokenStore: one process needs no shared lock.
func (m *memoryTokens) Lock(context.Context, string, time.Duration) (bool, error) {
	return m.mu.TryLock(), nil
}

// Unlock implements TokenStore.
func (m *memoryTokens) Unlock(context.Context, string) { m.mu.Unlock() }
