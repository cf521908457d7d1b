package llm

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"reportbot/bot"
	"reportbot/bot/figure"
)

var _ bot.Extractor = (*Writer)(nil)

// itemReply is what the model returns for an item; no omitempty (strict
// schema), the qualifier is "" when there is none.
type itemReply struct {
	Title   string `json:"title"`
	Text    string `json:"text"`
	Figures []struct {
		Value     string `json:"value"`
		Unit      string `json:"unit"`
		Qualifier string `json:"qualifier"`
	} `json:"figures"`
}

// ExtractItem asks the model to split a contact's text into an item. The
// reply is validated locally: a figure counts only if it occurs in the text
// (bot.ValidateItem, applied by the engine), the title is cut to 30
// characters, and an empty reply is an error so the heuristic is used.
func (w *Writer) ExtractItem(ctx context.Context, text string) (bot.Item, error) {
	user, err := w.prompts.Extract(text)
	if err != nil {
		return bot.Item{}, err
	}
	res, err := w.call(ctx, modeObject, user)
	if err != nil {
		return bot.Item{}, err
	}
	var r itemReply
	content := strings.TrimSpace(res.Choices[0].Message.Content)
	if err := json.Unmarshal([]byte(content), &r); err != nil {
		return bot.Item{}, err
	}
	title := strings.TrimSpace(r.Title)
	if title == "" {
		return bot.Item{}, errors.New("llm: extraction has no title")
	}
	if rs := []rune(title); len(rs) > 30 {
		title = string(rs[:30])
	}
	it := bot.Item{Title: title, Text: strings.TrimSpace(r.Text)}
	if it.Text == "" {
		it.Text = text
	}
	for _, f := range r.Figures {
		fig, err := figure.Parse(f.Qualifier + f.Value + f.Unit)
		if err == nil {
			it.Figures = append(it.Figures, fig)
		}
	}
	return bot.ValidateItem(text, it), nil
}
