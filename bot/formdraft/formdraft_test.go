package formdraft_test

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/formdraft"
	"reportbot/bot/seedtest"
)

// TestFormDraftSeed: the seed report becomes a form that passes the form
// check without a warning, with a question for each of its 20 figures,
// each with last year's value, grouped under the seed's sections and
// subsections, its years and department written as round variables.
func TestFormDraftSeed(t *testing.T) {
	d, err := formdraft.FromReport(seedtest.Report, formdraft.Options{ID: "kc-zfb"})
	if err != nil {
		t.Fatal(err)
	}
	src, err := d.YAML()
	if err != nil {
		t.Fatal(err)
	}
	f, problems := bot.CheckForm(src)
	if f == nil || len(problems) > 0 {
		t.Fatalf("the draft does not pass the check: %v\n%s", problems, src)
	}
	if d.Year != 2025 || d.Dept != "宽城区政府办" || f.Title != "法治政府建设情况报告" || f.ReportTitle != "{year}年度法治政府建设情况报告" ||
		!strings.HasPrefix(f.ReportOpening, "{year}年，{dept}坚持以习近平新时代") {
		t.Errorf("year %d, dept %q, title %q, report title %q, opening %.40q", d.Year, d.Dept, f.Title, f.ReportTitle, f.ReportOpening)
	}
	var values []string
	for _, q := range f.Questions() {
		if q.Kind.Numeric() {
			a, err := bot.ParseAnswer(q, q.LastYear)
			if err != nil || q.LastYear == "" || q.Example != q.LastYear {
				t.Errorf("%s: last year %q, example %q: %v", q.ID, q.LastYear, q.Example, err)
				continue
			}
			values = append(values, a.Figure.Value)
		}
	}
	want := append([]string(nil), seedtest.Figures...)
	sort.Strings(want)
	sort.Strings(values)
	if strings.Join(values, " ") != strings.Join(want, " ") {
		t.Errorf("values %v, want the seed's %v", values, want)
	}
	var got []string
	for _, s := range f.Sections {
		line := s.Number + "、" + s.Heading + " [" + s.Template + "]"
		for _, b := range s.Subsections {
			line += " （" + b.Heading + "）" + strconv.Itoa(len(b.Questions))
		}
		if len(s.Questions) > 0 {
			line += " 本部分" + strconv.Itoa(len(s.Questions))
		}
		got = append(got, line)
	}
	wantSections := []string{
		"一、{year}年度推进法治政府建设的主要举措和成效 [measures] （规范流程，提升服务效能）4 （严格程序，推动依法决策）4 （依法公开，彰显发展全貌）3 （以人为本，回应社会关切）6",
		"二、{year}年度推进法治政府建设存在的不足和原因 [shortcomings] 本部分1",
		"三、党政主要负责人履行推进法治建设第一责任人职责情况 [responsibility] 本部分3",
		"四、“{pufa}”普法及“谁执法谁普法”责任制落实情况 [pufa] 本部分1",
		"五、{next_year}年推进法治政府建设的主要安排 [plans] 本部分1",
	}
	if strings.Join(got, "\n") != strings.Join(wantSections, "\n") {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSections, "\n"))
	}
	for id, want := range map[string][3]string{
		"measures_1_1": {"全区性会议同比减少百分之多少？", "全区性会议同比减少{value}", "43%"},
		"measures_4_5": {"全年受理办理群众各类诉求多少件？", "全年受理办理群众各类诉求{value}", "103,204件"},
		"measures_4_6": {"协调解决长春站北地下停车场地面破损、豚草蔓延等多少项民生实事？", "协调解决长春站北地下停车场地面破损、豚草蔓延等{value}民生实事", "4项"},
		"measures_4_3": {"答复率是多少？", "答复率达{value}", "100%"},
		"measures_4_4": {"满意率是多少？", "满意率达{value}", "100%"},
	} {
		q := f.Question(id)
		if q == nil || q.Prompt != want[0] || q.Prose != want[1] || q.LastYear != want[2] {
			t.Errorf("%s = %+v, want %v", id, q, want)
		}
	}
	if !strings.Contains(string(src), "# 原文：制发文件381件") {
		t.Errorf("the draft does not show the sentences it came from:\n%.600s", src)
	}
}

// TestFormDraftDocx: a report uploaded as Word is read paragraph by
// paragraph into the same form as its text.
func TestFormDraftDocx(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(seedtest.Report), "\n")
	rep := &bot.Report{Title: strings.TrimSpace(lines[0]), Opening: strings.TrimSpace(lines[1]), Dept: "宽城区政府办"}
	for _, l := range lines[2:] {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if num, heading, ok := strings.Cut(l, "、"); ok && len([]rune(num)) == 1 && strings.Contains("一二三四五", num) {
			rep.Sections = append(rep.Sections, bot.ReportSection{Number: num, Heading: heading})
			continue
		}
		s := &rep.Sections[len(rep.Sections)-1]
		s.Text += l + "\n"
	}
	var buf bytes.Buffer
	if err := export.DOCX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	text, err := export.DocxText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	d, err := formdraft.FromReport(text, formdraft.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := d.YAML()
	f, problems := bot.CheckForm(src)
	if f == nil || d.Questions() != 20 || len(f.Sections) != 5 || len(f.Sections[0].Subsections) != 4 {
		t.Errorf("from Word: %d figures, problems %v\n%s", d.Questions(), problems, src)
	}
	if _, err := export.DocxText([]byte("not a zip")); bot.ErrorCode(err) != bot.EInvalid {
		t.Errorf("a file that is no .docx: %v", err)
	}
}
