package chat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"

	"reportbot/bot"
)

// The console edits a table answer cell by cell. The edit is one more
// writer of the assignment: it goes through the same transaction as a
// chat turn (exactly once per console form, optimistic against every
// other writer), is checked by the same arithmetic rules (a broken total
// is refused unless a 说明 keeps it), and leaves an audit entry of its own
// ("grid", 后台修改统计表). A contact's table draft of the same question,
// begun in chat before the edit, is dropped and the contact told at their
// next message: the edit, made later, wins.

// GridEdit is what goes with the cells of a table edited in the console.
type GridEdit struct {
	// Why keeps a grid that breaks one of the form's rules, as 说明：原因
	// does in chat; ignored when the grid adds up.
	Why string
	// Base is GridBase of the answer the form was shown with: when the
	// stored answer changed since (a chat answer, another edit), nothing
	// is stored and the result carries the answer as it is now. "" skips
	// the check.
	Base string
	// Key is the console form's key: a form submitted twice (a double
	// click, a reload) is applied once. "" makes every call a new edit.
	Key string
}

// GridResult is what became of a table edit.
type GridResult struct {
	// Saved: the grid is stored, by this call or (Repeat) by an earlier
	// submission of the same form.
	Saved  bool
	Repeat bool
	// Message says what was done, or why nothing was stored, in Chinese.
	Message string
	// Grid is the grid as read, totals left blank computed.
	Grid map[string]string
	// Breaks are the broken rules, naming the cells and the difference:
	// why the grid was refused, or what its 说明 explains.
	Breaks []string
	// Stale is set when the answer changed since the form was shown: the
	// answer as it is now (nil: it was removed), and nothing was stored.
	Stale    bool
	Current  *bot.Answer
	NextBase string // GridBase of the current answer, for the form shown again
}

// GridState is a table question of one department as the console shows
// it for editing.
type GridState struct {
	Round    *bot.Round
	Form     *bot.Form
	Question *bot.Question
	Status   bot.AssignmentStatus
	Answer   *bot.Answer // nil: not answered yet
	Base     string      // GridBase(Answer), sent back with the edit
	Breaks   []string    // the rules the stored grid breaks
	// Locked says why the table cannot be edited now ("" when it can).
	Locked string
}

// GridBase fingerprints a stored answer, so an edit made on a page shown
// before the answer changed is noticed instead of silently undoing the
// change.
func GridBase(a *bot.Answer) string {
	if a == nil {
		return "new"
	}
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// GridState reads a department's table question for the console's grid
// editor. ENotFound when the department or the table is not in the round.
func (e *Engine) GridState(ctx context.Context, ref bot.AssignmentRef, qid string) (*GridState, error) {
	r, form, q, err := e.gridQuestion(ctx, ref, qid)
	if err != nil {
		return nil, err
	}
	a, err := e.store.Assignment(ctx, ref)
	if err != nil {
		return nil, err
	}
	st := &GridState{Round: r, Form: form, Question: q, Status: a.Status, Answer: a.Answers[qid], Base: GridBase(a.Answers[qid])}
	if ans := st.Answer; ans != nil && ans.Status == bot.Answered && ans.Grid != nil {
		st.Breaks = breakTexts(form, gridBreaks(form, a.Answers, withPastedLastYear(e.lastYear(ctx, r, ref.Dept), a.Answers), qid, ans.Grid))
	}
	if err := editLock(r, a); err != nil {
		st.Locked = bot.ErrorMessage(err)
	}
	return st, nil
}

// EditGrid stores cells (cell key "row.col" → the text typed) as the
// answer to the table question qid of ref, edited in the console by user
// by. A blank cell is 0, a blank total is computed. The grid is checked
// by the form's rules as a chat answer is: a broken rule refuses it
// (Breaks name the cells and the difference) unless ed.Why explains it.
// Errors: ENotFound (no such department or table), EInvalid (a cell is
// not a non-negative number; bot.CellErrorsOf names the cells), EConflict
// (the assignment is submitted or awaits its head's review, or the round
// is not open: nothing can change until it is reopened), EUnavailable.
func (e *Engine) EditGrid(ctx context.Context, ref bot.AssignmentRef, qid string, cells map[string]string, by string, ed GridEdit) (*GridResult, error) {
	r, form, q, err := e.gridQuestion(ctx, ref, qid)
	if err != nil {
		return nil, err
	}
	typed, given, err := bot.ParseGridCells(q, cells)
	if err != nil {
		return nil, err
	}
	why := bot.Truncate(strings.TrimSpace(ed.Why), 500)
	m := bot.Message{User: by, ID: gridMessageID(qid, ed.Key), At: e.clock.Now()}
	last := e.lastYear(ctx, r, ref.Dept)
	var (
		res     *GridResult
		lockErr error
		refused bool
		applied bool
	)
	replies, err := e.transact(ctx, ref, m, "grid edit", nil, func(a *bot.Assignment) (*bot.Change, []bot.Reply) {
		prev := a.Answers[qid]
		grid := followTotals(form, q, prev, typed, given)
		res, lockErr, refused = &GridResult{Grid: grid}, nil, false
		if lockErr = editLock(r, a); lockErr != nil {
			return nil, nil
		}
		if ed.Base != "" && ed.Base != GridBase(prev) {
			refused, res.Stale, res.Current, res.NextBase = true, true, prev, GridBase(prev)
			res.Message = staleMessage(e.roster.Get(), q, prev)
			return nil, nil
		}
		bs := gridBreaks(form, a.Answers, withPastedLastYear(last, a.Answers), qid, grid)
		res.Breaks = breakTexts(form, bs)
		if len(bs) > 0 && why == "" {
			refused = true
			res.Message = fmt.Sprintf(msgGridBroken, q.Number)
			return nil, nil
		}
		ans := &bot.Answer{QID: qid, Status: bot.Answered, Grid: grid, By: by, At: m.At, Raw: gridChanges(q, prev, grid, why)}
		text := fmt.Sprintf(msgGridSaved, q.Number)
		if len(bs) > 0 {
			ans.Why = why
			text = fmt.Sprintf(msgGridSavedWhy, q.Number, why)
		}
		return e.gridChange(r, a, q, prev, ans, m), []bot.Reply{{Text: text}}
	}, func(*bot.Assignment) { applied = true })
	if err != nil {
		return nil, err
	}
	if lockErr != nil {
		return nil, lockErr
	}
	if refused {
		return res, nil
	}
	if res == nil || !applied {
		// An earlier submission of the same form was stored: say what it said.
		grid := maps.Clone(typed)
		bot.FillTotals(form, q, grid, given)
		res = &GridResult{Grid: grid, Repeat: true}
	}
	res.Saved = true
	if len(replies) > 0 {
		res.Message = replies[0].Text
	}
	if applied {
		e.log.Info("table edited in the console", "round", ref.Round, "dept", ref.Dept, "q", qid, "user", by, "msg", m.ID,
			"explained", res.Breaks != nil)
	}
	return res, nil
}

// followTotals is the grid an edit stores: the cells as typed, and the
// totals computed where they are blank, and also where the page showed
// a total the bot had computed and the user left it as shown — it
// follows the cells changed, as a total the user never typed should. A
// total is taken as computed when, in the stored answer, it equals the
// sum of its parts; a total the user changed is taken as typed.
func followTotals(form *bot.Form, q *bot.Question, prev *bot.Answer, typed map[string]string, given map[string]bool) map[string]string {
	grid, keep := maps.Clone(typed), maps.Clone(given)
	if prev != nil && prev.Status == bot.Answered && prev.Grid != nil {
		for k := range bot.ComputedTotals(form, q, prev.Grid) {
			if was, ok := prev.Grid[k]; ok && given[k] && was == typed[k] {
				delete(keep, k)
			}
		}
	}
	bot.FillTotals(form, q, grid, keep)
	return grid
}

// gridChange is the change an edit writes: the answer, its audit entry,
// and the contacts' table drafts of the question dropped with a notice.
func (e *Engine) gridChange(r *bot.Round, a *bot.Assignment, q *bot.Question, prev, ans *bot.Answer, m bot.Message) *bot.Change {
	ch := &bot.Change{Answers: []*bot.Answer{ans}, UpdatedAt: m.At}
	if a.Status == bot.NotStarted || a.Status == "" {
		ch.Status = bot.InProgress
	}
	old := ""
	if prev != nil {
		old = withWhy(bot.FormatAnswer(q, prev), prev.Why)
	}
	ch.Audit = []bot.AuditEntry{{User: m.User, At: m.At, MsgID: m.ID, QID: q.ID, Old: old,
		New: withWhy(bot.FormatAnswer(q, ans), ans.Why), Raw: ans.Raw, Event: "grid"}}
	for u, c := range a.Cursors {
		if c == nil || c.Table == nil || c.Table.QID != q.ID {
			continue
		}
		cp := *c
		cp.Table = nil
		cp.Notice = fmt.Sprintf(msgGridOvertaken, q.Number, bot.PersonName(e.roster.Get(), m.User), bot.FormatTime(m.At))
		if ch.Cursors == nil {
			ch.Cursors = map[string]*bot.Cursor{}
		}
		ch.Cursors[u] = &cp
	}
	return ch
}

// gridQuestion reads the round afresh (a console edit must see a round
// closed a moment ago) and finds the department's table question.
func (e *Engine) gridQuestion(ctx context.Context, ref bot.AssignmentRef, qid string) (*bot.Round, *bot.Form, *bot.Question, error) {
	r, err := e.store.Round(ctx, ref.Round)
	if err != nil {
		return nil, nil, nil, err
	}
	r.Index()
	if r.Department(ref.Dept) == nil {
		return nil, nil, nil, bot.Errorf(bot.ENotFound, "本轮没有这个部门。")
	}
	form := r.FormFor(ref.Dept)
	q := form.Question(qid)
	if q == nil || q.Kind != bot.KindTable || q.Table == nil {
		return nil, nil, nil, bot.Errorf(bot.ENotFound, "本部门的问卷中没有这张统计表。")
	}
	return r, form, q, nil
}

// editLock refuses an edit the round's or the assignment's state does
// not allow, saying what has to happen first.
func editLock(r *bot.Round, a *bot.Assignment) error {
	switch r.Status {
	case bot.RoundClosed:
		return bot.Errorf(bot.EConflict, msgGridRoundClosed, r.Title)
	case bot.RoundPaused:
		return bot.Errorf(bot.EConflict, msgGridRoundPaused, r.Title)
	case bot.RoundDraft:
		return bot.Errorf(bot.EConflict, msgGridRoundDraft, r.Title)
	}
	switch a.Status {
	case bot.Submitted:
		return bot.Errorf(bot.EConflict, msgGridSubmitted, r.DeptLabel(a.Ref.Dept))
	case bot.PendingReview:
		return bot.Errorf(bot.EConflict, msgGridPendingReview, r.DeptLabel(a.Ref.Dept))
	}
	return nil
}

// gridMessageID is the processed-message id of an edit: derived from the
// console form's key, so the same form submitted twice meets its marker.
func gridMessageID(qid, key string) string {
	if key == "" {
		return fmt.Sprintf("grid-local-%d", rand.Int64())
	}
	sum := sha256.Sum256([]byte(qid + "\x00" + key))
	return "grid-" + hex.EncodeToString(sum[:16])
}

// gridChanges describes an edit for the audit's 原话: the cells changed,
// old → new, and the 说明.
func gridChanges(q *bot.Question, prev *bot.Answer, grid map[string]string, why string) string {
	var old map[string]string
	if prev != nil {
		old = prev.Grid
	}
	var parts []string
	t := q.Table
	for i := range t.Rows {
		for _, c := range t.RowCols(&t.Rows[i]) {
			k := bot.CellKey(t.Rows[i].ID, c.ID)
			was := old[k]
			if was == "" {
				was = "0"
			}
			if now := grid[k]; now != was {
				parts = append(parts, fmt.Sprintf("%s %s→%s", t.CellLabel(t.Rows[i].ID, c.ID), was, now))
			}
		}
	}
	s := "控制台修改"
	if len(parts) > 0 {
		s += "：" + strings.Join(parts, "；")
	} else {
		s += "（数字未变）"
	}
	if why != "" {
		s += "。说明：" + why
	}
	return bot.Truncate(s, 2000)
}

func withWhy(s, why string) string {
	if why == "" {
		return s
	}
	return s + "\n说明：" + why
}

func breakTexts(f *bot.Form, bs []bot.ArithBreak) []string {
	if len(bs) == 0 {
		return nil
	}
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Text(f)
	}
	return out
}

// staleMessage says the table changed since the page was shown, by whom
// and when.
func staleMessage(ro *bot.Roster, q *bot.Question, now *bot.Answer) string {
	if now == nil {
		return fmt.Sprintf(msgGridStaleGone, q.Number)
	}
	return fmt.Sprintf(msgGridStale, q.Number, bot.PersonName(ro, now.By), bot.FormatTime(now.At))
}
