package editorial

import (
	"context"
	"fmt"

	"reportbot/bot"
)

// DraftAssignment is the use case behind the drafting job: every section
// of a submitted assignment is drafted (cached drafts cost nothing), run
// through the fact lock, and each new or changed section goes to the
// editors for review. A failure is returned for the job to retry.
func (ed *Editorial) DraftAssignment(ctx context.Context, ref bot.AssignmentRef) error {
	var rounds RoundReader = ed.Rounds
	if ed.DraftRounds != nil {
		rounds = ed.DraftRounds
	}
	r, err := rounds.Round(ctx, ref.Round)
	if err != nil {
		return err
	}
	a, err := ed.Rounds.Assignment(ctx, ref)
	if err != nil {
		return err
	}
	drafts, err := ed.Drafter.DraftAll(ctx, r, a)
	if err != nil {
		return err
	}
	flagged := 0
	for _, dr := range drafts {
		if dr.NeedsReview {
			flagged++
		}
	}
	ed.log().Info("assignment drafted", "round", ref.Round, "dept", ref.Dept, "sections", len(drafts), "needs_review", flagged)
	return ed.Publish(ctx, r, a, drafts, fmt.Sprint(a.Version))
}
