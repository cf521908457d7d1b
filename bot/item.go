package bot

import (
	"strings"
	"unicode/utf8"

	"reportbot/bot/figure"
)

// maxItemTitle caps an item's title, in characters.
const maxItemTitle = 30

// ParseItem reads one open measure item from a message: the title is the
// text before the first 。 ： or line break (numbering such as （一） is
// dropped), the rest is what was done; its figures are found with
// FindFigures.
func ParseItem(text string) (Item, error) {
	s := strings.TrimSpace(text)
	if utf8.RuneCountInString(s) < 4 || !hasWord(s) {
		return Item{}, answerError("请用一句话写明这项举措，格式为“标题。具体做法和数据”。", "规范流程，提升服务效能。制定会务保障实施细则，全区性会议同比减少43%")
	}
	if utf8.RuneCountInString(s) > DefaultMaxLen {
		return Item{}, answerError("内容过长，请分成几条发送，每条不超过 %d 字。", "", DefaultMaxLen)
	}
	s = strings.TrimSpace(listNumbering.ReplaceAllString(s, ""))
	title, rest := s, ""
	if i := strings.IndexAny(s, "。：:\n"); i >= 0 {
		title, rest = s[:i], s[i:]
		_, w := utf8.DecodeRuneInString(rest)
		rest = strings.TrimSpace(rest[w:])
	}
	if utf8.RuneCountInString(title) > maxItemTitle {
		// No short title given: the whole message is the text.
		title, rest = Truncate(title, maxItemTitle-1), s
	}
	it := Item{Title: strings.TrimSpace(title), Text: rest}
	for _, sp := range figure.Find(s) {
		if sp.Figure.Unit != "年" {
			it.Figures = append(it.Figures, sp.Figure)
		}
	}
	return it, nil
}
