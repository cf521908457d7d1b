package wecomtest

import (
	"fmt"
	"time"
)

// File delivers a file message from user: the app fetches the file with
// media/get by mediaID (see Server.AddMedia).
func (c *Client) File(user, msgID, mediaID string) (Reply, error) {
	return c.Deliver(FileXML(c.CorpID, user, msgID, mediaID, c.now()))
}

// FileXML is the plaintext of a file message's callback.
func FileXML(corp, user, msgID, mediaID string, at time.Time) []byte {
	return fmt.Appendf(nil, `<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[file]]></MsgType><MediaId><![CDATA[%s]]></MediaId><MsgId>%s</MsgId><AgentID>1000002</AgentID></xml>`,
		corp, user, at.Unix(), mediaID, msgID)
}
