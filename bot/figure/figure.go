// Package figure reads the figures Chinese officials write: Arabic and
// Chinese numerals (一千三百五十二, 两万五, 103，204), 万 and 亿, percentages
// (43%, 百分之四十三), units (件, 人次, 万元) and qualifiers (约, 余, 左右).
// It parses one figure typed as an answer, finds every figure in a free
// text, and writes a figure back in the canonical form reports use.
//
// Values are exact decimal strings, never floats. The package imports
// nothing of reportbot: the answer parser, the fact lock and the exports
// all build on it.
package figure

import (
	"strings"
	"unicode/utf8"
)

// Figure is a parsed number with its unit, kept exactly: Value is a canonical
// decimal string ("103204", "43", "12.5", "-3"), never a float.
type Figure struct {
	Value     string `json:"v"`
	Unit      string `json:"u,omitempty"`
	Qualifier string `json:"q,omitempty"` // 约 近 余 多 超过 左右 …, kept beside the exact value
	// Scale is 万 or 亿 when the qualifier was written inside the number,
	// before that magnitude: 10余万件 (ten-odd 万) is Value 100000,
	// Qualifier 余, Scale 万, and is written back as 10余万件, never as
	// 100,000余件, which reads as a little over 100,000.
	Scale string `json:"s,omitempty"`
}

// Error says why a text is not a figure, in one plain Chinese sentence
// fit to show the person who typed it.
type Error struct {
	Reason string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Reason }

// Format writes a figure the way the bot echoes it and reports print it:
// 381件 · 103,204件 · 约15次 · 15次左右 · 100余件 · 43% · 12.5万元.
// Integers of five or more digits get thousands separators, as the seed
// report writes 1352 but 103，204.
func Format(f Figure) string {
	v, scale := f.Value, ""
	if sv, ok := scaledValue(f); ok {
		v, scale = sv, f.Scale // 10余万件: the qualifier before the magnitude
	} else if intDigits(v) >= 5 {
		v = GroupThousands(v)
	}
	switch {
	case f.Qualifier == "":
		return v + scale + f.Unit
	case contains(infixQualifiers, f.Qualifier):
		return v + f.Qualifier + scale + f.Unit
	case contains(suffixQualifiers, f.Qualifier):
		return v + scale + f.Unit + f.Qualifier
	}
	return f.Qualifier + v + scale + f.Unit
}

// scaledValue writes f's value in its Scale (100000 in 万 is 10), when the
// qualifier is one written inside a number (余, 多, 来), the value divides
// by the scale and the unit does not already carry a magnitude (万元). So
// the text it writes reads back as the same figure.
func scaledValue(f Figure) (string, bool) {
	exp := map[string]int{"万": 4, "亿": 8}[f.Scale]
	if exp == 0 || !contains(infixQualifiers, f.Qualifier) || strings.HasPrefix(f.Unit, "万") || strings.HasPrefix(f.Unit, "亿") {
		return "", false
	}
	v, ok := ScaleDecimal(f.Value, -exp)
	if !ok || strings.Contains(v, ".") || v == "0" {
		return "", false
	}
	if intDigits(v) >= 5 {
		v = GroupThousands(v)
	}
	return v, true
}

// Same reports whether a figure found in a text states the same exact
// value as want in the same unit word (a bare number matches any unit).
// SameValue also accepts a unit's synonyms; SameAssertion also compares
// qualifiers.
func Same(found, want Figure) bool {
	return sameValue(found, want) && (found.Unit == "" || found.Unit == want.Unit)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// truncate cuts s to n characters, marking the cut with ….
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
