package prompts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"strings"
	"text/template"

	"reportbot/bot"
)

//go:embed llm/*.tmpl
var llmFiles embed.FS

// LLMPrompts renders what the language model is told. Its Version is a
// hash of the templates, so a changed prompt never reuses cached drafts.
type LLMPrompts struct {
	system  string
	section *template.Template
	extract *template.Template
	Version string
}

// LoadLLMPrompts parses the embedded prompt templates.
func LoadLLMPrompts() (*LLMPrompts, error) {
	sys, err := llmFiles.ReadFile("llm/system.tmpl")
	if err != nil {
		return nil, err
	}
	sec, err := llmFiles.ReadFile("llm/section.tmpl")
	if err != nil {
		return nil, err
	}
	t, err := template.New("section").Funcs(template.FuncMap{"join": strings.Join}).Parse(string(sec))
	if err != nil {
		return nil, err
	}
	ext, err := llmFiles.ReadFile("llm/extract.tmpl")
	if err != nil {
		return nil, err
	}
	et, err := template.New("extract").Parse(string(ext))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append(append(append([]byte{}, sys...), sec...), ext...))
	return &LLMPrompts{system: string(sys), section: t, extract: et, Version: hex.EncodeToString(sum[:])[:12]}, nil
}

// System returns the system prompt.
func (p *LLMPrompts) System() string { return p.system }

// Section renders the user prompt for one section. The facts go in as JSON
// between fences, as data, so instructions inside answers are not obeyed:
// a list of blocks, one per subsection (heading, lead, facts), the
// section's own questions last with no heading.
func (p *LLMPrompts) Section(req bot.DraftRequest) (string, error) {
	blocks := req.Blocks
	if len(blocks) == 0 {
		blocks = []bot.DraftBlock{{Facts: bot.WritableFacts(req.Facts)}}
	}
	subsections := false
	for i := range blocks {
		if blocks[i].Facts == nil {
			blocks[i].Facts = []bot.Fact{}
		}
		subsections = subsections || blocks[i].Heading != ""
	}
	fj, err := json.MarshalIndent(blocks, "", "  ")
	if err != nil {
		return "", err
	}
	// A fence inside an answer must not close the data block early.
	safe := strings.NewReplacer("<<<", "〈〈〈", ">>>", "〉〉〉").Replace(string(fj))
	var b bytes.Buffer
	err = p.section.Execute(&b, struct {
		bot.DraftRequest
		FactsJSON   string
		Subsections bool
	}{req, safe, subsections})
	return b.String(), err
}

// Extract renders the prompt that splits one open item into fields; the
// contact's text is fenced as material.
func (p *LLMPrompts) Extract(text string) (string, error) {
	safe := strings.NewReplacer("<<<", "〈〈〈", ">>>", "〉〉〉").Replace(text)
	var b bytes.Buffer
	err := p.extract.Execute(&b, safe)
	return b.String(), err
}
