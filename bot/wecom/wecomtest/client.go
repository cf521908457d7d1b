// Package wecomtest is a fake WeCom for tests and the demo: a callback
// client that signs, encrypts and POSTs messages exactly as WeCom does
// (retrying like WeCom when no answer comes), and a fake API server for
// gettoken and message/send.
package wecomtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Client plays WeCom's side of an app's callback.
type Client struct {
	URL    string // the app's callback URL
	Token  string
	AESKey string
	CorpID string
	HTTP   *http.Client // defaults to one with WeCom's 5 s timeout
	// Retries is how many times a delivery is repeated when the app does
	// not answer 200 in time (WeCom: 3).
	Retries int
	Now     func() time.Time
}

// Reply is what the app answered to one delivery.
type Reply struct {
	Status   int
	Text     string // the decrypted passive reply's Content, if any
	Attempts int
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Text delivers a text message from user with WeCom's MsgId.
func (c *Client) Text(user, msgID, content string) (Reply, error) {
	return c.Deliver(TextXML(c.CorpID, user, msgID, content, c.now()))
}

// Enter delivers the enter_agent event.
func (c *Client) Enter(user string, at time.Time) (Reply, error) {
	return c.Deliver(eventXML(c.CorpID, user, "enter_agent", "", at))
}

// Click delivers a template_card_event for the button key.
func (c *Client) Click(user, key string, at time.Time) (Reply, error) {
	return c.Deliver(eventXML(c.CorpID, user, "template_card_event", key, at))
}

// TextXML is the plaintext of a text message as WeCom sends it.
func TextXML(corp, user, msgID, content string, at time.Time) []byte {
	return fmt.Appendf(nil, `<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%s</MsgId><AgentID>1000002</AgentID></xml>`,
		corp, user, at.Unix(), content, msgID)
}

func eventXML(corp, user, event, key string, at time.Time) []byte {
	code := ""
	if event == "template_card_event" {
		// WeCom sends a response code with each click, for
		// update_template_card.
		code = fmt.Sprintf("<ResponseCode><![CDATA[rc-%s-%d]]></ResponseCode>", user, at.UnixNano())
	}
	return fmt.Appendf(nil, `<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[%s]]></Event><EventKey><![CDATA[%s]]></EventKey>%s<AgentID>1000002</AgentID></xml>`,
		corp, user, at.Unix(), event, key, code)
}

// Deliver encrypts plain, POSTs it signed, and retries like WeCom on a
// timeout or a non-200 answer. The same ciphertext is sent every time, as
// WeCom does.
func (c *Client) Deliver(plain []byte) (Reply, error) {
	body, query, err := c.Envelope(plain)
	if err != nil {
		return Reply{}, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Second}
	}
	var last error
	for attempt := 1; attempt <= 1+c.Retries; attempt++ {
		res, err := hc.Post(c.URL+"?"+query.Encode(), "application/xml", bytes.NewReader(body))
		if err != nil {
			last = err
			continue
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			last = fmt.Errorf("status %d: %s", res.StatusCode, bytes.TrimSpace(data))
			if res.StatusCode < 500 {
				return Reply{Status: res.StatusCode, Attempts: attempt}, nil
			}
			continue
		}
		text, err := c.OpenReply(data)
		return Reply{Status: 200, Text: text, Attempts: attempt}, err
	}
	return Reply{Attempts: 1 + c.Retries}, fmt.Errorf("wecomtest: no answer after %d attempts: %w", 1+c.Retries, last)
}

// Envelope encrypts plain into the POST body and signed query WeCom sends.
func (c *Client) Envelope(plain []byte) ([]byte, url.Values, error) {
	random := make([]byte, 8)
	rand.Read(random)
	cipher, err := util.EncryptMsg([]byte(hex.EncodeToString(random)), plain, c.CorpID, c.AESKey)
	if err != nil {
		return nil, nil, err
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	nonce := hex.EncodeToString(random[:4])
	q := url.Values{"msg_signature": {util.Signature(c.Token, ts, nonce, string(cipher))}, "timestamp": {ts}, "nonce": {nonce}}
	body := fmt.Appendf(nil, `<xml><ToUserName><![CDATA[%s]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`, c.CorpID, cipher)
	return body, q, nil
}

// OpenReply verifies and decrypts a passive reply; an empty body is no reply.
func (c *Client) OpenReply(data []byte) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", nil
	}
	var env struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	if err := xml.Unmarshal(data, &env); err != nil {
		return "", fmt.Errorf("wecomtest: reply is not an envelope: %w", err)
	}
	if util.Signature(c.Token, env.TimeStamp, env.Nonce, env.Encrypt) != env.MsgSignature {
		return "", errors.New("wecomtest: reply signature does not verify")
	}
	_, plain, err := util.DecryptMsg(c.CorpID, env.Encrypt, c.AESKey)
	if err != nil {
		return "", fmt.Errorf("wecomtest: decrypt reply: %w", err)
	}
	var msg struct {
		ToUserName, FromUserName, MsgType, Content string
	}
	if err := xml.Unmarshal(plain, &msg); err != nil {
		return "", err
	}
	if msg.FromUserName != c.CorpID || msg.MsgType != "text" {
		return "", fmt.Errorf("wecomtest: unexpected reply %s", plain)
	}
	return msg.Content, nil
}
