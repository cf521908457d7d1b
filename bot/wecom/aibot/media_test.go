package aibot_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/export"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/aibot"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// fixedKey is a 32-byte key made of b, b+1, …: fixed keys keep the
// wrong-key case deterministic (a random wrong key decrypts to valid
// padding about once in 256 tries).
func fixedKey(b byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = b + byte(i)
	}
	return k
}

// fileServer serves body with a Content-Disposition naming name, or the
// status when it is not 200, after delay.
func fileServer(t *testing.T, name string, body []byte, status int, delay time.Duration) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		if status != http.StatusOK {
			http.Error(w, "expired", status)
			return
		}
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/file?sign=x"
}

// TestLongConnFileMessage: a file message's callback (and a mixed one
// carrying a file) is a file turn whose url and aeskey are read; the file
// is downloaded and decrypted (AES-256-CBC, IV the key's first 16 bytes,
// PKCS#7 to 32 bytes) with its name from Content-Disposition; a wrong or
// malformed key, a file over the limit, an HTTP error and a server that
// does not answer in time each give the sentence to show the sender.
func TestLongConnFileMessage(t *testing.T) {
	key := fixedKey(1)
	aeskey := base64.StdEncoding.EncodeToString(key)
	for _, c := range []struct {
		name, body string
		kind       aibot.Kind
		url        string
	}{
		{"file", `{"msgid":"F1","chattype":"single","from":{"userid":"zs"},"msgtype":"file","file":{"url":"https://w/f1","aeskey":"` + aeskey + `"}}`, aibot.KindFile, "https://w/f1"},
		{"mixed with a file", `{"msgid":"F2","chattype":"single","from":{"userid":"zs"},"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"text","text":{"content":"见附件"}},{"msgtype":"file","file":{"url":"https://w/f2","aeskey":"k"}}]}}`, aibot.KindFile, "https://w/f2"},
		{"mixed, images only", `{"msgid":"F3","chattype":"single","from":{"userid":"zs"},"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"image","image":{"url":"https://w/i","aeskey":"k"}}]}}`, aibot.KindUnsupported, ""},
		{"image", `{"msgid":"F4","chattype":"single","from":{"userid":"zs"},"msgtype":"image","image":{"url":"https://w/i","aeskey":"k"}}`, aibot.KindUnsupported, ""},
		{"file in a group", `{"msgid":"F5","chattype":"group","chatid":"G","from":{"userid":"zs"},"msgtype":"file","file":{"url":"https://w/f5","aeskey":"k"}}`, aibot.KindUnsupported, ""},
	} {
		var cb aibot.Callback
		if err := json.Unmarshal([]byte(c.body), &cb); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		m, kind := cb.Turn("conn", "REQ", time.Unix(1700000000, 0))
		if kind != c.kind {
			t.Errorf("%s: kind %d, want %d", c.name, kind, c.kind)
			continue
		}
		if kind == aibot.KindFile && (m.ID != "lc:"+cb.MsgID || cb.Attachment() == nil || cb.Attachment().URL != c.url) {
			t.Errorf("%s: message %+v, attachment %+v", c.name, m, cb.Attachment())
		}
	}

	ctx := context.Background()
	report := seedtest.Docx(t, seedtest.Report)
	url := fileServer(t, "2025年度报告.docx", wecomtest.EncryptFile(report, key), http.StatusOK, 0)
	data, name, err := aibot.Download(ctx, nil, aibot.MediaRef{URL: url, AESKey: aeskey}, 5<<20)
	if err != nil || !bytes.Equal(data, report) || name != "2025年度报告.docx" {
		t.Fatalf("download: %v, %d bytes (want %d), name %q", err, len(data), len(report), name)
	}
	// The key may come without its trailing "=".
	if data, _, err := aibot.Download(ctx, nil, aibot.MediaRef{URL: url, AESKey: strings.TrimRight(aeskey, "=")}, 5<<20); err != nil || !bytes.Equal(data, report) {
		t.Errorf("unpadded aeskey: %v", err)
	}

	small := bytes.Repeat([]byte("制发文件381件。"), 10) // 210 bytes
	for _, c := range []struct {
		name   string
		ref    aibot.MediaRef
		max    int
		client *http.Client
		code   string
		want   string
	}{
		{"wrong key", aibot.MediaRef{URL: fileServer(t, "a.txt", wecomtest.EncryptFile(small, key), 200, 0), AESKey: base64.StdEncoding.EncodeToString(fixedKey(100))}, 1000, nil, bot.EInvalid, "无法解密"},
		{"key not base64", aibot.MediaRef{URL: url, AESKey: "不是密钥"}, 5 << 20, nil, bot.EInvalid, "无法解密"},
		{"key of 16 bytes", aibot.MediaRef{URL: url, AESKey: base64.StdEncoding.EncodeToString(key[:16])}, 5 << 20, nil, bot.EInvalid, "无法解密"},
		{"not encrypted", aibot.MediaRef{URL: fileServer(t, "a.txt", small[:100], 200, 0), AESKey: aeskey}, 1000, nil, bot.EInvalid, "无法解密"},
		{"over the limit", aibot.MediaRef{URL: url, AESKey: aeskey}, 1000, nil, bot.EInvalid, "文件太大"},
		{"just over the limit", aibot.MediaRef{URL: fileServer(t, "a.txt", wecomtest.EncryptFile(small, key), 200, 0), AESKey: aeskey}, len(small) - 1, nil, bot.EInvalid, "文件太大（1 KB），请发送不超过"},
		{"expired url", aibot.MediaRef{URL: fileServer(t, "a.txt", nil, http.StatusForbidden, 0), AESKey: aeskey}, 1000, nil, bot.EUnavailable, "文件下载失败"},
		{"server error", aibot.MediaRef{URL: fileServer(t, "a.txt", nil, http.StatusInternalServerError, 0), AESKey: aeskey}, 1000, nil, bot.EUnavailable, "文件下载失败"},
		{"too slow", aibot.MediaRef{URL: fileServer(t, "a.txt", wecomtest.EncryptFile(small, key), 200, time.Second), AESKey: aeskey}, 1000, &http.Client{Timeout: 100 * time.Millisecond}, bot.EUnavailable, "文件下载失败"},
		{"no url", aibot.MediaRef{AESKey: aeskey}, 1000, nil, bot.EInvalid, "没有收到文件内容"},
	} {
		data, _, err := aibot.Download(ctx, c.client, c.ref, c.max)
		var be *bot.Error
		if err == nil || !errors.As(err, &be) || be.Code != c.code || !strings.Contains(bot.ErrorMessage(err), c.want) {
			t.Errorf("%s: %d bytes, error %v; want %s %q", c.name, len(data), err, c.code, c.want)
		}
	}
}

// TestLongConnFileTurn: over the fake gateway, a .txt file message is
// read into the turn as its text and answered on its req_id; a failed
// download is answered with its sentence and runs no turn; without
// ReadFile a file gets the text-only sentence, as an image does.
func TestLongConnFileTurn(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	conv := &echo{}
	r := startClient(t, g, st, conv, storetest.RandomID("lc"), "a", func(c *aibot.Config) { c.ReadFile = export.ReadSent })
	bottest.Eventually(5*time.Second, r.c.Connected)
	id := g.File("zhangsan", "数据.txt", []byte("\ufeff制发文件381件。\r\n办理上级文件1352件。"))
	if got := answer(t, g, id); got != "收到：制发文件381件。\n办理上级文件1352件。" {
		t.Errorf("file answer %q", got)
	}
	g.FailFiles(http.StatusForbidden)
	failed := g.File("zhangsan", "数据.txt", []byte("制发文件381件。"))
	if got := answer(t, g, failed); !strings.Contains(got, "文件下载失败") || conv.count("lc:"+failed) != 0 {
		t.Errorf("failed download: %q, %d turns", got, conv.count("lc:"+failed))
	}
	empty := g.File("zhangsan", "空.txt", []byte(" \n"))
	if got := answer(t, g, empty); !strings.Contains(got, "没有读到文字") {
		t.Errorf("empty file: %q", got)
	}
	r.stop()

	g2 := newGateway(t)
	r2 := startClient(t, g2, st, conv, storetest.RandomID("lc"), "b", nil)
	bottest.Eventually(5*time.Second, r2.c.Connected)
	if got := answer(t, g2, g2.File("lisi", "数据.txt", []byte("381件"))); got != aibot.MsgOnlyText {
		t.Errorf("file without ReadFile: %q", got)
	}
}

// TestLongConnLongReplyAsFile: a reply longer than one stream goes as its
// opening with a note on the req_id, and the whole text as a .txt file
// uploaded and pushed after it, as the app's callback sends a reply of
// more than four messages.
func TestLongConnLongReplyAsFile(t *testing.T) {
	g, st := newGateway(t), storetest.New(t)
	var long strings.Builder
	for long.Len() < 30000 {
		long.WriteString("第 " + strings.Repeat("〇", 3) + " 题：已填写，数值见上文。\n")
	}
	conv := &echo{reply: func(m bot.Message) []bot.Reply { return []bot.Reply{{Text: long.String()}} }}
	r := startClient(t, g, st, conv, storetest.RandomID("lc"), "a", nil)
	bottest.Eventually(5*time.Second, r.c.Connected)
	id := g.Text("wangwu", "查看")
	got := answer(t, g, id)
	if len(got) > 20480 || !strings.Contains(got, "完整内容已作为文件“回复全文-") || !strings.HasPrefix(got, "第 〇〇〇 题") {
		t.Fatalf("opening: %d bytes, ends %q", len(got), got[len(got)-200:])
	}
	var file wecomtest.BotMessage
	bottest.Eventually(10*time.Second, func() bool {
		for _, m := range g.Messages("wangwu") {
			if m.Type == "file" {
				file = m
				return true
			}
		}
		return false
	})
	f, ok := g.Media(file.MediaID)
	if !ok || !strings.HasSuffix(f.Name, ".txt") || string(f.Data) != "\ufeff"+long.String() {
		t.Errorf("file %+v: %q, %d bytes", file, f.Name, len(f.Data))
	}
	// Redelivered, the reply is the same opening and no second file.
	g.Redeliver(id)
	bottest.Eventually(5*time.Second, func() bool { return conv.count("lc:"+id) == 2 && g.Unanswered() == 0 })
	time.Sleep(200 * time.Millisecond) // a second file would be queued by now
	storetest.Drain(t, r.queue, 10*time.Second)
	files := 0
	for _, m := range g.Messages("wangwu") {
		if m.Type == "file" {
			files++
		}
	}
	if files != 1 {
		t.Errorf("%d files after a redelivery, want 1", files)
	}
}
