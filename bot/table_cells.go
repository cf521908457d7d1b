package bot

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// CellErrors are the cells of a typed grid that could not be read: cell
// key ("row.col") → what is wrong, in Chinese, naming the cell.
type CellErrors map[string]string

// Error lists the cells' messages in table order (by key).
func (ce CellErrors) Error() string {
	keys := make([]string, 0, len(ce))
	for k := range ce {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = ce[k]
	}
	return strings.Join(msgs, "\n")
}

// CellErrorsOf returns the cell errors err carries, nil if none.
func CellErrorsOf(err error) CellErrors {
	var ce CellErrors
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// IsTotalCell reports whether a cell is computed by the form's rules
// rather than typed: one of a total row or of a total column.
func (t *Table) IsTotalCell(row *TableRow, col *TableCol) bool {
	return row.Total || col.Total
}

// ParseGridCells reads a grid typed cell by cell (a web form): each cell a
// whole non-negative number, or a non-negative decimal in a 万元 or 元
// column. A blank cell is 0, except a total's cell, which is left for
// FillTotals to compute; given holds the cells typed. Every cell that
// cannot be read is named in the EInvalid error, whose CellErrors say
// which (CellErrorsOf). Keys that are no cell of the table are ignored.
func ParseGridCells(q *Question, cells map[string]string) (grid map[string]string, given map[string]bool, err error) {
	t := q.Table
	grid, given = ZeroGrid(t), map[string]bool{}
	bad := CellErrors{}
	var order []string
	for i := range t.Rows {
		r := &t.Rows[i]
		for _, c := range t.RowCols(r) {
			key := CellKey(r.ID, c.ID)
			text := strings.TrimSpace(cells[key])
			if text == "" {
				continue
			}
			v, msg := readCell(text, q.CellUnit(c.ID))
			if msg != "" {
				bad[key] = fmt.Sprintf("“%s”填写的“%s”%s", t.CellLabel(r.ID, c.ID), Truncate(text, 20), msg)
				order = append(order, bad[key])
				continue
			}
			grid[key], given[key] = v, true
		}
	}
	if len(bad) > 0 {
		return nil, nil, &Error{Code: EInvalid, Message: strings.Join(order, "\n"), Op: "bot: parse grid cells", Err: bad}
	}
	return grid, given, nil
}

// readCell reads one typed cell: ASCII or full-width digits, commas
// between thousands allowed; a decimal point only for money.
func readCell(text, unit string) (string, string) {
	money := unit == "万元" || unit == "元"
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '，' || r == ',':
			// thousands separators
		case r == '．':
			b.WriteRune('.')
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	want := "不是非负整数，请只填数字（没有请填 0）。"
	if money {
		want = "不是非负数，请只填数字（单位：" + unit + "）。"
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "－") {
		return "", "不能为负数。"
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && money && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return "", want
		}
	}
	if s == "" {
		return "", want
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", want
	}
	return ratString(v), ""
}
