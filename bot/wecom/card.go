package wecom

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work/message"

	"reportbot/bot"
)

// cardRequest is a template_card message of type button_interaction;
// silenceper has no struct for it.
type cardRequest struct {
	*message.SendRequestCommon
	TemplateCard templateCard `json:"template_card"`
}

type templateCard struct {
	CardType   string       `json:"card_type"`
	MainTitle  cardTitle    `json:"main_title"`
	SubTitle   string       `json:"sub_title_text,omitempty"`
	TaskID     string       `json:"task_id"`
	ButtonList []cardButton `json:"button_list"`
}

type cardTitle struct {
	Title string `json:"title"`
	Desc  string `json:"desc,omitempty"`
}

type cardButton struct {
	Text  string `json:"text"`
	Style int    `json:"style"`
	Key   string `json:"key"`
}

// cardRequest turns a reply with buttons into a card: the first line is
// the title, the rest the body (WeCom caps both), the buttons at most 6.
func (m *Messenger) cardRequest(user string, r bot.Reply) cardRequest {
	title, body, _ := strings.Cut(r.Text, "\n")
	sum := sha1.Sum([]byte(user + "\x00" + r.Text))
	card := templateCard{CardType: "button_interaction", MainTitle: cardTitle{Title: clip(title, 36)},
		SubTitle: clip(strings.TrimSpace(body), 1000), TaskID: "rb-" + hex.EncodeToString(sum[:12])}
	for i, b := range r.Buttons {
		if i == 6 {
			break
		}
		style := 2
		if i == 0 {
			style = 1
		}
		card.ButtonList = append(card.ButtonList, cardButton{Text: clip(b.Text, 10), Style: style, Key: b.Key})
	}
	return cardRequest{SendRequestCommon: m.common(user, "template_card"), TemplateCard: card}
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// updateCardURL is message/update_template_card; silenceper lacks it.
const updateCardURL = DefaultAPIBase + "/cgi-bin/message/update_template_card?access_token=%s"

// UpdateCard replaces a clicked card's buttons with one greyed-out label
// (e.g. 已确认), so others who got the card see it was handled.
func (m *Messenger) UpdateCard(ctx context.Context, u bot.CardUpdate) error {
	req := map[string]any{"userids": u.Users, "agentid": m.cfg.AgentID, "response_code": u.ResponseCode,
		"button": map[string]string{"replace_name": u.Label}}
	for attempt := 0; attempt < 2; attempt++ {
		tok, err := m.tokens.token(ctx)
		if err != nil {
			return &bot.Error{Code: bot.EUnavailable, Op: "wecom: token", Err: err}
		}
		data, err := util.PostJSONContext(ctx, fmt.Sprintf(updateCardURL, tok), req)
		if err == nil {
			var res struct{ util.CommonError }
			err = util.DecodeWithError(data, &res, "message/update_template_card")
		}
		code := errcode(err)
		m.observe(code, err)
		if (code == 40014 || code == 42001) && attempt == 0 {
			m.tokens.drop()
			continue
		}
		if err != nil {
			return &bot.Error{Code: bot.EUnavailable, Op: "wecom: update card", Err: err}
		}
		return nil
	}
	return nil
}
