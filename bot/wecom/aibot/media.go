package aibot

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/wecom"
)

// MediaRef is where the file (or image) of a message callback is: a
// download url, valid for five minutes, and the key its content is
// encrypted with, unique to that url. WeCom sends aeskey only on the long
// connection; the callback URL mode encrypts media with the bot's
// EncodingAESKey instead.
type MediaRef struct {
	URL    string `json:"url"`
	AESKey string `json:"aeskey"`
}

// Mixed is the body of a 图文混排 message: text and images in order.
// WeCom documents text and image items only; a file item is read as well,
// should one come.
type Mixed struct {
	Items []MixedItem `json:"msg_item"`
}

// MixedItem is one item of a mixed message.
type MixedItem struct {
	MsgType string `json:"msgtype"`
	Text    *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
	Image *MediaRef `json:"image,omitempty"`
	File  *MediaRef `json:"file,omitempty"`
}

// Attachment returns the file a message carries: a file message's, or
// the first file item of a mixed message; nil for anything else (images
// are not read).
func (cb *Callback) Attachment() *MediaRef {
	switch cb.MsgType {
	case "file":
		if cb.File == nil {
			return &MediaRef{}
		}
		return cb.File
	case "mixed":
		if cb.Mixed == nil {
			return nil
		}
		for _, it := range cb.Mixed.Items {
			if it.MsgType == "file" && it.File != nil {
				return it.File
			}
		}
	}
	return nil
}

// DownloadTimeout bounds one file's download when Config.HTTP is not set.
const DownloadTimeout = 30 * time.Second

// Sentences for files that cannot be fetched or opened.
const (
	msgNoFile       = "没有收到文件内容，请重新发送，或直接粘贴文字。"
	msgDownloadFail = "文件下载失败，请重新发送该文件（文件链接五分钟内有效），或直接粘贴文字。"
	msgDecryptFail  = "文件内容无法解密，请重新发送该文件，或直接粘贴文字。"
)

// maxPad is the largest PKCS#7 padding WeCom adds: it pads to a multiple
// of 32 bytes, not of the AES block.
const maxPad = 32

// Download fetches the file ref points to and decrypts it (see Decrypt).
// The transfer is bounded by client's timeout (DownloadTimeout when
// client is nil) and by max: a file over max bytes is EInvalid, read no
// further than the limit. name is the file's name from the response's
// Content-Disposition, "" when it gives none. A failed transfer (no
// answer, a status other than 200, an expired url) is EUnavailable and a
// file that does not decrypt EInvalid, each with the sentence to show the
// sender.
func Download(ctx context.Context, client *http.Client, ref MediaRef, max int) (data []byte, name string, err error) {
	if ref.URL == "" || ref.AESKey == "" {
		return nil, "", bot.Errorf(bot.EInvalid, msgNoFile)
	}
	if client == nil {
		client = &http.Client{Timeout: DownloadTimeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ref.URL, nil)
	if err != nil {
		return nil, "", &bot.Error{Code: bot.EInvalid, Message: msgNoFile, Op: "aibot: file url", Err: err}
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, "", &bot.Error{Code: bot.EUnavailable, Message: msgDownloadFail, Op: "aibot: download file", Err: err}
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, "", &bot.Error{Code: bot.EUnavailable, Message: msgDownloadFail, Op: "aibot: download file",
			Err: fmt.Errorf("HTTP %s", res.Status)}
	}
	// The ciphertext is the file padded to the next multiple of 32 bytes.
	limit := int64(max) + maxPad
	if res.ContentLength > limit {
		return nil, "", wecom.TooBig(int(res.ContentLength)-maxPad, max)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, "", &bot.Error{Code: bot.EUnavailable, Message: msgDownloadFail, Op: "aibot: download file", Err: err}
	}
	if int64(len(body)) > limit {
		return nil, "", wecom.TooBig(0, max)
	}
	data, err = Decrypt(body, ref.AESKey)
	if err != nil {
		return nil, "", err
	}
	if len(data) > max {
		return nil, "", wecom.TooBig(len(data), max)
	}
	return data, fileName(res.Header.Get("Content-Disposition")), nil
}

// Decrypt opens a downloaded file: AES-256-CBC with the base64-decoded
// aeskey as the key and its first 16 bytes as the IV, PKCS#7 padding to a
// multiple of 32 bytes (WeCom's document and official SDKs). A key that is
// not 32 bytes of base64, or content that does not decrypt to valid
// padding (a wrong key, a damaged file), is EInvalid.
func Decrypt(data []byte, aesKey string) ([]byte, error) {
	key, err := decodeKey(aesKey)
	if err != nil {
		return nil, &bot.Error{Code: bot.EInvalid, Message: msgDecryptFail, Op: "aibot: file aeskey", Err: err}
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, &bot.Error{Code: bot.EInvalid, Message: msgDecryptFail, Op: "aibot: decrypt file",
			Err: fmt.Errorf("%d bytes is not a whole number of AES blocks", len(data))}
	}
	block, _ := aes.NewCipher(key) // a 32-byte key cannot fail
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, key[:aes.BlockSize]).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	ok := pad >= 1 && pad <= maxPad && pad <= len(plain)
	for i := len(plain) - pad; ok && i < len(plain); i++ {
		ok = int(plain[i]) == pad
	}
	if !ok {
		return nil, &bot.Error{Code: bot.EInvalid, Message: msgDecryptFail, Op: "aibot: decrypt file",
			Err: errors.New("invalid padding: wrong aeskey or damaged file")}
	}
	return plain[:len(plain)-pad], nil
}

// decodeKey reads an aeskey: base64 of 32 bytes, with or without its
// trailing "=".
func decodeKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil {
		return nil, err
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("aeskey is %d bytes, want 32", len(key))
	}
	return key, nil
}

// fileName reads the file's name from a Content-Disposition header
// (RFC 5987 filename* or plain filename), without any directory; "" if
// none.
func fileName(header string) string {
	_, params, err := mime.ParseMediaType(header)
	if err != nil {
		return ""
	}
	name := params["filename"]
	if name == "" {
		return ""
	}
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || len(name) > 200 {
		return ""
	}
	return name
}
