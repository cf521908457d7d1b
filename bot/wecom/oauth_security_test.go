package wecom_test

import (
	"context"
	"testing"

	"reportbot/bot/wecom"
	"reportbot/store/storetest"
)

// TestSecurityOAuthCodeEscaped: the sign-in code from the browser's query
// reaches auth/getuserinfo as one escaped value; a code carrying & or =
// cannot add parameters to WeCom's request.
func TestSecurityOAuthCodeEscaped(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	wecom.SetAPIBase(api.URL)
	o := wecom.NewOAuth(api.CorpID, "1000002", api.Secret, st.TokenCache())
	code := "c1&userid=admin&code=x y#z"
	api.IssueCode(code, "zhangsan")
	api.IssueCode("c1", "admin")
	user, err := o.UserByCode(context.Background(), code)
	if err != nil || user != "zhangsan" {
		t.Fatalf("UserByCode(%q) = %q, %v; want zhangsan", code, user, err)
	}
}
