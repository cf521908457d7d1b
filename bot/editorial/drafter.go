package editorial

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"reportbot/bot"
	"reportbot/bot/factlock"
)

// Drafter turns a department's answers into section drafts: it asks the
// Writer, checks every figure with the fact lock, asks for one rewrite
// naming the unsourced figures, and marks the draft for the editor if any
// remain. Drafts are cached by their input, so unchanged answers cost no
// model call. When the Writer fails (after its own retries) the template
// writer drafts instead, labelled as such.
type Drafter struct {
	Writer   bot.Writer
	Fallback bot.Writer // usually TemplateWriter{}; nil to surface the error
	Cache    bot.DraftCache
	Clock    bot.Clock
	Log      *slog.Logger
}

// DraftRequestFor builds the request for one section of an assignment:
// the department's own questions, grouped by the form's subsections, with
// the round's variables filled into headings and leads.
func DraftRequestFor(r *bot.Round, a *bot.Assignment, sectionIdx int) bot.DraftRequest {
	s := r.Form.Sections[sectionIdx]
	form, vars := r.FormFor(a.Ref.Dept), r.Vars(a.Ref.Dept)
	facts := SectionFacts(form, sectionIdx, a.Answers)
	return bot.DraftRequest{Dept: r.DeptLabel(a.Ref.Dept), Year: r.Year, Number: s.Number, Heading: bot.FillYear(s.Heading, r.Year),
		Kind: s.Template, Lead: vars.Fill(s.Lead), Report: reportTitle(r, a.Ref.Dept), Tables: len(form.ReportTables(sectionIdx, a.Answers)),
		Blocks: draftBlocks(form, sectionIdx, facts, vars), Facts: facts}
}

// reportTitle is the title of a department's report: 区政府办2025年政府信息
// 公开工作年度报告.
func reportTitle(r *bot.Round, dept string) string {
	title := r.Form.ReportTitle
	if title == "" {
		title = "{dept}关于{year}年度" + r.Form.Title
	}
	return r.Vars(dept).Fill(title)
}

// DraftSection drafts section sectionIdx, with an editor's instruction if
// any.
func (d *Drafter) DraftSection(ctx context.Context, r *bot.Round, a *bot.Assignment, sectionIdx int, instruction string) (*bot.Draft, error) {
	req := DraftRequestFor(r, a, sectionIdx)
	req.Instruction = instruction
	key := draftKey(req, d.Writer.Version())
	if d.Cache != nil {
		if cached, err := d.Cache.GetDraft(ctx, a.Ref, key); err == nil {
			return cached, nil
		} else if bot.ErrorCode(err) != bot.ENotFound {
			return nil, err
		}
	}
	res, writer, err := d.write(ctx, d.Writer, req)
	if err != nil {
		return nil, err
	}
	tokens := res.PromptTokens + res.CompletionTokens
	labels := labelFacts(r, a)
	lock := factlock.Check(res.Text, req.Facts, labels, r.Year)
	rewritten := false
	if !lock.OK && res.Source != "template" {
		retry := req
		for _, sp := range lock.Unsourced {
			retry.Offending = append(retry.Offending, sp.Text)
		}
		if res2, err := writer.Draft(ctx, retry); err == nil {
			res, rewritten = res2, true
			tokens += res2.PromptTokens + res2.CompletionTokens
			lock = factlock.Check(res.Text, req.Facts, labels, r.Year)
		} else {
			d.log().Warn("rewrite failed; keeping the first draft for review", "round", r.ID, "dept", a.Ref.Dept, "err", err)
		}
	}
	draft := &bot.Draft{Section: r.Form.Sections[sectionIdx].ID, Text: res.Text, Source: res.Source, PromptVersion: res.PromptVersion,
		Lock: lock, Rewritten: rewritten, NeedsReview: !lock.OK, Tokens: tokens, Key: key, CreatedAt: d.now()}
	if d.Cache != nil {
		if err := d.Cache.PutDraft(ctx, a.Ref, draft); err != nil {
			return nil, err
		}
	}
	return draft, nil
}

// DraftAll drafts every section in form order.
func (d *Drafter) DraftAll(ctx context.Context, r *bot.Round, a *bot.Assignment) ([]*bot.Draft, error) {
	// Sections are drafted at once (the writer caps calls in flight), so a
	// slow or failing model costs one section's retries, not five.
	out := make([]*bot.Draft, len(r.Form.Sections))
	errs := make([]error, len(r.Form.Sections))
	var wg sync.WaitGroup
	for i := range r.Form.Sections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = d.DraftSection(ctx, r, a, i, "")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// write asks w, falling back to the template writer on failure.
func (d *Drafter) write(ctx context.Context, w bot.Writer, req bot.DraftRequest) (*bot.DraftResult, bot.Writer, error) {
	res, err := w.Draft(ctx, req)
	if err == nil {
		return res, w, nil
	}
	if d.Fallback == nil {
		return nil, nil, err
	}
	d.log().Warn("writer failed; drafting from templates", "section", req.Heading, "err", err)
	res, ferr := d.Fallback.Draft(ctx, req)
	if ferr != nil {
		return nil, nil, err
	}
	return res, d.Fallback, nil
}

func (d *Drafter) log() *slog.Logger {
	if d.Log == nil {
		return slog.Default()
	}
	return d.Log
}

func (d *Drafter) now() time.Time {
	if d.Clock == nil {
		return bot.SystemClock{}.Now()
	}
	return d.Clock.Now()
}

// labelFacts returns the figure facts of every section of an assignment,
// the cells of its tables included: a figure right after one of their
// labels must be that answer (予以公开 and the 予以公开 total).
func labelFacts(r *bot.Round, a *bot.Assignment) []bot.Fact {
	var out []bot.Fact
	form := r.FormFor(a.Ref.Dept)
	for i := range r.Form.Sections {
		for _, f := range SectionFacts(form, i, a.Answers) {
			if q := form.Question(f.QID); (f.Figure != nil || f.Prose != "") && !f.Missing && q != nil && (q.Kind.Numeric() || q.Kind == bot.KindTable) {
				out = append(out, f)
			}
		}
	}
	return out
}

// StaleSections lists the sections whose latest draft no longer matches
// the answers (they changed after drafting, e.g. after a reopen), or that
// have no draft yet. Redrafting them costs model calls only for these.
func (d *Drafter) StaleSections(r *bot.Round, a *bot.Assignment, latest map[string]*bot.Draft) []string {
	var out []string
	for i, s := range r.Form.Sections {
		dr := latest[s.ID]
		if dr == nil || dr.Key != draftKey(DraftRequestFor(r, a, i), d.Writer.Version()) {
			out = append(out, s.ID)
		}
	}
	return out
}
