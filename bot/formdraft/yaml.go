package formdraft

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"reportbot/bot"
)

// YAML writes the draft as a form `reportbot forms check` accepts: every
// question optional, its example and last_year last year's figure, each
// with the report's sentence it came from as a comment.
func (d *Draft) YAML() ([]byte, error) {
	root := mapping(
		"id", str(d.ID),
		"title", str(d.Title),
		"version", quoted("1"),
	)
	root.HeadComment = fmt.Sprintf("由上一年度报告生成的问卷草稿：共 %d 道题，每题的 last_year 是报告中的数字。\n"+
		"请核对题目和句式，按需要加上 kinds（部门类型）、删去不需要的题，再用 reportbot forms check 检查。", d.Questions())
	if d.ReportTitle != "" {
		add(root, "report_title", str(d.ReportTitle))
	}
	if d.Opening != "" {
		add(root, "report_opening", str(d.Opening))
	}
	add(root, "intro", str("本问卷根据上一年度报告整理，请按本年度的实际情况填写；没有的项目回复“不涉及”。"))
	sections := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range d.Sections {
		sn := mapping("id", str(s.ID), "number", str(s.Number), "heading", str(s.Heading), "template", str(s.Template))
		if s.Lead != "" {
			add(sn, "lead", str(s.Lead))
		}
		if len(s.Subsections) > 0 {
			subs := &yaml.Node{Kind: yaml.SequenceNode}
			for _, b := range s.Subsections {
				subs.Content = append(subs.Content, mapping("id", str(b.ID), "heading", str(b.Heading), "questions", questionNodes(b.Questions)))
			}
			add(sn, "subsections", subs)
		}
		qs := questionNodes(s.Questions)
		if len(s.Questions) == 0 && len(s.Subsections) == 0 {
			qs.Content = append(qs.Content, itemsQuestion(s))
		}
		if len(qs.Content) > 0 {
			add(sn, "questions", qs)
		}
		sections.Content = append(sections.Content, sn)
	}
	add(root, "sections", sections)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func questionNodes(qs []Question) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, q := range qs {
		n := mapping("id", str(q.ID), "prompt", str(q.Prompt), "kind", str(string(q.Kind)))
		if q.Unit != "" {
			add(n, "unit", str(q.Unit))
		}
		add(n, "optional", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		add(n, "example", str(q.LastYear))
		add(n, "last_year", str(q.LastYear))
		add(n, "prose", str(q.Prose))
		if q.Kind == bot.KindCount || q.Kind == bot.KindAmount {
			add(n, "sum", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		n.HeadComment = "原文：" + q.Source
		seq.Content = append(seq.Content, n)
	}
	return seq
}

// itemsQuestion asks a part that states no figure for its items, showing
// last year's headings.
func itemsQuestion(s Section) *yaml.Node {
	var titles []string
	example := "标题。具体做法"
	for i, t := range s.Texts {
		title, rest, _ := strings.Cut(t, "。")
		titles = append(titles, title)
		if i == 0 && rest != "" {
			example = title + "。" + firstSentence(rest)
		}
	}
	if len(s.Texts) == 1 && len(titles[0]) > 60 {
		titles = nil // one paragraph, no headings
	}
	prompt := "本部分请逐条填写：每条先写一句标题，再写具体内容。"
	if len(titles) > 0 {
		prompt += "上年写了：" + strings.Join(titles, "；") + "。"
	}
	n := mapping("id", str(s.ID+"_items"), "prompt", str(prompt), "kind", str("items"))
	add(n, "optional", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	add(n, "example", str(example))
	return n
}

// firstSentence is s up to its first 。, kept short for an example.
func firstSentence(s string) string {
	if i := strings.Index(s, "。"); i >= 0 {
		s = s[:i]
	}
	return bot.Truncate(s, 60)
}

func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		add(n, kv[i].(string), kv[i+1].(*yaml.Node))
	}
	return n
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}
