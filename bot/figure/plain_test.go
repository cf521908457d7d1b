package figure

import (
	"os"
	"strings"
	"testing"
)

// samePlainReading checks that where plainInteger takes a run, it reads
// it exactly as the full reader does.
func samePlainReading(t testing.TB, s string) bool {
	v, n, ok := plainInteger(s)
	if !ok {
		return false
	}
	fv, fq, fn, err := readMagnitudeFull(s)
	if err != nil || fv != v || fq != "" || fn != n {
		t.Errorf("%q: plain reading %q (%d bytes), full reading %q %q (%d bytes, %v)", s, v, n, fv, fq, fn, err)
	}
	return true
}

// TestPlainIntegerReadsAsTheFullReader: the fast path for plain figures
// (381件) gives the full reader's value and length for every run it
// takes: each figure of the seed report, and digits followed by each
// character that could continue a number or end one.
func TestPlainIntegerReadsAsTheFullReader(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed_report.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(seed)
	taken, refused := 0, 0
	for i := range len(text) {
		if i > 0 && text[i-1] >= '0' && text[i-1] <= '9' || text[i] < '0' || text[i] > '9' {
			continue
		}
		if samePlainReading(t, text[i:]) {
			taken++
		} else {
			refused++
		}
	}
	if taken < 20 {
		t.Errorf("the fast path took only %d of the seed's %d figures", taken, taken+refused)
	}
	followers := []string{"", "件", "次", "场", "人", "%", "％", "。", "，", ",", "，000", ",000", ".", ".5", "．5", "万", "萬", "亿", "億",
		"千", "百", "十", "拾", "佰", "仟", "余", "余万", "多", "多万", "来", "w", "W", "wifi", "０", "零", "〇", "○", "Ｏ", "点", "点五", "一",
		"两", "个", "年", "-30", "~30", "至30", "几", "·4", "G", " ", "\n", "余件", "多件", "\xff"}
	for _, digits := range []string{"0", "00", "7", "007", "381", "1000", "2025", "123456789012345678901234567890"} {
		for _, f := range followers {
			samePlainReading(t, digits+f)
		}
	}
	for r := rune(0x4e00); r < 0x4e00+2000; r++ {
		samePlainReading(t, "42"+string(r))
	}
	if v, n, ok := plainInteger("381件"); !ok || v != "381" || n != 3 {
		t.Errorf("381件: %q %d %v", v, n, ok)
	}
	for _, s := range []string{"3万", "1,234件", "1.5%", "10余万件", "１２件"} {
		if _, _, ok := plainInteger(s); ok {
			t.Errorf("%s taken by the fast path", s)
		}
	}
}

// FuzzPlainInteger: for any text, the fast path agrees with the full
// reader wherever it answers.
func FuzzPlainInteger(f *testing.F) {
	for _, s := range []string{"381件", "42%", "1,234", "3万2千", "10余万", "007次", "5w", "12·4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		samePlainReading(t, s)
	})
}

// TestVagueMarks: every kind of vague quantity vagueRE finds holds one of
// vagueMarks, so text without them may skip the search.
func TestVagueMarks(t *testing.T) {
	for _, s := range []string{"数十件", "好几百人", "几千次", "20几场", "十几次", "若干项", "数以万计", "成百上千", "成千", "成万",
		"20-30件", "20~30件", "20～30件", "20至30件", "20到30件", "1.5%-2%"} {
		m := vagueRE.FindString(s)
		if m == "" {
			t.Errorf("%s: vagueRE finds nothing", s)
			continue
		}
		if !strings.ContainsAny(m, vagueMarks) {
			t.Errorf("%s: the match %q holds none of %q", s, m, vagueMarks)
		}
		if vague(s) == "" {
			t.Errorf("%s is not vague", s)
		}
	}
	if got := vague("两三场"); got == "" {
		t.Error("两三场 (a pair of digits) is not vague")
	}
}

// TestScaledFiguresReadBack: a figure written back with its qualifier
// before 万 or 亿 reads as the same figure again.
func TestScaledFiguresReadBack(t *testing.T) {
	for _, typed := range []string{"10余万件", "十多万件", "8多万人次", "十来万", "3千多万元", "3多亿元", "10万余件", "约10余万件", "2万零500"} {
		f, err := Parse(typed)
		if err != nil {
			t.Fatalf("%s: %v", typed, err)
		}
		again, err := Parse(Format(f))
		if err != nil || again != f {
			t.Errorf("%s: written %q, read back %+v (%v), want %+v", typed, Format(f), again, err, f)
		}
	}
}
