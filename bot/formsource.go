package bot

import (
	"context"
	"time"
)

// FormRevision is one saved version of a form uploaded through the console
// or `reportbot forms import`: the YAML as saved (its version number
// bumped when the upload repeated an earlier one), who saved it and when.
// Revisions are never changed or deleted; a round keeps its own frozen
// copy of the form it started with.
type FormRevision struct {
	ID      string    `json:"id"`
	Rev     int       `json:"rev"`     // 1, 2, 3… per form id
	Version string    `json:"version"` // the form's version field as saved
	Hash    string    `json:"hash"`    // Form.ContentHash: what the form asks
	Source  string    `json:"source"`  // the YAML
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// FormStore keeps uploaded forms and their history (the Redis store
// implements it).
type FormStore interface {
	// AddFormRevision saves rev as revision rev.Rev of form rev.ID. It
	// fails with EConflict when that number is taken: a concurrent upload
	// won, and the caller reads the revisions again.
	AddFormRevision(ctx context.Context, rev FormRevision) error
	// FormRevisions returns a form's revisions, oldest first; none for a
	// form never uploaded.
	FormRevisions(ctx context.Context, id string) ([]FormRevision, error)
	// FormIDs lists the ids of the uploaded forms, sorted.
	FormIDs(ctx context.Context) ([]string, error)
}

// FormSource finds the forms rounds start from, wherever they are kept.
type FormSource interface {
	// Form returns the form in effect with the given id; ENotFound when
	// there is none.
	Form(ctx context.Context, id string) (*Form, error)
}
