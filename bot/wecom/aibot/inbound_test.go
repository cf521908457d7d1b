package aibot

import (
	"encoding/json"
	"testing"
	"time"

	"reportbot/bot"
)

// TestLongConnCallbackTurn: callbacks as WeCom's documents show them
// become turns (text, voice transcript, enter_chat, a card click in the
// documented nested shape and in the SDK's flat one), or a polite
// sentence (media, group chats), or nothing (a click on an updated card,
// feedback, unknown events).
func TestLongConnCallbackTurn(t *testing.T) {
	at := time.Unix(1700000000, 0)
	for _, c := range []struct {
		name, body string
		kind       Kind
		id, text   string
		event      string
	}{
		{"text", `{"msgid":"M1","aibotid":"B","chattype":"single","from":{"userid":"zs"},"msgtype":"text","text":{"content":"381件"}}`,
			KindTurn, "lc:M1", "381件", ""},
		{"voice", `{"msgid":"M2","chattype":"single","from":{"userid":"zs"},"msgtype":"voice","voice":{"content":"三百八十一件"}}`,
			KindTurn, "lc:M2", "三百八十一件", ""},
		{"enter", `{"msgid":"M3","create_time":1700000000,"from":{"userid":"zs"},"msgtype":"event","event":{"eventtype":"enter_chat"}}`,
			KindTurn, "enter:lc:M3", "", bot.EventEnter},
		{"click", `{"msgid":"M4","chattype":"single","from":{"userid":"ed"},"msgtype":"event","event":{"eventtype":"template_card_event","template_card_event":{"card_type":"button_interaction","event_key":"稿件确认 r:d#s1","task_id":"T1"}}}`,
			KindTurn, "card:lc:M4:稿件确认 r:d#s1", "稿件确认 r:d#s1", bot.EventButton},
		{"click, flat", `{"msgid":"M5","from":{"userid":"ed"},"msgtype":"event","event":{"eventtype":"template_card_event","event_key":"ok","task_id":"T2"}}`,
			KindTurn, "card:lc:M5:ok", "ok", bot.EventButton},
		{"noop click", `{"msgid":"M6","from":{"userid":"ed"},"msgtype":"event","event":{"eventtype":"template_card_event","template_card_event":{"event_key":"rb-noop"}}}`,
			KindIgnore, "", "", ""},
		{"image", `{"msgid":"M7","chattype":"single","from":{"userid":"zs"},"msgtype":"image","image":{"url":"u","aeskey":"k"}}`,
			KindUnsupported, "", "", ""},
		{"group", `{"msgid":"M8","chatid":"G","chattype":"group","from":{"userid":"zs"},"msgtype":"text","text":{"content":"@报告助手 开始"}}`,
			KindUnsupported, "", "", ""},
		{"feedback", `{"msgid":"M9","from":{"userid":"zs"},"msgtype":"event","event":{"eventtype":"feedback_event","feedback_event":{"id":"F","type":1}}}`,
			KindIgnore, "", "", ""},
		{"displaced", `{"msgid":"M10","aibotid":"B","msgtype":"event","event":{"eventtype":"disconnected_event"}}`,
			KindDisplaced, "", "", ""},
	} {
		var cb Callback
		if err := json.Unmarshal([]byte(c.body), &cb); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		m, kind := cb.Turn("conn1", "REQ", at)
		if kind != c.kind || (kind == KindTurn && (m.ID != c.id || m.Text != c.text || m.Event != c.event)) {
			t.Errorf("%s: kind %d, message %+v", c.name, kind, m)
		}
		if c.event == bot.EventButton {
			ref, ok := ParseCardRef(m.ResponseCode)
			if !ok || ref.Conn != "conn1" || ref.ReqID != "REQ" || ref.User != "ed" || ref.TaskID == "" || !IsCardRef(m.ResponseCode) {
				t.Errorf("%s: card ref %+v from %q", c.name, ref, m.ResponseCode)
			}
		}
	}
	if _, ok := ParseCardRef("rc-zhangsan-1"); ok {
		t.Error("an app response code read as the long connection's")
	}
}
