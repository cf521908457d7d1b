package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"reportbot/bot"
	"reportbot/bot/wecom"
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
	for _, name := range []string{"WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET"} {
		if getenv(name) == "" {
			return fmt.Errorf("%s is not set", name)
		}
	}
	roster := &bot.Roster{}
	if data, err := os.ReadFile(*path); err == nil {
		if roster, err = bot.LoadRoster(data); err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	base := getenv("WECOM_API_BASE")
	if base == "" {
		base = wecom.DefaultAPIBase
	}
	wecom.SetAPIBase(base)
	dir := wecom.NewDirectory(getenv("WECOM_CORP_ID"), getenv("WECOM_AGENT_ID"), getenv("WECOM_SECRET"), wecom.MemoryTokens())
	depts, err := dir.Departments(ctx)
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
