package wecom

import (
	"context"
	"net/url"

	"github.com/silenceper/wechat/v2/work/config"
	workctx "github.com/silenceper/wechat/v2/work/context"
	"github.com/silenceper/wechat/v2/work/oauth"

	"reportbot/bot"
)

// OAuth signs WeCom users into the web console: the authorize URL they are
// sent to, and the user id behind the code WeCom sends back
// (auth/getuserinfo).
type OAuth struct {
	corpID, agentID string
	client          *oauth.Oauth
}

// NewOAuth returns the console's sign-in helper for the app's credentials.
func NewOAuth(corpID, agentID, secret string, store TokenStore) *OAuth {
	ts := newTokenSource(corpID, secret, agentID, store, nil)
	wc := &workctx.Context{Config: &config.Config{CorpID: corpID, CorpSecret: secret, AgentID: agentID, Cache: store},
		AccessTokenHandle: ts}
	return &OAuth{corpID: corpID, agentID: agentID, client: oauth.NewOauth(wc)}
}

// AuthorizeURL is where a browser goes to sign in; WeCom sends it back to
// redirect with ?code=…&state=state.
func (o *OAuth) AuthorizeURL(redirect, state string) string {
	q := url.Values{"appid": {o.corpID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {"snsapi_base"},
		"state": {state}, "agentid": {o.agentID}}
	return "https://open.weixin.qq.com/connect/oauth2/authorize?" + q.Encode() + "#wechat_redirect"
}

// UserByCode resolves a sign-in code (single use) to the member's user id.
// The code comes from the browser's query string: it is escaped, since
// silenceper pastes it into the request URL as it is.
func (o *OAuth) UserByCode(_ context.Context, code string) (string, error) {
	res, err := o.client.GetUserInfo(url.QueryEscape(code))
	if err != nil {
		return "", &bot.Error{Code: bot.EForbidden, Message: "企业微信登录失败，请重新打开。", Op: "wecom: auth/getuserinfo", Err: err}
	}
	if res.UserID == "" {
		return "", bot.Errorf(bot.EForbidden, "只有本企业成员可以登录。")
	}
	return res.UserID, nil
}
