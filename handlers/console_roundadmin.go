package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/rounds"
)

// Round administration in the console: create a round, start, pause,
// close and reopen it, return a department, and edit the reminder
// schedule — each action through rounds.RoundAdmin (the same rules as the
// command line and the API), each confirmed on a page that says what it
// will do, each recorded with who did it (bot.Actor from the session).

// kindGroup is a kind of department and the roster's departments of it.
type kindGroup struct {
	Kind  string
	Depts []bot.Department
}

// groupByKind lists the roster's departments by kind ("未分类" last); a
// department of two kinds is listed under both.
func groupByKind(depts []bot.Department) []kindGroup {
	byKind := map[string][]bot.Department{}
	for _, d := range depts {
		kinds := d.Kinds
		if len(kinds) == 0 {
			kinds = []string{""}
		}
		for _, k := range kinds {
			byKind[k] = append(byKind[k], d)
		}
	}
	var out []kindGroup
	for k, ds := range byKind {
		out = append(out, kindGroup{Kind: k, Depts: ds})
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Kind == "") != (out[j].Kind == "") {
			return out[j].Kind == ""
		}
		return out[i].Kind < out[j].Kind
	})
	for i := range out {
		if out[i].Kind == "" {
			out[i].Kind = "未分类"
		}
	}
	return out
}

// roundNew shows the form to create a round.
func (c *Console) roundNew(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	now := c.now().In(bot.CST)
	year := now.Year() - 1
	if now.Month() >= 10 {
		year = now.Year() // an autumn round collects the year under way
	}
	c.roundNewPage(w, r, v, http.StatusOK, map[string]any{"Year": year, "Deadline": now.AddDate(0, 1, 0).Format("2006-01-02"),
		"YoY": 30, "Selected": map[string]bool{}, "Kinds": map[string]bool{}})
}

// roundNewPage renders the create form with data (its values, an error).
func (c *Console) roundNewPage(w http.ResponseWriter, r *http.Request, v *viewer, status int, data map[string]any) {
	roster := c.Admin.Roster.Get()
	data["Title"] = "新建轮次"
	data["Groups"] = groupByKind(roster.Departments)
	var headless []string
	for _, d := range roster.Departments {
		if d.Head == "" {
			headless = append(headless, d.Name)
		}
	}
	data["Headless"] = headless
	if c.Forms != nil {
		entries, err := c.Forms.Forms(r.Context())
		if err != nil {
			c.fail(w, r, v, err)
			return
		}
		data["Forms"] = entries
	}
	c.page(w, r, status, "roundnew", v, data)
}

// roundCreate creates the round the form describes; on a mistake the form
// comes back with what was typed and the reason in Chinese.
func (c *Console) roundCreate(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	r.ParseForm()
	selected, kinds := map[string]bool{}, map[string]bool{}
	for _, d := range r.PostForm["dept"] {
		selected[d] = true
	}
	for _, k := range r.PostForm["kind"] {
		kinds[k] = true
	}
	data := map[string]any{"FormID": r.PostFormValue("form"), "RoundTitle": r.PostFormValue("title"), "Year": r.PostFormValue("year"),
		"Deadline": r.PostFormValue("deadline"), "YoY": r.PostFormValue("yoy"), "HeadConfirm": r.PostFormValue("head") != "",
		"Summary": r.PostFormValue("summary") != "", "ID": r.PostFormValue("id"), "Selected": selected, "Kinds": kinds}
	spec, err := c.roundSpec(r, selected, kinds)
	if err == nil {
		var rd *bot.Round
		if rd, err = c.Admin.Create(r.Context(), spec); err == nil {
			msg := fmt.Sprintf("已创建“%s”（%d 个部门），尚未开始；确认提醒计划后点“开始”发出邀请。", rd.Title, len(rd.Departments)) +
				rounds.DeadlineNote(c.Reminders.Calendar.Get(), rd.Deadline)
			if warn := rounds.HeadlessText(rd); warn != "" {
				msg += warn
			}
			c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(rd.ID), msg)
			return
		}
	}
	if statusOf(err) == http.StatusInternalServerError {
		c.fail(w, r, v, err)
		return
	}
	data["Error"] = bot.ErrorMessage(err)
	c.roundNewPage(w, r, v, statusOf(err), data)
}

// roundSpec reads the create form: departments picked one by one and by
// kind, the deadline as a date (end of that day, China time), the
// year-over-year ratio in percent.
func (c *Console) roundSpec(r *http.Request, selected, kinds map[string]bool) (rounds.RoundSpec, error) {
	roster := c.Admin.Roster.Get()
	spec := rounds.RoundSpec{ID: strings.TrimSpace(r.PostFormValue("id")), Title: strings.TrimSpace(r.PostFormValue("title")),
		HeadConfirm: r.PostFormValue("head") != "", DistrictSummary: r.PostFormValue("summary") != "",
		Coordinator: roster.Name(bot.Actor(r.Context()))}
	if c.Forms == nil {
		return spec, bot.Errorf(bot.EInternal, "console: no form library")
	}
	entries, err := c.Forms.Forms(r.Context())
	if err != nil {
		return spec, err
	}
	for _, e := range entries {
		if e.Form.ID == r.PostFormValue("form") {
			spec.Form = e.Form
		}
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil || year < 2000 || year > 2100 {
		return spec, bot.Errorf(bot.EInvalid, "请填写报告年度，如 2025。")
	}
	spec.Year = year
	if spec.Deadline, err = rounds.ParseDeadline(r.PostFormValue("deadline")); err != nil {
		return spec, err
	}
	if p := strings.TrimSpace(strings.TrimSuffix(r.PostFormValue("yoy"), "%")); p != "" {
		ratio, err := strconv.ParseFloat(p, 64)
		if err != nil || ratio < 0 || ratio > 1000 {
			return spec, bot.Errorf(bot.EInvalid, "同比提示的幅度请填写 0 到 1000 之间的百分数，如 30；不提示请填 0。")
		}
		spec.YoYRatio = ratio / 100
		if ratio == 0 {
			spec.YoYRatio = -1
		}
	}
	for _, d := range roster.Departments {
		in := selected[d.ID]
		for _, k := range d.Kinds {
			in = in || kinds[k]
		}
		if len(d.Kinds) == 0 && kinds["未分类"] {
			in = true
		}
		if in {
			spec.Depts = append(spec.Depts, d.ID)
		}
	}
	for id := range selected {
		if roster.Department(id) == nil {
			spec.Depts = append(spec.Depts, id) // RoundAdmin names it
		}
	}
	if len(spec.Depts) == 0 {
		return spec, bot.Errorf(bot.EInvalid, "请选择至少一个部门（可按类型整类选择）。")
	}
	return spec, nil // RoundAdmin fills in a blank title and id
}

// roundActions are the actions on a whole round and on one department,
// with what the confirmation page says of each.
var roundActions = map[string]struct {
	Label, Button string
	To            bot.RoundStatus
}{
	"start":  {"开始填报", "确认开始", bot.RoundOpen},
	"pause":  {"暂停填报", "确认暂停", bot.RoundPaused},
	"close":  {"截止填报", "确认截止", bot.RoundClosed},
	"reopen": {"重新开放", "确认重新开放", bot.RoundOpen},
	"return": {"退回部门修改", "确认退回", ""},
}

// roundConfirm shows what an action will do and asks to confirm it.
func (c *Console) roundConfirm(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	action := r.PathValue("action")
	act, ok := roundActions[action]
	if !ok {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	p, err := c.Admin.Progress(r.Context(), r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	rd := p.Round
	data := map[string]any{"Title": act.Label, "Action": action, "Act": act, "Round": rd}
	waiting, contacts := 0, 0
	for _, d := range p.Depts {
		if d.Status != bot.Submitted && d.Status != bot.PendingReview {
			waiting++
			contacts += len(d.Dept.Contacts)
		}
	}
	var says []string
	switch action {
	case "start":
		says = append(says, fmt.Sprintf("向 %d 个部门的 %d 位填报人发送填报邀请（休息时间内提交的，在下一个发送时段发出），此后按提醒计划提醒。", len(rd.Departments), countContacts(rd)),
			fmt.Sprintf("截止时间：%s。%s", bot.FormatTime(rd.Deadline), rounds.DeadlineNote(c.Reminders.Calendar.Get(), rd.Deadline)))
		if warn := rounds.HeadlessText(rd); warn != "" {
			says = append(says, warn)
		}
	case "pause":
		says = append(says, "暂停后填报人不能再填写，也不再发送提醒；可随时恢复（“开始”）。已填的内容保留。")
	case "close":
		says = append(says, fmt.Sprintf("截止后填报人不能再填写，也不再发送提醒。目前还有 %d 个部门未提交（%d 位填报人）。", waiting, contacts))
	case "reopen":
		says = append(says, "重新开放后未提交的部门可以继续填写，提醒按计划恢复。")
	case "return":
		dept := r.URL.Query().Get("dept")
		d := rd.Department(dept)
		if d == nil {
			c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮没有这个部门。"))
			return
		}
		data["Dept"], data["Reason"] = d, r.URL.Query().Get("reason")
		says = append(says, fmt.Sprintf("把“%s”已提交的内容退回给填报人修改，填报人会收到退回原因；修改后需重新提交。", d.Name))
	}
	data["Says"] = says
	c.page(w, r, http.StatusOK, "confirm", v, data)
}

// countContacts counts a round's contacts.
func countContacts(r *bot.Round) int {
	n := 0
	for _, d := range r.Departments {
		n += len(d.Contacts)
	}
	return n
}

// roundAction carries out a confirmed action; without the confirmation
// it shows the confirmation page instead.
func (c *Console) roundAction(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	id, action := r.PathValue("round"), r.PathValue("action")
	act, ok := roundActions[action]
	if !ok || action == "return" {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, "/console/rounds/"+url.PathEscape(id)+"/confirm/"+action, http.StatusSeeOther)
		return
	}
	ctx := r.Context()
	msg := "已" + act.Label + "。"
	var err error
	if act.To == bot.RoundOpen {
		var started rounds.Started
		if started, err = c.Admin.Start(ctx, id); err == nil {
			msg = started.Text(id)
		}
	} else {
		err = c.Admin.SetStatus(ctx, id, act.To)
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(id), msg)
}

// scheduleView is the schedule page's reading of a round's schedule.
type scheduleView struct {
	Before                               string // 3,1
	Overdue, EscHead, EscCoord, From, To int
	Weekends                             bool
}

// schedule shows a round's reminder schedule, the sends it makes from now
// on, and the round's history.
func (c *Console) schedule(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() {
		c.forbid(w, r, v)
		return
	}
	c.schedulePage(w, r, v, http.StatusOK, nil, c.flash(w, r, v), "")
}

// schedulePage renders the schedule page; sv is what was typed (nil: the
// round's schedule).
func (c *Console) schedulePage(w http.ResponseWriter, r *http.Request, v *viewer, status int, sv *scheduleView, flash, problem string) {
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	plan := c.Reminders.PlanFor(rd)
	if sv == nil {
		s := plan.Schedule()
		before := make([]string, len(s.BeforeDays))
		for i, d := range s.BeforeDays {
			before[i] = strconv.Itoa(d)
		}
		sv = &scheduleView{Before: strings.Join(before, ","), Overdue: s.OverdueEvery, EscHead: s.EscalateHead, EscCoord: s.EscalateCoord,
			From: s.SendFrom, To: s.SendTo, Weekends: s.Weekends}
	}
	now := c.now()
	until := rd.Deadline.AddDate(0, 0, 14)
	if until.Before(now) {
		until = now.AddDate(0, 0, 14)
	}
	planned, err := c.Reminders.Upcoming(ctx, rd, now, until)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	events, err := c.roundEvents(r, rd.ID)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	// Years whose public holidays are unknown: their sends only avoid
	// weekends, which the coordinator must know before trusting the list.
	var missing []int
	if !plan.AllowWeekends {
		missing = c.Reminders.PlanFor(rd).Calendar.MissingYears(now, until)
	}
	c.page(w, r, status, "schedule", v, map[string]any{"Title": "提醒计划", "Round": rd, "S": sv, "Planned": groupPlanned(planned),
		"Count": len(planned), "Until": until, "Events": events, "Flash": flash, "Error": problem, "Own": rd.Schedule != nil,
		"Missing": missing, "DeadlineDate": rd.Deadline.In(bot.CST).Format("2006-01-02"),
		"DeadlineNote": rounds.DeadlineNote(c.Reminders.Calendar.Get(), rd.Deadline)})
}

// plannedSend is one message time with what goes out then; To counts the
// people who receive it (the coordinator's digest of four departments is
// one message to each coordinator).
type plannedSend struct {
	At    time.Time
	Label string
	Depts []string
	To    int
	users map[string]bool
}

// groupPlanned joins the sends of the same time and kind.
func groupPlanned(ps []rounds.Planned) []plannedSend {
	var out []plannedSend
	for _, p := range ps {
		n := len(out)
		if n == 0 || !out[n-1].At.Equal(p.At) || out[n-1].Label != p.Label() {
			out = append(out, plannedSend{At: p.At, Label: p.Label(), users: map[string]bool{}})
			n++
		}
		g := &out[n-1]
		g.Depts = append(g.Depts, p.Dept.Name)
		for _, u := range p.To {
			g.users[u] = true
		}
		g.To = len(g.users)
	}
	return out
}

// scheduleSave saves the schedule typed on the page.
func (c *Console) scheduleSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return -1 // refused by Validate with its message
		}
		return n
	}
	sv := &scheduleView{Before: r.PostFormValue("before"), Overdue: num("overdue"), EscHead: num("esc_head"), EscCoord: num("esc_coord"),
		From: num("from"), To: num("to"), Weekends: r.PostFormValue("weekends") != ""}
	s := bot.Schedule{OverdueEvery: sv.Overdue, EscalateHead: sv.EscHead, EscalateCoord: sv.EscCoord, SendFrom: sv.From, SendTo: sv.To,
		Weekends: sv.Weekends}
	var err error
	for _, f := range strings.FieldsFunc(sv.Before, func(r rune) bool { return strings.ContainsRune(",，、 ;；", r) }) {
		d, perr := strconv.Atoi(f)
		if perr != nil {
			err = bot.Errorf(bot.EInvalid, "截止前提醒的天数请写成用逗号分隔的整数，如 3,1。")
			break
		}
		s.BeforeDays = append(s.BeforeDays, d)
	}
	if err == nil {
		err = c.Admin.SetSchedule(r.Context(), r.PathValue("round"), s)
	}
	if c.refused(w, r, v, err, func(status int, msg string) { c.schedulePage(w, r, v, status, sv, "", msg) }) {
		return
	}
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(r.PathValue("round"))+"/schedule", "提醒计划已保存，下面是按新计划将要发送的提醒。")
}

// roundEvents returns a round's history, newest first, when the store
// keeps one.
func (c *Console) roundEvents(r *http.Request, id string) ([]bot.RoundEvent, error) {
	es, ok := c.Store.(interface {
		RoundEvents(ctx context.Context, round string) ([]bot.RoundEvent, error)
	})
	if !ok {
		return nil, nil
	}
	events, err := es.RoundEvents(r.Context(), id)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	return events, nil
}
