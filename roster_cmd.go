package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"reportbot/bot"
)

const rosterUsage = `usage: reportbot roster check FILE
       reportbot roster show
       reportbot roster import FILE [-replace] [-yes]
       reportbot roster sync [-yes] [-file roster.yaml]

check   what a roster file (YAML, or CSV in GBK or UTF-8) holds — departments
        by kind, people by role — or every problem in it with its line; exit 1
        on problems. Needs nothing else: the console's import preview runs
        the same checks.
show    the roster in force (REDIS_URL): what it holds and its last changes.
import  what FILE would change in the roster in force; -yes saves it, and
        running rounds take the change at once (no restart). FILE is merged:
        the departments it lists are replaced or added, the people it names
        gain their roles; with -replace it becomes the whole roster.
sync    merge WeCom's address book (WECOM_*) into the roster in force, shown
        first and saved with -yes; with -file (or without REDIS_URL) into a
        roster YAML file instead.`

// errRosterProblems makes roster check exit 1 after printing the problems.
var errRosterProblems = errors.New("the roster has problems")

// runRoster is `reportbot roster`.
func runRoster(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, opt Options) error {
	if len(args) == 0 {
		return errors.New(rosterUsage)
	}
	ctx = bot.WithActor(ctx, "cli")
	switch args[0] {
	case "check":
		if len(args) != 2 {
			return errors.New(rosterUsage)
		}
		return rosterCheck(args[1], stdout)
	case "show":
		return rosterShow(ctx, getenv, stdout, opt)
	case "import":
		return rosterImport(ctx, args[1:], getenv, stdout, opt)
	case "sync":
		return runRosterSync(ctx, args[1:], getenv, stdout, opt)
	}
	return errors.New(rosterUsage)
}

// rosterCheck prints what a roster file holds, or its problems.
func rosterCheck(path string, stdout io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	r, err := bot.ReadRosterFile(path, data)
	var ps bot.Problems
	if errors.As(err, &ps) {
		fmt.Fprintf(stdout, "%s 有 %d 处问题：\n", filepath.Base(path), len(ps))
		for _, p := range ps {
			fmt.Fprintln(stdout, "  "+p.String())
		}
		return errRosterProblems
	}
	if err != nil {
		fmt.Fprintf(stdout, "%s：%s\n", filepath.Base(path), bot.ErrorMessage(err))
		return errRosterProblems
	}
	fmt.Fprintf(stdout, "%s 没有问题。\n%s\n", filepath.Base(path), r.Summary())
	return nil
}

// rosterApp opens the store with the roster saved in Redis in force: the
// roster file is not imported behind the operator's back here.
func rosterApp(ctx context.Context, getenv func(string) string, opt Options) (*App, error) {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return nil, err
	}
	cfg.Roster = ""
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return NewApp(ctx, cfg, PartStore, opt)
}

// rosterShow prints the roster in force and its last changes.
func rosterShow(ctx context.Context, getenv func(string) string, stdout io.Writer, opt Options) error {
	app, err := rosterApp(ctx, getenv, opt)
	if err != nil {
		return err
	}
	defer app.Close()
	r, v, err := app.RosterKeeper.Current(ctx)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "现行名单（第 %d 版）\n%s\n", v, r.Summary())
	hist, err := app.RosterKeeper.History(ctx, 5)
	if err != nil {
		return userError(err)
	}
	if len(hist) > 0 {
		fmt.Fprintln(stdout, "最近的修改：")
	}
	for _, h := range hist {
		fmt.Fprintf(stdout, "  %s %s（%s）：%s\n", bot.FormatTime(h.At), r.Label(h.By), h.How, strings.Join(h.Lines, "；"))
	}
	return nil
}

// rosterImport previews, and with -yes saves, a roster file over the
// roster in force.
func rosterImport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, opt Options) error {
	fs := flag.NewFlagSet("roster import", flag.ContinueOnError)
	fs.SetOutput(stdout)
	yes := fs.Bool("yes", false, "save the roster (without it, only show what would change)")
	replace := fs.Bool("replace", false, "make FILE the whole roster (departments it does not list are removed)")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(rosterUsage)
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	read := bot.ReadRosterPart
	if *replace {
		read = bot.ReadRosterFile // a whole roster: every department with a contact
	}
	next, err := read(path, data)
	if err != nil {
		return userError(err)
	}
	app, err := rosterApp(ctx, getenv, opt)
	if err != nil {
		return err
	}
	defer app.Close()
	how := "导入 " + filepath.Base(path)
	if *replace {
		how += "（替换整份名单）"
	} else {
		cur, _, err := app.RosterKeeper.Current(ctx)
		if err != nil {
			return userError(err)
		}
		next = cur.Merge(next)
	}
	return rosterApply(ctx, app, next, how, *yes, stdout)
}

// rosterApply shows what next changes and saves it when yes.
func rosterApply(ctx context.Context, app *App, next *bot.Roster, how string, yes bool, stdout io.Writer) error {
	lines, v, err := app.RosterKeeper.Preview(ctx, next)
	if err != nil {
		return userError(err)
	}
	if len(lines) == 0 {
		fmt.Fprintf(stdout, "与现行名单（第 %d 版）相同，无需修改。\n", v)
		return nil
	}
	fmt.Fprintf(stdout, "与现行名单（第 %d 版）相比：\n", v)
	for _, l := range lines {
		fmt.Fprintln(stdout, "  "+l)
	}
	if !yes {
		fmt.Fprintln(stdout, "以上修改尚未保存；确认无误后加 -yes 再执行一次。")
		return nil
	}
	if _, err := app.RosterKeeper.Save(ctx, next, v, how); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "已保存为第 %d 版，正在进行的轮次已按新名单更新。\n", v+1)
	return nil
}

// reorder puts flags before arguments, so `import FILE -yes` works.
func reorder(args []string) []string {
	var flags, rest []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
		} else {
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

// runRosterSync merges WeCom's address book into the roster: new
// departments are added, known ones get their member lists refreshed,
// hand-set names, kinds, contacts and heads stay. With REDIS_URL (and no
// -file) it works on the roster in force, shown first and saved with -yes;
// otherwise on a roster YAML file (-file, default $REPORTBOT_ROSTER).
func runRosterSync(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, opt Options) error {
	fs := flag.NewFlagSet("roster sync", flag.ContinueOnError)
	fs.SetOutput(stdout)
	path := fs.String("file", "", "a roster YAML file to update instead of the roster in Redis")
	yes := fs.Bool("yes", false, "save the merged roster (without it, only show what would change)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	for _, s := range []struct{ name, val string }{{"WECOM_CORP_ID", cfg.CorpID}, {"WECOM_AGENT_ID", cfg.AgentID}, {"WECOM_SECRET", cfg.Secret}} {
		if s.val == "" {
			return fmt.Errorf("%s is not set", s.name)
		}
	}
	if *path == "" && cfg.RedisURL == "" && opt.Store == nil {
		if *path = cfg.Roster; *path == "" {
			return errors.New("neither REDIS_URL nor REPORTBOT_ROSTER is set, and no -file given")
		}
	}
	if *path == "" {
		app, err := rosterApp(ctx, getenv, opt)
		if err != nil {
			return err
		}
		defer app.Close()
		depts, err := app.Directory().Departments(ctx)
		if err != nil {
			return userError(err)
		}
		cur, _, err := app.RosterKeeper.Current(ctx)
		if err != nil {
			return userError(err)
		}
		next := cur.Clone()
		next.MergeDirectory(depts)
		return rosterApply(ctx, app, next, "企业微信通讯录同步", *yes, stdout)
	}
	// A file: the roster is read here, where a missing file is an empty
	// roster, not by the App.
	cfg.Roster = ""
	app, err := NewApp(ctx, cfg, 0, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer app.Close()
	roster := &bot.Roster{}
	if data, err := os.ReadFile(*path); err == nil {
		if roster, err = bot.ReadRosterFile(*path, data); err != nil {
			return userError(err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	depts, err := app.Directory().Departments(ctx)
	if err != nil {
		return err
	}
	added, updated := roster.MergeDirectory(depts)
	out, err := roster.Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*path, out, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "通讯录同步完成：新增 %d 个部门，更新 %d 个部门的成员，名单已写入 %s。\n", added, updated, *path)
	return nil
}
