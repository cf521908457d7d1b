package figure

import (
	"math/big"
	"strings"
)

// QualifierSense says what a qualifier asserts about the exact value beside
// it: "" for an exact figure, "about" (约, 大约, 大概, 左右, 上下, 来),
// "over" (余, 多, 超过, 超, 突破, 逾, 以上, 多于, 高于, 不低于) or "under" (近,
// 将近, 接近, 不到, 不足, 低于). Two figures with the same value but different senses assert
// different things: 450人次 is not 约450人次, and 300余项 is not 300项.
func QualifierSense(q string) string {
	switch q {
	case "":
		return ""
	case "约", "大约", "大概", "左右", "上下", "来", "约为":
		return "about"
	case "余", "多", "超过", "超", "突破", "逾", "以上", "多于", "不少于", "至少", "不低于", "高于", "大于":
		return "over"
	case "近", "将近", "接近", "不到", "不足", "少于", "低于", "小于":
		return "under"
	}
	return "about"
}

// SameAssertion reports whether a figure found in a text asserts what the
// figure want asserts: the same exact value, a unit that counts the same
// thing (a bare number matches any unit), and a qualifier of the same
// sense.
func SameAssertion(found, want Figure) bool {
	return SameValue(found, want) && QualifierSense(found.Qualifier) == QualifierSense(want.Qualifier)
}

// sameValue compares exact values; with both units given, a unit scaled
// by 万 or 亿 is compared in its base unit (249.5万元 is 2495000元).
func sameValue(a, b Figure) bool {
	if a.Unit == "" || b.Unit == "" {
		av, ok1 := DecimalRat(a.Value)
		bv, ok2 := DecimalRat(b.Value)
		return ok1 && ok2 && av.Cmp(bv) == 0
	}
	av, _, ok1 := scaled(a)
	bv, _, ok2 := scaled(b)
	return ok1 && ok2 && av.Cmp(bv) == 0
}

// scaled returns f's value in its base unit: 249.5万元 is 2495000 元, 1.2亿元
// 120000000 元.
func scaled(f Figure) (*big.Rat, string, bool) {
	v, ok := DecimalRat(f.Value)
	if !ok {
		return nil, "", false
	}
	unit := f.Unit
	for _, p := range []struct {
		prefix string
		mul    int64
	}{{"亿", 100000000}, {"万", 10000}} {
		if base, ok := strings.CutPrefix(unit, p.prefix); ok && base != "" {
			v = new(big.Rat).Mul(v, new(big.Rat).SetInt64(p.mul))
			unit = base
		}
	}
	return v, unit, true
}

// SameMeasure reports whether two units count the same thing at any scale:
// 万元 and 元, 万人次 and 人次, 宗 and 件.
func SameMeasure(a, b string) bool { return SameUnit(baseUnit(a), baseUnit(b)) }

// baseUnit is a unit without its 万 or 亿 scale.
func baseUnit(u string) string {
	for _, p := range []string{"亿", "万"} {
		if base, ok := strings.CutPrefix(u, p); ok && base != "" {
			u = base
		}
	}
	return u
}

// SameValue reports whether two figures state the same exact value in a
// unit that counts the same thing (a bare number matches any unit),
// whatever their qualifiers.
func SameValue(found, want Figure) bool {
	return sameValue(found, want) && (found.Unit == "" || SameMeasure(found.Unit, want.Unit))
}
