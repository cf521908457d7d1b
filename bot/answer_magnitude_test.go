package bot

import (
	"strings"
	"testing"
)

// TestMagnitudeAnswers: the magnitudes officials write, read against the
// question they answer. A figure is stored with its qualifier or refused
// with one Chinese sentence and an example; it is never stored as another
// number (10余万件 as 10件, 暂无数据 as 0, an increase as a decrease, a
// count as a percentage).
func TestMagnitudeAnswers(t *testing.T) {
	count := &Question{ID: "public_requests", Prompt: "全年受理办理群众各类诉求多少件？", Kind: KindCount, Unit: "件", Example: "103,204件"}
	events := &Question{ID: "events", Prompt: "全年承办各类会议及公务活动多少场？", Kind: KindCount, Unit: "场", Example: "336场"}
	fines := &Question{ID: "fines", Prompt: "罚没款共多少万元？", Kind: KindAmount, Unit: "万元", Example: "22.77万元"}
	rate := &Question{ID: "satisfaction_rate", Prompt: "建议提案的满意率是多少？", Kind: KindPercent, Unit: "%", Example: "100%"}
	cut := &Question{ID: "meeting_cut", Prompt: "全区性会议同比减少了百分之多少？", Kind: KindPercent, Unit: "%", Example: "43%"}
	rise := &Question{ID: "rise", Prompt: "网上办理量同比增长了百分之多少？", Kind: KindPercent, Unit: "%", Example: "12%"}
	rows := []struct {
		q     *Question
		typed string
		want  string // the echo, or "!" and words of the refusal
	}{
		{count, "10余万件", "10余万件"},
		{count, "10多万件", "10多万件"},
		{count, "全年受理群众诉求10余万件", "10余万件"},
		{count, "10万余件", "100,000余件"},
		{count, "三十来万件", "约300,000件"},
		{fines, "3千多万元", "3000多万元"},
		{fines, "10余亿元", "100,000余万元"},
		{count, "3万2千件", "32,000件"},
		{count, "1万5千件", "15,000件"},
		{count, "2万零500", "20,500件"},
		{count, "约一千余件", "1000余件"},
		{count, "1百多件", "100多件"},
		{count, "近万件", "近10,000件"},
		{count, "逾万件", "逾10,000件"},
		{count, "上千件", "逾1000件"},
		{count, "百余件", "100余件"},
		{count, "千余件", "1000余件"},
		{count, "1.2万余件", "12,000余件"},
		{events, "大约100多场", "100多场"},
		{events, "逾百场", "逾100场"},
		{events, "十几场", "!不是确切的数字"},
		{count, "数十件", "!不是确切的数字"},
		{count, "几十件", "!不是确切的数字"},
		{count, "受理了几十件", "!不是确切的数字"},
		{count, "两三件", "!不是确切的数字"},
		{count, "3万25件", "!没有看懂"},
		{count, "暂无数据", "!跳过"},
		{count, "数据暂无", "!跳过"},
		{count, "没有数据", "!跳过"},
		{count, "暂无", "0件"},
		{fines, "85多万", "85多万元"},
		{fines, "85万多", "85多万元"},
		{fines, "85余万元", "85余万元"},
		{fines, "20余万元", "20余万元"},
		{fines, "1亿余元", "10,000余万元"},
		{rate, "10余万件", "!百分比（单位为“%”）"},
		{rate, "0.43", "!43%"},
		{rate, "0.985", "!98.5%"},
		{rate, "0.43%", "0.43%"},
		{rate, "43", "43%"},
		{rate, "43个百分点", "!个百分点"},
		{cut, "减少了大约百分之四十三左右", "约43%"},
		{cut, "43个百分点", "43%"},
		{cut, "不减反增，增加了5%", "!不涉及"},
		{cut, "增长5%", "!不涉及"},
		{cut, "会议没有减少", "!不涉及"},
		{cut, "减少43%，主要是增加了视频会议", "43%"},
		{rise, "下降了3%", "!不涉及"},
		{rise, "增长12%", "12%"},
	}
	for _, r := range rows {
		a, err := ParseAnswer(r.q, r.typed)
		if words, refused := strings.CutPrefix(r.want, "!"); refused {
			if err == nil {
				t.Errorf("%s %q: stored %q, want a refusal", r.q.ID, r.typed, FormatAnswer(r.q, a))
				continue
			}
			if msg := ErrorMessage(err); !strings.Contains(msg, words) || !strings.Contains(msg, "例如：") {
				t.Errorf("%s %q: refusal %q lacks %q or an example", r.q.ID, r.typed, msg, words)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v, want %q", r.q.ID, r.typed, err, r.want)
			continue
		}
		if got := FormatAnswer(r.q, a); got != r.want {
			t.Errorf("%s %q: stored %q, want %q", r.q.ID, r.typed, got, r.want)
		}
	}
}
