package editorial

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
)

var rowNumbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]+[.．、])`)

// tableFacts turns a table answer into facts, one per cell, so the fact
// lock finds every figure of the tables and a draft can cite them. Each
// cell is a source under its row and column labels (Label) in its unit.
// The words that bind a figure written right after them to a cell (Labels)
// are its column group and row for the cells that sum a row (予以公开,
// 行政复议案件), its row and column for tables without totals, and its
// column and row for the other cells; the row of totals and names shorter
// than three characters (其他) bind nothing. The row totals and the cells
// of tables without totals read as prose (新收政府信息公开申请66件); the
// others, and every zero, are quiet: sources that no draft states on its
// own.
func tableFacts(q *bot.Question, a *bot.Answer) []bot.Fact {
	t := q.Table
	hasTotal := false
	for _, c := range t.Columns {
		hasTotal = hasTotal || c.Total
	}
	var out []bot.Fact
	for i := range t.Rows {
		r := &t.Rows[i]
		row := shortLabel(r.Label, "数量")
		row = strings.TrimPrefix(row, "本年") // the draft says 全年
		for _, c := range t.RowCols(r) {
			v := a.Grid[bot.CellKey(r.ID, c.ID)]
			if v == "" {
				v = "0"
			}
			fig := &bot.Figure{Value: v, Unit: q.CellUnit(c.ID)}
			value := v + fig.Unit
			fact := bot.Fact{QID: q.ID, Label: t.CellLabel(r.ID, c.ID), Value: value, Figure: fig, Quiet: isZero(v)}
			col := strings.TrimPrefix(shortLabel(c.Label, "件数", "数量"), "本年")
			switch {
			case r.Total:
				// （七）总计 binds no figure by its bare name; its row
				// and column words still source one.
				fact.Quiet = true
			case hasTotal && c.Total:
				group := ""
				if len(c.Group) > 0 {
					group = c.Group[len(c.Group)-1]
				}
				// 行政复议案件, not the bare 案件 of every column.
				fact.Labels = []string{group + row}
				fact.Prose = group + row + value
			case !hasTotal:
				if len(t.Columns) == 1 {
					col = ""
				}
				fact.Labels = []string{row + col}
				fact.Prose = row + col + value
			default:
				fact.Quiet = true
				if len(c.Group) > 0 {
					col = c.Group[len(c.Group)-1] + col
				}
				fact.Labels = []string{col + row}
			}
			if fact.Quiet {
				fact.Prose = "" // a zero, or a cell no draft states on its own
			}
			fact.Labels = specific(fact.Labels)
			out = append(out, fact)
		}
	}
	return out
}

// specific keeps the labels that name one thing: a row called 其他 binds
// no figure.
func specific(labels []string) []string {
	var out []string
	for _, l := range labels {
		if utf8.RuneCountInString(l) >= 3 {
			out = append(out, l)
		}
	}
	return out
}

// shortLabel is a row or column label as prose names it: without its
// numbering (一、（二）1.), its note in brackets, and the given suffixes
// (数量, 件数).
func shortLabel(label string, suffixes ...string) string {
	s := rowNumbering.ReplaceAllString(strings.TrimSpace(label), "")
	if k := strings.IndexAny(s, "（("); k > 0 {
		s = s[:k] // （二）部分公开（区分处理的…）reads 部分公开
	}
	for _, suf := range suffixes {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

// otherTableFacts are the cells of the tables outside section si, as
// quiet sources: figures of the tables quoted in a text part must agree
// with them.
func otherTableFacts(f *bot.Form, si int, answers map[string]*bot.Answer) []bot.Fact {
	var out []bot.Fact
	for _, q := range f.Questions() {
		if q.Section == si || q.Kind != bot.KindTable || q.Table == nil {
			continue
		}
		if a := answers[q.ID]; a != nil && a.Status == bot.Answered && a.Grid != nil {
			for _, fact := range tableFacts(q, a) {
				fact.Quiet, fact.Prose = true, ""
				out = append(out, fact)
			}
		}
	}
	return out
}

// districtTableFacts are the cells of the tables summed over the
// departments, as facts of the district summary.
func districtTableFacts(r *bot.Round, answers map[string]map[string]*bot.Answer) []bot.Fact {
	list := make([]map[string]*bot.Answer, 0, len(answers))
	for _, as := range answers {
		list = append(list, as)
	}
	sums, _ := bot.DistrictTables(r.Form, list)
	var out []bot.Fact
	for _, q := range r.Form.Questions() {
		if a := sums[q.ID]; a != nil {
			out = append(out, tableFacts(q, a)...)
		}
	}
	return out
}

// DistrictTableBreaks are the arithmetic rules the district totals break,
// in plain Chinese, for the coordinator's summary page.
func DistrictTableBreaks(r *bot.Round, answers map[string]map[string]*bot.Answer) []string {
	list := make([]map[string]*bot.Answer, 0, len(answers))
	for _, as := range answers {
		list = append(list, as)
	}
	_, bs := bot.DistrictTables(r.Form, list)
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = "全区合计：" + b.Text(r.Form)
	}
	return out
}

// DistrictGrid is one table summed over the complete departments, for
// the summary page.
type DistrictGrid struct {
	Q    *bot.Question
	View bot.GridView
}

// DistrictGrids sums the tables over the departments whose reports are
// complete and lists what the totals break.
func (ed *Editorial) DistrictGrids(ctx context.Context, roundID string) ([]DistrictGrid, []string, error) {
	r, err := ed.Rounds.Round(ctx, roundID)
	if err != nil {
		return nil, nil, err
	}
	answers, _, err := ed.districtInput(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	list := make([]map[string]*bot.Answer, 0, len(answers))
	for _, as := range answers {
		list = append(list, as)
	}
	sums, _ := bot.DistrictTables(r.Form, list)
	var out []DistrictGrid
	for _, q := range r.Form.Questions() {
		if a := sums[q.ID]; a != nil {
			out = append(out, DistrictGrid{Q: q, View: q.Table.View(a.Grid)})
		}
	}
	return out, DistrictTableBreaks(r, answers), nil
}
