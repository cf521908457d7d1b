package bot

import (
	"strings"

	"reportbot/bot/figure"
)

// ItemFigures returns every figure of an item's text, in order and as
// written: the unit in full (120批次 stays 批次, 约85万元 stays 85万元 rather
// than 850000元), the qualifier kept; years and dates are left out.
func ItemFigures(text string) []Figure {
	var out []Figure
	for _, sp := range figure.Find(text) {
		switch sp.Figure.Unit {
		case "年", "月", "日", "号":
			continue
		}
		out = append(out, asWritten(sp))
	}
	return out
}

// asWritten undoes the 万/亿 multiplier the finder applies when the text
// wrote it before a unit: 85万元 is kept as 85 万元.
func asWritten(sp figure.Span) Figure {
	f := sp.Figure
	if f.Unit == "" || f.Unit == "%" {
		return f
	}
	for _, m := range []struct {
		word string
		exp  int
	}{{"万", -4}, {"亿", -8}} {
		if strings.Contains(figure.Normalize(sp.Text), m.word+f.Unit) {
			if v, ok := figure.ScaleDecimal(f.Value, m.exp); ok {
				f.Value, f.Unit = v, m.word+f.Unit
			}
			break
		}
	}
	return f
}
