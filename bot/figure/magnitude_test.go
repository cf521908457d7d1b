package figure

import (
	"strings"
	"testing"
)

// TestMagnitudePhrasings is the table of magnitudes as officials write
// them (10余万件, 3万2千件, 近万件, 千余件, 上千人次) and of the vague or
// malformed ones that must be refused: each row is what was typed and the
// canonical figure, or "!" and words of the refusal. A refused text must
// also yield no figure to the finder, so that no part of it can be stored
// as another number.
func TestMagnitudePhrasings(t *testing.T) {
	cases := []struct{ typed, want string }{
		// 余/多/来 between the number and 万 or 亿.
		{"10余万件", "10余万件"},
		{"10多万件", "10多万件"},
		{"十多万件", "10多万件"},
		{"8多万人次", "8多万人次"},
		{"十来万", "10来万"},
		{"85余万元", "85余万元"},
		{"85多万", "85多万"},
		{"三千多万元", "3000多万元"},
		// 余/多 after the multiplier or the number.
		{"85万多", "850,000多"},
		{"10万余件", "100,000余件"}, // a little over 10万, not ten-odd 万
		{"三十来万人次", "30来万人次"},
		{"约10余万件", "10余万件"},
		{"超过10余万件", "超过100,000件"},
		{"2亿多元", "200,000,000多元"},
		{"两亿多元", "200,000,000多元"},
		{"3多亿元", "3多亿元"},
		{"1.2万余件", "12,000余件"},
		{"100多", "100多"},
		{"两万余件", "20,000余件"},
		{"1,200余件", "1200余件"},
		{"10万+", "100,000多"},
		{"10w件", "100,000件"},
		{"1.2W", "12,000"},
		// Arabic digits with several multipliers.
		{"3万2千件", "32,000件"},
		{"1万5千件", "15,000件"},
		{"2万零500件", "20,500件"},
		{"1万零5件", "10,005件"},
		{"3万2", "32,000"},
		{"3万2000件", "32,000件"},
		{"3千5百人次", "3500人次"},
		{"3千5", "3500"},
		{"1亿2000万元", "120,000,000元"},
		{"2000万元", "20,000,000元"},
		{"1百多件", "100多件"},
		{"5百件", "500件"},
		{"4万2千余件", "42,000余件"},
		// A magnitude with its leading 一 left out.
		{"近万件", "近10,000件"},
		{"逾万件", "逾10,000件"},
		{"逾百场", "逾100场"},
		{"百余件", "100余件"},
		{"千余件", "1000余件"},
		{"万余人次", "10,000余人次"},
		{"上千件", "逾1000件"},
		{"上万人次", "逾10,000人次"},
		{"近两万件", "近20,000件"},
		// Two qualifiers: an "about" gives way to the more precise one.
		{"约一千余件", "1000余件"},
		{"大约100多场", "100多场"},
		{"大约百分之四十三左右", "大约43%"},
		{"约3000件左右", "约3000件"},
		{"近3000人次", "近3000人次"},
		// Vague quantities are not figures.
		{"数十件", "!不是确切的数字"},
		{"几十件", "!不是确切的数字"},
		{"十几次", "!不是确切的数字"},
		{"二十几件", "!不是确切的数字"},
		{"20几次", "!不是确切的数字"},
		{"数百人次", "!不是确切的数字"},
		{"好几百件", "!不是确切的数字"},
		{"若干件", "!不是确切的数字"},
		{"两三场", "!不是确切的数字"},
		{"三五百件", "!不是确切的数字"},
		{"20-30件", "!不是确切的数字"},
		{"20至30件", "!不是确切的数字"},
		{"成百上千件", "!不是确切的数字"},
		{"数以万计", "!不是确切的数字"},
		{"十几万元", "!不是确切的数字"},
		// Malformed magnitudes are refused, never read in part.
		{"3万25件", "!没有看懂"},
		{"1.5万2千件", "!没有看懂"},
		{"15百件", "!没有看懂"},
		{"3千50", "!没有看懂"},
		{"近1000余件", "!意思相反"},
		{"不到100多场", "!意思相反"},
		{"3+2件", "!合计"},
		{"120件＋45件", "!合计"},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		f, err := Parse(c.typed)
		if words, refused := strings.CutPrefix(c.want, "!"); refused {
			if err == nil {
				t.Errorf("%q: read as %q, want a refusal", c.typed, Format(f))
				continue
			}
			if !strings.Contains(err.Error(), words) {
				t.Errorf("%q: refusal %q lacks %q", c.typed, err.Error(), words)
			}
			if got := Find(c.typed); len(got) != 0 {
				t.Errorf("%q: refused, yet the finder reads %+v", c.typed, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v, want %q", c.typed, err, c.want)
			continue
		}
		if got := Format(f); got != c.want {
			t.Errorf("%q: %q (%+v), want %q", c.typed, got, f, c.want)
		}
		// The finder reads the same figure from the same words.
		if got := Find(c.typed); len(got) != 1 || got[0].Figure != f {
			t.Errorf("%q: finder reads %+v, want %+v", c.typed, got, f)
		}
	}
}

// TestMagnitudeInText: the finder reads magnitudes inside sentences of
// the annual reports, and leaves alone words and names that hold a
// magnitude character (千家万户, 万人签名) or a vague quantity.
func TestMagnitudeInText(t *testing.T) {
	cases := []struct {
		text string
		want []string // Qualifier+Value+Unit of each figure found
	}{
		{"全年受理群众诉求10余万件，按时办结率98%", []string{"余100000件", "98%"}},
		{"受教育群众2万余人次，发放宣传资料近万份", []string{"余20000人次", "近10000份"}},
		{"上千人次参加了旁听", []string{"逾1000人次"}},
		{"收缴罚没款85多万元", []string{"多850000元"}},
		{"办理3万2千件，其中网上办理1万5千件", []string{"32000件", "15000件"}},
		{"开展活动千余场", []string{"余1000场"}},
		{"走进千家万户，开展万人签名活动", nil},
		{"开展普法活动数十场，覆盖几千人次", nil},
		{"组织学法十几次", nil},
		{"举办讲座两三场", nil},
		{"资金3万25件", nil},
		{"压减会议5个百分点", []string{"5个百分点"}},
		{"建成5G基站", nil},
		{"收到3+2件", nil},
		{"办理120件＋45件", nil},
		{"点击量10w+", []string{"多100000"}},
	}
	for _, c := range cases {
		var got []string
		for _, sp := range Find(c.text) {
			got = append(got, sp.Figure.Qualifier+sp.Figure.Value+sp.Figure.Unit)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: found %q, want %q", c.text, got, c.want)
		}
	}
}
