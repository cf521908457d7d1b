// Command reportbot collects departments' yearly figures through a WeCom bot
// and turns them into report text that people confirm.
//
// Usage:
//
//	reportbot serve              run the service (settings from the environment)
//	reportbot demo               try the bot in the terminal on an embedded Redis
//	reportbot forms …            check, list, import or draft forms
//	reportbot round …            create, start, close, reopen, status, export a round
//	reportbot roster …           check a roster file; show, import or sync the roster in force
//	reportbot factcheck          check a text against a department's answers
//	reportbot version            print the build version
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// version is set at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "reportbot:", err)
		os.Exit(1)
	}
}

const usage = `usage: reportbot <command> [flags]

commands:
  serve          run the service: WeCom callback and/or long connection, /healthz, /readyz, /metrics (settings from the environment)
  demo           the whole product on loopback (-channel longconn: over the AI bot's long connection); --terminal: chat in the terminal
  forms          check [FILE|DIR] · list · import FILE · draft REPORT: the forms rounds start from
  round          create|start|pause|close|reopen|status|export a collection round
  roster         check FILE · show · import FILE [-yes] · sync [-yes]: the departments, contacts and roles
  factcheck      check a text's figures and claims against one department's answers
  bench          load test over loopback: simulated contacts answer a form through encrypted callbacks
  healthcheck    exit 0 if the local serve answers /healthz (for container HEALTHCHECK)
  version        print the build version
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdin, stdout)
	case "forms":
		return runForms(ctx, args[1:], os.Getenv, stdout, stderr, Options{})
	case "roster":
		return runRoster(ctx, args[1:], os.Getenv, stdout, Options{})
	case "round":
		return runRound(ctx, args[1:], os.Getenv, stdout, Options{})
	case "factcheck":
		return runFactcheck(ctx, args[1:], os.Getenv, stdin, stdout, Options{})
	case "version":
		fmt.Fprintln(stdout, "reportbot", version)
		return nil
	case "bench":
		return runBench(ctx, args[1:], stdout)
	case "healthcheck":
		return runHealthcheck(ctx, os.Getenv("REPORTBOT_ADDR"))
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// runHealthcheck asks the serve on this host for /healthz: the container
// image has no shell or curl.
func runHealthcheck(ctx context.Context, addr string) error {
	if addr == "" {
		addr = ":8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("REPORTBOT_ADDR %q: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %s", res.Status)
	}
	return nil
}
