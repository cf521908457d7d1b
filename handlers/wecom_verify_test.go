package handlers

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
)

// TestVerifyURLFaultReplayOverHTTP: a contact's signed callback, captured
// and replayed as GET /wecom/callback?echostr=<its Encrypt>, is refused
// and its text never comes back, fresh or a month old.
func TestVerifyURLFaultReplayOverHTTP(t *testing.T) {
	form, _ := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	for name, age := range map[string]time.Duration{"fresh": 0, "month old": 30 * 24 * time.Hour} {
		c := *rig.client
		c.Now = func() time.Time { return time.Now().Add(-age) }
		body, q, err := c.Envelope(wecomtest.TextXML(c.CorpID, rig.user, "1", "机密内容", c.Now()))
		if err != nil {
			t.Fatal(err)
		}
		q.Set("echostr", between(string(body), "<Encrypt><![CDATA[", "]]>"))
		res, err := http.Get(rig.srv.URL + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || strings.Contains(string(data), "机密内容") || strings.Contains(string(data), "<xml") {
			t.Errorf("%s replay: %d %q", name, res.StatusCode, data)
		}
	}
}
