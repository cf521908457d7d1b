package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/alicebob/miniredis/v2"
	goredis "github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/bot/chat"
	"reportbot/prompts"
	"reportbot/store"
)

// runDemo is `reportbot demo`: the whole product on loopback (see
// runDemoWeb), or with --terminal a contact's chat in the terminal.
func runDemo(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	for i, a := range args {
		if a == "--terminal" || a == "-terminal" {
			return runDemoTerminal(ctx, append(append([]string(nil), args[:i]...), args[i+1:]...), stdin, stdout)
		}
	}
	return runDemoWeb(ctx, args, stdout)
}

// runDemoTerminal lets a newcomer play a department contact in the
// terminal, on an embedded Redis with a sample round of the 法治政府建设
// form. Lines may be typed or piped; at the end the collected answers are
// printed as a table.
func runDemoTerminal(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdout)
	user := fs.String("user", "zhangsan", "the WeCom user id to play (see the sample roster)")
	formID := fs.String("form", "fazhi-annual", "the form of the sample round")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, stop, err := embeddedStore()
	if err != nil {
		return fmt.Errorf("demo: start embedded Redis: %w", err)
	}
	defer stop()
	form, err := prompts.Form(*formID)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	app, err := NewApp(ctx, serveConfig{}, PartStore, Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer app.Close()
	round := sampleRound(form, app.Clock.Now())
	if err := st.CreateRound(ctx, round); err != nil {
		return fmt.Errorf("demo: create sample round: %w", err)
	}
	d := &demoChat{eng: app.Engine, user: *user, out: stdout, echo: !isTerminal(stdin)}
	fmt.Fprintf(stdout, "reportbot 演示：您正以 %s 的身份，与“%s”的填报助手对话。\n", demoName(round, *user), round.Title)
	fmt.Fprintln(stdout, "输入“开始”开始填报，“帮助”查看指令；输入“退出”或按 Ctrl+D 结束，结束时会列出已填写的内容。")
	if err := d.loop(ctx, stdin); err != nil {
		return err
	}
	us, err := st.User(ctx, *user)
	if err != nil {
		return err
	}
	for _, ref := range us.Assignments {
		a, err := st.Assignment(ctx, ref)
		if err != nil {
			return err
		}
		printAnswers(stdout, round, a)
	}
	return nil
}

type demoChat struct {
	eng  *chat.Engine
	user string
	out  io.Writer
	echo bool
	n    int
}

// loop feeds each input line to the engine as one message.
func (d *demoChat) loop(ctx context.Context, in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for {
		if !d.echo {
			fmt.Fprint(d.out, "\n您：")
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "退出" || line == "exit" || line == "quit" {
			break
		}
		if d.echo {
			fmt.Fprintf(d.out, "\n您：%s\n", line)
		}
		d.n++
		replies, err := d.eng.Handle(ctx, bot.Message{User: d.user, ID: fmt.Sprintf("demo-%d", d.n), Text: line})
		if err != nil {
			fmt.Fprintf(d.out, "助手：%s\n", bot.ErrorMessage(err))
			continue
		}
		for _, r := range replies {
			fmt.Fprintf(d.out, "助手：%s\n", r.Text)
			for _, b := range r.Buttons {
				fmt.Fprintf(d.out, "  [%s] 回复“%s”\n", b.Text, b.Key)
			}
		}
	}
	return sc.Err()
}

// printAnswers prints an assignment's answers as a Markdown table.
func printAnswers(w io.Writer, r *bot.Round, a *bot.Assignment) {
	fmt.Fprintf(w, "\n## %s · %s（%s）\n\n| 题号 | 题目 | 答案 |\n|---:|---|---|\n", r.Title, deptName(r, a.Ref.Dept), a.Status.Label())
	for _, q := range r.FormFor(a.Ref.Dept).Questions() {
		val := "（未填）"
		if ans := a.Answers[q.ID]; ans != nil {
			val = bot.FormatAnswer(q, ans)
		}
		fmt.Fprintf(w, "| %d | %s | %s |\n", q.Number, tableCell(q.Prompt), tableCell(val))
	}
}

func tableCell(s string) string {
	return strings.NewReplacer("|", "｜", "\n", "<br>").Replace(s)
}

func deptName(r *bot.Round, id string) string {
	if d := r.Department(id); d != nil {
		return d.Name
	}
	return id
}

func demoName(r *bot.Round, user string) string {
	for _, d := range r.Departments {
		for _, c := range d.Contacts {
			if c == user {
				return fmt.Sprintf("“%s”的填报人 %s", d.Name, user)
			}
		}
	}
	return user + "（不在示例名单中）"
}

// sampleRound is the demo's round: the form for the reporting year in
// progress, five departments, a deadline a month away.
func sampleRound(form *bot.Form, now time.Time) *bot.Round {
	year := now.Year()
	if now.Month() < time.October {
		year-- // before autumn the report being collected is last year's
	}
	id, title := fmt.Sprintf("demo-%d", year), fmt.Sprintf("%d年度法治政府建设情况报告", year)
	if form.ID != "fazhi-annual" {
		id, title = fmt.Sprintf("demo-%s-%d", form.ID, year), fmt.Sprintf("%d年%s", year, form.Title)
	}
	return &bot.Round{
		ID:          id,
		Title:       title,
		Year:        year,
		Form:        form,
		Status:      bot.RoundOpen,
		Coordinator: "区司法局 陈统筹（chentc）",
		Deadline:    now.AddDate(0, 1, 0),
		CreatedAt:   now,
		Departments: []bot.Department{
			{ID: "zfb", Name: "区政府办", Kinds: []string{"政府办"}, Contacts: []string{"zhangsan", "lisi"}, Head: "wangwu"},
			{ID: "sfj", Name: "区司法局", Kinds: []string{"司法行政"}, Contacts: []string{"zhaoliu"}, Head: "sunqi"},
			{ID: "czj", Name: "区财政局", Contacts: []string{"zhouba"}},
			{ID: "jyj", Name: "区教育局", Kinds: []string{"教育"}, Contacts: []string{"wujiu", "zhangsan"}},
			{ID: "wjj", Name: "区卫生健康局", Kinds: []string{"卫生健康"}, Contacts: []string{"zhengshi"}},
		},
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// embeddedStore starts an in-process Redis (miniredis) for the demo, and
// for the load test run without REDIS_URL. stop shuts it down.
func embeddedStore() (s *store.Store, stop func(), err error) {
	mr, err := miniredis.Run()
	if err != nil {
		return nil, nil, err
	}
	s = store.New(goredis.NewClient(&goredis.Options{Addr: mr.Addr()}), store.Options{})
	return s, func() { s.Close(); mr.Close() }, nil
}
