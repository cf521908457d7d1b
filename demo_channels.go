package main

import (
	"encoding/json"
	"errors"
	"net/url"
	"sync"
	"time"

	"reportbot/bot/wecom/wecomtest"
)

// simTransport carries what a simulated user types or clicks to the bot,
// and brings back what the bot showed them: the demo's two channels.
type simTransport interface {
	// say sends a text; click a card button's key. Each returns the
	// channel's immediate reply text, if it has one apart from news.
	say(user, id, text string) (string, error)
	click(user, key string) (string, error)
	// news returns the bubbles that arrived since the last call.
	news() []simNews
	media(id string) (wecomtest.Media, bool)
}

// simNews is one bubble for one user.
type simNews struct {
	user string
	msg  simMessage
}

// appTransport is the self-built app: the encrypted callback with its
// passive reply, and message/send.
type appTransport struct {
	api    *wecomtest.Server
	client *wecomtest.Client
	n      int // messages taken from the fake API
}

func (t *appTransport) say(user, id, text string) (string, error) {
	rep, err := t.client.Text(user, id, text)
	return rep.Text, err
}

func (t *appTransport) click(user, key string) (string, error) {
	rep, err := t.client.Click(user, key, time.Now())
	return rep.Text, err
}

func (t *appTransport) media(id string) (wecomtest.Media, bool) { return t.api.MediaFile(id) }

func (t *appTransport) news() []simNews {
	sent := t.api.Sent()
	var out []simNews
	for _, m := range sent[t.n:] {
		msg := simMessage{Kind: m.MsgType, Text: m.Text.Content, At: time.Now().Format("15:04")}
		var raw struct {
			Markdown struct{ Content string } `json:"markdown"`
			Card     struct {
				MainTitle struct{ Title string }       `json:"main_title"`
				SubTitle  string                       `json:"sub_title_text"`
				Buttons   []struct{ Text, Key string } `json:"button_list"`
			} `json:"template_card"`
		}
		json.Unmarshal(m.Raw, &raw)
		switch m.MsgType {
		case "markdown":
			msg.Text = raw.Markdown.Content
		case "template_card":
			msg.Kind, msg.Title, msg.Text = "card", raw.Card.MainTitle.Title, raw.Card.SubTitle
			for _, b := range raw.Card.Buttons {
				msg.Buttons = append(msg.Buttons, simButton{Key: b.Key, Text: b.Text})
			}
		case "file":
			if f, ok := t.api.MediaFile(m.File.MediaID); ok {
				msg.Text, msg.File = f.Name, "/sim-media/"+url.PathEscape(m.File.MediaID)
			}
		}
		out = append(out, simNews{user: m.ToUser, msg: msg})
	}
	t.n = len(sent)
	return out
}

// gatewayTransport is the AI bot's long connection: messages and clicks
// go to the bot as callbacks from the fake gateway, and every reply,
// welcome, card and proactive message comes back from it.
type gatewayTransport struct {
	gw    *wecomtest.Gateway
	mu    sync.Mutex
	tasks map[string]string // button key → its card's task_id
	shown map[int]bool      // gateway messages already shown
}

func (t *gatewayTransport) say(user, _, text string) (string, error) {
	id := t.gw.Text(user, text)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := t.gw.Answered(id); ok {
			return "", nil // the answer comes with the news
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", errors.New("机器人 30 秒内没有回复")
}

func (t *gatewayTransport) click(user, key string) (string, error) {
	t.mu.Lock()
	task := t.tasks[key]
	t.mu.Unlock()
	t.gw.Click(user, key, task)
	// The click's replies are pushed; give them a moment to arrive.
	time.Sleep(300 * time.Millisecond)
	return "", nil
}

func (t *gatewayTransport) media(id string) (wecomtest.Media, bool) { return t.gw.Media(id) }

func (t *gatewayTransport) news() []simNews {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []simNews
	for _, m := range t.gw.Messages("") {
		if t.shown[m.Seq] || (m.Type == "stream" && !m.Finished) {
			continue // a stream shows once it is finished
		}
		t.shown[m.Seq] = true
		msg := simMessage{Kind: "markdown", Text: m.Text, At: time.Now().Format("15:04")}
		switch m.Type {
		case "text":
			msg.Kind = "text"
		case "template_card":
			msg.Kind, msg.Title, msg.Text = "card", m.Card.MainTitle.Title, m.Card.SubTitle
			for _, b := range m.Card.Buttons {
				msg.Buttons = append(msg.Buttons, simButton{Key: b.Key, Text: b.Text})
				t.tasks[b.Key] = m.Card.TaskID
			}
		case "file":
			if f, ok := t.gw.Media(m.MediaID); ok {
				msg.Kind, msg.Text, msg.File = "file", f.Name, "/sim-media/"+url.PathEscape(m.MediaID)
			}
		}
		out = append(out, simNews{user: m.User, msg: msg})
	}
	return out
}

// waitConnected waits for the demo's bot to hold the fake gateway.
func waitConnected(app *App) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if app.LongConn.Connected() {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
