package bot

import (
	"strings"
	"unicode/utf8"
)

// maxItemTitle is the longest heading, in characters, that is taken as an
// item's title as written; a longer first sentence gives its first clause.
const maxItemTitle = 30

// ParseItem reads one open measure item from a message: the title is the
// text before the first 。 ： or line break (numbering such as （一） is
// dropped), the rest is what was done; its figures are found with
// FindFigures. A first sentence too long for a heading, or one carrying
// figures, is not a heading: its first clause (up to ， or ；) is the
// title and everything after it is the detail. A title is never cut.
func ParseItem(text string) (Item, error) {
	s := strings.TrimSpace(text)
	if utf8.RuneCountInString(s) < 4 || !hasWord(s) {
		return Item{}, answerError("请用一句话写明这项举措，格式为“标题。具体做法和数据”。", "规范流程，提升服务效能。制定会务保障实施细则，全区性会议同比减少43%")
	}
	if utf8.RuneCountInString(s) > DefaultMaxLen {
		return Item{}, answerError("内容过长，请分成几条发送，每条不超过 %d 字。", "", DefaultMaxLen)
	}
	s = strings.TrimSpace(listNumbering.ReplaceAllString(s, ""))
	title, rest := cutAt(s, "。：:\n")
	if utf8.RuneCountInString(title) > maxItemTitle || len(ItemFigures(title)) > 0 {
		// No short heading given: the first clause names the measure.
		if t, r := cutAt(s, "，,；;。：:\n"); t != "" {
			title, rest = t, r
		}
	}
	return Item{Title: strings.TrimSpace(title), Text: rest, Figures: ItemFigures(s)}, nil
}

// cutAt splits s at the first of seps: what comes before, and what comes
// after the separator, trimmed. Without a separator all of s comes before.
func cutAt(s, seps string) (before, after string) {
	i := strings.IndexAny(s, seps)
	if i < 0 {
		return s, ""
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return s[:i], strings.TrimSpace(s[i+w:])
}
