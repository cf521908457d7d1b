package chat

import (
	"cmp"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"reportbot/bot"
	"reportbot/bot/figure"
)

// Table questions are answered three ways: a pasted grid, row by row
// (only the rows that are not zero), or the Excel file the bot sends and
// the contact returns. Whichever way, the grid is checked against the
// form's arithmetic rules before it is stored: a broken total is refused
// with the cells named, unless the contact explains it (说明：原因).

// askTable adds the ways to answer to a table question's prompt.
func (t *turnState) askTable(b *strings.Builder, q *bot.Question) {
	fmt.Fprintf(b, "\n"+msgTableHow, len(q.Table.Rows), len(q.Table.Columns), q.Unit)
}

// tableDraft returns the contact's draft for the current question, if any.
func (t *turnState) tableDraft() *bot.TableDraft {
	if t.cur == nil || t.cur.Table == nil || t.cur.Q < 0 || t.cur.Q >= len(t.qs) || t.qs[t.cur.Q].ID != t.cur.Table.QID {
		return nil
	}
	return t.cur.Table
}

func (t *turnState) setDraft(d *bot.TableDraft) {
	t.cur.Table = d
	t.curChanged = true
}

// answerTable takes the message as (part of) the current table question's
// answer.
func (t *turnState) answerTable(q *bot.Question) {
	text := strings.TrimSpace(t.m.Text)
	d := t.tableDraft()
	switch {
	case d != nil && d.Broken && isWhy(text):
		t.explain(q, d, text)
		return
	case d != nil && d.Picking:
		t.pickRows(q, d, text)
		return
	case d != nil && len(d.Rows) > 0 && (!looksLikeGrid(text) || d.Rest && bot.IsAllZero(text)):
		t.fillRow(q, d, text)
		return
	}
	switch normWord(text) {
	case "逐行", "逐行填写", "按行填写", "一行一行":
		t.startRows(q)
		return
	case "表格文件", "表格", "excel", "文件", "excel表", "发表格":
		t.sendWorkbook()
		return
	}
	if q.Table.AllZero(text) {
		t.offerGrid(q, bot.ZeroGrid(q.Table), nil)
		return
	}
	if d != nil && d.Broken {
		if grid, given, ok := t.patchRow(q, d, text); ok {
			t.offerGrid(q, grid, given)
			return
		}
	} else if saved := t.answers[q.ID]; saved != nil && saved.Status == bot.Answered && saved.Grid != nil && len(q.Table.Rows) > 1 {
		// Back at a saved table (修改 N), one line changes the rows it
		// names; the other rows keep their figures. A whole table pasted
		// again (several lines) replaces it.
		if grid, given, ok := t.patchRow(q, &bot.TableDraft{QID: q.ID, Grid: saved.Grid}, text); ok {
			if len(t.tableBreaks(q.ID, grid)) == 0 {
				t.say("%s", msgTablePatched) // said only when it is saved
			}
			t.offerGrid(q, grid, given)
			return
		}
	}
	grid, given, err := bot.ParseGrid(t.form, q, text)
	if err != nil {
		t.say("%s", bot.ErrorMessage(err))
		return
	}
	if miss := bot.UnansweredRows(q, given); len(miss) > 0 {
		t.askRest(q, grid, given, miss)
		return
	}
	t.offerGrid(q, grid, given)
}

// askRest keeps an answer that named some rows of a table of few rows
// (行政处罚36 on 行政处罚 / 行政强制) and asks the others, which are not
// taken as 0 unsaid.
func (t *turnState) askRest(q *bot.Question, grid map[string]string, given map[string]bool, miss []*bot.TableRow) {
	d := &bot.TableDraft{QID: q.ID, Grid: grid, Given: given, Typed: true, Rest: true}
	var names []string
	for _, r := range miss {
		d.Rows = append(d.Rows, r.ID)
		names = append(names, "“"+q.Table.RowName(r)+"”")
	}
	t.setDraft(d)
	t.say(msgTableRest, givenRows(q, grid, given), strings.Join(names, "、"))
	t.askRow(q, d)
}

// givenRows writes the rows an answer gave: “label：v1 / v2 …” a line.
func givenRows(q *bot.Question, grid map[string]string, given map[string]bool) string {
	var lines []string
	for _, r := range q.Table.InputRows() {
		var vals []string
		typed := false
		for _, c := range q.Table.RowCols(r) {
			k := bot.CellKey(r.ID, c.ID)
			typed = typed || given[k]
			vals = append(vals, cmp.Or(grid[k], "0"))
		}
		if typed {
			lines = append(lines, q.Table.RowName(r)+"："+strings.Join(vals, " / "))
		}
	}
	return strings.Join(lines, "\n")
}

func normWord(s string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(s), "。！!“”\""))
}

// isWhy reports whether text explains a broken rule: 说明：… or 原因：….
func isWhy(text string) bool {
	for _, p := range []string{"说明", "原因", "情况说明"} {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}

// looksLikeGrid reports whether a message in row-by-row mode is rather a
// whole pasted table (several lines) or a way-to-answer word.
func looksLikeGrid(text string) bool {
	return strings.Count(strings.TrimSpace(text), "\n") >= 2 || bot.IsAllZero(text) && strings.Contains(text, "全")
}

// startRows lists the rows to fill and asks which are not zero; a table
// of one row goes straight to it.
func (t *turnState) startRows(q *bot.Question) {
	rows := q.Table.InputRows()
	d := &bot.TableDraft{QID: q.ID, Grid: bot.ZeroGrid(q.Table), Given: map[string]bool{}}
	if len(rows) == 1 {
		d.Rows = []string{rows[0].ID}
		t.setDraft(d)
		t.askRow(q, d)
		return
	}
	d.Picking = true
	t.setDraft(d)
	var b strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&b, "%d. %s\n", i+1, q.Table.RowName(r))
	}
	b.WriteString(msgTablePick)
	t.say("%s", b.String())
}

// pickRows reads the row numbers that are not zero.
func (t *turnState) pickRows(q *bot.Question, d *bot.TableDraft, text string) {
	rows := q.Table.InputRows()
	if bot.IsAllZero(text) {
		t.setDraft(nil)
		t.offerGrid(q, bot.ZeroGrid(q.Table), nil)
		return
	}
	fields := strings.FieldsFunc(figure.Normalize(text), func(r rune) bool {
		return !unicode.IsDigit(r) && !strings.ContainsRune("一二三四五六七八九十", r)
	})
	seen := map[int]bool{}
	var picked []int
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			var ok bool
			if n, ok = figure.SmallNumber(f); !ok {
				n = 0
			}
		}
		if n < 1 || n > len(rows) {
			t.say(msgTablePickBad, len(rows))
			return
		}
		if !seen[n] {
			seen[n] = true
			picked = append(picked, n)
		}
	}
	if len(picked) == 0 {
		t.say(msgTablePickBad, len(rows))
		return
	}
	sort.Ints(picked)
	d.Picking = false
	d.Rows = nil
	for _, n := range picked {
		d.Rows = append(d.Rows, rows[n-1].ID)
	}
	t.setDraft(d)
	t.askRow(q, d)
}

// askRow asks for the figures of the draft's next row.
func (t *turnState) askRow(q *bot.Question, d *bot.TableDraft) {
	r := q.Table.Row(d.Rows[0])
	cols := q.Table.InputCols(r)
	if len(cols) == 1 {
		t.say(msgTableRowOne, q.Table.RowName(r), cols[0].Label)
		return
	}
	t.say(msgTableRow, q.Table.RowName(r), q.Table.ColNames(cols), len(cols))
}

// fillRow reads one row's figures and asks the next row, or offers the
// finished grid.
func (t *turnState) fillRow(q *bot.Question, d *bot.TableDraft, text string) {
	r := q.Table.Row(d.Rows[0])
	if d.Given == nil {
		d.Given = map[string]bool{}
	}
	if bot.IsAllZero(text) {
		// 0 or 没有 for the row asked; for the rows still to answer
		// after a sentence that named others, all of them.
		rows := d.Rows[:1]
		if d.Rest {
			rows = d.Rows
		}
		for _, id := range rows {
			row := q.Table.Row(id)
			for _, c := range q.Table.RowCols(row) {
				k := bot.CellKey(id, c.ID)
				d.Grid[k] = "0"
				if !c.Total {
					d.Given[k] = true
				}
			}
		}
		d.Rows = d.Rows[len(rows):]
		t.nextRow(q, d)
		return
	}
	cells, err := bot.ParseRowFigures(q, r, text)
	if err != nil && d.Rest {
		// 行政强制2件, or the whole table again: the rows it names.
		if grid, given, err2 := bot.ParseGrid(t.form, q, text); err2 == nil {
			for k := range given {
				d.Grid[k], d.Given[k] = grid[k], true
			}
			d.Rows = d.Rows[:0]
			for _, row := range bot.UnansweredRows(q, d.Given) {
				d.Rows = append(d.Rows, row.ID)
			}
			t.nextRow(q, d)
			return
		}
	}
	if err != nil {
		t.say("%s", bot.ErrorMessage(err))
		t.askRow(q, d)
		return
	}
	for k, v := range cells {
		d.Grid[k] = v
		d.Given[k] = true
	}
	d.Rows = d.Rows[1:]
	t.nextRow(q, d)
}

// nextRow asks the draft's next row, or offers the finished grid.
func (t *turnState) nextRow(q *bot.Question, d *bot.TableDraft) {
	t.setDraft(d)
	if len(d.Rows) > 0 {
		t.askRow(q, d)
		return
	}
	bot.FillTotals(t.form, q, d.Grid, d.Given)
	t.offerGrid(q, d.Grid, d.Given)
}

// patchRow applies one labelled line to a refused grid: 行名 数字 ….
// The totals the bot computed (not typed by the contact) follow the
// patched cells; it returns the grid and the cells now typed.
func (t *turnState) patchRow(q *bot.Question, d *bot.TableDraft, text string) (map[string]string, map[string]bool, bool) {
	if strings.Contains(strings.TrimSpace(text), "\n") {
		return nil, nil, false
	}
	patch, changed, err := bot.ParseGrid(&bot.Form{}, q, text)
	if err != nil {
		return nil, nil, false
	}
	grid := make(map[string]string, len(d.Grid))
	for k, v := range d.Grid {
		grid[k] = v
	}
	for k := range changed {
		grid[k] = patch[k]
	}
	given := d.Given
	if given == nil && d.Typed {
		given = map[string]bool{}
	}
	// A row sent again replaces that row: a cell of it the line leaves out
	// (its 总计, as “总计可以不填” allows) is no longer the contact's, and
	// a total is computed again.
	if given != nil {
		rows := map[string]bool{}
		for k := range changed {
			row, _ := bot.SplitCellKey(k)
			rows[row] = true
		}
		kept := make(map[string]bool, len(given))
		for k := range given {
			if row, _ := bot.SplitCellKey(k); changed[k] || !rows[row] {
				kept[k] = true
			}
		}
		given = kept
	}
	return grid, bot.RefillTotals(t.form, q, d.Grid, grid, given, changed), true
}

// tableBreaks are the broken instances of the rules that read question
// qid, if grid were its answer.
func (t *turnState) tableBreaks(qid string, grid map[string]string) []bot.ArithBreak {
	return gridBreaks(t.form, t.answers, t.lastYearAll(), qid, grid)
}

// gridBreaks are the broken instances of f's rules that read question
// qid, if grid were its answer among answers (last: last year's). The
// chat and the console's grid editor check a table by this one rule.
func gridBreaks(f *bot.Form, answers, last map[string]*bot.Answer, qid string, grid map[string]string) []bot.ArithBreak {
	trial := make(map[string]*bot.Answer, len(answers)+1)
	for k, v := range answers {
		trial[k] = v
	}
	trial[qid] = &bot.Answer{QID: qid, Status: bot.Answered, Grid: grid}
	var out []bot.ArithBreak
	for _, b := range bot.CheckArith(f, trial, last) {
		for _, id := range b.QIDs() {
			if id == qid {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

func breakList(f *bot.Form, bs []bot.ArithBreak) string {
	lines := make([]string, len(bs))
	for i, b := range bs {
		lines[i] = fmt.Sprintf("%d. %s", i+1, b.Text(f))
	}
	return strings.Join(lines, "\n")
}

// offerGrid stores a finished grid, or refuses it naming the broken
// totals and keeps it, with the cells the contact typed (given; nil:
// not known), for a correction or an explanation.
func (t *turnState) offerGrid(q *bot.Question, grid map[string]string, given map[string]bool) {
	if bs := t.tableBreaks(q.ID, grid); len(bs) > 0 {
		t.setDraft(&bot.TableDraft{QID: q.ID, Grid: grid, Given: given, Typed: given != nil, Broken: true})
		t.say(msgTableBroken, breakList(t.form, bs))
		return
	}
	t.setDraft(nil)
	ans := &bot.Answer{QID: q.ID, Status: bot.Answered, Grid: grid}
	t.record(ans, "answer")
	t.say(msgTableSaved, bot.FormatGrid(q, grid))
	t.advance()
}

// explain stores a refused grid as it is, with the contact's reason.
func (t *turnState) explain(q *bot.Question, d *bot.TableDraft, text string) {
	why := strings.TrimSpace(strings.TrimLeft(strings.TrimLeft(text, "情况说明原因"), "：: ，,"))
	if why == "" {
		t.say("%s", msgTableWhyEmpty)
		return
	}
	t.setDraft(nil)
	ans := &bot.Answer{QID: q.ID, Status: bot.Answered, Grid: d.Grid, Why: bot.Truncate(why, 500)}
	t.record(ans, "explain")
	t.say(msgTableWhySaved, ans.Why)
	t.advance()
}

// sendWorkbook sends the Excel file of the form's tables, filled with the
// answers so far.
func (t *turnState) sendWorkbook() {
	if t.wb == nil {
		t.say("%s", msgTableNoFile)
		return
	}
	f, err := t.wb.Blank(t.form, t.round.DeptLabel(t.a.Ref.Dept)+t.round.Title, t.answers)
	if err != nil {
		t.say("%s", msgTableNoFile)
		return
	}
	t.file = f
	t.say("%s", msgTableFile)
}

// tableFile reads a returned workbook: every table that adds up is
// stored; those that do not are listed, and the first waits at the cursor
// for a correction or 说明.
func (t *turnState) tableFile() {
	if t.wb == nil || !t.hasTables() {
		t.say("%s", msgFileNoTables)
		return
	}
	grids, err := t.wb.Read(t.form, t.m.File.Data)
	if err != nil {
		t.say("%s", bot.ErrorMessage(err))
		return
	}
	var saved []string
	var broken []bot.ArithBreak
	var firstBroken *bot.Question
	for _, q := range t.qs {
		grid, ok := grids[q.ID]
		if !ok {
			continue
		}
		if bs := t.tableBreaks(q.ID, grid); len(bs) > 0 {
			broken = append(broken, bs...)
			if firstBroken == nil {
				firstBroken = q
				t.move(t.indexOf(q.ID))
				t.setDraft(&bot.TableDraft{QID: q.ID, Grid: grid, Broken: true})
			}
			continue
		}
		t.record(&bot.Answer{QID: q.ID, Status: bot.Answered, Grid: grid}, "file")
		saved = append(saved, fmt.Sprintf("第 %d 题", q.Number))
	}
	if len(saved) > 0 {
		t.say(msgFileSaved, strings.Join(saved, "、"))
	}
	if len(broken) > 0 {
		t.say(msgFileBroken, breakList(t.form, broken))
		return
	}
	if t.cur.Mode == bot.ModeAsk && t.cur.Q >= 0 && t.answers[t.qs[t.cur.Q].ID] != nil {
		t.advance()
	}
}

func (t *turnState) hasTables() bool {
	for _, q := range t.qs {
		if q.Kind == bot.KindTable {
			return true
		}
	}
	return false
}

// unexplained are the broken rules over the stored answers whose tables
// carry no 说明, checked again at submission.
func (t *turnState) unexplained() []bot.ArithBreak {
	var out []bot.ArithBreak
	for _, b := range bot.CheckArith(t.form, t.answers, t.lastYearAll()) {
		explained := false
		for _, id := range b.QIDs() {
			if a := t.answers[id]; a != nil && a.Why != "" {
				explained = true
			}
		}
		if !explained {
			out = append(out, b)
		}
	}
	return out
}

// isTableFile reports whether the message's file is for the form's
// tables: an Excel workbook (the handler passes on only those), a form
// with table questions and a reader for the bot's table workbook.
// Anything else a file brings is read as a pasted text.
func (t *turnState) isTableFile() bool {
	return t.m.File != nil && t.wb != nil && t.hasTables()
}
