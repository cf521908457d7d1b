package rounds

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reportbot/bot"
)

// RoundSpec is what a coordinator fills in to create a round.
type RoundSpec struct {
	ID          string
	Form        *bot.Form
	Title       string // 2025年度法治政府建设情况报告
	Year        int
	Depts       []string // department ids from the roster; empty: all
	Deadline    time.Time
	Coordinator string // shown to contacts, e.g. 区司法局 陈统筹
	HeadConfirm bool   // submissions wait for the department head's 确认
	// YoYRatio is the change from last year beyond which a figure is
	// confirmed (0: bot.DefaultYoYRatio; negative: no check).
	YoYRatio float64
	// Previous is the earlier round whose answers are last year's values;
	// empty picks the newest round of the same form for an earlier year.
	Previous string
	// DistrictSummary lets the coordinator draft a district-wide summary.
	DistrictSummary bool
	// Schedule is the round's own reminder schedule (nil: the default).
	Schedule *bot.Schedule
}

// RoundAdmin is the coordinator's side of rounds: create, start, pause,
// close, reopen a department, and progress.
type RoundAdmin struct {
	Store  RoundStore
	Roster *bot.LiveRoster // departments to collect from
	Clock  bot.Clock
	// Reminders, if set, sends the invitations when a round starts.
	Reminders *Reminders
	// Jobs, if set, tells contacts when their answers are returned.
	Jobs bot.Jobs
}

// RoundStore is what RoundAdmin needs beyond Store.
type RoundStore interface {
	bot.Store
	// UpdateRound applies fn to the stored round atomically (optimistic).
	UpdateRound(ctx context.Context, id string, fn func(*bot.Round) error) error
	// Reopen returns a submitted assignment to its contacts with a note.
	Reopen(ctx context.Context, ref bot.AssignmentRef, note string, e bot.AuditEntry) error
	// ReminderCount is how many reminders ref was sent.
	ReminderCount(ctx context.Context, ref bot.AssignmentRef) (int, error)
	// AssignmentViews reads a round's assignments in a few round trips.
	bot.ViewReader
	// RecordRoundEvent appends to a round's history; RoundEvents reads it,
	// oldest first.
	RecordRoundEvent(ctx context.Context, round string, e bot.RoundEvent) error
	RoundEvents(ctx context.Context, round string) ([]bot.RoundEvent, error)
}

// record appends what was done to the round's history, with who did it
// (bot.Actor of ctx). The action is done already: a failure is returned
// for the caller to report, not undone.
func (ra *RoundAdmin) record(ctx context.Context, round, action, detail string) error {
	return ra.Store.RecordRoundEvent(ctx, round, bot.RoundEvent{At: ra.Clock.Now(), By: bot.Actor(ctx), Action: action, Detail: detail})
}

// MaxTitle bounds a round's title (in characters): it heads every
// invitation and reminder, which must stay one short message.
const MaxTitle = 60

var roundIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// Create validates spec against the roster and saves a round in draft.
func (ra *RoundAdmin) Create(ctx context.Context, spec RoundSpec) (*bot.Round, error) {
	now := ra.Clock.Now()
	if spec.Form != nil && strings.TrimSpace(spec.Title) == "" {
		spec.Title = DefaultTitle(spec.Form, spec.Year)
	}
	generated := spec.ID == "" && spec.Form != nil
	if generated {
		spec.ID = idBase(spec.Form, spec.Year)
	}
	switch {
	case !roundIDPattern.MatchString(spec.ID):
		return nil, bot.Errorf(bot.EInvalid, "轮次编号“%s”不合法：只能用字母、数字、- 和 _。", spec.ID)
	case spec.Form == nil:
		return nil, bot.Errorf(bot.EInvalid, "请指定问卷。")
	case strings.TrimSpace(spec.Title) == "":
		return nil, bot.Errorf(bot.EInvalid, "请填写轮次标题，例如：%d年度法治政府建设情况报告。", spec.Year)
	case utf8.RuneCountInString(spec.Title) > MaxTitle || strings.ContainsAny(spec.Title, "\r\n"):
		return nil, bot.Errorf(bot.EInvalid, "轮次标题不能超过 %d 个字，也不能换行。", MaxTitle)
	case spec.Year < 2000 || spec.Year > 2100:
		return nil, bot.Errorf(bot.EInvalid, "年度“%d”不合法。", spec.Year)
	case !spec.Deadline.After(now):
		return nil, bot.Errorf(bot.EInvalid, "截止时间 %s 已经过去，请设定一个将来的日期。", bot.FormatDate(spec.Deadline))
	}
	if spec.Schedule != nil {
		if err := spec.Schedule.Validate(); err != nil {
			return nil, err
		}
	}
	depts, err := ra.pickDepts(spec.Depts)
	if err != nil {
		return nil, err
	}
	prev, err := ra.previous(ctx, spec, depts)
	if err != nil {
		return nil, err
	}
	r := &bot.Round{ID: spec.ID, Title: spec.Title, Year: spec.Year, Form: spec.Form, Departments: depts, Deadline: spec.Deadline,
		Status: bot.RoundDraft, Coordinator: spec.Coordinator, CreatedAt: now, HeadConfirm: spec.HeadConfirm,
		YoYRatio: spec.YoYRatio, Previous: prev, DistrictSummary: spec.DistrictSummary, Schedule: spec.Schedule}
	if err := ra.createRound(ctx, r, generated); err != nil {
		return nil, err
	}
	return r, ra.record(ctx, r.ID, "create", fmt.Sprintf("%s，%d 个部门，截止 %s", r.Title, len(r.Departments), bot.FormatDate(r.Deadline)))
}

// createRound saves r. A generated id that is taken already (a second
// round of the same form and year) gets a short random suffix instead.
func (ra *RoundAdmin) createRound(ctx context.Context, r *bot.Round, generated bool) error {
	base := r.ID
	for n := 0; ; n++ {
		r.ID = idCandidate(base, n)
		err := ra.Store.CreateRound(ctx, r)
		if !generated || bot.ErrorCode(err) != bot.EConflict || n == 5 {
			return err
		}
	}
}

// previous checks spec.Previous or finds the newest round of the same form
// for an earlier year that collected from any of depts.
func (ra *RoundAdmin) previous(ctx context.Context, spec RoundSpec, depts []bot.Department) (string, error) {
	if spec.Previous != "" {
		p, err := ra.Store.Round(ctx, spec.Previous)
		if bot.ErrorCode(err) == bot.ENotFound {
			return "", bot.Errorf(bot.EInvalid, "上一轮次“%s”不存在。", spec.Previous)
		}
		if err != nil {
			return "", err
		}
		if p.Form.ID != spec.Form.ID {
			return "", bot.Errorf(bot.EInvalid, "上一轮次“%s”用的是另一份问卷（%s），不能作为上年数据。", p.Title, p.Form.Title)
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
	// Headless warns of departments without a head in a round that asks
	// for head review (HeadlessText); "" when none.
	Headless string
}

// Text says what happened, for the command line and the console.
func (s Started) Text(id string) string {
	if s.Waiting > 0 {
		return fmt.Sprintf("已开始：%s。现在是休息时间（%s），%d 条邀请消息将于 %s 发出。", id, s.Quiet, s.Waiting, bot.FormatWhen(s.At)) + s.Headless
	}
	return fmt.Sprintf("已开始：%s，已排队 %d 条邀请消息（由服务发送）。", id, s.Queued) + s.Headless
}

// Start opens a round (from draft, paused or closed) and sends the
// invitations that are due, if a Reminders is set; in quiet hours they go
// out with the first tick of the sending hours, and Started says when.
func (ra *RoundAdmin) Start(ctx context.Context, id string) (Started, error) {
	if err := ra.SetStatus(ctx, id, bot.RoundOpen); err != nil {
		return Started{}, err
	}
	r, err := ra.Store.Round(ctx, id)
	if err != nil {
		return Started{}, err
	}
	res := Started{Headless: HeadlessText(r)}
	if ra.Reminders == nil {
		return res, nil
	}
	now := ra.Clock.Now()
	if res.Queued, err = ra.Reminders.TickRound(ctx, id, now); err != nil {
		return res, err
	}
	plan := ra.Reminders.PlanFor(r)
	if plan.allowed(now) {
		return res, nil
	}
	for _, d := range r.Departments {
		a, err := ra.Store.Assignment(ctx, bot.AssignmentRef{Round: id, Dept: d.ID})
		if err != nil {
			return res, err
		}
		if a.Status == bot.NotStarted || a.Status == "" {
			res.Waiting += len(d.Contacts)
		}
	}
	res.At, res.Quiet = plan.NextSend(now), plan.QuietText()
	return res, nil
}

// pickDepts returns the roster's departments named in ids (all if none).
func (ra *RoundAdmin) pickDepts(ids []string) ([]bot.Department, error) {
	roster := ra.Roster.Get()
	if len(roster.Departments) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "人员名单中没有部门，请先配置名单（REPORTBOT_ROSTER）。")
	}
	if len(ids) == 0 {
		return append([]bot.Department(nil), roster.Departments...), nil
	}
	var out []bot.Department
	seen := map[string]bool{}
	for _, id := range ids {
		var found *bot.Department
		for i := range roster.Departments {
			if roster.Departments[i].ID == id {
				found = &roster.Departments[i]
			}
		}
		if found == nil {
			return nil, bot.Errorf(bot.EInvalid, "名单中没有编号为“%s”的部门。", id)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, *found)
		}
	}
	return out, nil
}

// transitions says which statuses each action may start from.
var transitions = map[bot.RoundStatus][]bot.RoundStatus{
	bot.RoundOpen:   {bot.RoundDraft, bot.RoundPaused, bot.RoundClosed},
	bot.RoundPaused: {bot.RoundOpen},
	bot.RoundClosed: {bot.RoundOpen, bot.RoundPaused},
}

// SetStatus starts (open), pauses or closes a round, and records who did.
func (ra *RoundAdmin) SetStatus(ctx context.Context, id string, to bot.RoundStatus) error {
	var from bot.RoundStatus
	err := ra.Store.UpdateRound(ctx, id, func(r *bot.Round) error {
		from = r.Status
		if r.Status == to {
			return bot.Errorf(bot.EConflict, "“%s”已经是%s状态。", r.Title, to.Label())
		}
		for _, from := range transitions[to] {
			if r.Status == from {
				r.Status = to
				return nil
			}
		}
		return bot.Errorf(bot.EConflict, "“%s”目前为%s，不能改为%s。", r.Title, r.Status.Label(), to.Label())
	})
	if err != nil {
		return err
	}
	action := map[bot.RoundStatus]string{bot.RoundOpen: "start", bot.RoundPaused: "pause", bot.RoundClosed: "close"}[to]
	if to == bot.RoundOpen && from == bot.RoundClosed {
		action = "reopen"
	}
	return ra.record(ctx, id, action, from.Label()+" → "+to.Label())
}

// SetSchedule replaces a round's reminder schedule, and records who did.
func (ra *RoundAdmin) SetSchedule(ctx context.Context, id string, s bot.Schedule) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := ra.Store.UpdateRound(ctx, id, func(r *bot.Round) error {
		r.Schedule = &s
		return nil
	}); err != nil {
		return err
	}
	before := make([]string, len(s.BeforeDays))
	for i, d := range s.BeforeDays {
		before[i] = strconv.Itoa(d)
	}
	return ra.record(ctx, id, "schedule", fmt.Sprintf("截止前 %s 天；逾期每 %d 天；%d 天告知负责人，%d 天告知统筹人；%d–%d 点%s",
		strings.Join(before, "、"), s.OverdueEvery, s.EscalateHead, s.EscalateCoord, s.SendFrom, s.SendTo, map[bool]string{true: "，含周末和节假日"}[s.Weekends]))
}

// ParseDeadline reads a deadline as coordinators write it: 2026-01-15 is
// the end of that day (23:59:59) in China time; an RFC 3339 time is taken
// as it stands.
func ParseDeadline(s string) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), bot.CST); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, bot.Errorf(bot.EInvalid, "截止时间“%s”无法识别，请写成 2026-01-15。", s)
	}
	return t, nil
}

// Reopen returns one department's submitted answers to its contacts.
func (ra *RoundAdmin) Reopen(ctx context.Context, ref bot.AssignmentRef, reason, by string) error {
	if strings.TrimSpace(reason) == "" {
		return bot.Errorf(bot.EInvalid, "退回时请写明原因，填报人会看到。")
	}
	a, err := ra.Store.Assignment(ctx, ref)
	if err != nil {
		return err
	}
	if a.Status != bot.Submitted && a.Status != bot.PendingReview {
		return bot.Errorf(bot.EConflict, "该部门尚未提交，无需退回。")
	}
	now := ra.Clock.Now()
	if err := ra.Store.Reopen(ctx, ref, reason, bot.AuditEntry{User: by, At: now, Event: "reopen",
		Old: string(a.Status), New: string(bot.Returned), Raw: reason}); err != nil {
		return err
	}
	if err := ra.Store.RecordRoundEvent(ctx, ref.Round, bot.RoundEvent{At: now, By: by, Action: "return", Detail: ref.Dept + "：" + reason}); err != nil {
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
				if err := ra.Jobs.EnqueueSend(ctx, key, u, []bot.Reply{{Text: fmt.Sprintf(msgReopenedTo, r.Title, reason)}}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
