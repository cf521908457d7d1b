package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/silenceper/wechat/v2/util"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
	"reportbot/store/storetest"
)

type callbackRig struct {
	st     *store.Store
	client *wecomtest.Client
	round  *bot.Round
	ref    bot.AssignmentRef
	user   string
	srv    *httptest.Server
}

func newAESKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)[:43]
}

// newCallbackRig boots the callback handler over real Redis (REDIS_URL) or
// an embedded one, with the engine and a round of form.
func newCallbackRig(tb testing.TB, form *bot.Form) *callbackRig {
	tb.Helper()
	st := storetest.New(tb)
	user := storetest.RandomID("wx")
	r := storetest.Round(tb, st, form, seedtest.Dept("zfb", "区政府办", user))
	token, key, corp := "tok"+storetest.RandomID(""), newAESKey(), "ww"+storetest.RandomID("")
	codec, err := wecom.NewCodec(token, key, corp, nil)
	if err != nil {
		tb.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := &WeComCallback{Codec: codec, Conv: chat.NewEngine(chat.EngineConfig{Store: st, Logger: log}), Log: log,
		Clock: bot.SystemClock{}, Metrics: NewMetrics(prometheus.NewRegistry())}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	c := &wecomtest.Client{URL: srv.URL, Token: token, AESKey: key, CorpID: corp, Retries: 3}
	return &callbackRig{st: st, client: c, round: r, ref: bot.AssignmentRef{Round: r.ID, Dept: "zfb"}, user: user, srv: srv}
}

func (rig *callbackRig) version(tb testing.TB) int64 {
	a, err := rig.st.Assignment(context.Background(), rig.ref)
	if err != nil {
		tb.Fatal(err)
	}
	return a.Version
}

// TestCallbackSeedTranscript runs the seed report through POST
// /wecom/callback, encrypted, with every message delivered three times
// (twice concurrently, once after), and checks the replies and the stored
// answers.
func TestCallbackSeedTranscript(t *testing.T) {
	form, seed := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	for i, step := range seedtest.Transcript(t, form, seed) {
		msg := step.Text
		id := fmt.Sprintf("%d", 7000000000000000000+i)
		var wg sync.WaitGroup
		replies := make([]wecomtest.Reply, 3)
		errs := make([]error, 3)
		for k := range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); replies[k], errs[k] = rig.client.Text(rig.user, id, msg) }()
		}
		wg.Wait()
		replies[2], errs[2] = rig.client.Text(rig.user, id, msg)
		for k := range 3 {
			if errs[k] != nil || replies[k].Status != 200 {
				t.Fatalf("message %d %q copy %d: %v %+v", i, msg, k, errs[k], replies[k])
			}
		}
		want := step.Expect
		if !strings.Contains(replies[0].Text, want) {
			t.Fatalf("message %d %q: reply lacks %q:\n%s", i, msg, want, replies[0].Text)
		}
		if strings.Contains(replies[0].Text, "已记录") && (replies[0].Text != replies[1].Text || replies[1].Text != replies[2].Text) {
			t.Fatalf("message %d %q: retried copies got different replies", i, msg)
		}
	}
	a, err := rig.st.Assignment(context.Background(), rig.ref)
	if err != nil {
		t.Fatal(err)
	}
	seedtest.Check(t, form, seed, a)
}

func TestCallbackURLCheck(t *testing.T) {
	form, _ := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	_, q, err := rig.client.Envelope([]byte("echo-123"))
	if err != nil {
		t.Fatal(err)
	}
	// The URL check signs the encrypted echostr itself.
	body, _, _ := rig.client.Envelope([]byte("1616140317555161061"))
	enc := between(string(body), "<Encrypt><![CDATA[", "]]>")
	q.Set("echostr", enc)
	q.Set("msg_signature", util.Signature(rig.client.Token, q.Get("timestamp"), q.Get("nonce"), enc))
	res, err := http.Get(rig.srv.URL + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(data) != "1616140317555161061" {
		t.Errorf("URL check: %d %q", res.StatusCode, data)
	}
	q.Set("msg_signature", strings.Repeat("0", 40))
	res, _ = http.Get(rig.srv.URL + "?" + q.Encode())
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("forged URL check: %d", res.StatusCode)
	}
}

// TestCallbackAttacks: each hostile or broken delivery is refused or
// ignored, and the assignment's version does not move.
func TestCallbackAttacks(t *testing.T) {
	form, _ := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	if r, err := rig.client.Text(rig.user, "1", "开始"); err != nil || !strings.Contains(r.Text, "您好") {
		t.Fatalf("start: %v %+v", err, r)
	}
	v := rig.version(t)
	post := func(q string, body []byte) int {
		res, err := http.Post(rig.srv.URL+"?"+q, "application/xml", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	body, q, _ := rig.client.Envelope(wecomtest.TextXML(rig.client.CorpID, rig.user, "2", "43%", time.Now()))
	good := q.Get("msg_signature")
	q.Set("msg_signature", strings.Repeat("a", 40))
	if c := post(q.Encode(), body); c != 403 {
		t.Errorf("forged signature: %d", c)
	}
	q.Set("msg_signature", good)
	tampered := bytes.Replace(body, []byte("<Encrypt><![CDATA["), []byte("<Encrypt><![CDATA[A"), 1)
	if c := post(q.Encode(), tampered); c != 403 {
		t.Errorf("tampered ciphertext: %d", c)
	}
	if c := post(q.Encode(), body[:len(body)/2]); c != 400 {
		t.Errorf("truncated body: %d", c)
	}
	if c := post(q.Encode(), []byte("hello")); c != 400 {
		t.Errorf("non-XML body: %d", c)
	}
	if c := post(q.Encode(), bytes.Repeat([]byte("x"), 70<<10)); c != 413 {
		t.Errorf("huge body: %d", c)
	}
	stale := *rig.client
	stale.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
	if r, _ := stale.Text(rig.user, "3", "43%"); r.Status != 403 {
		t.Errorf("stale timestamp: %d", r.Status)
	}
	future := *rig.client
	future.Now = func() time.Time { return time.Now().Add(10 * time.Minute) }
	if r, _ := future.Text(rig.user, "4", "43%"); r.Status != 403 {
		t.Errorf("future timestamp: %d", r.Status)
	}
	other := *rig.client
	other.CorpID = "wwsomeoneelse"
	if r, _ := other.Text(rig.user, "5", "43%"); r.Status != 403 {
		t.Errorf("wrong corp id: %d", r.Status)
	}
	if r, err := rig.client.Deliver([]byte(`<xml><FromUserName>` + rig.user + `</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_contact</Event></xml>`)); err != nil || r.Status != 200 || r.Text != "" {
		t.Errorf("unknown event: %v %+v", err, r)
	}
	if r, err := rig.client.Deliver([]byte(`<xml><FromUserName>` + rig.user + `</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><MsgId>6</MsgId></xml>`)); err != nil || !strings.Contains(r.Text, "仅支持文字") {
		t.Errorf("image: %v %+v", err, r)
	}
	if r, err := rig.client.Text("stranger", "7", "381件"); err != nil || !strings.Contains(r.Text, "没有需要填报的任务") {
		t.Errorf("user not in roster: %v %+v", err, r)
	}
	if got := rig.version(t); got != v {
		t.Errorf("refused deliveries moved the assignment from version %d to %d", v, got)
	}
	if r, err := rig.client.Text(rig.user, "8", "43%"); err != nil || !strings.Contains(r.Text, "已记录：43%") {
		t.Errorf("a good message after the attacks: %v %+v", err, r)
	}
}

// TestCallbackEnterAndButton: enter_agent resumes, a card button acts as
// the command it carries, and a retried event applies once.
func TestCallbackEnterAndButton(t *testing.T) {
	form, _ := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	rig.client.Text(rig.user, "1", "开始")
	rig.client.Text(rig.user, "2", "43%")
	r, err := rig.client.Enter(rig.user, time.Now())
	if err != nil || !strings.Contains(r.Text, "第 2/") {
		t.Fatalf("enter: %v %+v", err, r)
	}
	at := time.Now()
	r1, _ := rig.client.Click(rig.user, "跳过", at)
	r2, _ := rig.client.Click(rig.user, "跳过", at)
	if !strings.Contains(r1.Text, "已跳过第 2 题") || r1.Text != r2.Text {
		t.Fatalf("button: %q / %q", r1.Text, r2.Text)
	}
	a, _ := rig.st.Assignment(context.Background(), rig.ref)
	if a.Answers["docs_issued"] == nil || a.Answers["docs_issued"].Status != bot.Skipped || a.Answers["upper_docs"] != nil {
		t.Errorf("a retried click applied twice or not at all: %+v", a.Answers)
	}
}

// TestCallbackRedisDown: with Redis gone, nothing is stored; WeCom is
// asked to retry (503) while it will, and a delivery past its retries
// tells the user 系统繁忙 in the passive reply.
func TestCallbackRedisDown(t *testing.T) {
	st, stop := storetest.Embedded(t)
	form, _ := seedtest.Load(t)
	storetest.Round(t, st, form, seedtest.Dept("zfb", "区政府办", "u1"))
	key := newAESKey()
	codec, _ := wecom.NewCodec("tok", key, "wwcorp", nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(&WeComCallback{Codec: codec, Conv: chat.NewEngine(chat.EngineConfig{Store: st}), Log: log, Clock: bot.SystemClock{}})
	defer srv.Close()
	c := &wecomtest.Client{URL: srv.URL, Token: "tok", AESKey: key, CorpID: "wwcorp"}
	stop()
	if r, err := c.Text("u1", "1", "开始"); err == nil || r.Attempts != 1 {
		t.Errorf("Redis down, within WeCom's retries: %v %+v", err, r)
	}
	c.Now = func() time.Time { return time.Now().Add(-RetryWindow - time.Second) }
	r, err := c.Text("u1", "1", "开始")
	if err != nil || r.Text != bot.MsgBusy {
		t.Errorf("Redis down, past WeCom's retries: %v %+v", err, r)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a) + len(a)
	j := strings.Index(s[i:], b)
	return s[i : i+j]
}

// BenchmarkCallback measures one encrypted callback turn end to end over
// loopback: encrypt, POST, verify, decrypt, engine turn on Redis, sealed
// reply, decrypt.
func BenchmarkCallback(b *testing.B) {
	form, _ := seedtest.Load(b)
	rig := newCallbackRig(b, form)
	rig.client.Text(rig.user, "0", "开始")
	rig.client.Text(rig.user, "1", "43%")
	answers := []string{"上一题", "43%"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := rig.client.Text(rig.user, fmt.Sprintf("b%d", i), answers[i%2])
		if err != nil || r.Status != 200 {
			b.Fatal(err, r)
		}
	}
}

// TestCallbackRetryAfterTimeout: the app answers the first delivery too
// slowly, WeCom (the client) gives up and retries; the turn applies once
// and the retry gets the same reply.
func TestCallbackRetryAfterTimeout(t *testing.T) {
	form, _ := seedtest.Load(t)
	rig := newCallbackRig(t, form)
	rig.client.Text(rig.user, "1", "开始")
	var calls atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(r.Method, rig.srv.URL+"?"+r.URL.RawQuery, bytes.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		if calls.Add(1) == 1 {
			time.Sleep(400 * time.Millisecond) // answered after WeCom stopped waiting
		}
		w.Write(data)
	}))
	defer slow.Close()
	c := *rig.client
	c.URL, c.HTTP = slow.URL, &http.Client{Timeout: 200 * time.Millisecond}
	r, err := c.Text(rig.user, "2", "43%")
	if err != nil || r.Attempts != 2 || !strings.Contains(r.Text, "已记录：43%") {
		t.Fatalf("retry: %v %+v", err, r)
	}
	audit, _ := rig.st.Audit(context.Background(), rig.ref)
	n := 0
	for _, e := range audit {
		if e.MsgID == "2" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the retried message was applied %d times", n)
	}
}
