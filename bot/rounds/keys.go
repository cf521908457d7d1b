package rounds

import (
	"strings"

	"reportbot/bot"
)

// startWord begins the key of a 开始填报 button; typed alone it is the
// contact's plain 开始.
const startWord = "开始"

// StartKey is the key of the 开始填报 button on an invitation or reminder
// about ref: 开始 round/dept, so a click opens exactly that assignment even
// when the contact has several.
func StartKey(ref bot.AssignmentRef) string { return startWord + " " + ref.String() }

// ParseStartKey reads a StartKey; plain 开始 is not one.
func ParseStartKey(text string) (bot.AssignmentRef, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), startWord+" ")
	if !ok {
		return bot.AssignmentRef{}, false
	}
	round, dept, ok := strings.Cut(strings.TrimSpace(rest), "/")
	if !ok || round == "" || dept == "" || strings.ContainsAny(dept, " /") || strings.ContainsAny(round, " ") {
		return bot.AssignmentRef{}, false
	}
	return bot.AssignmentRef{Round: round, Dept: dept}, true
}

// startButton is the 开始填报 button for ref.
func startButton(ref bot.AssignmentRef) []bot.Button {
	return []bot.Button{{Key: StartKey(ref), Text: "开始填报"}}
}
