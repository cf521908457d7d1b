package prompts

import (
	"strings"
	"testing"

	"reportbot/bot"
)

// TestDisclosureFormTemplate checks the 政府信息公开 form against the
// national template (国办公开办函〔2021〕30号): six parts in order, the
// three tables with the template's own row and column labels.
func TestDisclosureFormTemplate(t *testing.T) {
	f, err := Form("xxgk-annual")
	if err != nil {
		t.Fatal(err)
	}
	var headings []string
	for _, s := range f.Sections {
		headings = append(headings, s.Number+"、"+s.Heading)
	}
	want := []string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}
	if strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Fatalf("headings %v", headings)
	}
	labels := func(qid string) (rows, cols []string) {
		q := f.Question(qid)
		if q == nil || q.Kind != bot.KindTable || q.Table == nil {
			t.Fatalf("%s is not a table question", qid)
		}
		for _, r := range q.Table.Rows {
			rows = append(rows, r.Label)
		}
		for _, c := range q.Table.Columns {
			cols = append(cols, strings.Join(append(append([]string{}, c.Group...), c.Label), "/"))
		}
		return rows, cols
	}
	rows, cols := labels("t2_docs")
	if strings.Join(rows, "|") != "规章|行政规范性文件" || strings.Join(cols, "|") != "本年制发件数|本年废止件数|现行有效件数" {
		t.Errorf("t2_docs %v %v", rows, cols)
	}
	if _, cols := labels("t2_fees"); cols[0] != "本年收费金额（单位：万元）" {
		t.Errorf("t2_fees %v", cols)
	}
	rows, cols = labels("t3")
	if strings.Join(cols, "|") != "自然人|法人或其他组织/商业企业|法人或其他组织/科研机构|法人或其他组织/社会公益组织|法人或其他组织/法律服务机构|法人或其他组织/其他|总计" {
		t.Errorf("t3 columns %v", cols)
	}
	if len(rows) != 25 || rows[0] != "一、本年新收政府信息公开申请数量" || rows[4] != "1.属于国家秘密" ||
		rows[6] != "3.危及“三安全一稳定”" || rows[19] != "5.要求行政机关确认或重新出具已获取信息" ||
		rows[23] != "（七）总计" || rows[24] != "四、结转下年度继续办理" {
		t.Errorf("t3 rows %q", rows)
	}
	_, cols = labels("t4")
	if len(cols) != 15 || cols[0] != "行政复议/结果维持" || cols[5] != "行政诉讼/未经复议直接起诉/结果维持" || cols[14] != "行政诉讼/复议后起诉/总计" {
		t.Errorf("t4 columns %v", cols)
	}
	if n := len(f.ArithRules()); n != 7 {
		t.Errorf("%d arithmetic rules", n)
	}
}
