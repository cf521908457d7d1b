package editorial_test

import (
	"context"
	"errors"
	"testing"

	"reportbot/bot"
)

// roundSource serves a round as the conversation engine's copy does and
// counts the reads.
type roundSource struct {
	r     *bot.Round
	err   error
	reads int
}

func (s *roundSource) Round(_ context.Context, id string) (*bot.Round, error) {
	s.reads++
	if s.err != nil {
		return nil, s.err
	}
	if id != s.r.ID {
		return nil, bot.Errorf(bot.ENotFound, "no round %s", id)
	}
	return s.r, nil
}

// TestDraftAssignmentUsesTheReplicasRound: a drafting job reads its round
// from DraftRounds (the engine's short-lived copy) when one is given,
// drafts every section from it, and reports that source's failure rather
// than drafting from elsewhere.
func TestDraftAssignmentUsesTheReplicasRound(t *testing.T) {
	x := newDesk(t)
	ctx := context.Background()
	src := &roundSource{r: x.r}
	x.ed.DraftRounds = src
	if err := x.ed.DraftAssignment(ctx, x.ref); err != nil {
		t.Fatal(err)
	}
	if src.reads != 1 {
		t.Errorf("the round was read %d times from the replica's copy, want 1", src.reads)
	}
	secs, err := x.st.Sections(ctx, x.ref)
	if err != nil || len(secs) != len(x.r.Form.Sections) {
		t.Fatalf("drafted %d sections of %d: %v", len(secs), len(x.r.Form.Sections), err)
	}
	down := errors.New("redis down")
	x.ed.DraftRounds = &roundSource{r: x.r, err: down}
	if err := x.ed.DraftAssignment(ctx, x.ref); !errors.Is(err, down) {
		t.Errorf("a failing round source: %v", err)
	}
}
