package bot

import "context"

// AssignmentView is one assignment with what the round pages show beside
// it: the reminders it was sent and, when asked for, its sections under
// review and its audit trail.
type AssignmentView struct {
	Assignment *Assignment
	Reminders  int                      // reminders sent (invitations not counted)
	Sections   map[string]*SectionState // nil unless ViewParts.Sections
	Audit      []AuditEntry             // nil unless ViewParts.Audit
}

// ViewParts says what AssignmentViews reads beyond the assignments and
// their reminder counts.
type ViewParts struct {
	Sections bool
	Audit    bool
}

// ViewReader reads many assignments at once, for pages over a whole round:
// a few round trips however many departments it has.
type ViewReader interface {
	// AssignmentViews returns one view per ref, in order. ENotFound if an
	// assignment is missing.
	AssignmentViews(ctx context.Context, refs []AssignmentRef, parts ViewParts) ([]AssignmentView, error)
}
