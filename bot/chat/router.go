package chat

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/figure"
)

// Router is the chat front door. It classifies each message once — a
// head's review card, an editor's card or command, a coordinator's or a
// head's command, or a contact's turn — and hands it to the one part that
// owns it: the Engine, the Desk (coordinators and heads) or the editorial
// desk. Router implements bot.Conversation.
type Router struct {
	Engine *Engine
	Desk   *Desk
	// Editorial serves the editors: review cards, 重写, pasted texts, 版本
	// and 恢复; nil when this replica has no editors' side.
	Editorial *editorial.Editorial
	Roster    *bot.LiveRoster // roles
	Store     bot.Store
	Clock     bot.Clock
	Log       *slog.Logger
}

var _ bot.Conversation = (*Router)(nil)

// route is what a message is, decided once.
type route int

const (
	routeContact         route = iota // an answer or a contact's command: a turn of the Engine
	routeReviewCard                   // a head's 确认 or 退回 on a review card
	routeEditorCard                   // an editor's 确认, 重写 or 网页编辑 on a draft card
	routeEditor                       // an editor's 重写：, 替换：, 采用, 放弃, 版本, 恢复 N, or a pasted text
	routeEditorHelp                   // an editor's short message that is none of those
	routeCoordinator                  // 进度, 催办, 导出
	routeHead                         // a head's 退回 原因 or 审核
	routeCoordinatorHelp              // a coordinator with nothing to fill in, saying something else
	routeRefused                      // a command the sender's role does not allow
)

// message is a classified message with what the route needs.
type message struct {
	bot.Message
	route   route
	ref     bot.AssignmentRef // the card's assignment
	section string            // the card's section
	approve bool              // a review card's 确认
	card    string            // the editor card's key
	desk    deskCommand
	ed      editorCommand
	arg     string              // the command's argument
	n       int                 // 恢复 N
	refusal string              // why a command was refused
	reviews []bot.AssignmentRef // a head's submissions waiting for review
	user    *bot.UserState      // read at most once, by whichever step needs it
}

// Handle classifies one message and dispatches it.
func (rt *Router) Handle(ctx context.Context, m bot.Message) ([]bot.Reply, error) {
	if m.At.IsZero() {
		m.At = rt.Clock.Now()
	}
	ctx = bot.WithActor(ctx, m.User)
	msg, err := rt.classify(ctx, m)
	if err != nil {
		return nil, err
	}
	switch msg.route {
	case routeReviewCard:
		if msg.approve {
			return rt.Engine.Review(ctx, msg.Message, msg.ref, true, "")
		}
		return []bot.Reply{{Text: msgReviewAskReason}}, nil
	case routeEditorCard:
		switch msg.card {
		case editorial.KeyConfirm:
			return rt.Editorial.Confirm(ctx, msg.Message, msg.ref, msg.section)
		case editorial.KeyRewrite:
			return rt.Editorial.Focus(ctx, msg.Message, msg.ref, msg.section, false)
		}
		return rt.Editorial.Focus(ctx, msg.Message, msg.ref, msg.section, true)
	case routeEditor:
		return rt.editor(ctx, msg)
	case routeEditorHelp:
		return []bot.Reply{{Text: msgEditorHelp}}, nil
	case routeCoordinator:
		return rt.Desk.Coordinate(ctx, msg.Message, msg.desk, msg.arg)
	case routeHead:
		return rt.Desk.Review(ctx, msg.Message, msg.desk, msg.arg, msg.reviews)
	case routeCoordinatorHelp:
		return []bot.Reply{{Text: msgCoordinatorHelp + msgCoordinatorRounds}}, nil
	case routeRefused:
		rt.log().Warn("command refused for the sender's role", "user", m.User, "text", m.Text)
		return []bot.Reply{{Text: msg.refusal}}, nil
	}
	return rt.Engine.HandleFor(ctx, msg.Message, msg.user)
}

// classify decides what m is. It reads the sender's state only when the
// decision needs it, and at most once.
func (rt *Router) classify(ctx context.Context, m bot.Message) (*message, error) {
	msg := &message{Message: m}
	text := strings.TrimSpace(m.Text)
	if ref, approve, ok := parseReviewKey(text); ok {
		msg.route, msg.ref, msg.approve = routeReviewCard, ref, approve
		return msg, nil
	}
	isEditor := rt.Editorial != nil && rt.Roster.Has(bot.RoleEditor, m.User)
	if key, ref, section, ok := editorial.ParseCardKey(text); ok {
		if !isEditor {
			msg.route, msg.refusal = routeRefused, msgNotEditor
			return msg, nil
		}
		msg.route, msg.card, msg.ref, msg.section = routeEditorCard, key, ref, section
		return msg, nil
	}
	if m.Event == bot.EventEnter {
		return msg, nil // opening the app resumes a contact's place
	}
	coord := rt.Roster.Has(bot.RoleCoordinator, m.User)
	cmd, arg := parseDeskCommand(text)
	if isEditor {
		if ed, arg, n := parseEditorCommand(text); ed != edNone {
			msg.route, msg.ed, msg.arg, msg.n = routeEditor, ed, arg, n
			return msg, nil
		}
		// An editor who fills in nothing themselves may paste a section's
		// new text without a prefix; one who is also a contact writes 替换：.
		if cmd == deskNone && !coord {
			us, err := rt.user(ctx, msg)
			if err != nil {
				return nil, err
			}
			if len(us.Assignments) == 0 {
				if utf8.RuneCountInString(text) >= 20 {
					msg.route, msg.ed, msg.arg = routeEditor, edPaste, text
				} else {
					msg.route = routeEditorHelp
				}
				return msg, nil
			}
		}
	}
	switch cmd {
	case deskProgress, deskNudge, deskExport:
		if coord {
			msg.route, msg.desk, msg.arg = routeCoordinator, cmd, arg
			return msg, nil
		}
		if cmd == deskProgress {
			msg.Text = "查看" // a contact's own progress
			return msg, nil
		}
		msg.route, msg.refusal = routeRefused, msgNotCoordinator
		return msg, nil
	case deskReturn, deskReviews:
		refs, isHead, err := rt.Engine.PendingReviews(ctx, m.User)
		if err != nil {
			return nil, err
		}
		if isHead {
			msg.route, msg.desk, msg.arg, msg.reviews = routeHead, cmd, arg, refs
			return msg, nil
		}
	}
	if coord {
		us, err := rt.user(ctx, msg)
		if err != nil {
			return nil, err
		}
		if len(us.Assignments) == 0 {
			msg.route = routeCoordinatorHelp
		}
	}
	return msg, nil
}

// user reads the sender's state once per message.
func (rt *Router) user(ctx context.Context, msg *message) (*bot.UserState, error) {
	if msg.user == nil {
		us, err := rt.Store.User(ctx, msg.User)
		if err != nil {
			return nil, err
		}
		msg.user = us
	}
	return msg.user, nil
}

func (rt *Router) log() *slog.Logger {
	if rt.Log != nil {
		return rt.Log
	}
	return slog.Default()
}

// editorCommand is an editor's chat command.
type editorCommand int

const (
	edNone     editorCommand = iota
	edRewrite                // 重写：要求
	edPaste                  // 替换：全文, or a pasted text
	edAdopt                  // 采用
	edDiscard                // 放弃
	edVersions               // 版本
	edRestore                // 恢复 N
	edKeep                   // 保留 N 理由
)

// parseEditorCommand recognises an editor's command and its argument.
func parseEditorCommand(text string) (editorCommand, string, int) {
	if rest, ok := cutAny(text, "重写：", "重写:", "重写 "); ok || text == "重写" {
		return edRewrite, strings.TrimSpace(rest), 0
	}
	if rest, ok := cutAny(text, "替换：", "替换:", "修改稿：", "修改稿:"); ok {
		return edPaste, rest, 0
	}
	switch text {
	case "采用":
		return edAdopt, "", 0
	case "放弃":
		return edDiscard, "", 0
	case "版本", "历史版本":
		return edVersions, "", 0
	}
	if m := keepCommand.FindStringSubmatch(text); m != nil {
		if n, ok := figure.SmallNumber(m[1]); ok {
			return edKeep, strings.TrimSpace(m[2]), n
		}
	}
	if rest, ok := strings.CutPrefix(text, "恢复"); ok {
		if n, ok := figure.SmallNumber(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rest), "第"), "版"))); ok {
			return edRestore, "", n
		}
	}
	return edNone, "", 0
}

// keepCommand is 保留 N 理由: 保留 1 来自公报, 保留第2处：来自公报.
var keepCommand = regexp.MustCompile(`^保留\s*第?\s*([0-9０-９一二三四五六七八九十]+)\s*处?\s*[：:，,]?\s*(.*)$`)

// editor runs an editor's command on their focused section.
func (rt *Router) editor(ctx context.Context, msg *message) ([]bot.Reply, error) {
	ed := rt.Editorial
	switch msg.ed {
	case edRewrite:
		return ed.RequestRewrite(ctx, msg.Message, msg.arg)
	case edPaste:
		return ed.Paste(ctx, msg.Message, msg.arg)
	case edAdopt, edDiscard:
		return ed.Adopt(ctx, msg.Message, msg.ed == edAdopt)
	case edVersions:
		return ed.Versions(ctx, msg.Message)
	case edKeep:
		return ed.Keep(ctx, msg.Message, msg.n, msg.arg)
	}
	return ed.Restore(ctx, msg.Message, msg.n)
}

// cutAny cuts the first of prefixes that text starts with.
func cutAny(text string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(text, p); ok {
			return rest, true
		}
	}
	return "", false
}

// deskCommand is a coordinator's or head's chat command.
type deskCommand int

const (
	deskNone     deskCommand = iota
	deskProgress             // 进度 [部门]
	deskNudge                // 催办 部门|全部
	deskExport               // 导出
	deskReturn               // 退回 原因 (a head)
	deskReviews              // 审核 (a head: list what waits)
)

// parseDeskCommand recognises a desk command and its argument.
func parseDeskCommand(text string) (deskCommand, string) {
	t := strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("。！!．.", r) })
	for _, c := range []struct {
		words []string
		cmd   deskCommand
	}{
		{[]string{"进度", "填报进度", "查看进度"}, deskProgress},
		{[]string{"催办"}, deskNudge},
		{[]string{"导出", "导出表格", "导出Excel", "导出excel"}, deskExport},
		{[]string{"退回"}, deskReturn},
		{[]string{"审核", "待审核"}, deskReviews},
	} {
		for _, w := range c.words {
			if t == w {
				return c.cmd, ""
			}
			rest, ok := strings.CutPrefix(t, w)
			if !ok {
				continue
			}
			// Only a separator may follow the word: "进度很好" is an answer.
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsSpace(r) || strings.ContainsRune("：:，,", r) {
				return c.cmd, strings.TrimSpace(strings.TrimLeft(rest, " ：:，,\t"))
			}
		}
	}
	return deskNone, ""
}
