package wecom_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

// newMessenger returns a Messenger against a fake WeCom, sharing its token
// and limits through the test Redis. Corp and user ids are random: tests
// share one Redis.
func newMessenger(t *testing.T, st *store.Store, api *wecomtest.Server) *wecom.Messenger {
	t.Helper()
	wecom.SetAPIBase(api.URL)
	m, err := wecom.NewMessenger(wecom.MessengerConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: api.Secret,
		Tokens: st.TokenCache(), Limiter: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func newAPI(t *testing.T) *wecomtest.Server {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	t.Cleanup(api.Close)
	return api
}

func TestWeComMessengerText(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	m := newMessenger(t, st, api)
	user := storetest.RandomID("u")
	long := strings.Repeat("第 1 题：全年制发文件多少件：381件\n", 120)
	if err := m.Send(context.Background(), user, bot.Reply{Text: long}); err != nil {
		t.Fatal(err)
	}
	sent := api.Sent()
	if len(sent) < 2 {
		t.Fatalf("%d messages sent for %d bytes", len(sent), len(long))
	}
	var total string
	for _, s := range sent {
		if s.ToUser != user || s.MsgType != "text" || s.AgentID != "1000002" || s.Dedup != 1 || len(s.Text.Content) > wecom.MaxTextBytes {
			t.Errorf("sent %+v", s)
		}
		total += s.Text.Content
	}
	if strings.ReplaceAll(total, "\n", "") != strings.ReplaceAll(long, "\n", "") {
		t.Error("split text lost content")
	}
	if api.TokenFetches() != 1 {
		t.Errorf("%d token fetches for one app", api.TokenFetches())
	}
}

// TestWeComMessengerRetries: 45009 backs off and retries; an expired token
// (42001) is dropped and fetched once; another errcode is surfaced.
func TestWeComMessengerRetries(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	m := newMessenger(t, st, api)
	user := storetest.RandomID("u")
	ctx := context.Background()
	api.Fail(45009, 45009)
	if err := m.Send(ctx, user, bot.Reply{Text: "提醒"}); err != nil {
		t.Fatalf("after 45009 twice: %v", err)
	}
	if n := len(api.Sent()); n != 1 {
		t.Errorf("%d messages delivered, want 1", n)
	}
	api.ExpireTokens()
	if err := m.Send(ctx, user, bot.Reply{Text: "再次提醒"}); err != nil {
		t.Fatalf("after token expiry: %v", err)
	}
	if api.TokenFetches() != 2 || len(api.Sent()) != 2 {
		t.Errorf("token fetches %d, sent %d", api.TokenFetches(), len(api.Sent()))
	}
	api.Fail(60020)
	err := m.Send(ctx, user, bot.Reply{Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "60020") || bot.ErrorCode(err) != bot.EUnavailable {
		t.Errorf("errcode 60020: %v", err)
	}
}

// TestWeComMessengerLimits: the 31st message to a member within a minute is
// held back, counted across two replicas.
func TestWeComMessengerLimits(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	a, b := newMessenger(t, st, api), newMessenger(t, st, api)
	user := storetest.RandomID("u")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := a
			if i%2 == 1 {
				m = b
			}
			errs <- m.Send(context.Background(), user, bot.Reply{Text: "提醒"})
		}()
	}
	wg.Wait()
	close(errs)
	refused := 0
	for err := range errs {
		if err != nil {
			refused++
			if bot.ErrorCode(err) != bot.EUnavailable {
				t.Errorf("over the limit: %v", err)
			}
		}
	}
	// Sends straddling a minute boundary may see two windows; allow that.
	if n := len(api.Sent()); n != wecom.PerMinute && !(n > wecom.PerMinute && time.Now().Second() < 2) {
		t.Errorf("%d delivered, %d refused; want %d delivered", n, refused, wecom.PerMinute)
	}
	if api.TokenFetches() != 1 {
		t.Errorf("two replicas fetched %d tokens", api.TokenFetches())
	}
}

func TestWeComMessengerCard(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	m := newMessenger(t, st, api)
	user := storetest.RandomID("u")
	r := bot.Reply{Text: "2025年度法治政府建设情况报告\n请于12月31日前完成填报。", Buttons: []bot.Button{{Key: "开始", Text: "开始填报"}}}
	if err := m.Send(context.Background(), user, r); err != nil {
		t.Fatal(err)
	}
	var card struct {
		MsgType      string `json:"msgtype"`
		TemplateCard struct {
			CardType   string                       `json:"card_type"`
			MainTitle  struct{ Title string }       `json:"main_title"`
			ButtonList []struct{ Text, Key string } `json:"button_list"`
		} `json:"template_card"`
	}
	json.Unmarshal(api.Sent()[0].Raw, &card)
	tc := card.TemplateCard
	if card.MsgType != "template_card" || tc.CardType != "button_interaction" || tc.MainTitle.Title != "2025年度法治政府建设情况报告" ||
		len(tc.ButtonList) != 1 || tc.ButtonList[0].Key != "开始" {
		t.Errorf("card = %+v", card)
	}
	if err := m.UpdateCard(context.Background(), bot.CardUpdate{Users: []string{user}, ResponseCode: "rc-1", Label: "已开始"}); err != nil {
		t.Fatal(err)
	}
	if u := api.Updates(); len(u) != 1 || !strings.Contains(string(u[0]), `"replace_name":"已开始"`) {
		t.Errorf("updates = %s", u)
	}
}

func TestWeComMessengerFile(t *testing.T) {
	st := storetest.New(t)
	api := newAPI(t)
	m := newMessenger(t, st, api)
	user := storetest.RandomID("u")
	data := []byte("PK\x03\x04 not really a workbook")
	api.ExpireTokens()
	err := m.Send(context.Background(), user, bot.Reply{Text: "导出文件如下：", File: &bot.File{Name: "2025年度.xlsx", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	sent := api.Sent()
	if len(sent) != 2 || sent[0].MsgType != "text" || sent[1].MsgType != "file" || sent[1].File.MediaID == "" {
		t.Fatalf("sent %+v", sent)
	}
	got, ok := api.MediaFile(sent[1].File.MediaID)
	if !ok || got.Name != "2025年度.xlsx" || got.Type != "file" || string(got.Data) != string(data) {
		t.Fatalf("uploaded %+v", got)
	}
}
