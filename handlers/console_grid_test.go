package handlers

import (
	"fmt"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/prompts"
)

// heads writes a layout's header rows as text: 文字(colspan×rowspan).
func heads(l gridLayout) []string {
	var out []string
	for _, line := range l.Head {
		var cells []string
		for _, h := range line {
			cells = append(cells, fmt.Sprintf("%s(%d×%d)", h.Text, h.Colspan, h.Rowspan))
		}
		out = append(out, strings.Join(cells, " "))
	}
	return out
}

// TestGridLayout: the console's grid is drawn as the national template
// draws it. One row = a table of the shipped form → its header rows
// (groups merged over their columns, labels on the bottom row, a column
// with no group the whole height) and the row header cells of some rows.
func TestGridLayout(t *testing.T) {
	f, err := prompts.Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		qid    string
		corner [2]int
		heads  []string
		rows   map[int]string // row index → group cells then label(colspan)
	}{
		{qid: "t2_docs", corner: [2]int{1, 1}, heads: []string{"本年制发件数(1×1) 本年废止件数(1×1) 现行有效件数(1×1)"},
			rows: map[int]string{0: "规章(1)", 1: "行政规范性文件(1)"}},
		{qid: "t3", corner: [2]int{2, 3}, heads: []string{"自然人(1×2) 法人或其他组织(5×1) 总计(1×2)",
			"商业企业(1×1) 科研机构(1×1) 社会公益组织(1×1) 法律服务机构(1×1) 其他(1×1)"},
			rows: map[int]string{0: "一、本年新收政府信息公开申请数量(3)", 2: "三、本年度办理结果[22] （一）予以公开(2)",
				4: "（三）不予公开[8] 1.属于国家秘密(1)", 5: "2.其他法律行政法规禁止公开(1)"}},
		{qid: "t4", corner: [2]int{3, 1}, heads: []string{"行政复议(5×2) 行政诉讼(10×1)", "未经复议直接起诉(5×1) 复议后起诉(5×1)",
			strings.TrimSpace(strings.Repeat("结果维持(1×1) 结果纠正(1×1) 其他结果(1×1) 尚未审结(1×1) 总计(1×1) ", 3))},
			rows: map[int]string{0: "案件数量(1)"}},
	} {
		q := f.Question(c.qid)
		l := layoutGrid(q, map[string]string{}, nil, false)
		if got := [2]int{l.CornerRows, l.CornerCols}; got != c.corner {
			t.Errorf("%s: corner %v, want %v", c.qid, got, c.corner)
		}
		if got := heads(l); strings.Join(got, "\n") != strings.Join(c.heads, "\n") {
			t.Errorf("%s: heads\n%s\nwant\n%s", c.qid, strings.Join(got, "\n"), strings.Join(c.heads, "\n"))
		}
		for i, want := range c.rows {
			line := l.Lines[i]
			var parts []string
			for _, g := range line.Groups {
				parts = append(parts, fmt.Sprintf("%s[%d]", g.Text, g.Rowspan))
			}
			parts = append(parts, fmt.Sprintf("%s(%d)", line.Label, line.LabelColspan))
			if got := strings.Join(parts, " "); got != want {
				t.Errorf("%s row %d: %s, want %s", c.qid, i, got, want)
			}
		}
		// Every row spans the same width: its groups, its label, its cells.
		open := make([]int, len(l.Lines)) // header columns covered from above
		for i, line := range l.Lines {
			w := open[i] + line.LabelColspan + len(line.Cells)
			for _, g := range line.Groups {
				w++
				for k := i + 1; k < i+g.Rowspan; k++ {
					open[k]++
				}
			}
			if want := l.CornerCols + len(q.Table.Columns); w != want {
				t.Errorf("%s row %d is %d cells wide, want %d", c.qid, i, w, want)
			}
		}
	}
	// A cell that cannot be read is marked; a row's missing cell is none.
	t3 := f.Question("t3")
	l := layoutGrid(t3, map[string]string{"new.natural": "12a"}, bot.CellErrors{"new.natural": "不是数字"}, false)
	if c := l.Lines[0].Cells[0]; c.Value != "12a" || c.Error != "不是数字" || c.Name != "c.new.natural" || c.Total {
		t.Errorf("bad cell %+v", c)
	}
	if c := l.Lines[0].Cells[6]; !c.Total || c.Label != "一、本年新收政府信息公开申请数量·总计" {
		t.Errorf("total cell %+v", c)
	}
}
