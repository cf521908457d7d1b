package wecom

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// replyCases are texts a reply or an envelope field may hold: Chinese,
// markup, CDATA ends (nested, at the edges, overlapping), empty.
var replyCases = []string{
	"", "已记录：381件。", "第 3/97 题：本年度办理行政复议案件多少件？", "a]]>b", "]]>", "]]>]]>", "]]]>>", "x]]", "<b>&amp;</b>",
	"行一\n\n行二\r\n\t结尾", "💡 提示", "CDATA[", "<![CDATA[x]]>", "\x00\x01", "\xff\xfe",
}

// TestPassiveTextIsEncodingXML: the hand-written reply is byte for byte
// what encoding/xml writes for the same message, and reads back as it.
func TestPassiveTextIsEncodingXML(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, text := range replyCases {
		for _, user := range []string{"zhangsan", "", "a]]>b"} {
			checkPassiveText(t, "ww1234567890abcdef", user, text, at)
		}
	}
}

func checkPassiveText(t *testing.T, corpID, user, text string, at time.Time) {
	t.Helper()
	var want bytes.Buffer
	if err := xml.NewEncoder(&want).Encode(replyText{ToUserName: cdata{user}, FromUserName: cdata{corpID},
		CreateTime: at.Unix(), MsgType: cdata{"text"}, Content: cdata{text}}); err != nil {
		t.Fatal(err)
	}
	got := PassiveText(corpID, user, text, at)
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("PassiveText(%q, %q):\n got %s\nwant %s", user, text, got, want.Bytes())
	}
	if all := user + text; !utf8.ValidString(all) || strings.Contains(all, "\r") {
		return // XML reads invalid UTF-8 back as U+FFFD, and \r\n as \n, whoever wrote it
	}
	var back replyText
	if err := xml.Unmarshal(got, &back); err == nil && (back.Content.Text != text || back.ToUserName.Text != user) {
		t.Errorf("%q read back as %q", text, back.Content.Text)
	}
}

// TestSealXMLIsEncodingXML: the hand-written envelope is byte for byte
// what encoding/xml writes for sealed.
func TestSealXMLIsEncodingXML(t *testing.T) {
	for _, s := range replyCases {
		for _, ts := range []string{"1767346200", "", "<1&2>"} {
			var want bytes.Buffer
			if err := xml.NewEncoder(&want).Encode(sealed{Encrypt: cdata{s}, MsgSignature: cdata{"sig" + s},
				TimeStamp: ts, Nonce: cdata{s + "n"}}); err != nil {
				t.Fatal(err)
			}
			if got := sealXML(s, "sig"+s, ts, s+"n"); !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("sealXML(%q, %q):\n got %s\nwant %s", s, ts, got, want.Bytes())
			}
		}
	}
}

// FuzzPassiveText: any text gives the bytes encoding/xml gives.
func FuzzPassiveText(f *testing.F) {
	for _, s := range replyCases {
		f.Add("u1", s)
	}
	f.Fuzz(func(t *testing.T, user, text string) {
		checkPassiveText(t, "ww1", user, text, time.Unix(1767346200, 0))
	})
}
