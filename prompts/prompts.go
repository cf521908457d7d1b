// Package prompts holds reportbot's embedded data, the shipped forms
// (forms/*.yaml) and what the language model is told (llm/*.tmpl), and
// the Library that finds forms: shipped, in a directory, or uploaded.
package prompts

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"reportbot/bot"
)

//go:embed forms/*.yaml
var formFiles embed.FS

// Forms loads and validates every shipped form, sorted by id.
func Forms() ([]*bot.Form, error) {
	names, err := fs.Glob(formFiles, "forms/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*bot.Form
	for _, n := range names {
		data, err := formFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := bot.LoadForm(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// Form returns the shipped form with the given id.
func Form(id string) (*bot.Form, error) {
	forms, err := Forms()
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		if f.ID == id {
			return f, nil
		}
	}
	return nil, bot.Errorf(bot.ENotFound, "没有编号为“%s”的问卷。", id)
}
