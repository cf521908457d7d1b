package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/prompts"
)

const formsTryUsage = `usage: reportbot forms try [-json] [-kind 部门类型] FORM QUESTION TEXT
  FORM is a form's id (shipped or in REPORTBOT_FORMS_DIR) or a form file; QUESTION is a
  question's id or number (with -kind, the number a department of that kind sees, e.g.
  -kind 政府办; without it, the number in the whole form); TEXT is what a contact might type. Prints what the bot would
  reply and store (value, unit, qualifier, note) or why it refuses. Needs no Redis.`

// tryResult is what `forms try -json` prints.
type tryResult struct {
	Form     string `json:"form"`
	Question string `json:"question"`
	Number   int    `json:"number"`
	Text     string `json:"text"`
	chat.Reading
	Value     string `json:"value,omitempty"`
	Unit      string `json:"unit,omitempty"`
	Qualifier string `json:"qualifier,omitempty"`
	Stored    string `json:"stored,omitempty"`
	Note      string `json:"note,omitempty"`
}

// formsTry reads TEXT as the answer to one question of a form, through
// the chat engine's own reader (chat.ReadInForm), and prints the outcome.
func formsTry(ctx context.Context, args []string, formsDir string, stdout io.Writer) error {
	fs := flag.NewFlagSet("forms try", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	kind := fs.String("kind", "", "number the questions as a department of this kind sees them")
	if err := fs.Parse(args); err != nil || fs.NArg() < 3 {
		return errors.New(formsTryUsage)
	}
	form, err := tryForm(ctx, fs.Arg(0), formsDir)
	if err != nil {
		return userError(err)
	}
	if *kind != "" {
		known := form.Kinds()
		if !slices.Contains(known, *kind) {
			return fmt.Errorf("问卷 %s 没有“%s”类部门（可用：%s）", form.ID, *kind, strings.Join(known, "、"))
		}
		form = form.For([]string{*kind})
	}
	q := tryQuestion(form, fs.Arg(1))
	if q == nil {
		return fmt.Errorf("问卷 %s 中没有题目“%s”（可写题目编号或题号）", form.ID, fs.Arg(1))
	}
	text := strings.Join(fs.Args()[2:], " ")
	rd := chat.ReadInForm(form, q, text)
	if q.Kind == bot.KindTable && q.Table != nil {
		rd = tryTable(form, q, text)
	}
	res := tryResult{Form: form.ID, Question: q.ID, Number: q.Number, Text: text, Reading: rd}
	if a := rd.Answer; a != nil {
		res.Stored = bot.FormatAnswer(q, a)
		res.Note = a.Note
		if a.Figure != nil {
			res.Value, res.Unit, res.Qualifier = a.Figure.Value, a.Figure.Unit, a.Figure.Qualifier
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "第 %d 题（%s，%s）：%s\n回复：%s\n", q.Number, q.ID, q.Kind, q.Prompt, text)
	if rd.Answer == nil {
		if rd.NonAnswer != chat.NotNonAnswer {
			fmt.Fprintf(stdout, "不是答案（%s），不记录。机器人答复：%s\n", rd.NonAnswer.Label(), rd.Refusal)
			return nil
		}
		fmt.Fprintf(stdout, "不记录。机器人答复：%s\n", rd.Refusal)
		return nil
	}
	fmt.Fprintf(stdout, "机器人答复：%s\n记录：%s\n", rd.Echo, res.Stored)
	if rd.Answer.Figure != nil {
		fmt.Fprintf(stdout, "数值：%s\n单位：%s\n限定词：%s\n", res.Value, dash(res.Unit), dash(res.Qualifier))
	}
	fmt.Fprintf(stdout, "备注：%s\n", dash(res.Note))
	return nil
}

// tryTable reads a table answer as the chat does, with the whole form (its
// totals rules, its other tables' rows), which chat.Read has not.
func tryTable(form *bot.Form, q *bot.Question, text string) chat.Reading {
	grid := bot.ZeroGrid(q.Table)
	if !q.Table.AllZero(text) {
		g, _, err := bot.ParseGrid(form, q, text)
		if err != nil {
			return chat.Reading{Refusal: bot.ErrorMessage(err)}
		}
		grid = g
	}
	a := &bot.Answer{QID: q.ID, Status: bot.Answered, Grid: grid}
	return chat.Reading{Answer: a, Echo: "已记录：" + bot.TrimSentenceEnd(bot.FormatAnswer(q, a)) + "。"}
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// tryForm loads a form file, or the form in effect with that id.
func tryForm(ctx context.Context, name, dir string) (*bot.Form, error) {
	if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return bot.LoadForm(data)
	}
	return (&prompts.Library{Dir: dir}).Form(ctx, name)
}

// tryQuestion finds a question by id or by number.
func tryQuestion(f *bot.Form, key string) *bot.Question {
	if q := f.Question(key); q != nil {
		return q
	}
	if n, err := strconv.Atoi(key); err == nil && n >= 1 && n <= len(f.Questions()) {
		return f.Questions()[n-1]
	}
	return nil
}
