package bot

import (
	"fmt"
	"time"
)

// RoundStatus is a collection round's life-cycle state.
type RoundStatus string

// Round statuses.
const (
	RoundDraft  RoundStatus = "draft"
	RoundOpen   RoundStatus = "open"
	RoundPaused RoundStatus = "paused"
	RoundClosed RoundStatus = "closed"
)

// Department is one unit that reports, with the WeCom users who fill in its
// answers (contacts) and the optional head who confirms them.
type Department struct {
	ID   string `json:"id" yaml:"id"`
	Name string `json:"name" yaml:"name"`
	// Kinds say which of a form's questions apply: 政府办, 司法行政, 行政执法,
	// 街道乡镇, 教育, 卫生健康… (see Form.For).
	Kinds    []string `json:"kinds,omitempty" yaml:"kinds,omitempty"`
	WeComID  int      `json:"wecom_id,omitempty" yaml:"wecom_id,omitempty"`
	Contacts []string `json:"contacts" yaml:"contacts"`
	Head     string   `json:"head,omitempty" yaml:"head,omitempty"`
	// Members are the department's people in WeCom's address book (from
	// roster sync), from whom contacts are chosen.
	Members []string `json:"members,omitempty" yaml:"members,omitempty"`
}

// Round is one collection of a form from many departments. It keeps a frozen
// copy of the form it started with.
type Round struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"` // 2025年度法治政府建设情况报告
	Year        int          `json:"year"`
	Form        *Form        `json:"form"`
	Departments []Department `json:"departments"`
	Deadline    time.Time    `json:"deadline"`
	Status      RoundStatus  `json:"status"`
	Coordinator string       `json:"coordinator,omitempty"`
	// HeadConfirm: a submission waits for the department head's 确认
	// before it counts; 退回 reopens it with the head's reason.
	HeadConfirm bool `json:"head_confirm,omitempty"`
	// YoYRatio: an answer that differs from last year's by more than this
	// share (0.5 = 50%) is shown back for confirmation; 0 means 0.5,
	// negative turns the check off.
	YoYRatio float64 `json:"yoy_ratio,omitempty"`
	// Previous is the earlier round of the same form whose answers are
	// shown as last year's values ("" for none).
	Previous string `json:"previous,omitempty"`
	// DistrictSummary: the coordinator may draft a summary of all
	// confirmed departments' figures.
	DistrictSummary bool `json:"district_summary,omitempty"`
	// Schedule is the round's reminder schedule; nil follows the
	// installation's default plan.
	Schedule  *Schedule `json:"schedule,omitempty"`
	CreatedAt time.Time `json:"created_at"`

	// depts finds a department's place in Departments by id (see Index).
	depts map[string]int
}

// Index prepares a round read from storage for use: its form's question
// order (Form.Index) and a lookup of its departments by id, so that a
// turn of a round of thousands of departments finds its own at once.
// A round changed after Index still answers correctly, only by a scan.
func (r *Round) Index() {
	if r.Form != nil {
		r.Form.Index()
	}
	r.depts = make(map[string]int, len(r.Departments))
	for i, d := range r.Departments {
		r.depts[d.ID] = i
	}
}

// Schedule is when a round's contacts are reminded and its heads and
// coordinators are told, as the coordinator sets it. Times are China time.
type Schedule struct {
	BeforeDays []int `json:"before_days"` // remind this many days before the deadline: 3, 1
	// OverdueEvery reminds every this many sending days after the
	// deadline (1: each day; 0: never).
	OverdueEvery int `json:"overdue_every"`
	// EscalateHead and EscalateCoord are the days overdue after which the
	// department head, then the coordinator, are told (0: never).
	EscalateHead  int `json:"escalate_head"`
	EscalateCoord int `json:"escalate_coord"`
	// SendFrom and SendTo bound the sending hours (8 and 21: from 08:00 to
	// 21:00); Weekends allows Saturdays and Sundays.
	SendFrom int  `json:"send_from"`
	SendTo   int  `json:"send_to"`
	Weekends bool `json:"weekends"`
}

// Validate checks a schedule as a coordinator fills it in, in Chinese.
func (s Schedule) Validate() error {
	seen := map[int]bool{}
	for _, d := range s.BeforeDays {
		if d < 1 || d > 60 || seen[d] {
			return Errorf(EInvalid, "截止前提醒的天数应为 1 到 60 之间不重复的整数。")
		}
		seen[d] = true
	}
	switch {
	case s.OverdueEvery < 0 || s.OverdueEvery > 14:
		return Errorf(EInvalid, "逾期提醒间隔应为 0（不提醒）到 14 天。")
	case s.EscalateHead < 0 || s.EscalateHead > 60 || s.EscalateCoord < 0 || s.EscalateCoord > 60:
		return Errorf(EInvalid, "逾期几天后告知负责人、统筹人，应为 0（不告知）到 60 天。")
	case s.SendFrom < 0 || s.SendTo > 24 || s.SendFrom >= s.SendTo:
		return Errorf(EInvalid, "发送时段应为 0 到 24 点之间，开始早于结束，例如 8 点至 21 点。")
	case s.SendTo-s.SendFrom < 3:
		return Errorf(EInvalid, "发送时段至少要有 3 个小时，提醒才能错开发出。")
	}
	return nil
}

// DefaultYoYRatio is the change from last year (50%) beyond which a figure
// is shown back for confirmation, when a round sets no ratio.
const DefaultYoYRatio = 0.5

// Department returns the round's department with the given id, or nil.
func (r *Round) Department(id string) *Department {
	if i, ok := r.depts[id]; ok && i < len(r.Departments) && r.Departments[i].ID == id {
		return &r.Departments[i]
	}
	for i := range r.Departments {
		if r.Departments[i].ID == id {
			return &r.Departments[i]
		}
	}
	return nil
}

// FormFor returns the round's form as department dept sees it: only the
// questions for its kinds (Form.For). An unknown department sees the
// questions meant for every department.
func (r *Round) FormFor(dept string) *Form {
	var kinds []string
	if d := r.Department(dept); d != nil {
		kinds = d.Kinds
	}
	return r.Form.For(kinds)
}

// DeptLabel returns the name of the round's department id, or the id when
// it has no name.
func (r *Round) DeptLabel(id string) string {
	if d := r.Department(id); d != nil && d.Name != "" {
		return d.Name
	}
	return id
}

// CoordinatorName is who contacts are told to ask: the round's coordinator
// or, unset, 本单位统筹人.
func (r *Round) CoordinatorName() string {
	if r.Coordinator != "" {
		return r.Coordinator
	}
	return "本单位统筹人"
}

// Label returns the round status in Chinese.
func (s RoundStatus) Label() string {
	return map[RoundStatus]string{RoundDraft: "未开始", RoundOpen: "填报中", RoundPaused: "已暂停", RoundClosed: "已截止"}[s]
}

// AssignmentRef names one department's part of a round.
type AssignmentRef struct {
	Round string `json:"round"`
	Dept  string `json:"dept"`
}

// String returns "round/dept".
func (r AssignmentRef) String() string { return r.Round + "/" + r.Dept }

// IsZero reports whether r names nothing.
func (r AssignmentRef) IsZero() bool { return r.Round == "" && r.Dept == "" }

// AssignmentStatus is where one department's part of a round stands.
type AssignmentStatus string

// Assignment statuses.
const (
	NotStarted AssignmentStatus = "not_started" // 未开始
	InProgress AssignmentStatus = "in_progress" // 填报中
	Submitted  AssignmentStatus = "submitted"   // 已提交: read-only until reopened
	// PendingReview: submitted, waiting for the department head's 确认
	// (rounds with HeadConfirm); read-only like Submitted.
	PendingReview AssignmentStatus = "pending_review" // 待审核
	Returned      AssignmentStatus = "returned"       // 已退回: reopened with a reason
)

// Label returns the status in Chinese.
func (s AssignmentStatus) Label() string {
	switch s {
	case NotStarted, "":
		return "未开始"
	case InProgress:
		return "填报中"
	case Submitted:
		return "已提交"
	case PendingReview:
		return "待审核"
	case Returned:
		return "已退回"
	}
	return string(s)
}

// Mode is what a contact's next message is taken as.
type Mode string

// Cursor modes.
const (
	ModeAsk           Mode = ""               // answering the question at Q
	ModeItems         Mode = "items"          // adding open items to the question at Q
	ModeConfirmSubmit Mode = "confirm_submit" // 提交 was asked; waiting for 确认
	ModeDone          Mode = "done"           // every question dealt with
)

// Cursor is one contact's place in an assignment. Several contacts of a
// department each have their own cursor over the shared answers.
type Cursor struct {
	Q      int  `json:"q"`           // index into Form.Questions()
	Mode   Mode `json:"m,omitempty"` // what the next message means
	Return int  `json:"r,omitempty"` // 1 + index to go back to after 修改 N; 0 for none
	// Then is 1 + the index of the question 修改 N asked for, while the
	// cursor is on its unanswered gate: once the gate is answered 是, N is
	// asked next. 0 for none.
	Then   int  `json:"t,omitempty"`
	Paused bool `json:"p,omitempty"`
	// Pending is an open item read from the contact's last message, shown
	// back and waiting for 是 before it is stored.
	Pending *Item `json:"pi,omitempty"`
	// Check is an answer far from last year's value, shown back and
	// waiting for 是 before it is stored.
	Check *Answer `json:"ck,omitempty"`
	// Batch is several answers read from one message or pasted text,
	// shown back as one table and waiting for 是.
	Batch *Batch `json:"bt,omitempty"`
	// Table is a table answer being built row by row, or refused for a
	// broken arithmetic rule and waiting for a correction or 说明.
	Table *TableDraft `json:"tb,omitempty"`
	// Notice is told the contact at their next message, once: a table
	// they were filling in was saved meanwhile in the console.
	Notice string `json:"nt,omitempty"`
}

// Assignment is one department's part of a round: the shared answers, each
// contact's cursor, and the version used for optimistic concurrency.
type Assignment struct {
	Ref         AssignmentRef      `json:"ref"`
	Version     int64              `json:"v"`
	Status      AssignmentStatus   `json:"status"`
	Answers     map[string]*Answer `json:"answers"`
	Cursors     map[string]*Cursor `json:"cursors"`
	SubmittedBy string             `json:"submitted_by,omitempty"`
	SubmittedAt time.Time          `json:"submitted_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	Note        string             `json:"note,omitempty"` // reason given when returned
}

// AuditEntry records one change to an assignment: who, when, what, from what
// message.
type AuditEntry struct {
	User  string    `json:"user"`
	At    time.Time `json:"at"`
	MsgID string    `json:"msg"`
	QID   string    `json:"qid"`   // question id, or "" for status changes
	Old   string    `json:"old"`   // canonical text before
	New   string    `json:"new"`   // canonical text after
	Raw   string    `json:"raw"`   // what the user typed
	Event string    `json:"event"` // answer, skip, na, submit, reopen, item
}

// Change is what one turn writes to an assignment; the store applies it
// atomically together with the processed-message marker and the replies.
type Change struct {
	Answers     []*Answer          // upserted answers
	Cursors     map[string]*Cursor // per user
	Status      AssignmentStatus   // "" for unchanged
	Note        string             // reason shown to contacts when returned
	SubmittedBy string
	SubmittedAt time.Time
	UpdatedAt   time.Time
	Audit       []AuditEntry
	// AllAnswers, when set, is every answer of the assignment once
	// Answers are upserted: the turn's own copy, which its caller does not
	// change after the commit. A store that keeps decoded assignments may
	// keep this map instead of copying its cached one; others ignore it.
	AllAnswers map[string]*Answer
}

// Empty reports whether c writes nothing.
func (c *Change) Empty() bool {
	return c == nil || (len(c.Answers) == 0 && len(c.Cursors) == 0 && c.Status == "" && len(c.Audit) == 0)
}

// UserState is what the store knows about a user across rounds: the
// assignments they may fill in and the one they are working on.
type UserState struct {
	User        string          `json:"user"`
	Active      AssignmentRef   `json:"active"`
	Assignments []AssignmentRef `json:"assignments"`
}

// RoundKey returns the round-scoped key "round:dept" used in user records.
func (r AssignmentRef) RoundKey() string { return fmt.Sprintf("%s:%s", r.Round, r.Dept) }
