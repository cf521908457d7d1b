package handlers

import (
	"fmt"
	"sort"
	"strings"

	"reportbot/bot"
)

// piece is a run of draft text: plain, a sourced figure, or an unsourced one.
type piece struct {
	Text   string
	Source string // for a sourced figure: where it came from
	Flag   bool   // a figure with no source
}

// pieces splits text at the figures the fact lock judged: each sourced
// figure carries what source says of its questions, each flagged one the
// flag's message (or the note, for a lock stored without messages).
func pieces(text string, lock bot.FactLock, source func(qids []string) string, unsourced string) []piece {
	type mark struct {
		start, end int
		src        string
		flag       bool
	}
	var marks []mark
	for _, s := range lock.Sourced {
		marks = append(marks, mark{s.Start, s.End, source(s.QIDs), false})
	}
	if len(lock.Flags) > 0 {
		for _, f := range lock.Flags {
			marks = append(marks, mark{f.Start, f.End, f.Message, true})
		}
	} else {
		for _, s := range lock.Unsourced {
			marks = append(marks, mark{s.Start, s.End, unsourced, true})
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	var out []piece
	last := 0
	for _, m := range marks {
		if m.start < last || m.end > len(text) {
			continue
		}
		if m.start > last {
			out = append(out, piece{Text: text[last:m.start]})
		}
		out = append(out, piece{Text: text[m.start:m.end], Source: m.src, Flag: m.flag})
		last = m.end
	}
	if last < len(text) {
		out = append(out, piece{Text: text[last:]})
	}
	return out
}

// answerSources describes figures by the questions and answers they came
// from: 第2题 全年制发文件多少件：381件.
func answerSources(r *bot.Round, a *bot.Assignment) func(qids []string) string {
	return func(qids []string) string {
		var srcs []string
		for _, qid := range qids {
			if q := r.Form.Question(qid); q != nil {
				ans := "（未填）"
				if x := a.Answers[qid]; x != nil {
					ans = bot.FormatAnswerNote(q, x)
				}
				srcs = append(srcs, fmt.Sprintf("第%d题 %s：%s", q.Number, strings.TrimRight(q.Prompt, "？?"), ans))
			}
		}
		return strings.Join(srcs, "；")
	}
}

// splitParas cuts pieces at newlines into paragraphs.
func splitParas(ps []piece) [][]piece {
	var out [][]piece
	var cur []piece
	for _, p := range ps {
		if p.Source != "" || p.Flag || !strings.Contains(p.Text, "\n") {
			cur = append(cur, p)
			continue
		}
		parts := strings.Split(p.Text, "\n")
		for i, t := range parts {
			if i > 0 {
				out = append(out, cur)
				cur = nil
			}
			if t != "" {
				cur = append(cur, piece{Text: t})
			}
		}
	}
	return append(out, cur)
}

// diffPiece is a run of text kept, removed or added between two versions.
type diffPiece struct {
	Text string
	Op   string // "", "del", "ins"
}

// diffSentences compares two texts sentence by sentence (split after 。；
// and newlines), as an editor reads them.
func diffSentences(from, to string) []diffPiece {
	a, b := sentences(from), sentences(to)
	// Longest common subsequence over sentences.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffPiece
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, diffPiece{Text: a[i]})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, diffPiece{Text: b[j], Op: "ins"})
			j++
		default:
			out = append(out, diffPiece{Text: a[i], Op: "del"})
			i++
		}
	}
	return out
}

// sentences cuts s after 。 ； and newlines, trimmed, skipping empty
// sentences.
func sentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '。' || r == '；' || r == '\n' {
			end := i + len(string(r))
			if t := strings.TrimSpace(s[start:end]); t != "" {
				out = append(out, t)
			}
			start = end
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}
