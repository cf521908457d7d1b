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

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/rounds"
)

const roundUsage = `usage: reportbot round <command> [flags]
  create [-id ID] [-title 标题] -year 2025 -deadline 2025-12-31 [-form fazhi-annual] [-depts a,b] [-coordinator 名称]
         [-head-confirm] [-yoy-ratio 0.5] [-previous ID] [-district-summary]
  start|pause|close ID
  reopen ID DEPT -reason 原因
  deadline ID 2026-01-15 [-tell]   (move the deadline; -tell tells contacts not yet submitted)
  status ID
  export ID [-format xlsx|csv|json|zip] [-o file]
  report ID DEPT [-format docx|md] [-o file] [-draft]
  audit ID DEPT [-o file]     (one department's whole history as Excel)
Settings: REDIS_URL, REPORTBOT_ROSTER (departments and contacts; YAML or .csv).`

// runRound is the coordinator's command line: the same operations as the
// chat commands and the API, against the Redis at REDIS_URL.
// opt lets tests pass their store and clock.
func runRound(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, opt Options) error {
	if len(args) == 0 {
		return errors.New(roundUsage)
	}
	ctx = bot.WithActor(ctx, "cli")
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	app, err := NewApp(ctx, cfg, PartStore, opt)
	if err != nil {
		return err
	}
	defer app.Close()
	ra, clock := app.Rounds, app.Clock
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "create":
		if len(app.Roster.Get().Departments) == 0 {
			return errors.New("名单中还没有部门：请先导入名单（reportbot roster import FILE -yes），或设置 REPORTBOT_ROSTER")
		}
		return roundCreate(ctx, app, rest, stdout)
	case "start":
		if len(rest) != 1 {
			return errors.New(roundUsage)
		}
		// Invitations are queued here and sent by the serve replicas'
		// workers; outside the sending hours their reminder ticks send them.
		started, err := ra.Start(ctx, rest[0])
		if err != nil {
			return userError(err)
		}
		fmt.Fprintln(stdout, started.Text(rest[0]))
		return nil
	case "pause", "close":
		if len(rest) != 1 {
			return errors.New(roundUsage)
		}
		to := map[string]bot.RoundStatus{"pause": bot.RoundPaused, "close": bot.RoundClosed}[cmd]
		if err := ra.SetStatus(ctx, rest[0], to); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "已完成：%s %s\n", cmd, rest[0])
		return nil
	case "reopen":
		fs := flag.NewFlagSet("reopen", flag.ContinueOnError)
		reason := fs.String("reason", "", "why the answers go back (shown to the contacts)")
		if len(rest) < 2 || fs.Parse(rest[2:]) != nil {
			return errors.New(roundUsage)
		}
		if err := ra.Reopen(ctx, bot.AssignmentRef{Round: rest[0], Dept: rest[1]}, *reason, "cli"); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "已退回 %s 的填报。\n", rest[1])
		return nil
	case "deadline":
		fs := flag.NewFlagSet("deadline", flag.ContinueOnError)
		tell := fs.Bool("tell", false, "tell the contacts of departments not yet submitted")
		if len(rest) < 2 || fs.Parse(rest[2:]) != nil {
			return errors.New(roundUsage)
		}
		at, err := rounds.ParseDeadline(rest[1])
		if err != nil {
			return userError(err)
		}
		moved, err := ra.SetDeadline(ctx, rest[0], at, *tell)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintln(stdout, moved.Text())
		if note := rounds.DeadlineNote(app.Reminders.Calendar.Get(), at); note != "" {
			fmt.Fprintln(stdout, note)
		}
		return nil
	case "status":
		if len(rest) != 1 {
			return errors.New(roundUsage)
		}
		p, err := ra.Progress(ctx, rest[0])
		if err != nil {
			return userError(err)
		}
		fmt.Fprintln(stdout, p.Text(clock.Now()))
		return nil
	case "export":
		return roundExport(ctx, app, rest, stdout)
	case "report":
		return roundReport(ctx, app, rest, stdout)
	case "audit":
		return roundAudit(ctx, app, rest, stdout)
	}
	return fmt.Errorf("unknown round command %q\n%s", cmd, roundUsage)
}

func roundCreate(ctx context.Context, app *App, args []string, stdout io.Writer) error {
	ra := app.Rounds
	fs := flag.NewFlagSet("round create", flag.ContinueOnError)
	fs.SetOutput(stdout)
	id := fs.String("id", "", "round id, e.g. fz2025 (empty: generated from the form and year, e.g. fazhi-2025)")
	title := fs.String("title", "", "title, e.g. 2025年度法治政府建设情况报告 (empty: from the form's report title)")
	year := fs.Int("year", ra.Clock.Now().Year(), "reporting year")
	deadline := fs.String("deadline", "", "deadline date, YYYY-MM-DD (end of that day, China time)")
	formID := fs.String("form", "fazhi-annual", "form id (see: reportbot forms list)")
	depts := fs.String("depts", "", "comma-separated department ids; empty: all in the roster")
	coord := fs.String("coordinator", "", "coordinator shown to contacts")
	headConfirm := fs.Bool("head-confirm", false, "submissions wait for the department head's confirmation")
	yoy := fs.Float64("yoy-ratio", 0, "confirm figures that moved more than this share from last year (0: 0.5; negative: off)")
	previous := fs.String("previous", "", "earlier round for last year's values (default: newest round of the same form)")
	district := fs.Bool("district-summary", false, "let the coordinator draft a district-wide summary of confirmed departments")
	if err := fs.Parse(args); err != nil {
		return err
	}
	form, err := app.Forms.Form(ctx, *formID)
	if err != nil {
		return userError(err)
	}
	due, err := rounds.ParseDeadline(*deadline)
	if err != nil {
		return userError(err)
	}
	var ids []string
	if *depts != "" {
		ids = strings.Split(*depts, ",")
	}
	r, err := ra.Create(ctx, rounds.RoundSpec{ID: *id, Form: form, Title: *title, Year: *year, Depts: ids,
		Deadline: due, Coordinator: *coord, HeadConfirm: *headConfirm, YoYRatio: *yoy,
		Previous: *previous, DistrictSummary: *district})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "已创建轮次 %s（%s，%d 个部门），状态：未开始。用 reportbot round start %s 开始。\n", r.ID, r.Title, len(r.Departments), r.ID)
	if warn := rounds.HeadlessText(r); warn != "" {
		fmt.Fprintln(stdout, warn)
	}
	return nil
}

func roundExport(ctx context.Context, app *App, args []string, stdout io.Writer) error {
	if len(args) < 1 {
		return errors.New(roundUsage)
	}
	fs := flag.NewFlagSet("round export", flag.ContinueOnError)
	format := fs.String("format", "xlsx", "xlsx, csv or json")
	out := fs.String("o", "", "output file (default <round>.<format>)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	r, depts, err := export.Load(ctx, app.Store, args[0])
	if err != nil {
		return userError(err)
	}
	if *format == "zip" {
		reports, err := app.Editorial.CompleteReports(ctx, r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		missing, err := export.Zip(&buf, r, depts, reports, app.Roster.Get())
		if err != nil {
			return err
		}
		path := *out
		if path == "" {
			path = r.ID + ".zip"
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已导出 %d 份报告和汇总表到 %s", len(reports), path)
		if len(missing) > 0 {
			fmt.Fprintf(stdout, "；尚未完成：%s", strings.Join(missing, "、"))
		}
		fmt.Fprintln(stdout)
		return nil
	}
	write := map[string]func(io.Writer, *bot.Round, []export.Dept, export.Namer) error{"xlsx": export.XLSX, "csv": export.CSV, "json": export.JSON}[*format]
	if write == nil {
		return fmt.Errorf("-format %q: use xlsx, csv or json", *format)
	}
	path := *out
	if path == "" {
		path = r.ID + "." + *format
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, r, depts, app.Roster.Get()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已导出 %d 个部门到 %s\n", len(depts), path)
	return nil
}

// roundReport writes one department's report.
func roundReport(ctx context.Context, app *App, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return errors.New(roundUsage)
	}
	fs := flag.NewFlagSet("round report", flag.ContinueOnError)
	format := fs.String("format", "docx", "docx or md")
	out := fs.String("o", "", "output file (default <部门>-<id>.<format>)")
	draft := fs.Bool("draft", false, "a preview with unconfirmed sections")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if *format != "docx" && *format != "md" {
		return fmt.Errorf("-format %q: use docx or md", *format)
	}
	ref := bot.AssignmentRef{Round: args[0], Dept: args[1]}
	r, err := app.Store.Round(ctx, ref.Round)
	if err != nil {
		return userError(err)
	}
	d := r.Department(ref.Dept)
	if d == nil {
		return fmt.Errorf("本轮没有部门“%s”", ref.Dept)
	}
	rep, err := app.Editorial.Report(ctx, ref, *draft)
	if err != nil {
		return userError(err)
	}
	var buf bytes.Buffer
	if *format == "md" {
		buf.WriteString(rep.Markdown())
	} else if err := export.DOCX(&buf, rep); err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = export.ReportFile(*d, *format)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写出 %s\n", path)
	return nil
}

// userError shows a bot error's Chinese message on the command line.
func userError(err error) error {
	var e *bot.Error
	if errors.As(err, &e) && e.Message != "" {
		return errors.New(e.Message)
	}
	return err
}

// roundAudit writes one department's history (answer and state changes,
// editors' versions, kept flags, the round's actions) as Excel, the same
// workbook as the console's.
func roundAudit(ctx context.Context, app *App, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return errors.New(roundUsage)
	}
	fs := flag.NewFlagSet("round audit", flag.ContinueOnError)
	out := fs.String("o", "", "output file (default <部门>_<轮次>_修改记录.xlsx)")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	var ed bot.EditorialStore
	if app.Editorial != nil {
		ed = app.Editorial.Store
	}
	log, err := export.LoadAudit(ctx, app.Store, ed, args[0], args[1])
	if err != nil {
		return userError(err)
	}
	var buf bytes.Buffer
	if err := export.AuditXLSX(&buf, log, app.Roster.Get()); err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = export.AuditFile(log.Round, log.Dept)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写出 %s（%d 条答案与状态记录）\n", path, len(log.Entries))
	return nil
}
