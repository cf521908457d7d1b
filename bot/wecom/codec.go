// Package wecom is reportbot's WeCom (企业微信) adapter: the encrypted
// callback codec of a self-built app, the inbound message model, and the
// passive reply envelope. It builds on silenceper/wechat's crypto
// primitives and meets the rest of reportbot only through bot types.
package wecom

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Codec errors. A forged or stale callback is refused before anything is
// decrypted or stored; handlers map these to 403 and 400.
var (
	ErrSignature = errors.New("wecom: msg_signature does not match")
	ErrStale     = errors.New("wecom: timestamp too far from server time")
	ErrReceiver  = errors.New("wecom: message is not for this corp")
	ErrMalformed = errors.New("wecom: malformed callback")
	// ErrDecrypt: a signed payload that this app's EncodingAESKey does not
	// open, which only a forger sends.
	ErrDecrypt = errors.New("wecom: payload does not decrypt with this app's key")
	// ErrNotEcho: a signed URL check whose echostr decrypts to something an
	// echostr never is (a replayed message or reply).
	ErrNotEcho = errors.New("wecom: echostr is not a URL-check token")
)

// MaxSkew is how far a callback's timestamp may be from server time.
const MaxSkew = 5 * time.Minute

// Codec verifies, decrypts and encrypts callback messages of one app.
type Codec struct {
	token  string
	aesKey string
	corpID string
	now    func() time.Time
}

// NewCodec checks the app's callback settings: Token, the 43-character
// EncodingAESKey and the CorpID that every message must be addressed to.
func NewCodec(token, aesKey, corpID string, now func() time.Time) (*Codec, error) {
	if token == "" || corpID == "" {
		return nil, errors.New("wecom: token and corp id are required")
	}
	if len(aesKey) != 43 {
		return nil, fmt.Errorf("wecom: EncodingAESKey must be 43 characters, got %d", len(aesKey))
	}
	if _, err := base64.StdEncoding.DecodeString(aesKey + "="); err != nil {
		return nil, fmt.Errorf("wecom: EncodingAESKey is not base64: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	return &Codec{token: token, aesKey: aesKey, corpID: corpID, now: now}, nil
}

// CorpID returns the corp the codec accepts messages for.
func (c *Codec) CorpID() string { return c.corpID }

// verify checks msg_signature = sha1(sort(token, timestamp, nonce, data)) in
// constant time.
func (c *Codec) verify(sig, timestamp, nonce, data string) error {
	want := util.Signature(c.token, timestamp, nonce, data)
	if subtle.ConstantTimeCompare([]byte(want), []byte(sig)) != 1 {
		return ErrSignature
	}
	return nil
}

// checkTime refuses timestamps more than MaxSkew from now.
func (c *Codec) checkTime(timestamp string) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrMalformed
	}
	d := c.now().Sub(time.Unix(ts, 0))
	if d > MaxSkew || d < -MaxSkew {
		return ErrStale
	}
	return nil
}

// decrypt opens an Encrypt payload and checks its receive id.
func (c *Codec) decrypt(encrypted string) ([]byte, error) {
	_, plain, err := util.DecryptMsg(c.corpID, encrypted, c.aesKey)
	if err != nil {
		if err.Error() == "消息解密校验APPID失败" {
			return nil, ErrReceiver
		}
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	return plain, nil
}

// VerifyURL answers the GET check WeCom makes when the callback URL is
// saved: it verifies the signature over echostr and its timestamp (the same
// window as a POST) and returns it decrypted. Only what an echostr can be is
// returned (ErrNotEcho otherwise): a captured callback or passive reply
// replayed as echostr must not come back in clear.
func (c *Codec) VerifyURL(sig, timestamp, nonce, echostr string) (string, error) {
	if err := c.verify(sig, timestamp, nonce, echostr); err != nil {
		return "", err
	}
	if err := c.checkTime(timestamp); err != nil {
		return "", err
	}
	plain, err := c.decrypt(echostr)
	if err != nil {
		return "", err
	}
	if !isEcho(plain) {
		return "", ErrNotEcho
	}
	return string(plain), nil
}

// maxEcho bounds a decrypted echostr; WeCom sends a short random number.
const maxEcho = 64

// isEcho reports whether plain looks like WeCom's echostr: a short run of
// letters, digits, '-' or '_' (never XML or text a contact wrote).
func isEcho(plain []byte) bool {
	if len(plain) == 0 || len(plain) > maxEcho {
		return false
	}
	for _, b := range plain {
		ok := b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '-' || b == '_'
		if !ok {
			return false
		}
	}
	return true
}

// envelope is the outer XML of an encrypted callback.
type envelope struct {
	ToUserName string `xml:"ToUserName"`
	Encrypt    string `xml:"Encrypt"`
	AgentID    string `xml:"AgentID"`
}

// Open verifies a POSTed callback body and returns the decrypted message
// XML. The signature is checked first, then the timestamp, then the
// decryption and receive id.
func (c *Codec) Open(sig, timestamp, nonce string, body []byte) ([]byte, error) {
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return nil, ErrMalformed
	}
	if err := c.verify(sig, timestamp, nonce, env.Encrypt); err != nil {
		return nil, err
	}
	if err := c.checkTime(timestamp); err != nil {
		return nil, err
	}
	return c.decrypt(env.Encrypt)
}

// sealed is the envelope's shape as encoding/xml reads and writes it;
// sealXML writes the same bytes by hand.
type sealed struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// Seal encrypts a reply message XML into a signed envelope.
func (c *Codec) Seal(plain []byte) ([]byte, error) {
	random := make([]byte, 16)
	nonce := make([]byte, 8)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	rand.Read(nonce)
	// WeCom's own samples use 16 alphanumeric random bytes.
	enc := []byte(hex.EncodeToString(random))[:16]
	cipher, err := util.EncryptMsg(enc, plain, c.corpID, c.aesKey)
	if err != nil {
		return nil, fmt.Errorf("wecom: encrypt reply: %w", err)
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	n := hex.EncodeToString(nonce)
	return sealXML(string(cipher), util.Signature(c.token, ts, n, string(cipher)), ts, n), nil
}

// sealXML writes the envelope of a passive reply, byte for byte as
// encoding/xml encodes sealed (TestSealXMLIsEncodingXML), without an
// encoder per reply (each allocated a 4 KB buffer: most of a reply's
// garbage).
func sealXML(encrypt, signature, ts, nonce string) []byte {
	b := make([]byte, 0, len(encrypt)+len(signature)+len(ts)+len(nonce)+128)
	b = append(b, "<xml>"...)
	b = appendElem(b, "Encrypt", encrypt, true)
	b = appendElem(b, "MsgSignature", signature, true)
	b = appendElem(b, "TimeStamp", ts, false)
	b = appendElem(b, "Nonce", nonce, true)
	return append(b, "</xml>"...)
}

// appendElem appends <name>text</name>, text as CDATA (split around any
// "]]>" as encoding/xml does) or, when cdata is false, escaped as
// character data.
func appendElem(b []byte, name, text string, cdata bool) []byte {
	b = append(append(append(b, '<'), name...), '>')
	switch {
	case text == "":
	case cdata:
		b = append(b, "<![CDATA["...)
		for {
			before, after, ok := strings.Cut(text, "]]>")
			if !ok {
				break
			}
			b = append(append(b, before...), "]]]]><![CDATA[>"...)
			text = after
		}
		b = append(append(b, text...), "]]>"...)
	default:
		var w bytes.Buffer
		xml.EscapeText(&w, []byte(text))
		b = append(b, w.Bytes()...)
	}
	return append(append(append(b, "</"...), name...), '>')
}
