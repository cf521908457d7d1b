package llm

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"reportbot/bot"
)

var _ bot.FigureMatcher = (*Writer)(nil)

// Fences around the data of a matching prompt: the fake model (llmtest)
// and any reader of the logs find the request between them.
const (
	MatchOpen  = "<<<匹配开始>>>"
	MatchClose = "<<<匹配结束>>>"
)

// matchPrompt is the user message of a matching request; the data is
// JSON between the fences, so the text cannot pass for instructions.
const matchPrompt = `下面是从一份材料中找到、但没有按规则对应到问卷题目的数字，以及问卷中仍未填写的数字题。
请判断哪些数字回答的是哪道题：只能使用给出的数字编号和题目编号；只在原句明确说明该数字就是该题所问的内容时才对应，拿不准的不要对应；不得改动、推算或新增任何数字。
只返回 JSON：{"pairs":[{"figure":数字编号,"qid":"题目编号"}]}，没有可对应的返回 {"pairs":[]}。
` + MatchOpen + "\n%s\n" + MatchClose

// matchReply is the model's answer; no omitempty (strict schema).
type matchReply struct {
	Pairs []bot.MatchProposal `json:"pairs"`
}

// MatchFigures asks the model which open question each unbound figure of
// a pasted text answers. The reply is only a proposal: match.Improve keeps
// a pair only when its figure is in the text and fits the question.
func (w *Writer) MatchFigures(ctx context.Context, req bot.MatchRequest) ([]bot.MatchProposal, error) {
	if len(req.Questions) == 0 || len(req.Figures) == 0 {
		return nil, nil
	}
	data, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	res, err := w.call(ctx, modeText, strings.Replace(matchPrompt, "%s", string(data), 1))
	if err != nil {
		return nil, err
	}
	content := strings.TrimSpace(res.Choices[0].Message.Content)
	content = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(content, "```json"), "```"), "```"))
	var r matchReply
	if err := json.Unmarshal([]byte(content), &r); err != nil {
		return nil, errors.New("llm: matching reply is not the requested JSON")
	}
	return r.Pairs, nil
}
