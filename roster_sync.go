package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"reportbot/bot"
)

// runRosterSync merges WeCom's address book into the roster file
// (REPORTBOT_ROSTER, or -file): new departments are added, known ones get
// their member lists refreshed, hand-set names, contacts and heads stay.
func runRosterSync(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("roster sync", flag.ContinueOnError)
	fs.SetOutput(stdout)
	path := fs.String("file", getenv("REPORTBOT_ROSTER"), "the roster YAML file to update (default $REPORTBOT_ROSTER)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("REPORTBOT_ROSTER is not set and no -file given")
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
	// The roster is read here, where a missing file is an empty roster,
	// not by the App.
	cfg.Roster = ""
	app, err := NewApp(ctx, cfg, 0, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer app.Close()
	roster := &bot.Roster{}
	if data, err := os.ReadFile(*path); err == nil {
		if roster, err = bot.LoadRoster(data); err != nil {
			return err
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
