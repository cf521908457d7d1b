package chat

import (
	"context"
	"fmt"
	"strings"

	"reportbot/bot"
	"reportbot/bot/rounds"
)

// A contact may fill in for several assignments at once: one department in
// two rounds (法治 and 政务公开), or two departments. The 开始填报 button of
// each invitation carries its assignment (rounds.StartKey), so a click
// opens exactly that one; a typed 开始 while unsubmitted assignments of
// several open rounds wait lists them to choose from.

// startKeyed opens the assignment a 开始填报 button names, making it the
// active one. A key for an assignment the user no longer has is a plain
// 开始.
func (e *Engine) startKeyed(ctx context.Context, us *bot.UserState, ref bot.AssignmentRef, m bot.Message) ([]bot.Reply, error) {
	mine := false
	for _, a := range us.Assignments {
		mine = mine || a == ref
	}
	if !mine {
		return e.startPlain(ctx, us, m)
	}
	prefix := ""
	if ref != activeRef(us) {
		if err := e.store.SetActive(ctx, m.User, ref); err != nil {
			return nil, err
		}
		round, err := e.Round(ctx, ref.Round)
		if err != nil {
			return nil, err
		}
		prefix = switchedTo(round, ref)
	}
	return e.turn(ctx, ref, m, parsedCommand{cmd: cmdStart}, prefix, nil)
}

// startPlain runs a typed 开始: the active assignment, as always, unless
// the user's open assignments lie in more than one round, which are then
// listed to choose from. (Several departments of one round keep 开始 as it
// was: the greeting names the department and 切换部门 moves between them.)
func (e *Engine) startPlain(ctx context.Context, us *bot.UserState, m bot.Message) ([]bot.Reply, error) {
	cur := activeRef(us)
	if len(us.Assignments) > 1 && !sameRound(us.Assignments) {
		states, err := e.assignmentStates(ctx, us)
		if err != nil {
			return nil, err
		}
		if openRounds(states) > 1 {
			return e.chooseAssignment(ctx, us, cur, states)
		}
	}
	return e.turn(ctx, cur, m, parsedCommand{cmd: cmdStart}, "", nil)
}

// assignmentState is where one of a user's assignments stands.
type assignmentState struct {
	round  *bot.Round
	status bot.AssignmentStatus
	open   bool // in an open round and not submitted
}

// sameRound reports whether all refs are of one round.
func sameRound(refs []bot.AssignmentRef) bool {
	for _, r := range refs {
		if r.Round != refs[0].Round {
			return false
		}
	}
	return true
}

// openRounds counts the rounds with an open assignment among states.
func openRounds(states map[bot.AssignmentRef]assignmentState) int {
	seen := map[string]bool{}
	for ref, s := range states {
		if s.open {
			seen[ref.Round] = true
		}
	}
	return len(seen)
}

// assignmentStates reads each of the user's assignments.
func (e *Engine) assignmentStates(ctx context.Context, us *bot.UserState) (map[bot.AssignmentRef]assignmentState, error) {
	out := map[bot.AssignmentRef]assignmentState{}
	for _, ref := range us.Assignments {
		// Read afresh, not from the cache: a round closed a moment ago
		// must not be offered.
		round, err := e.store.Round(ctx, ref.Round)
		if err != nil {
			return nil, err
		}
		a, err := e.store.Assignment(ctx, ref)
		if err != nil {
			return nil, err
		}
		out[ref] = assignmentState{round: round, status: a.Status,
			open: round.Status == bot.RoundOpen && a.Status != bot.Submitted && a.Status != bot.PendingReview}
	}
	return out, nil
}

// chooseAssignment lists the user's assignments with a button for each
// open one.
func (e *Engine) chooseAssignment(_ context.Context, us *bot.UserState, cur bot.AssignmentRef, states map[bot.AssignmentRef]assignmentState) ([]bot.Reply, error) {
	var b strings.Builder
	open := 0
	for _, s := range states {
		if s.open {
			open++
		}
	}
	fmt.Fprintf(&b, msgChooseAssignment, open)
	var buttons []bot.Button
	for i, ref := range us.Assignments {
		s := states[ref]
		fmt.Fprintf(&b, "\n%d. %s · %s · %s", i+1, s.round.Title, s.round.DeptLabel(ref.Dept), s.status.Label())
		if s.round.Status != bot.RoundOpen {
			b.WriteString("（" + s.round.Status.Label() + "）")
		}
		if ref == cur {
			b.WriteString("（当前）")
		}
		if s.open {
			buttons = append(buttons, bot.Button{Key: rounds.StartKey(ref), Text: fmt.Sprintf("填写第 %d 项", i+1)})
		}
	}
	b.WriteString("\n" + msgChooseHint)
	return []bot.Reply{{Text: b.String(), Buttons: buttons}}, nil
}

// switchedTo is the line that opens a turn on another assignment: the
// round and the department, since one department may be in two rounds.
func switchedTo(r *bot.Round, ref bot.AssignmentRef) string {
	return fmt.Sprintf(msgSwitchedTo, r.Title, r.DeptLabel(ref.Dept))
}
