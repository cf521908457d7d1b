package bot

import (
	"fmt"
	"strings"
)

// Markdown writes the table as a pipe table: the columns' full headers,
// one line per row with its group, "—" where a row has no such cell.
func (rt ReportTable) Markdown() string {
	t := rt.Table
	var b strings.Builder
	if t.Caption != "" {
		fmt.Fprintf(&b, "**%s**\n\n", t.Caption)
	}
	corner := t.Corner
	if corner == "" {
		corner = "项目"
	}
	heads := []string{corner}
	for _, c := range t.Columns {
		heads = append(heads, strings.Join(append(append([]string{}, c.Group...), c.Label), "·"))
	}
	fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(heads, " | "), strings.Repeat("---|", len(heads)))
	for i := range t.Rows {
		r := &t.Rows[i]
		cells := []string{strings.Join(append(append([]string{}, r.Group...), r.Label), " ")}
		for _, c := range t.Columns {
			v := "—"
			if t.HasCell(r, c.ID) {
				if v = rt.Grid[CellKey(r.ID, c.ID)]; v == "" {
					v = "0"
				}
			}
			cells = append(cells, v)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
	}
	if rt.Unit != "" {
		fmt.Fprintf(&b, "\n单位：%s\n", rt.Unit)
	}
	b.WriteString("\n")
	return b.String()
}

// ReportTables are the table answers of section si, in form order, for
// the report.
func (f *Form) ReportTables(si int, answers map[string]*Answer) []ReportTable {
	var out []ReportTable
	for _, q := range f.Questions() {
		if q.Section != si || q.Kind != KindTable || q.Table == nil {
			continue
		}
		grid := map[string]string{}
		if a := answers[q.ID]; a != nil && a.Status == Answered {
			grid = a.Grid
		}
		out = append(out, ReportTable{Table: q.Table, Unit: q.Unit, Grid: grid})
	}
	return out
}
