package wecom

import (
	"errors"
	"strings"
	"testing"
)

// TestVerifyURLFaultReplayedCallback: a signed callback captured off the
// wire and replayed as a URL check's echostr is refused, whether fresh
// (its plaintext is XML, never an echostr) or a month old (stale).
func TestVerifyURLFaultReplayedCallback(t *testing.T) {
	enc := samplePost[strings.Index(samplePost, "<Encrypt><![CDATA[")+len("<Encrypt><![CDATA[") : strings.Index(samplePost, "]]></Encrypt>")]
	const sig, ts, nonce = "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149"
	fresh := sampleCodec(t, 1409659813+60)
	if got, err := fresh.VerifyURL(sig, ts, nonce, enc); !errors.Is(err, ErrNotEcho) || got != "" {
		t.Errorf("fresh replay: %q, %v; want ErrNotEcho and nothing echoed", got, err)
	}
	monthLater := sampleCodec(t, 1409659813+30*24*3600)
	if got, err := monthLater.VerifyURL(sig, ts, nonce, enc); !errors.Is(err, ErrStale) || got != "" {
		t.Errorf("month-old replay: %q, %v; want ErrStale", got, err)
	}
}

// TestVerifyURLFaultStale: WeCom's own URL check, replayed after the
// freshness window, is refused like a stale POST.
func TestVerifyURLFaultStale(t *testing.T) {
	const sig, ts, nonce = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780"
	const echo = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	for _, at := range []int64{1409659589 + 6*60, 1409659589 - 6*60} {
		if _, err := sampleCodec(t, at).VerifyURL(sig, ts, nonce, echo); !errors.Is(err, ErrStale) {
			t.Errorf("URL check at %+d s: %v, want ErrStale", at-1409659589, err)
		}
	}
	if got, err := sampleCodec(t, 1409659589+4*60).VerifyURL(sig, ts, nonce, echo); err != nil || got != "1616140317555161061" {
		t.Errorf("URL check within the window: %q, %v", got, err)
	}
}

// TestVerifyURLEchoShape: what an echostr may decrypt to.
func TestVerifyURLEchoShape(t *testing.T) {
	for in, want := range map[string]bool{"1616140317555161061": true, "abc-DEF_9": true, "": false,
		"<xml><Content>hi</Content></xml>": false, "你好": false, strings.Repeat("1", 65): false, "a b": false} {
		if got := isEcho([]byte(in)); got != want {
			t.Errorf("isEcho(%q) = %v, want %v", in, got, want)
		}
	}
}
