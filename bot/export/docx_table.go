package export

import (
	"fmt"
	"strings"

	"reportbot/bot"
)

// Tables are set in 仿宋 五号 (10.5 pt) at single spacing, centred, with
// single-line borders, as the template's tables are printed.
const (
	sizeTable = 21
	textWidth = pageW - marLeft - marRight
)

// xcell is one cell of a Word table: its text, how many grid columns it
// spans, and whether it starts ("restart") or continues ("continue") a
// vertical merge.
type xcell struct {
	text  string
	span  int
	vm    string
	left  bool // row labels align left
	label bool // header and label cells
}

// tableXML writes a report table laid out as the national template: an
// optional caption band (第二十条第（一）项), grouped column headers merged
// across and down, row labels with their groups merged down (三、本年度办理
// 结果 beside its rows), the figures, and 总计 rows and columns as given.
func tableXML(rt bot.ReportTable) string {
	t := rt.Table
	labelCols := 0
	if t.Corner != "" || len(t.Rows) > 1 {
		labelCols = 1
		for _, r := range t.Rows {
			if len(r.Group)+1 > labelCols {
				labelCols = len(r.Group) + 1
			}
		}
	}
	depth := 1
	for _, c := range t.Columns {
		if len(c.Group)+1 > depth {
			depth = len(c.Group) + 1
		}
	}
	n := len(t.Columns)
	var rows [][]xcell
	if t.Caption != "" {
		rows = append(rows, []xcell{{text: t.Caption, span: labelCols + n, left: true, label: true}})
	}
	band := 0
	if t.Note != "" {
		band = 1
	}
	for h := 0; h < depth+band; h++ {
		var row []xcell
		if labelCols > 0 {
			c := xcell{span: labelCols, vm: "continue", label: true}
			if h == 0 {
				c.vm, c.text = "restart", t.Corner
				if band == 1 {
					c.text = t.Note
				}
			}
			if depth+band == 1 {
				c.vm = ""
			}
			row = append(row, c)
		}
		if band == 1 && h == 0 {
			rows = append(rows, append(row, xcell{text: t.Corner, span: n, label: true}))
			continue
		}
		level := h - band
		for j := 0; j < n; {
			c := t.Columns[j]
			switch {
			case level < len(c.Group):
				k := j + 1
				for k < n && len(t.Columns[k].Group) > level && strings.Join(t.Columns[k].Group[:level+1], "/") == strings.Join(c.Group[:level+1], "/") {
					k++
				}
				row = append(row, xcell{text: c.Group[level], span: k - j, label: true})
				j = k
				continue
			case level == len(c.Group):
				vm := ""
				if level < depth-1 {
					vm = "restart"
				}
				row = append(row, xcell{text: c.Label, span: 1, vm: vm, label: true})
			default:
				row = append(row, xcell{span: 1, vm: "continue", label: true})
			}
			j++
		}
		rows = append(rows, row)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		var row []xcell
		for g := 0; g < labelCols; g++ {
			if g < len(r.Group) {
				same := i > 0 && len(t.Rows[i-1].Group) > g && strings.Join(t.Rows[i-1].Group[:g+1], "/") == strings.Join(r.Group[:g+1], "/")
				next := i+1 < len(t.Rows) && len(t.Rows[i+1].Group) > g && strings.Join(t.Rows[i+1].Group[:g+1], "/") == strings.Join(r.Group[:g+1], "/")
				c := xcell{span: 1, left: true, label: true}
				switch {
				case same:
					c.vm = "continue"
				case next:
					c.vm, c.text = "restart", r.Group[g]
				default:
					c.text = r.Group[g]
				}
				row = append(row, c)
				continue
			}
			row = append(row, xcell{text: r.Label, span: labelCols - g, left: true, label: true})
			break
		}
		for _, c := range t.Columns {
			v := "—"
			if t.HasCell(r, c.ID) {
				if v = rt.Grid[bot.CellKey(r.ID, c.ID)]; v == "" {
					v = "0"
				}
			}
			row = append(row, xcell{text: v, span: 1})
		}
		rows = append(rows, row)
	}
	// Widths: the label columns take 40% of the text width when there are
	// many figure columns, more when there are few; figures share the rest.
	labelW := 0
	if labelCols > 0 {
		labelW = textWidth * 2 / 5
		if n <= 3 {
			labelW = textWidth / 2
		}
	}
	var b strings.Builder
	if rt.Unit != "" && !anyColumnUnit(t) {
		b.WriteString(para("BodyText", `<w:keepNext/><w:jc w:val="right"/><w:ind w:firstLineChars="0" w:firstLine="0"/>`, run("单位："+rt.Unit, fontBody, sizeTable, false)))
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	// Group columns are narrow (三、本年度办理结果 in four characters a
	// line); the row labels take the rest.
	const groupW = 1000
	if labelCols > 1 {
		labelW = textWidth / 2
	}
	for g := 0; g < labelCols; g++ {
		w := labelW - groupW*(labelCols-1)
		if g < labelCols-1 {
			w = groupW
		}
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	for j := 0; j < n; j++ {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, (textWidth-labelW)/n)
	}
	b.WriteString(`</w:tblGrid>`)
	// Small tables stay on one page, and a long one's header with its
	// first row: each of those rows keeps with the next.
	headRows := len(rows) - len(t.Rows)
	for ri, row := range rows {
		keep := ri < len(rows)-1 && (len(rows) <= 8 || ri <= headRows)
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for _, c := range row {
			b.WriteString(`<w:tc><w:tcPr>`)
			if c.span > 1 {
				fmt.Fprintf(&b, `<w:gridSpan w:val="%d"/>`, c.span)
			}
			switch c.vm {
			case "restart":
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case "continue":
				b.WriteString(`<w:vMerge/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			jc := "center"
			if c.left {
				jc = "left"
			}
			kn := ""
			if keep {
				kn = "<w:keepNext/>"
			}
			fmt.Fprintf(&b, `<w:p><w:pPr>%s<w:snapToGrid w:val="0"/><w:spacing w:line="260" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="%s"/></w:pPr>`, kn, jc)
			if c.text != "" {
				b.WriteString(run(c.text, fontBody, sizeTable, false))
			}
			b.WriteString(`</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	// A table must be followed by a paragraph; it also spaces the tables.
	b.WriteString(para("BodyText", `<w:spacing w:line="240" w:lineRule="auto"/>`))
	return b.String()
}

func anyColumnUnit(t *bot.Table) bool {
	for _, c := range t.Columns {
		if c.Unit != "" {
			return true
		}
	}
	return false
}
