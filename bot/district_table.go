package bot

import "math/big"

// SumGrids adds departments' answers to table question q cell by cell.
// It returns the district grid and how many departments answered; a
// department that answered 不涉及 counts as zeros.
func SumGrids(q *Question, answers []map[string]*Answer) (map[string]string, int) {
	sums := map[string]*big.Rat{}
	n := 0
	for _, as := range answers {
		a := as[q.ID]
		if a == nil || a.Status == Skipped {
			continue
		}
		n++
		if a.Status != Answered {
			continue
		}
		for k := range a.Grid {
			if sums[k] == nil {
				sums[k] = new(big.Rat)
			}
			sums[k].Add(sums[k], GridValue(a.Grid, k))
		}
	}
	grid := ZeroGrid(q.Table)
	for k, v := range sums {
		grid[k] = ratString(v)
	}
	return grid, n
}

// DistrictTables sums every table question over the departments'
// answers and checks the form's arithmetic rules on the totals (last
// year's rule is left out: the district has no answers of its own).
func DistrictTables(f *Form, answers []map[string]*Answer) (map[string]*Answer, []ArithBreak) {
	out := map[string]*Answer{}
	for _, q := range f.Questions() {
		if q.Kind != KindTable || q.Table == nil {
			continue
		}
		if grid, n := SumGrids(q, answers); n > 0 {
			out[q.ID] = &Answer{QID: q.ID, Status: Answered, Grid: grid}
		}
	}
	return out, CheckArith(f, out, nil)
}
