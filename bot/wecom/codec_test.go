package wecom

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// WeCom's published sample (企业微信 加解密方案说明 and the WXBizMsgCrypt
// sample programs it ships): token, EncodingAESKey and corp id, with the URL
// check and the POSTed message they show.
const (
	sampleToken  = "QDG6eK"
	sampleAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	sampleCorp   = "wx5823bf96d3bd56c7"
	samplePost   = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`
)

func sampleCodec(t *testing.T, at int64) *Codec {
	c, err := NewCodec(sampleToken, sampleAESKey, sampleCorp, func() time.Time { return time.Unix(at, 0) })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWeComSampleURLVerification(t *testing.T) {
	c := sampleCodec(t, 1409659589)
	got, err := c.VerifyURL("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780",
		"P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==")
	if err != nil || got != "1616140317555161061" {
		t.Fatalf("VerifyURL = %q, %v", got, err)
	}
	if _, err := c.VerifyURL("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "1409659589", "263014780", "P9nA"); !errors.Is(err, ErrSignature) {
		t.Errorf("forged URL check: %v", err)
	}
}

func TestWeComSampleMessageDecrypts(t *testing.T) {
	c := sampleCodec(t, 1409659813+60)
	plain, err := c.Open("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", []byte(samplePost))
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseInbound(plain)
	if err != nil {
		t.Fatal(err)
	}
	if in.FromUserName != "mycreate" || in.MsgType != "text" || in.Content != "hello" || in.MsgID != "4561255354251345929" || in.AgentID != "218" {
		t.Errorf("decrypted %+v", in)
	}
	m, kind := in.Turn()
	if kind != KindTurn || m.ID != "4561255354251345929" || m.Text != "hello" || m.User != "mycreate" {
		t.Errorf("turn %+v %v", m, kind)
	}
}

func TestWeComCallbackRefusals(t *testing.T) {
	c := sampleCodec(t, 1409659813)
	sig, ts, nonce := "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149"
	if _, err := c.Open("0"+sig[1:], ts, nonce, []byte(samplePost)); !errors.Is(err, ErrSignature) {
		t.Errorf("forged signature: %v", err)
	}
	late := sampleCodec(t, 1409659813+6*60)
	if _, err := late.Open(sig, ts, nonce, []byte(samplePost)); !errors.Is(err, ErrStale) {
		t.Errorf("stale timestamp: %v", err)
	}
	early := sampleCodec(t, 1409659813-6*60)
	if _, err := early.Open(sig, ts, nonce, []byte(samplePost)); !errors.Is(err, ErrStale) {
		t.Errorf("future timestamp: %v", err)
	}
	other, _ := NewCodec(sampleToken, sampleAESKey, "wwothercorp", func() time.Time { return time.Unix(1409659813, 0) })
	if _, err := other.Open(sig, ts, nonce, []byte(samplePost)); !errors.Is(err, ErrReceiver) {
		t.Errorf("wrong corp id: %v", err)
	}
	for _, body := range []string{"", "not xml", samplePost[:100], "<xml><Encrypt></Encrypt></xml>"} {
		if _, err := c.Open(sig, ts, nonce, []byte(body)); err == nil {
			t.Errorf("body %.30q accepted", body)
		}
	}
	if _, err := NewCodec(sampleToken, "short", sampleCorp, nil); err == nil {
		t.Error("a short EncodingAESKey was accepted")
	}
}

// TestWeComReplyRoundTrip: our passive replies are signed and encrypted so
// that WeCom (here: the same sample settings) verifies and decrypts them.
func TestWeComReplyRoundTrip(t *testing.T) {
	c := sampleCodec(t, time.Now().Unix())
	plain := PassiveText(sampleCorp, "mycreate", "已记录：381件。", time.Now())
	env, err := c.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	if err := xml.Unmarshal(env, &s); err != nil {
		t.Fatal(err)
	}
	body := "<xml><Encrypt><![CDATA[" + s.Encrypt + "]]></Encrypt></xml>"
	got, err := c.Open(s.MsgSignature, s.TimeStamp, s.Nonce, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "<Content><![CDATA[已记录：381件。]]></Content>") || !strings.Contains(string(got), "mycreate") {
		t.Errorf("reply decrypts to %s", got)
	}
}

func TestWeComInboundKinds(t *testing.T) {
	cases := []struct {
		xml  string
		kind Kind
		id   string
	}{
		{`<xml><FromUserName>u1</FromUserName><CreateTime>100</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event></xml>`, KindTurn, "enter:u1:100"},
		{`<xml><FromUserName>u1</FromUserName><CreateTime>100</CreateTime><MsgType>event</MsgType><Event>template_card_event</Event><EventKey>确认提交</EventKey><ResponseCode>rc</ResponseCode></xml>`, KindTurn, "card:u1:100:确认提交"},
		{`<xml><FromUserName>u1</FromUserName><CreateTime>100</CreateTime><MsgType>image</MsgType></xml>`, KindUnsupported, ""},
		{`<xml><FromUserName>u1</FromUserName><CreateTime>100</CreateTime><MsgType>event</MsgType><Event>change_contact</Event></xml>`, KindIgnore, ""},
	}
	for _, c := range cases {
		in, err := ParseInbound([]byte(c.xml))
		if err != nil {
			t.Fatal(err)
		}
		m, kind := in.Turn()
		if kind != c.kind || m.ID != c.id {
			t.Errorf("%s: %v %q", c.xml, kind, m.ID)
		}
	}
	if _, err := ParseInbound([]byte(`<xml><Content>x</Content></xml>`)); err == nil {
		t.Error("a message with no sender was accepted")
	}
}

func TestWeComSplitText(t *testing.T) {
	para := strings.Repeat("第 1 题：全年制发文件多少件？381件\n", 40)
	text := para + "\n" + para + "\n" + strings.Repeat("长", 1000)
	parts := SplitText(text, MaxTextBytes)
	if strings.Join(parts, "") == "" || len(parts) < 3 {
		t.Fatalf("%d parts", len(parts))
	}
	total := 0
	for _, p := range parts {
		if len(p) > MaxTextBytes || !utf8.ValidString(p) {
			t.Errorf("part of %d bytes, valid %v", len(p), utf8.ValidString(p))
		}
		total += utf8.RuneCountInString(strings.ReplaceAll(p, "\n", ""))
	}
	if want := utf8.RuneCountInString(strings.ReplaceAll(text, "\n", "")); total != want {
		t.Errorf("split lost text: %d of %d runes", total, want)
	}
}
