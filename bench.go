package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"reportbot/bot"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store"
)

const benchUsage = `usage: reportbot bench [-contacts 300] [-concurrency 16] [-retry 0.1] [-form fazhi-annual] [-floor]

Load test over loopback: starts serve on a loopback port against REDIS_URL
(a real Redis; an embedded one when unset, which is not a measurement) and a
fake WeCom API, then has every simulated contact answer a whole form through
encrypted callbacks, with a share of messages delivered twice as WeCom
retries. Prints turns/s, latency percentiles, Redis round trips per turn and
memory per finished department, then checks every stored answer.

-floor measures the floor under a turn in the same run: a bare handler
with the same crypto and Redis but no engine (verify, decrypt, one read,
one Lua write with a processed marker, encrypt a reply) serves the same
contacts' same answers in segments alternating with the real turn, and
the real turn's turns/s and p99 are printed beside the floor's, with the
ratios. The submissions follow in a phase of their own, so the drafting
they start is counted in neither.`

// contactScript is what a contact sends to answer the whole form: 开始,
// then an answer to every question the bot asks. Figures are all v (the
// same number for every question, so the form's ≤ rules hold); the yes/no
// gates are all 是 (open) or all 否, and the questions behind closed gates
// are not asked; text and lists are made up from v; optional questions are
// 不涉及. want maps question ids to the values to expect stored.
func contactScript(f *bot.Form, v string, open bool) (script []string, want map[string]string) {
	yes := map[bool]string{true: "是", false: "否"}[open]
	want = map[string]string{}
	script = []string{"开始"}
	for _, q := range f.Questions() {
		if q.AskIf != "" && !open {
			continue // the bot does not ask it
		}
		switch {
		case q.Kind.Numeric():
			script = append(script, v+q.Unit)
			want[q.ID] = v
		case q.Kind == bot.KindYesNo:
			script = append(script, yes)
			want[q.ID] = yes
		case q.Kind == bot.KindItems:
			script = append(script, "无")
		case q.Optional:
			script = append(script, "不涉及")
		case q.Kind == bot.KindChoice:
			script = append(script, "1")
		case q.Kind == bot.KindDate:
			script = append(script, "2025-06-30")
		case q.Kind == bot.KindText:
			t := fmt.Sprintf("第%s号联系人的第%d题答复", v, q.Number)
			script = append(script, t)
			want[q.ID] = t
		default:
			script = append(script, fmt.Sprintf("《第%s号制度》", v))
		}
	}
	return script, want
}

// benchKinds are the bench departments' kinds: a 政府办, like the seed
// report's department, is asked the most questions of the shipped form.
var benchKinds = []string{"政府办"}

// benchScript is what bench contact i sends: the whole form, 提交 and
// 确认提交. Figures differ between contacts, and half of them open the
// gated questions.
func benchScript(f *bot.Form, i int) (script []string, want map[string]string) {
	script, want = contactScript(f, fmt.Sprint(10+i%80), i%2 == 0)
	return append(script, "提交", "确认提交"), want
}

// runBench is `reportbot bench`.
func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprintln(stdout, benchUsage) }
	contacts := fs.Int("contacts", 300, "simulated contacts, one department each")
	conc := fs.Int("concurrency", 16, "contacts typing at the same time")
	retry := fs.Float64("retry", 0.1, "share of messages WeCom delivers twice")
	formID := fs.String("form", "fazhi-annual", "form to answer")
	trace := fs.Bool("trace", false, "print the first contact's conversation")
	floorMode := fs.Bool("floor", false, "also serve the same messages from a bare handler (verify, decrypt, one read, one Lua write, encrypt) in alternating segments, and print the real turn's figures beside it")
	segments := fs.Int("segments", 8, "with -floor: how many segments the contacts are cut into, alternating real and floor")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (both servers and the clients) to this file")
	memProfile := fs.String("memprofile", "", "write a profile of the run's allocations (go tool pprof -sample_index=alloc_space) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *memProfile != "" {
		defer func() {
			if f, err := os.Create(*memProfile); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	form, err := prompts.Form(*formID)
	if err != nil {
		return err
	}
	mine := form.For(benchKinds) // what each department is asked
	url := os.Getenv("REDIS_URL")
	var st *store.Store
	if url == "" {
		fmt.Fprintln(stdout, "REDIS_URL is not set: using an embedded Redis (figures are not representative)")
		var stop func()
		if st, stop, err = embeddedStore(); err != nil {
			return err
		}
		defer stop()
	} else if st, err = store.Open(ctx, url, store.Options{QueuePrefix: "bench:"}); err != nil {
		return err
	} else {
		defer st.Close()
	}
	api := wecomtest.NewServer(fmt.Sprintf("wwbench%d", rand.IntN(1e6)), "bench-secret")
	defer api.Close()
	key := "benchAESkey0123456789abcdefghijklmnopqrstuv"
	tag := fmt.Sprintf("%x", rand.Int64())[:8]
	cfg := serveConfig{CorpID: api.CorpID, AgentID: "1000002", Secret: api.Secret, Token: "bench", AESKey: key,
		APIBase: api.URL, Workers: 16}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The job queue gets its own connection so the round-trip counter
	// sees only the turns' traffic, not the workers' polling.
	queue := st
	if url != "" {
		if queue, err = store.Open(ctx, url, store.Options{QueuePrefix: "bench:"}); err != nil {
			return err
		}
		defer queue.Close()
	}
	app, err := NewApp(ctx, cfg, PartsServe, Options{Store: st, Queue: queue, Logger: logger})
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.Start(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: app.Handler}
	go srv.Serve(ln)
	defer srv.Close()

	// The round: one department per contact.
	r := &bot.Round{ID: "bench" + tag, Title: "压测轮次", Year: 2025, Form: form, Deadline: time.Now().AddDate(0, 1, 0),
		Status: bot.RoundOpen, CreatedAt: time.Now()}
	for i := range *contacts {
		r.Departments = append(r.Departments, bot.Department{ID: fmt.Sprintf("d%05d", i), Name: fmt.Sprintf("部门%05d", i),
			Kinds: benchKinds, Contacts: []string{fmt.Sprintf("b%s-%05d", tag, i)}})
	}
	if err := st.CreateRound(ctx, r); err != nil {
		return err
	}
	client := &wecomtest.Client{URL: "http://" + ln.Addr().String() + "/wecom/callback", Token: "bench", AESKey: key,
		CorpID: api.CorpID, HTTP: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc}}}
	fmt.Fprintf(stdout, "bench: %d contacts × %d messages (%s), concurrency %d, %.0f%% delivered twice, Redis %s, GOMAXPROCS %d\n",
		*contacts, mine.Len()+3, form.ID, *conc, *retry*100, map[bool]string{true: "embedded", false: url}[url == ""], runtime.GOMAXPROCS(0))

	var (
		mu       sync.Mutex
		failures []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	users := make([]string, len(r.Departments))
	for i, d := range r.Departments {
		users[i] = d.Contacts[0]
	}
	load := benchDriver{client: client, users: users, conc: *conc, retry: *retry, fail: fail}
	if *trace {
		load.trace = stdout
	}
	realScript := func(i int) []string { s, _ := benchScript(mine, i); return s }
	var real, floor, submit benchLoad
	var trips int64
	meter := cpuMeter{rdb: st.Client()}
	runReal := func(into *benchLoad, idx []int, prefix string, script func(int) []string) {
		before := st.RoundTrips()
		into.add(meter.measure(func() benchLoad { return load.run(idx, prefix, script) }))
		trips += st.RoundTrips() - before
	}
	if *floorMode {
		fh, err := newFloorHandler(cfg, st)
		if err != nil {
			return err
		}
		fln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		fsrv := &http.Server{Handler: fh}
		go fsrv.Serve(fln)
		defer fsrv.Close()
		fc := *client
		fc.URL = "http://" + fln.Addr().String() + "/wecom/callback"
		fc.HTTP = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc}}
		floorLoad := load
		floorLoad.client, floorLoad.trace = &fc, nil
		// Compared: the turns answering the form (开始 and every answer),
		// the same texts from the same contacts to the floor. Segments
		// alternate real, floor, floor, real, … so a machine growing busier
		// or quieter during the run weighs on both alike. 提交 and 确认提交
		// follow in a phase of their own: the drafting they queue is
		// background work, not a turn, and is kept out of both.
		answers := func(i int) []string { s := realScript(i); return s[:len(s)-2] }
		for k, idx := range benchSegments(len(users), *segments) {
			if k%2 == 0 {
				runReal(&real, idx, "", answers)
				floor.add(meter.measure(func() benchLoad { return floorLoad.run(idx, "f", answers) }))
			} else {
				floor.add(meter.measure(func() benchLoad { return floorLoad.run(idx, "f", answers) }))
				runReal(&real, idx, "", answers)
			}
		}
		runReal(&submit, benchSegments(len(users), 1)[0], "s", func(i int) []string { s := realScript(i); return s[len(s)-2:] })
	} else {
		runReal(&real, benchSegments(len(users), 1)[0], "", realScript)
	}
	total := real
	total.add(submit)
	elapsed := total.elapsed
	turns, retries := total.turns, total.retries
	delivered := turns + retries

	// Verify: every department submitted, every figure as sent, every
	// message applied once.
	var lost, doubled, wrong int
	var mem, memN int64
	for i, d := range r.Departments {
		ref := bot.AssignmentRef{Round: r.ID, Dept: d.ID}
		a, err := st.Assignment(ctx, ref)
		if err != nil {
			return err
		}
		_, want := benchScript(mine, i)
		if a.Status != bot.Submitted {
			fail("%s is %s, not submitted", d.ID, a.Status)
		}
		for qid, v := range want {
			got := a.Answers[qid]
			switch {
			case got == nil:
				lost++
			case got.Figure != nil && got.Figure.Value != v, got.Figure == nil && got.Text != v:
				wrong++
			}
		}
		audit, err := st.Audit(ctx, ref)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, e := range audit {
			k := e.MsgID + "/" + e.QID + "/" + e.Event
			if seen[k] {
				doubled++
			}
			seen[k] = true
		}
		if i < 50 {
			n, err := st.MemoryUsage(ctx, ref)
			if err == nil && n > 0 {
				mem += n
				memN++
			}
		}
	}
	pct := total.percentile
	fmt.Fprintf(stdout, "turns: %d first deliveries + %d retries in %s\n", turns, retries, elapsed.Round(time.Millisecond))
	fmt.Fprintf(stdout, "throughput: %.0f deliveries/s (%.0f turns/s)\n", float64(delivered)/elapsed.Seconds(), float64(turns)/elapsed.Seconds())
	fmt.Fprintf(stdout, "latency per delivery: p50 %s, p95 %s, p99 %s, max %s\n", pct(0.50).Round(10*time.Microsecond),
		pct(0.95).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Fprintf(stdout, "Redis round trips: %.2f per delivery, counting the drafting and review set-up each submission starts (a turn alone: 2, or 3 on a replica that has not served the user before; a retry: 1; see BenchmarkTurn)\n", float64(trips)/float64(delivered))
	if memN > 0 {
		fmt.Fprintf(stdout, "Redis memory per finished department (answers, cursors, audit; MEMORY USAGE): %.1f KB\n", float64(mem)/float64(memN)/1024)
	}
	if n, err := st.MarkerMemory(ctx, bot.AssignmentRef{Round: r.ID, Dept: r.Departments[0].ID}); err == nil && n > 0 {
		fmt.Fprintf(stdout, "  plus processed-message markers, kept 24 h for WeCom's retries: %.1f KB per department\n", float64(n)/1024)
	}
	benchRedisFloor(stdout, url)
	if *floorMode {
		printFloor(stdout, &real, &floor)
	}
	fmt.Fprintf(stdout, "verified: %d departments, lost %d, doubled %d, wrong %d\n", len(r.Departments), lost, doubled, wrong)
	if len(failures) > 0 || lost+doubled+wrong > 0 {
		return fmt.Errorf("bench found problems:\n%s", strings.Join(failures, "\n"))
	}
	return nil
}

// benchRedisFloor runs redis-benchmark (when installed, for a single-node
// REDIS_URL) for the cost of one round trip on this machine, the floor
// under a turn's three.
func benchRedisFloor(stdout io.Writer, url string) {
	path, err := exec.LookPath("redis-benchmark")
	if err != nil || url == "" || strings.Contains(url, ",") {
		return
	}
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return
	}
	host, port, _ := net.SplitHostPort(opt.Addr)
	out, err := exec.Command(path, "-h", host, "-p", port, "-q", "-n", "50000", "-c", "1", "-t", "get").Output()
	if err != nil {
		return
	}
	line := string(out)
	if i := strings.LastIndex(line, "\r"); i >= 0 {
		line = line[i+1:]
	}
	var rps float64
	if _, err := fmt.Sscanf(strings.TrimSpace(line), "GET: %f requests per second", &rps); err != nil || rps == 0 {
		return
	}
	rt := time.Duration(float64(time.Second) / rps)
	fmt.Fprintf(stdout, "redis-benchmark, one client: %.0f GET/s, %s per round trip; 3 round trips take %s\n", rps, rt.Round(time.Microsecond), (3 * rt).Round(time.Microsecond))
}
