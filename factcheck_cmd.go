package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/prompts"
)

const factcheckUsage = `usage: reportbot factcheck -round R -dept D [-json] FILE|-
       reportbot factcheck -answers ANSWERS.json [-dept D] [-json] FILE|-

Checks a text (a draft, a paragraph written elsewhere; - reads standard
input) against one department's answers: every figure, with its unit and
qualifier, and every claim of an honour or rank. Prints each with the
question it came from, or why it has none. -round reads the answers from
REDIS_URL; -answers reads a round exported with round export -format json,
with no Redis. Exit status 1 when anything has no source.`

// errUnsourced ends factcheck with exit status 1.
var errUnsourced = errors.New("factcheck: some figures or claims have no source")

// runFactcheck is `reportbot factcheck`.
func runFactcheck(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer, opt Options) error {
	fs := flag.NewFlagSet("factcheck", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprintln(stdout, factcheckUsage) }
	roundID := fs.String("round", "", "round id (answers from REDIS_URL)")
	dept := fs.String("dept", "", "department id")
	answersFile := fs.String("answers", "", "a round exported with round export -format json")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (*roundID == "") == (*answersFile == "") {
		return errors.New(factcheckUsage)
	}
	text, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		return err
	}
	var r *bot.Round
	var a *bot.Assignment
	if *answersFile != "" {
		r, a, err = exportedAnswers(*answersFile, *dept)
	} else {
		r, a, err = storedAnswers(ctx, getenv, opt, *roundID, *dept)
	}
	if err != nil {
		return userError(err)
	}
	lock := editorial.CheckText(r, a, text)
	if *asJSON {
		err = printCheckJSON(stdout, r, a, lock)
	} else {
		printCheck(stdout, r, a, lock)
	}
	if err != nil {
		return err
	}
	if len(lock.Flags) > 0 {
		return errUnsourced
	}
	return nil
}

// readInput reads FILE, or standard input for -.
func readInput(name string, stdin io.Reader) (string, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// storedAnswers reads a round and a department's answers from Redis.
func storedAnswers(ctx context.Context, getenv func(string) string, opt Options, roundID, dept string) (*bot.Round, *bot.Assignment, error) {
	if dept == "" {
		return nil, nil, errors.New("factcheck: -dept is required with -round")
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return nil, nil, err
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	app, err := NewApp(ctx, cfg, PartStore, opt)
	if err != nil {
		return nil, nil, err
	}
	defer app.Close()
	r, err := app.Store.Round(ctx, roundID)
	if err != nil {
		return nil, nil, err
	}
	if r.Department(dept) == nil {
		return nil, nil, bot.Errorf(bot.ENotFound, "本轮没有部门“%s”。", dept)
	}
	a, err := app.Store.Assignment(ctx, bot.AssignmentRef{Round: roundID, Dept: dept})
	return r, a, err
}

// exported is what round export -format json writes.
type exported struct {
	Round, Title string
	Year         int
	Form         string    // id and version: fazhi-annual v1
	FormDef      *bot.Form // the round's form (exports before it was written: the shipped one)
	Departments  []struct {
		ID, Name string
		Kinds    []string
		Answers  map[string]*bot.Answer
	}
}

// exportedAnswers reads a department's answers from an exported round.
func exportedAnswers(path, dept string) (*bot.Round, *bot.Assignment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var x exported
	if err := json.Unmarshal(data, &x); err != nil {
		return nil, nil, fmt.Errorf("factcheck: %s is not a round exported as JSON: %w", path, err)
	}
	form := x.FormDef
	if form == nil {
		formID, _, _ := strings.Cut(x.Form, " ")
		if form, err = prompts.Form(formID); err != nil {
			return nil, nil, err
		}
	}
	form.Index()
	r := &bot.Round{ID: x.Round, Title: x.Title, Year: x.Year, Form: form}
	for _, d := range x.Departments {
		r.Departments = append(r.Departments, bot.Department{ID: d.ID, Name: d.Name, Kinds: d.Kinds})
	}
	for _, d := range x.Departments {
		if d.ID == dept || dept == "" && len(x.Departments) == 1 {
			return r, &bot.Assignment{Ref: bot.AssignmentRef{Round: x.Round, Dept: d.ID}, Answers: d.Answers}, nil
		}
	}
	if dept == "" {
		return nil, nil, fmt.Errorf("factcheck: %s holds %d departments; choose one with -dept", path, len(x.Departments))
	}
	return nil, nil, bot.Errorf(bot.ENotFound, "导出文件中没有部门“%s”。", dept)
}

// checkedItem is one judged figure or claim, for printing.
type checkedItem struct {
	Text    string   `json:"text"`
	Start   int      `json:"start"`
	OK      bool     `json:"ok"`
	Kind    string   `json:"kind,omitempty"`    // the flag's kind when not OK
	Message string   `json:"message,omitempty"` // why it has no source
	Sources []string `json:"sources,omitempty"` // 第2题 全年制发文件多少件：381件
}

// checkedItems lists what the lock judged, in text order.
func checkedItems(r *bot.Round, a *bot.Assignment, lock bot.FactLock) []checkedItem {
	form := r.FormFor(a.Ref.Dept)
	var out []checkedItem
	for _, s := range lock.Sourced {
		it := checkedItem{Text: s.Text, Start: s.Start, OK: true}
		for _, qid := range s.QIDs {
			if q := form.Question(qid); q != nil {
				it.Sources = append(it.Sources, fmt.Sprintf("第%d题 %s：%s", q.Number, q.Short(), bot.FormatAnswer(q, a.Answers[qid])))
			}
		}
		out = append(out, it)
	}
	for _, f := range lock.Flags {
		out = append(out, checkedItem{Text: f.Text, Start: f.Start, Kind: f.Kind, Message: f.Message})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// printCheck writes the result for a person.
func printCheck(w io.Writer, r *bot.Round, a *bot.Assignment, lock bot.FactLock) {
	fmt.Fprintf(w, "核验 %s 的答案（%s）：共 %d 处数字和说法", r.DeptLabel(a.Ref.Dept), r.Title, lock.Checked)
	if len(lock.Flags) == 0 {
		fmt.Fprintln(w, "，全部有出处。")
	} else {
		fmt.Fprintf(w, "，其中 %d 处找不到依据。\n", len(lock.Flags))
	}
	for _, it := range checkedItems(r, a, lock) {
		if it.OK {
			fmt.Fprintf(w, "✓ %s\t%s\n", it.Text, strings.Join(it.Sources, "；"))
		} else {
			fmt.Fprintf(w, "✗ %s\t%s\n", it.Text, it.Message)
		}
	}
}

// printCheckJSON writes the result as JSON.
func printCheckJSON(w io.Writer, r *bot.Round, a *bot.Assignment, lock bot.FactLock) error {
	items := checkedItems(r, a, lock)
	if items == nil {
		items = []checkedItem{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"ok": len(lock.Flags) == 0, "checked": lock.Checked, "items": items})
}
