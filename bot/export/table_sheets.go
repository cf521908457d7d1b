package export

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
)

// tableSheets adds a sheet per table question: every department's grid,
// one line per table row, then the district total summed cell by cell,
// and under it any rule the totals break.
func tableSheets(f *excelize.File, r *bot.Round, depts []Dept) error {
	var all []map[string]*bot.Answer
	for _, d := range depts {
		all = append(all, d.Assignment.Answers)
	}
	sums, breaks := bot.DistrictTables(r.Form, all)
	for _, q := range r.Form.Questions() {
		if q.Kind != bot.KindTable || q.Table == nil {
			continue
		}
		t := q.Table
		name := tableSheetName(r.Form, q)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		head := []any{"部门", "行"}
		for _, c := range t.Columns {
			head = append(head, strings.Join(append(append([]string{}, c.Group...), c.Label), "·"))
		}
		head = append(head, "说明")
		f.SetSheetRow(name, "A1", &head)
		y := 2
		write := func(dept string, a *bot.Answer) {
			for i := range t.Rows {
				row := &t.Rows[i]
				line := []any{dept, strings.TrimSpace(row.Label)}
				for _, c := range t.Columns {
					switch {
					case !t.HasCell(row, c.ID):
						line = append(line, "—")
					case a == nil || a.Status == bot.Skipped:
						line = append(line, "")
					case a.Status == bot.NotApply:
						line = append(line, 0)
					default:
						line = append(line, number(nonEmpty(a.Grid[bot.CellKey(row.ID, c.ID)])))
					}
				}
				if i == 0 && a != nil && a.Why != "" {
					line = append(line, a.Why)
				}
				f.SetSheetRow(name, fmt.Sprintf("A%d", y), &line)
				y++
			}
		}
		for _, d := range depts {
			write(d.Dept.Name, d.Assignment.Answers[q.ID])
		}
		write("全区合计", sums[q.ID])
		for _, b := range breaks {
			for _, id := range b.QIDs() {
				if id == q.ID {
					f.SetCellValue(name, fmt.Sprintf("A%d", y), "全区合计核对："+b.Text(r.Form))
					y++
					break
				}
			}
		}
		f.SetColWidth(name, "A", "A", 14)
		f.SetColWidth(name, "B", "B", 40)
	}
	return nil
}

func nonEmpty(v string) string {
	if v == "" {
		return "0"
	}
	return v
}

// explainedColumn adds to the status sheet the explanations departments
// gave for tables that do not add up, so the coordinator sees who did.
func explainedColumn(f *excelize.File, sheet string, r *bot.Round, depts []Dept) {
	f.SetCellValue(sheet, "G1", "表格核对说明")
	for i, d := range depts {
		var notes []string
		for _, q := range r.Form.Questions() {
			if a := d.Assignment.Answers[q.ID]; a != nil && a.Why != "" {
				notes = append(notes, fmt.Sprintf("第 %d 题：%s", q.Number, a.Why))
			}
		}
		if len(notes) > 0 {
			f.SetCellValue(sheet, fmt.Sprintf("G%d", i+2), strings.Join(notes, "；"))
		}
	}
}
