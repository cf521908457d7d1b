package figure

// QualifierSense says what a qualifier asserts about the exact value beside
// it: "" for an exact figure, "about" (约, 大约, 大概, 左右, 上下, 来),
// "over" (余, 多, 超过, 超, 逾, 以上, 多于) or "under" (近, 将近, 接近, 不到,
// 不足). Two figures with the same value but different senses assert
// different things: 450人次 is not 约450人次, and 300余项 is not 300项.
func QualifierSense(q string) string {
	switch q {
	case "":
		return ""
	case "约", "大约", "大概", "左右", "上下", "来", "约为":
		return "about"
	case "余", "多", "超过", "超", "逾", "以上", "多于", "不少于", "至少":
		return "over"
	case "近", "将近", "接近", "不到", "不足", "少于":
		return "under"
	}
	return "about"
}

// SameAssertion reports whether a figure found in a text asserts what the
// figure want asserts: the same exact value, a unit that counts the same
// thing (a bare number matches any unit), and a qualifier of the same
// sense.
func SameAssertion(found, want Figure) bool {
	return sameValue(found, want) && (found.Unit == "" || SameUnit(found.Unit, want.Unit)) &&
		QualifierSense(found.Qualifier) == QualifierSense(want.Qualifier)
}

// sameValue compares exact values.
func sameValue(a, b Figure) bool {
	av, ok1 := DecimalRat(a.Value)
	bv, ok2 := DecimalRat(b.Value)
	return ok1 && ok2 && av.Cmp(bv) == 0
}

// SameValue reports whether two figures state the same exact value in a
// unit that counts the same thing (a bare number matches any unit),
// whatever their qualifiers.
func SameValue(found, want Figure) bool {
	return sameValue(found, want) && (found.Unit == "" || SameUnit(found.Unit, want.Unit))
}
