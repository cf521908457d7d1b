package editorial

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"reportbot/bot"
	"reportbot/bot/factlock"
	"reportbot/bot/figure"
)

// The district summary (a round with DistrictSummary): one draft that
// totals, over the departments whose reports are complete, every figure
// the form marks as adding up, written under the same fact lock, for the
// coordinator to edit and confirm. It is kept like a section, under the
// pseudo-department DistrictDept.

// DistrictDept and DistrictSection name the summary in the editorial store.
const (
	DistrictDept    = "_district"
	DistrictSection = "summary"
)

// DistrictTotal is one summed figure.
type DistrictTotal struct {
	Q     *bot.Question
	Value string // canonical total, e.g. 1,352件
	Depts int    // departments that reported it
}

// DistrictFacts totals the summed questions over depts' answers.
func DistrictFacts(r *bot.Round, answers map[string]map[string]*bot.Answer) ([]bot.Fact, []DistrictTotal) {
	var facts []bot.Fact
	var totals []DistrictTotal
	for _, q := range r.Form.Questions() {
		if !q.Sum {
			continue
		}
		sum, n := new(big.Rat), 0
		for _, as := range answers {
			a := as[q.ID]
			if a == nil || a.Status != bot.Answered || a.Figure == nil || a.Figure.Unit != q.Unit {
				continue
			}
			v, ok := figure.DecimalRat(a.Figure.Value)
			if !ok {
				continue
			}
			sum.Add(sum, v)
			n++
		}
		if n == 0 {
			continue
		}
		fig := bot.Figure{Value: figure.FormatDecimal(sum), Unit: q.Unit}
		value := figure.Format(fig)
		totals = append(totals, DistrictTotal{Q: q, Value: value, Depts: n})
		f := bot.Fact{QID: q.ID, Label: q.Short(), Value: value}
		if q.Prose != "" {
			f.Prose = fillValue(q.Prose, value)
		}
		facts = append(facts, f)
	}
	return append(facts, districtTableFacts(r, answers)...), totals
}

// districtRef is where the summary is kept.
func districtRef(round string) bot.AssignmentRef {
	return bot.AssignmentRef{Round: round, Dept: DistrictDept}
}

// districtInput gathers the complete departments' answers.
func (ed *Editorial) districtInput(ctx context.Context, r *bot.Round) (map[string]map[string]*bot.Answer, []string, error) {
	reports, err := ed.CompleteReports(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	answers := map[string]map[string]*bot.Answer{}
	var names []string
	for _, d := range r.Departments {
		if reports[d.ID] == nil {
			continue
		}
		a, err := ed.Rounds.Assignment(ctx, bot.AssignmentRef{Round: r.ID, Dept: d.ID})
		if err != nil {
			return nil, nil, err
		}
		answers[d.ID] = a.Answers
		names = append(names, d.Name)
	}
	return answers, names, nil
}

// DraftDistrict drafts (again) the district summary from the departments
// whose reports are complete, and keeps it as a new version.
func (ed *Editorial) DraftDistrict(ctx context.Context, roundID, by, key string) (*bot.SectionVersion, []DistrictTotal, error) {
	r, err := ed.Rounds.Round(ctx, roundID)
	if err != nil {
		return nil, nil, err
	}
	if !r.DistrictSummary {
		return nil, nil, bot.Errorf(bot.EInvalid, "本轮未设置全区汇总。")
	}
	answers, names, err := ed.districtInput(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	if len(names) == 0 {
		return nil, nil, bot.Errorf(bot.EConflict, "还没有部门的报告全部确认，暂不能汇总。")
	}
	facts, totals := DistrictFacts(r, answers)
	req := bot.DraftRequest{Dept: "全区", Year: r.Year, Number: "", Heading: fmt.Sprintf("%d年度全区%s情况汇总（%d 个部门）", r.Year, districtTopic(r.Form), len(names)),
		Kind: "measures", Facts: facts}
	res, _, err := ed.Drafter.write(ctx, ed.Drafter.Writer, req)
	if err != nil {
		return nil, nil, err
	}
	lock := factlock.Check(res.Text, facts, facts, r.Year)
	src := "model"
	if res.Source == "template" {
		src = "template"
	}
	v := bot.SectionVersion{Text: res.Text, Source: src, By: strings.TrimPrefix(res.Source, "model:"), At: ed.now(),
		PromptVersion: res.PromptVersion, Lock: lock, Instruction: "汇总：" + strings.Join(names, "、")}
	if by != "" && src == "template" {
		v.By = "template"
	}
	saved, _, err := ed.storeVersion(ctx, districtRef(r.ID), DistrictSection, key, v)
	if err != nil {
		return nil, nil, err
	}
	ed.log().Info("district summary drafted", "round", r.ID, "departments", len(names), "by", by, "unsourced", len(lock.Unsourced))
	return &saved, totals, nil
}

// District returns the summary's state and today's totals.
func (ed *Editorial) District(ctx context.Context, roundID string) (*bot.SectionState, []DistrictTotal, []bot.Fact, error) {
	r, err := ed.Rounds.Round(ctx, roundID)
	if err != nil {
		return nil, nil, nil, err
	}
	answers, _, err := ed.districtInput(ctx, r)
	if err != nil {
		return nil, nil, nil, err
	}
	facts, totals := DistrictFacts(r, answers)
	secs, err := ed.Store.Sections(ctx, districtRef(roundID))
	if err != nil {
		return nil, nil, nil, err
	}
	return secs[DistrictSection], totals, facts, nil
}

// SaveDistrictEdit keeps the coordinator's edited summary as a new
// version, fact-locked against today's totals.
func (ed *Editorial) SaveDistrictEdit(ctx context.Context, roundID, user, text, key string) (*bot.SectionVersion, error) {
	r, err := ed.Rounds.Round(ctx, roundID)
	if err != nil {
		return nil, err
	}
	_, _, facts, err := ed.District(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if text, err = editorText(text); err != nil {
		return nil, err
	}
	v := bot.SectionVersion{Text: text, Source: "editor", By: user, At: ed.now(), Lock: factlock.Check(text, facts, facts, r.Year)}
	saved, _, err := ed.storeVersion(ctx, districtRef(roundID), DistrictSection, key, v)
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// ConfirmDistrict records the coordinator's confirmation of the current
// summary; one with a mark of something missing (【待补充】, 【？】) is
// refused with the list.
func (ed *Editorial) ConfirmDistrict(ctx context.Context, roundID, user, key string) error {
	_, err := ed.Store.UpdateSection(ctx, districtRef(roundID), DistrictSection, key, func(s *bot.SectionState) error {
		cur := s.CurrentVersion()
		if cur == nil {
			return bot.Errorf(bot.EConflict, "还没有汇总稿。")
		}
		if marks := bot.OpenMarks(cur.Text); len(marks) > 0 {
			return flagsRefusal("全区汇总稿", marks, nil)
		}
		s.Confirmed, s.ConfirmedBy, s.ConfirmedAt = true, user, ed.now()
		return nil
	})
	return err
}

// districtTopic is what the summary's heading says it sums up: the
// form's title without 年度报告/工作年度报告 (法治政府建设, 政府信息公开).
func districtTopic(f *bot.Form) string {
	t := f.Title
	for _, suffix := range []string{"工作年度报告", "年度报告", "情况报告", "报告"} {
		if s, ok := strings.CutSuffix(t, suffix); ok && s != "" {
			return s
		}
	}
	return t
}
