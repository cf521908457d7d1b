package handlers

import (
	"strings"

	"reportbot/bot"
)

// gridLayout is a table question laid out as the national template draws
// it: column groups as merged header cells above the columns' labels, row
// groups as merged cells left of the rows' labels, one input per cell.
type gridLayout struct {
	Caption, Corner, Note, Unit string
	CornerRows, CornerCols      int
	Head                        [][]gridHead
	Lines                       []gridLine
}

// gridHead is one header cell.
type gridHead struct {
	Text, Unit       string
	Colspan, Rowspan int
}

// gridLine is one row: the group cells it opens, its label, its cells.
type gridLine struct {
	Groups       []gridHead
	Label        string
	LabelColspan int
	Total        bool
	Cells        []gridCell
}

// gridCell is one input, or a cell the row does not have (None).
type gridCell struct {
	Key, Name, Value, Label, Error string
	None, Total, Money             bool
}

// layoutGrid lays q's table out with values in its cells (typed or
// stored); bad marks the cells that could not be read.
func layoutGrid(q *bot.Question, values map[string]string, bad bot.CellErrors, blank bool) gridLayout {
	t := q.Table
	l := gridLayout{Caption: t.Caption, Corner: t.Corner, Note: t.Note, Unit: q.Unit}
	colDepth, rowDepth := 1, 1
	for _, c := range t.Columns {
		colDepth = max(colDepth, len(c.Group)+1)
	}
	for _, r := range t.Rows {
		rowDepth = max(rowDepth, len(r.Group)+1)
	}
	l.CornerRows, l.CornerCols = colDepth, rowDepth
	path := func(j int) []string { return append(append([]string{}, t.Columns[j].Group...), t.Columns[j].Label) }
	for lv := 0; lv < colDepth; lv++ {
		var line []gridHead
		for j := range t.Columns {
			p := path(j)
			e, ok := headAt(p, colDepth, lv)
			switch {
			case !ok:
				continue // under a cell spanning down
			case e.k == len(p)-1:
				h := gridHead{Text: p[e.k], Colspan: 1, Rowspan: e.rows}
				if u := t.Columns[j].Unit; u != "" && !strings.Contains(p[e.k], u) {
					h.Unit = u
				}
				line = append(line, h)
			default:
				same := func(k int) bool {
					q := path(k)
					o, ok := headAt(q, colDepth, lv)
					return ok && o.k == e.k && o.k < len(q)-1 && samePrefix(q, p, e.k+1)
				}
				if j > 0 && same(j-1) {
					continue
				}
				n := 1
				for k := j + 1; k < len(t.Columns) && same(k); k++ {
					n++
				}
				line = append(line, gridHead{Text: p[e.k], Colspan: n, Rowspan: e.rows})
			}
		}
		l.Head = append(l.Head, line)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		gl := gridLine{Label: strings.TrimSpace(r.Label), LabelColspan: rowDepth - len(r.Group), Total: r.Total}
		for lv := range r.Group {
			if i > 0 && samePrefix(t.Rows[i-1].Group, r.Group, lv+1) {
				continue
			}
			n := 1
			for k := i + 1; k < len(t.Rows) && samePrefix(t.Rows[k].Group, r.Group, lv+1); k++ {
				n++
			}
			gl.Groups = append(gl.Groups, gridHead{Text: r.Group[lv], Colspan: 1, Rowspan: n})
		}
		for ci := range t.Columns {
			c := &t.Columns[ci]
			if !t.HasCell(r, c.ID) {
				gl.Cells = append(gl.Cells, gridCell{None: true})
				continue
			}
			key := bot.CellKey(r.ID, c.ID)
			cell := gridCell{Key: key, Name: "c." + key, Value: values[key], Label: t.CellLabel(r.ID, c.ID), Error: bad[key],
				Total: t.IsTotalCell(r, c), Money: q.CellUnit(c.ID) == "万元" || q.CellUnit(c.ID) == "元"}
			if blank {
				cell.Value = ""
			}
			gl.Cells = append(gl.Cells, cell)
		}
		l.Lines = append(l.Lines, gl)
	}
	return l
}

// headSpan is where one entry of a column's header path sits: entry k
// from header row row, rows high.
type headSpan struct{ k, rows int }

// headAt returns the entry of header path p (groups, then the label)
// that starts at header row lv of depth rows, as the template draws
// them: labels all on the bottom row, a column's last group stretched
// down to its labels, a column with no group one cell the whole height.
func headAt(p []string, depth, lv int) (headSpan, bool) {
	n := len(p)
	if n == 1 {
		return headSpan{0, depth}, lv == 0
	}
	switch {
	case lv < n-2:
		return headSpan{lv, 1}, true
	case lv == n-2:
		return headSpan{n - 2, depth - n + 1}, true
	case lv == depth-1:
		return headSpan{n - 1, 1}, true
	}
	return headSpan{}, false
}

// samePrefix reports whether a and b agree on their first n entries.
func samePrefix(a, b []string, n int) bool {
	if len(a) < n || len(b) < n {
		return false
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
