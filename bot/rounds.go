package bot

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// RoundSpec is what a coordinator fills in to create a round.
type RoundSpec struct {
	ID          string
	Form        *Form
	Title       string // 2025年度法治政府建设情况报告
	Year        int
	Depts       []string // department ids from the roster; empty: all
	Deadline    time.Time
	Coordinator string // shown to contacts, e.g. 区司法局 陈统筹
	HeadConfirm bool   // submissions wait for the department head's 确认
	// YoYRatio is the change from last year beyond which a figure is
	// confirmed (0: DefaultYoYRatio; negative: no check).
	YoYRatio float64
	// Previous is the earlier round whose answers are last year's values;
	// empty picks the newest round of the same form for an earlier year.
	Previous string
	// DistrictSummary lets the coordinator draft a district-wide summary.
	DistrictSummary bool
}

// RoundAdmin is the coordinator's side of rounds: create, start, pause,
// close, reopen a department, and progress.
type RoundAdmin struct {
	Store  RoundStore
	Roster *Roster
	Clock  Clock
	// Reminders, if set, sends the invitations when a round starts.
	Reminders *Reminders
	// Jobs, if set, tells contacts when their answers are returned.
	Jobs Jobs
}

// RoundStore is what RoundAdmin needs beyond Store.
type RoundStore interface {
	Store
	// UpdateRound applies fn to the stored round atomically (optimistic).
	UpdateRound(ctx context.Context, id string, fn func(*Round) error) error
	// Reopen returns a submitted assignment to its contacts with a note.
	Reopen(ctx context.Context, ref AssignmentRef, note string, e AuditEntry) error
	// ReminderCount is how many reminders ref was sent.
	ReminderCount(ctx context.Context, ref AssignmentRef) (int, error)
}

var roundIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// Create validates spec against the roster and saves a round in draft.
func (ra *RoundAdmin) Create(ctx context.Context, spec RoundSpec) (*Round, error) {
	now := ra.Clock.Now()
	switch {
	case !roundIDPattern.MatchString(spec.ID):
		return nil, Errorf(EInvalid, "轮次编号“%s”不合法：只能用字母、数字、- 和 _。", spec.ID)
	case spec.Form == nil:
		return nil, Errorf(EInvalid, "请指定问卷。")
	case strings.TrimSpace(spec.Title) == "":
		return nil, Errorf(EInvalid, "请填写轮次标题，例如：%d年度法治政府建设情况报告。", spec.Year)
	case spec.Year < 2000 || spec.Year > 2100:
		return nil, Errorf(EInvalid, "年度“%d”不合法。", spec.Year)
	case !spec.Deadline.After(now):
		return nil, Errorf(EInvalid, "截止时间 %s 已经过去，请设定一个将来的日期。", formatDate(spec.Deadline))
	}
	depts, err := ra.pickDepts(spec.Depts)
	if err != nil {
		return nil, err
	}
	prev, err := ra.previous(ctx, spec, depts)
	if err != nil {
		return nil, err
	}
	r := &Round{ID: spec.ID, Title: spec.Title, Year: spec.Year, Form: spec.Form, Departments: depts, Deadline: spec.Deadline,
		Status: RoundDraft, Coordinator: spec.Coordinator, CreatedAt: now, HeadConfirm: spec.HeadConfirm,
		YoYRatio: spec.YoYRatio, Previous: prev, DistrictSummary: spec.DistrictSummary}
	if err := ra.Store.CreateRound(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// previous checks spec.Previous or finds the newest round of the same form
// for an earlier year that collected from any of depts.
func (ra *RoundAdmin) previous(ctx context.Context, spec RoundSpec, depts []Department) (string, error) {
	if spec.Previous != "" {
		p, err := ra.Store.Round(ctx, spec.Previous)
		if ErrorCode(err) == ENotFound {
			return "", Errorf(EInvalid, "上一轮次“%s”不存在。", spec.Previous)
		}
		if err != nil {
			return "", err
		}
		if p.Form.ID != spec.Form.ID {
			return "", Errorf(EInvalid, "上一轮次“%s”用的是另一份问卷（%s），不能作为上年数据。", p.Title, p.Form.Title)
		}
		return p.ID, nil
	}
	ids, err := ra.Store.Rounds(ctx)
	if err != nil {
		return "", err
	}
	best, bestYear := "", 0
	for _, id := range ids {
		p, err := ra.Store.Round(ctx, id)
		if err != nil {
			return "", err
		}
		shared := false
		for _, d := range depts {
			shared = shared || p.Department(d.ID) != nil
		}
		if shared && p.Form.ID == spec.Form.ID && p.Year < spec.Year && p.Year > bestYear {
			best, bestYear = p.ID, p.Year
		}
	}
	return best, nil
}

// Started is what starting a round did.
type Started struct {
	Queued int // messages queued now
	// Waiting counts the contacts whose invitation waits for the sending
	// hours (quiet hours or a weekend); At is when they go out.
	Waiting int
	At      time.Time
	Quiet   string // the quiet hours, e.g. 晚 9 点至早 8 点及周末
}

// Text says what happened, for the command line and the console.
func (s Started) Text(id string) string {
	if s.Waiting > 0 {
		return fmt.Sprintf("已开始：%s。现在是休息时间（%s），%d 条邀请消息将于 %s 发出。", id, s.Quiet, s.Waiting, formatWhen(s.At))
	}
	return fmt.Sprintf("已开始：%s，已排队 %d 条邀请消息（由服务发送）。", id, s.Queued)
}

// Start opens a round (from draft, paused or closed) and sends the
// invitations that are due, if a Reminders is set; in quiet hours they go
// out with the first tick of the sending hours, and Started says when.
func (ra *RoundAdmin) Start(ctx context.Context, id string) (Started, error) {
	if err := ra.SetStatus(ctx, id, RoundOpen); err != nil {
		return Started{}, err
	}
	if ra.Reminders == nil {
		return Started{}, nil
	}
	now := ra.Clock.Now()
	n, err := ra.Reminders.TickRound(ctx, id, now)
	res := Started{Queued: n}
	if err != nil || ra.Reminders.Plan.allowed(now) {
		return res, err
	}
	r, err := ra.Store.Round(ctx, id)
	if err != nil {
		return res, err
	}
	for _, d := range r.Departments {
		a, err := ra.Store.Assignment(ctx, AssignmentRef{Round: id, Dept: d.ID})
		if err != nil {
			return res, err
		}
		if a.Status == NotStarted || a.Status == "" {
			res.Waiting += len(d.Contacts)
		}
	}
	res.At, res.Quiet = ra.Reminders.Plan.NextSend(now), ra.Reminders.Plan.QuietText()
	return res, nil
}

// pickDepts returns the roster's departments named in ids (all if none).
func (ra *RoundAdmin) pickDepts(ids []string) ([]Department, error) {
	if ra.Roster == nil || len(ra.Roster.Departments) == 0 {
		return nil, Errorf(EInvalid, "人员名单中没有部门，请先配置名单（REPORTBOT_ROSTER）。")
	}
	if len(ids) == 0 {
		return append([]Department(nil), ra.Roster.Departments...), nil
	}
	var out []Department
	seen := map[string]bool{}
	for _, id := range ids {
		var found *Department
		for i := range ra.Roster.Departments {
			if ra.Roster.Departments[i].ID == id {
				found = &ra.Roster.Departments[i]
			}
		}
		if found == nil {
			return nil, Errorf(EInvalid, "名单中没有编号为“%s”的部门。", id)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, *found)
		}
	}
	return out, nil
}

// transitions says which statuses each action may start from.
var transitions = map[RoundStatus][]RoundStatus{
	RoundOpen:   {RoundDraft, RoundPaused, RoundClosed},
	RoundPaused: {RoundOpen},
	RoundClosed: {RoundOpen, RoundPaused},
}

// SetStatus starts (open), pauses or closes a round.
func (ra *RoundAdmin) SetStatus(ctx context.Context, id string, to RoundStatus) error {
	return ra.Store.UpdateRound(ctx, id, func(r *Round) error {
		if r.Status == to {
			return Errorf(EConflict, "“%s”已经是%s状态。", r.Title, roundStatusLabel(to))
		}
		for _, from := range transitions[to] {
			if r.Status == from {
				r.Status = to
				return nil
			}
		}
		return Errorf(EConflict, "“%s”目前为%s，不能改为%s。", r.Title, roundStatusLabel(r.Status), roundStatusLabel(to))
	})
}

// ParseDeadline reads a deadline as coordinators write it: 2026-01-15 is
// the end of that day (23:59:59) in China time; an RFC 3339 time is taken
// as it stands.
func ParseDeadline(s string) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), cst); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Errorf(EInvalid, "截止时间“%s”无法识别，请写成 2026-01-15。", s)
	}
	return t, nil
}

// Label returns the round status in Chinese.
func (s RoundStatus) Label() string { return roundStatusLabel(s) }

func roundStatusLabel(s RoundStatus) string {
	return map[RoundStatus]string{RoundDraft: "未开始", RoundOpen: "填报中", RoundPaused: "已暂停", RoundClosed: "已截止"}[s]
}

// Reopen returns one department's submitted answers to its contacts.
func (ra *RoundAdmin) Reopen(ctx context.Context, ref AssignmentRef, reason, by string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EInvalid, "退回时请写明原因，填报人会看到。")
	}
	a, err := ra.Store.Assignment(ctx, ref)
	if err != nil {
		return err
	}
	if a.Status != Submitted && a.Status != PendingReview {
		return Errorf(EConflict, "该部门尚未提交，无需退回。")
	}
	now := ra.Clock.Now()
	if err := ra.Store.Reopen(ctx, ref, reason, AuditEntry{User: by, At: now, Event: "reopen",
		Old: string(a.Status), New: string(Returned), Raw: reason}); err != nil {
		return err
	}
	if ra.Jobs != nil {
		r, err := ra.Store.Round(ctx, ref.Round)
		if err != nil {
			return err
		}
		if d := r.Department(ref.Dept); d != nil {
			for _, u := range d.Contacts {
				key := fmt.Sprintf("reopen:%s:%d:%s", ref, now.UnixNano(), u)
				if err := ra.Jobs.EnqueueSend(ctx, key, u, []Reply{{Text: fmt.Sprintf(msgReopenedTo, r.Title, reason)}}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// DeptProgress is one department's line in the progress table.
type DeptProgress struct {
	Dept         Department
	Status       AssignmentStatus
	Done, Total  int
	LastActivity time.Time
	Reminders    int         // reminders sent (invitations not counted)
	Assignment   *Assignment `json:"-"`
}

// Progress is a round's progress: a line per department and totals by
// status.
type Progress struct {
	Round   *Round
	Depts   []DeptProgress
	ByLabel map[string]int
}

// Progress reads every department's assignment.
func (ra *RoundAdmin) Progress(ctx context.Context, id string) (*Progress, error) {
	r, err := ra.Store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &Progress{Round: r, ByLabel: map[string]int{}}
	for _, d := range r.Departments {
		a, err := ra.Store.Assignment(ctx, AssignmentRef{Round: id, Dept: d.ID})
		if err != nil {
			return nil, err
		}
		done, total := AnsweredCount(r.Form, a.Answers)
		n, err := ra.Store.ReminderCount(ctx, a.Ref)
		if err != nil {
			return nil, err
		}
		p.Depts = append(p.Depts, DeptProgress{Dept: d, Status: a.Status, Done: done, Total: total,
			LastActivity: a.UpdatedAt, Reminders: n, Assignment: a})
		p.ByLabel[a.Status.Label()]++
	}
	return p, nil
}

// AnsweredCount counts the applicable questions and those answered or
// marked 不涉及.
func AnsweredCount(f *Form, answers map[string]*Answer) (done, total int) {
	for _, q := range f.Questions() {
		if !gateOpen(q, answers) {
			continue
		}
		total++
		if a := answers[q.ID]; a != nil && a.Status != Skipped {
			done++
		}
	}
	return done, total
}

// Text renders progress for the terminal and chat: a line per department,
// overdue ones first, then totals.
func (p *Progress) Text(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s】%s，截止 %s\n", p.Round.Title, roundStatusLabel(p.Round.Status), formatDate(p.Round.Deadline))
	lines := append([]DeptProgress(nil), p.Depts...)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Status != Submitted && lines[j].Status == Submitted })
	for _, d := range lines {
		last := "无"
		if !d.LastActivity.IsZero() {
			last = formatTime(d.LastActivity)
		}
		overdue := ""
		if p.Overdue(d, now) {
			overdue = "（已逾期）"
		}
		fmt.Fprintf(&b, "%s：%s%s，已填 %d/%d 题，最近填写 %s，已催 %d 次\n", d.Dept.Name, d.Status.Label(), overdue, d.Done, d.Total, last, d.Reminders)
	}
	labels := []string{"未开始", "填报中", "已退回", "待审核", "已提交"}
	var parts []string
	for _, l := range labels {
		if n := p.ByLabel[l]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", l, n))
		}
	}
	fmt.Fprintf(&b, "合计 %d 个部门：%s", len(p.Depts), strings.Join(parts, "，"))
	return b.String()
}

// Overdue reports whether a department is past the round's deadline
// without having submitted (a submission waiting for the head's review
// counts as submitted).
func (p *Progress) Overdue(d DeptProgress, now time.Time) bool {
	return d.Status != Submitted && d.Status != PendingReview && now.After(p.Round.Deadline)
}

// DeptText renders one department's progress in detail: status, counts,
// who fills it in, and the first questions still open.
func (p *Progress) DeptText(d DeptProgress, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s · %s】%s，已填 %d/%d 题", p.Round.Title, d.Dept.Name, d.Status.Label(), d.Done, d.Total)
	if p.Overdue(d, now) {
		b.WriteString("（已逾期）")
	}
	last := "无"
	if !d.LastActivity.IsZero() {
		last = formatTime(d.LastActivity)
	}
	fmt.Fprintf(&b, "\n最近填写：%s；已催办 %d 次", last, d.Reminders)
	fmt.Fprintf(&b, "\n填报人：%s", strings.Join(d.Dept.Contacts, "、"))
	if d.Dept.Head != "" {
		fmt.Fprintf(&b, "；负责人：%s", d.Dept.Head)
	}
	if d.Assignment != nil && d.Assignment.Note != "" {
		fmt.Fprintf(&b, "\n退回说明：%s", d.Assignment.Note)
	}
	var open []string
	if d.Assignment != nil {
		for _, q := range p.Round.Form.Questions() {
			if !gateOpen(q, d.Assignment.Answers) {
				continue
			}
			if a := d.Assignment.Answers[q.ID]; a == nil || a.Status == Skipped {
				open = append(open, fmt.Sprintf("%d. %s", q.Number, shortPrompt(q)))
			}
		}
	}
	if len(open) > 0 {
		more := ""
		if len(open) > 10 {
			more = fmt.Sprintf("\n……等共 %d 题", len(open))
			open = open[:10]
		}
		fmt.Fprintf(&b, "\n尚未填写：\n%s%s", strings.Join(open, "\n"), more)
	}
	return b.String()
}
