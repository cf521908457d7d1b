package wecomtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"mime"
	"net/http"
	"strings"
	"time"
)

// gwFile is a file a user sent, as WeCom keeps it for the bot: encrypted
// with its own key, downloadable for five minutes.
type gwFile struct {
	name string
	data []byte // ciphertext
	at   time.Time
}

// FileURLTTL is how long a file message's url serves the file (WeCom:
// five minutes).
const FileURLTTL = 5 * time.Minute

// route serves a file's download under /media/ and takes every other
// request as the WebSocket of a connection.
func (g *Gateway) route(w http.ResponseWriter, r *http.Request) {
	if id, ok := strings.CutPrefix(r.URL.Path, "/media/"); ok {
		g.serveFile(w, id)
		return
	}
	g.accept(w, r)
}

// File sends the bot a file message from user, as the long connection
// carries one: the file is encrypted with a fresh 32-byte key (EncryptFile)
// and served by the gateway's HTTP server, and the callback's file body
// holds its url and the key in base64 (aeskey). It returns the msgid.
func (g *Gateway) File(user, name string, data []byte) string {
	key := make([]byte, 32)
	rand.Read(key)
	id := randomHex()
	g.mu.Lock()
	g.files[id] = &gwFile{name: name, data: EncryptFile(data, key), at: time.Now()}
	g.mu.Unlock()
	msgID := randomHex()
	g.deliver(g.callback(user, msgID, "", map[string]any{"msgtype": "file",
		"file": map[string]any{"url": g.srv.URL + "/media/" + id, "aeskey": base64.StdEncoding.EncodeToString(key)}}))
	return msgID
}

// FailFiles makes the next file downloads answer these HTTP statuses, in
// order (403 for an expired url, 500…).
func (g *Gateway) FailFiles(statuses ...int) {
	g.mu.Lock()
	g.failFiles = append(g.failFiles, statuses...)
	g.mu.Unlock()
}

// serveFile answers a download: the encrypted bytes with a
// Content-Disposition naming the file, 404 for an unknown id, 403 once
// the url has expired.
func (g *Gateway) serveFile(w http.ResponseWriter, id string) {
	g.mu.Lock()
	f := g.files[id]
	fail := 0
	if len(g.failFiles) > 0 {
		fail, g.failFiles = g.failFiles[0], g.failFiles[1:]
	}
	g.mu.Unlock()
	switch {
	case fail != 0:
		http.Error(w, http.StatusText(fail), fail)
		return
	case f == nil:
		http.NotFound(w, nil)
		return
	case time.Since(f.at) > FileURLTTL:
		http.Error(w, "url expired", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	w.Write(f.data)
}

// EncryptFile encrypts a file as WeCom does for the long connection:
// AES-256-CBC with key (32 bytes) and its first 16 bytes as the IV, after
// PKCS#7 padding to a multiple of 32 bytes.
func EncryptFile(data, key []byte) []byte {
	pad := 32 - len(data)%32
	plain := append(append([]byte{}, data...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // a test passed a key that is not 16, 24 or 32 bytes
	}
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return out
}
