package bot

import (
	"fmt"
	"strings"
	"time"
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
}

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
	fmt.Fprintf(&b, "# %s\n\n", rep.Title)
	if rep.Opening != "" {
		fmt.Fprintf(&b, "%s\n\n", rep.Opening)
	}
	for _, s := range rep.Sections {
		fmt.Fprintf(&b, "## %s、%s\n\n", s.Number, s.Heading)
		for _, p := range s.Paragraphs() {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
	}
	fmt.Fprintf(&b, "%s\n\n%s\n", rep.Dept, FormatDate(rep.Date))
	return b.String()
}

// AuditMarkdown is the report's audit: every figure or claim that the fact
// lock could not match to an answer and that an editor kept, with why,
// who and when. "" when there is none.
func (rep *Report) AuditMarkdown() string {
	if len(rep.Kept) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s · 数据核验记录\n\n以下内容在填报答案中找不到依据，经审稿人确认保留：\n\n| 部分 | 内容 | 核验提示 | 保留理由 | 审稿人 | 时间 |\n|---|---|---|---|---|---|\n", rep.Title)
	for _, k := range rep.Kept {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", k.Section, cell(k.Text), cell(k.Message), cell(k.Reason), cell(k.By), FormatTime(k.At))
	}
	return b.String()
}

func cell(s string) string { return strings.NewReplacer("|", "｜", "\n", " ").Replace(s) }
