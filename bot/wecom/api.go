package wecom

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// DefaultAPIBase is WeCom's API host.
const DefaultAPIBase = "https://qyapi.weixin.qq.com"

var (
	apiBase     atomic.Value // string
	installOnce sync.Once
)

// SetAPIBase points every silenceper call at base (WECOM_API_BASE): the
// fake WeCom in tests and the demo, a proxy in production. silenceper keeps
// its URI modifier and HTTP client in package globals, so they are set once
// per process and the base itself lives in an atomic value.
func SetAPIBase(base string) {
	installOnce.Do(func() {
		util.DefaultHTTPClient = &http.Client{Timeout: 10 * time.Second}
		util.SetURIModifier(func(uri string) string {
			b, _ := apiBase.Load().(string)
			if b == "" || b == DefaultAPIBase {
				return uri
			}
			return strings.Replace(uri, DefaultAPIBase, b, 1)
		})
	})
	apiBase.Store(strings.TrimRight(base, "/"))
}
