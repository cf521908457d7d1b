package bot

import (
	"context"
	"time"
)

// Message is one inbound turn from a user: a chat text or a button click.
type Message struct {
	User string // WeCom UserID
	// ID makes the message unique for de-duplication: WeCom's MsgId, or
	// user+CreateTime for events. Retries of the same delivery share it.
	ID   string
	Text string // the text typed, or the clicked button's key
	// Event is "" for a text message, EventButton for a card button and
	// EventEnter when the user opens the app.
	Event string
	At    time.Time
	// ResponseCode comes with a card click; it lets the app update that
	// card for everyone who got it.
	ResponseCode string
	// File is a file the user sent (a returned Excel table), downloaded
	// by the channel; nil for text and events.
	File *File
}

// Message events.
const (
	EventButton = "button"
	EventEnter  = "enter"
)

// Button is a choice offered with a reply (a WeCom template-card button);
// clicking it sends Key as the message text.
type Button struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// Reply is one message back to the user.
type Reply struct {
	Text     string   `json:"text"`
	Markdown bool     `json:"md,omitempty"`
	Buttons  []Button `json:"buttons,omitempty"`
	// File, if set, is sent as a file message (an export); Text then goes
	// before it as a separate message.
	File *File `json:"file,omitempty"`
}

// File is a document sent in chat, such as an Excel export.
type File struct {
	Name string `json:"name"` // shown to the user, e.g. 2025年度法治政府建设情况报告.xlsx
	Data []byte `json:"data"`
}

// Conversation is what a chat channel drives: one message in, replies out.
// Handle returns an EUnavailable error when state could not be read or
// written; nothing is then stored and the message may be delivered again.
type Conversation interface {
	Handle(ctx context.Context, m Message) ([]Reply, error)
}

// Store keeps rounds, assignments and users. The Redis adapter in package
// store implements it; every method returns *Error codes: ENotFound when the
// thing is missing, EConflict when an optimistic write lost, EUnavailable
// when Redis cannot be reached.
type Store interface {
	// CreateRound saves a round with its frozen form, creates an empty
	// assignment per department and links every contact to it. EConflict if
	// the id is taken.
	CreateRound(ctx context.Context, r *Round) error
	// Round returns a round. ENotFound if missing.
	Round(ctx context.Context, id string) (*Round, error)
	// Rounds lists round ids, newest first.
	Rounds(ctx context.Context) ([]string, error)

	// User returns what the store knows of a user; a user with no
	// assignments gets an empty state, not an error.
	User(ctx context.Context, user string) (*UserState, error)
	// SetActive makes ref the user's active assignment.
	SetActive(ctx context.Context, user string, ref AssignmentRef) error

	// LoadTurn reads an assignment and, in the same round trip, the replies
	// stored for msgKey if that message was already processed (dup != nil).
	// The assignment may be shared with other turns (a replica's cached
	// copy): callers read it and build a Change, and never modify it.
	LoadTurn(ctx context.Context, ref AssignmentRef, msgKey string) (a *Assignment, dup []Reply, err error)
	// CommitTurn applies ch if the assignment is still at version, records
	// msgKey as processed with its replies, and appends the audit entries, all
	// atomically, and reports applied. When msgKey was processed meanwhile
	// it returns that message's stored replies with applied false and a nil
	// error; when the version moved it returns EConflict.
	CommitTurn(ctx context.Context, ref AssignmentRef, version int64, msgKey string, ch *Change, replies []Reply) (stored []Reply, applied bool, err error)
	// Assignment reads an assignment. ENotFound if missing.
	Assignment(ctx context.Context, ref AssignmentRef) (*Assignment, error)
	// Audit returns an assignment's audit entries, oldest first.
	Audit(ctx context.Context, ref AssignmentRef) ([]AuditEntry, error)
}

// Clock tells the time; tests pass a fake one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Messenger delivers messages to a user outside a callback's reply: long
// replies' later parts, reminders, cards. The WeCom adapter implements it
// with message/send.
type Messenger interface {
	Send(ctx context.Context, user string, r Reply) error
	// UpdateCard applies a CardUpdate through the channel's card API.
	UpdateCard(ctx context.Context, u CardUpdate) error
}

// Jobs queues durable work that must not be lost when a replica dies and
// must not hold up a chat turn: messages to send outside a callback's
// reply, drafting, rewrites and card updates. Each call is keyed, so a
// retried callback queues nothing twice. The store package implements it
// over a Redis job queue; an outage is EUnavailable.
type Jobs interface {
	// EnqueueSend queues replies for user under key; a second call with
	// the same key (a retried callback) queues nothing.
	EnqueueSend(ctx context.Context, key, user string, replies []Reply) error
	// EnqueueDraft queues drafting of every section of an assignment as it
	// stands at version; once per (assignment, version).
	EnqueueDraft(ctx context.Context, ref AssignmentRef, version int64) error
	// EnqueueRewrite queues an editor's 重写, once per job.Key.
	EnqueueRewrite(ctx context.Context, job RewriteJob) error
	// EnqueueCardUpdate queues greying out a clicked card, once per key.
	EnqueueCardUpdate(ctx context.Context, key string, u CardUpdate) error
}

// JobHandlers are what the workers run: one handler per kind of job. A
// nil handler leaves that kind to other replicas.
type JobHandlers struct {
	Send       func(ctx context.Context, user string, r Reply) error
	Draft      func(ctx context.Context, ref AssignmentRef) error
	Rewrite    func(ctx context.Context, job RewriteJob) error
	CardUpdate func(ctx context.Context, u CardUpdate) error
}

// CardUpdate replaces a clicked card's buttons, for everyone who got it,
// with one greyed-out label such as 已由张三确认.
type CardUpdate struct {
	Users        []string `json:"users"`
	ResponseCode string   `json:"response_code"`
	Label        string   `json:"label"`
}

// RewriteJob is an editor's 重写 with an instruction, run as a durable job
// because it calls the model.
type RewriteJob struct {
	Ref         AssignmentRef `json:"ref"`
	Section     string        `json:"section"`
	Instruction string        `json:"instruction"`
	By          string        `json:"by"`
	Key         string        `json:"key"` // the editor's message id
}
