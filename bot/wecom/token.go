package wecom

import (
	"context"
	"fmt"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
)

// TokenStore is the shared access-token cache (Redis in production) with a
// short lock so that one replica at a time calls gettoken.
type TokenStore interface {
	cache.Cache
	Lock(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Unlock(ctx context.Context, key string)
}

// tokenSource hands out the app's access token: from the shared cache, or
// fetched by whichever replica takes the lock while the others wait for it.
type tokenSource struct {
	store  TokenStore
	fetch  credential.AccessTokenContextHandle // silenceper's gettoken + cache.Set
	key    string                              // silenceper's cache key for this app
	waitTo time.Duration
	onNew  func()
}

func newTokenSource(corpID, secret, agentID string, store TokenStore, onNew func()) *tokenSource {
	return &tokenSource{store: store, onNew: onNew, waitTo: 5 * time.Second,
		fetch: credential.NewWorkAccessToken(corpID, secret, agentID, credential.CacheKeyWorkPrefix, store),
		key:   fmt.Sprintf("%s_access_token_%s_%s", credential.CacheKeyWorkPrefix, corpID, agentID)}
}

// GetAccessToken implements credential.AccessTokenHandle.
func (t *tokenSource) GetAccessToken() (string, error) {
	return t.token(context.Background())
}

func (t *tokenSource) token(ctx context.Context) (string, error) {
	if v, ok := t.store.Get(t.key).(string); ok && v != "" {
		return v, nil
	}
	deadline := time.Now().Add(t.waitTo)
	for {
		got, err := t.store.Lock(ctx, t.key, t.waitTo)
		if err == nil && got {
			defer t.store.Unlock(ctx, t.key)
			tok, err := t.fetch.GetAccessTokenContext(ctx)
			if err == nil && t.onNew != nil {
				t.onNew()
			}
			return tok, err
		}
		if v, ok := t.store.Get(t.key).(string); ok && v != "" {
			return v, nil
		}
		if err != nil || time.Now().After(deadline) {
			// Redis trouble or a stuck holder: fetch anyway rather than fail.
			return t.fetch.GetAccessTokenContext(ctx)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// drop forgets the cached token after 40014/42001.
func (t *tokenSource) drop() { t.store.Delete(t.key) }
