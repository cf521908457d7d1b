package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/formdraft"
	"reportbot/prompts"
)

const formsUsage = `usage: reportbot forms <command>
  check [FILE|DIR]   check a form file, every form of a directory, or (no argument) the shipped
                     forms, REPORTBOT_FORMS_DIR and, when REDIS_URL is set, the uploaded forms
  list               the forms in effect: where each comes from, what it overrides, its versions
  import FILE        save a form (YAML) in Redis as its next version (needs REDIS_URL)
  draft REPORT       propose a form from last year's report (.txt or .docx), printed as YAML
         [-id ID] [-title 标题]
  try [-json] FORM QUESTION TEXT
                     what the bot would reply and store for TEXT typed at a question (no Redis)
Settings: REPORTBOT_FORMS_DIR, REDIS_URL (REPORTBOT_QUEUE_PREFIX keeps an installation's forms apart).`

// runForms is the form commands: the same checks, library and upload as
// the console's forms page. opt lets tests pass their store and clock.
func runForms(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, opt Options) error {
	if len(args) == 0 {
		return errors.New(formsUsage)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		if len(rest) > 1 {
			return errors.New(formsUsage)
		}
		if len(rest) == 1 {
			checked, err := prompts.CheckPath(rest[0])
			if err != nil {
				return userError(err)
			}
			return printChecked(stdout, checked)
		}
	case "list", "import":
	case "draft":
		return formsDraft(rest, stdout, stderr)
	case "try":
		return formsTry(ctx, rest, cfg.FormsDir, stdout)
	default:
		return fmt.Errorf("unknown forms command %q\n%s", cmd, formsUsage)
	}
	lib := &prompts.Library{Dir: cfg.FormsDir, Clock: opt.Clock}
	if cfg.RedisURL != "" || opt.Store != nil {
		if opt.Logger == nil {
			opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		}
		app, err := NewApp(ctx, cfg, PartStore, opt)
		if err != nil {
			return err
		}
		defer app.Close()
		lib = app.Forms
	}
	switch cmd {
	case "check":
		checked, err := lib.Check(ctx)
		if err != nil {
			return userError(err)
		}
		return printChecked(stdout, checked)
	case "list":
		return formsList(ctx, lib, stdout)
	}
	if len(rest) != 1 {
		return errors.New(formsUsage)
	}
	return formsImport(ctx, lib, rest[0], stdout)
}

// printChecked prints each form's summary or problems; any error fails
// the command.
func printChecked(w io.Writer, checked []prompts.Checked) error {
	errs := 0
	for _, c := range checked {
		if c.Form != nil {
			fmt.Fprintf(w, "%s %s：%s\n", c.Origin, c.Name, c.Form.Summary())
		} else {
			n := len(c.Problems.Errors())
			errs += n
			fmt.Fprintf(w, "%s %s：有 %d 处错误\n", c.Origin, c.Name, n)
		}
		for _, p := range c.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if errs > 0 {
		return fmt.Errorf("问卷共有 %d 处错误，请按上面的行号修改后再检查。", errs)
	}
	return nil
}

// formsList prints the forms in effect and their history.
func formsList(ctx context.Context, lib *prompts.Library, w io.Writer) error {
	entries, err := lib.Forms(ctx)
	if err != nil {
		return userError(err)
	}
	for _, e := range entries {
		fmt.Fprintf(w, "%s v%s《%s》：%s %s", e.Form.ID, e.Form.Version, e.Form.Title, e.Origin, e.Name)
		if len(e.Overrides) > 0 {
			fmt.Fprintf(w, "，覆盖 %s", strings.Join(e.Overrides, "、"))
		}
		fmt.Fprintln(w)
		for _, r := range e.Revisions {
			fmt.Fprintf(w, "  第 %d 版 v%s，%s 由 %s 保存\n", r.Rev, r.Version, bot.FormatTime(r.At), r.By)
		}
	}
	return nil
}

// formsImport saves a form file in Redis.
func formsImport(ctx context.Context, lib *prompts.Library, path string, w io.Writer) error {
	if lib.Store == nil {
		return errors.New("没有设置 REDIS_URL，无法保存问卷；只检查请用 reportbot forms check " + path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	res, err := lib.Import(ctx, data, "命令行")
	if err != nil {
		return userError(err)
	}
	for _, p := range res.Warnings {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintln(w, res.Text())
	return nil
}

// formsDraft prints the form proposed from last year's report; what it
// found goes to stderr, so the YAML can be redirected to a file.
func formsDraft(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forms draft", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.String("id", "report-draft", "the form's id")
	title := fs.String("title", "", "the form's title (default: the report's title without its year)")
	if len(args) == 0 {
		return errors.New(formsUsage)
	}
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		return errors.New(formsUsage)
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	text, err := reportText(args[0], data)
	if err != nil {
		return userError(err)
	}
	d, err := formdraft.FromReport(text, formdraft.Options{ID: *id, Title: *title})
	if err != nil {
		return userError(err)
	}
	src, err := d.YAML()
	if err != nil {
		return err
	}
	f, problems := bot.CheckForm(src)
	stdout.Write(src)
	for _, p := range problems {
		fmt.Fprintf(stderr, "  %s\n", p)
	}
	if f == nil {
		return errors.New("生成的问卷没有通过检查，请按上面的行号修改")
	}
	fmt.Fprintf(stderr, "已从报告中读出 %d 个部分、%d 个数字（每个数字一道题，带上年数值），共 %d 道题。请核对后用 reportbot forms check 检查，再用 reportbot forms import 保存。\n",
		len(f.Sections), d.Questions(), f.Len())
	return nil
}

// reportText reads an uploaded report: a .docx, or UTF-8 text.
func reportText(name string, data []byte) (string, error) {
	if strings.HasSuffix(strings.ToLower(name), ".docx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return export.DocxText(data)
	}
	if !utf8.Valid(data) {
		return "", bot.Errorf(bot.EInvalid, "报告不是 UTF-8 编码的文本，请另存为 .docx 或 UTF-8 编码的 .txt 后再试。")
	}
	return string(data), nil
}
