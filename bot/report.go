package bot

import (
	"fmt"
	"strings"
	"time"

	"reportbot/bot/figure"
)

// Report is one department's finished report, assembled in form order
// from the confirmed sections.
type Report struct {
	Title    string          // 《…关于2025年度法治政府建设情况的报告》 without the brackets
	Opening  string          // the first paragraph
	Sections []ReportSection // in form order
	Dept     string          // signature
	Date     time.Time       // the date under the signature
	// Kept lists the flagged figures and claims editors kept on purpose,
	// for the report's audit.
	Kept []ReportKeep
	// Other lists the department's 其他数据: figures it gave that no
	// question asks for, which a draft may state. The report's audit
	// lists them, so a reader can tell where such a figure came from.
	Other []OtherDatum
	// Preview marks a report built with sections not yet confirmed: its
	// documents say so above the title (PreviewNote).
	Preview bool
}

// PreviewNote heads a preview's documents, so nobody files one as the
// report.
const PreviewNote = "【预览稿】含尚未确认的章节和待补充之处，不是正式报告，请勿报送。"

// ReportKeep is one kept flag of a report, with the section it stands in.
type ReportKeep struct {
	Section string // 一
	Keep
}

// ReportSection is one level-1 part of a report.
type ReportSection struct {
	Number  string // 一
	Heading string // 2025年度推进法治政府建设的主要举措和成效
	Text    string // paragraphs separated by blank lines or newlines
	Version int
	By      string // who confirmed it
	// Tables are the section's statutory tables, printed after its text.
	Tables []ReportTable
}

// ReportTable is one table question's grid as the report prints it.
type ReportTable struct {
	Table *Table
	Unit  string            // the question's unit (件)
	Grid  map[string]string // "row.col" → value
}

// Paragraphs splits a section's text into paragraphs.
func (s ReportSection) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Markdown renders the report.
func (rep *Report) Markdown() string {
	var b strings.Builder
	if rep.Preview {
		fmt.Fprintf(&b, "> %s\n\n", PreviewNote)
	}
	fmt.Fprintf(&b, "# %s\n\n", rep.Title)
	if rep.Opening != "" {
		fmt.Fprintf(&b, "%s\n\n", rep.Opening)
	}
	for _, s := range rep.Sections {
		fmt.Fprintf(&b, "## %s、%s\n\n", s.Number, s.Heading)
		for _, p := range s.Paragraphs() {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
		for _, t := range s.Tables {
			b.WriteString(t.Markdown())
		}
	}
	fmt.Fprintf(&b, "%s\n\n%s\n", rep.Dept, FormatDate(rep.Date))
	return b.String()
}

// AuditMarkdown is the report's audit: every figure or claim that the fact
// lock could not match to an answer and that an editor kept, with why,
// who and when; then the 其他数据 the department gave beside its answers.
// "" when there is neither.
func (rep *Report) AuditMarkdown() string {
	if len(rep.Kept) == 0 && len(rep.Other) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s · 数据核验记录\n\n", rep.Title)
	if len(rep.Kept) > 0 {
		b.WriteString("以下内容在填报答案中找不到依据，经审稿人确认保留：\n\n| 部分 | 内容 | 核验提示 | 保留理由 | 审稿人 | 时间 |\n|---|---|---|---|---|---|\n")
		for _, k := range rep.Kept {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", k.Section, cell(k.Text), cell(k.Message), cell(k.Reason), cell(k.By), FormatTime(k.At))
		}
	}
	if len(rep.Other) > 0 {
		if len(rep.Kept) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("## 其他数据\n\n以下数据问卷中没有对应的题目，由填报人补充，是所在部分的“其他数据”，不是某一题的答案：\n\n| 部分 | 名称 | 数据 | 填报人原话 |\n|---|---|---|---|\n")
		for _, o := range rep.Other {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", o.Number, cell(o.Label), cell(figure.Format(o.Figure)), cell(o.Sentence))
		}
	}
	return b.String()
}

func cell(s string) string { return strings.NewReplacer("|", "｜", "\n", " ").Replace(s) }
