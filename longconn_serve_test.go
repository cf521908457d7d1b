package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// TestLongConnServeConfig: serve takes the AI bot's settings alone (no
// public address, no app settings), the app's alone, or both; a channel
// begun and not finished names what it lacks; the bot's secret may come
// from a file.
func TestLongConnServeConfig(t *testing.T) {
	env := map[string]string{"REDIS_URL": "redis://127.0.0.1:6379/0", "WECOM_BOT_ID": "aib123", "WECOM_BOT_SECRET": "s"}
	get := func(k string) string { return env[k] }
	c, err := loadServeConfig(get)
	if err != nil || !c.hasBot() || c.hasApp() || c.BotURL != "wss://openws.work.weixin.qq.com" {
		t.Fatalf("bot only: %+v %v", c, err)
	}
	env["WECOM_BOT_SECRET"] = ""
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "WECOM_BOT_SECRET is not set") {
		t.Errorf("bot without secret: %v", err)
	}
	path := t.TempDir() + "/bot_secret"
	os.WriteFile(path, []byte("from-file\n"), 0o600)
	env["WECOM_BOT_SECRET_FILE"] = path
	if c, err := loadServeConfig(get); err != nil || c.BotSecret != "from-file" {
		t.Errorf("bot secret from a file: %q %v", c.BotSecret, err)
	}
	env["WECOM_BOT_ID"], env["WECOM_BOT_SECRET_FILE"] = "", ""
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "no WeCom channel") {
		t.Errorf("no channel: %v", err)
	}
	env["WECOM_CORP_ID"] = "ww1"
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "WECOM_AGENT_ID is not set") {
		t.Errorf("an app begun: %v", err)
	}
	for k, v := range map[string]string{"WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "s", "WECOM_TOKEN": "t",
		"WECOM_AES_KEY": strings.Repeat("a", 43), "WECOM_BOT_ID": "aib123", "WECOM_BOT_SECRET": "s"} {
		env[k] = v
	}
	if c, err := loadServeConfig(get); err != nil || !c.hasApp() || !c.hasBot() {
		t.Errorf("both channels: %v", err)
	}
	env["WECOM_BOT_WS_URL"] = "https://openws.work.weixin.qq.com"
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "WECOM_BOT_WS_URL") {
		t.Errorf("an http gateway URL: %v", err)
	}
}

// TestLongConnReadyz: /readyz is 200 while the replica holds the
// connection and 503, naming the connection, while it cannot reach the
// gateway; the metrics show the state, the reconnects and the frames.
func TestLongConnReadyz(t *testing.T) {
	x := startLongConn(t, "departments: []\n", 1)
	srv := httptest.NewServer(x.apps[0].Handler)
	defer srv.Close()
	get := func(path string) (int, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != 200 {
		t.Fatalf("connected: %d %s", code, body)
	}
	x.g.Close() // the gateway is gone: dials fail
	if !bottest.Eventually(10*time.Second, func() bool { code, _ := get("/readyz"); return code == 503 }) {
		t.Fatal("/readyz stayed 200 with the gateway gone")
	}
	if _, body := get("/readyz"); !strings.Contains(body, "wecom_longconn") {
		t.Errorf("/readyz body %q", body)
	}
	_, m := get("/metrics")
	for _, want := range []string{`reportbot_wecom_longconn_state{state="connected"} 0`, "reportbot_wecom_longconn_reconnects_total",
		`reportbot_wecom_longconn_frames_total{cmd="aibot_subscribe",direction="out"} 1`, `reportbot_wecom_longconn_frames_total{cmd="ack",direction="in"}`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestLongConnBothChannels: with the app and the AI bot both configured,
// a proactive message goes through the channel the user last wrote from,
// and through the app to a user who never wrote.
func TestLongConnBothChannels(t *testing.T) {
	g := wecomtest.NewGateway(storetest.RandomID("bot"), "bot-secret")
	defer g.Close()
	live := startService(t, nil, "", func(c *serveConfig, clock *bottest.Clock) {
		c.BotID, c.BotSecret, c.BotURL = g.BotID, g.Secret, g.URL()
		g.Now = clock.Now
	})
	svc, ctx := live.svc, context.Background()
	if !bottest.Eventually(10*time.Second, svc.LongConn.Connected) {
		t.Fatal("the long connection never came up")
	}
	form, _ := prompts.Form("fazhi-annual")
	app, bot1, never := storetest.RandomID("ua"), storetest.RandomID("ub"), storetest.RandomID("uc")
	storetest.Round(t, live.st, form, bot.Department{ID: "zfb", Name: "区政府办", Contacts: []string{app, bot1, never}})
	if _, err := live.client.Text(app, "a1", "开始"); err != nil {
		t.Fatal(err)
	}
	answerOf := func(id string) string {
		var s string
		bottest.Eventually(10*time.Second, func() (ok bool) { s, ok = g.Answered(id); return ok })
		return s
	}
	if got := answerOf(g.Text(bot1, "开始")); !strings.Contains(got, "第 1/") {
		t.Fatalf("long connection answer %q", got)
	}
	for _, u := range []string{app, bot1, never} {
		if err := svc.Outbox.EnqueueSend(ctx, "nudge:"+u, u, []bot.Reply{{Text: "请于本周内完成填报。"}}); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Drain(t, svc.Jobs, 20*time.Second)
	via := map[string]string{}
	for _, m := range live.api.Sent() {
		if m.Text.Content == "请于本周内完成填报。" {
			via[m.ToUser] += "app"
		}
	}
	for _, m := range g.Messages("") {
		if m.Text == "请于本周内完成填报。" {
			via[m.User] += "aibot"
		}
	}
	if via[app] != "app" || via[bot1] != "aibot" || via[never] != "app" {
		t.Errorf("routes: %v", via)
	}
	if ch, _ := live.st.Channel(ctx, bot1); ch != store.ChannelAIBot {
		t.Errorf("stored channel %q", ch)
	}
}
