package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/llm/llmtest"
	"reportbot/bot/rounds"
	"reportbot/bot/seedtest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/handlers"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// The fault suite runs real processes: redis-server with AOF, killed and
// restarted; serve killed with SIGKILL mid-traffic; a model that is down.

// redisProc is a redis-server child with AOF in its own directory.
type redisProc struct {
	bin, dir, addr string
	cmd            *exec.Cmd
}

func needRedisServer(t *testing.T) string {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("REPORTBOT_REQUIRE_REDIS_SERVER") != "" {
			t.Fatal("redis-server is not on PATH")
		}
		t.Skip("redis-server is not on PATH (.ci/run requires it)")
	}
	return bin
}

func (p *redisProc) start(t *testing.T) {
	t.Helper()
	_, port, _ := net.SplitHostPort(p.addr)
	p.cmd = exec.Command(p.bin, "--port", port, "--bind", "127.0.0.1", "--dir", p.dir, "--appendonly", "yes",
		"--appendfsync", "always", "--save", "")
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitListening(t, p.addr, "redis-server")
}

func (p *redisProc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

// answerScript is a 政府办 contact's messages for the whole form with the
// gates closed: 开始 and an answer per question asked (see contactScript).
// The departments these tests answer for are of that kind (seedtest.Dept).
func answerScript(form *bot.Form, v string) []string {
	script, _ := contactScript(form.For(seedtest.Kinds), v, false)
	return script
}

// TestFaultRedisKilledMidRound kills Redis (SIGKILL) while a contact is
// answering: every callback during the outage gets 系统繁忙 and changes
// nothing; when Redis comes back from its AOF, service resumes by itself
// and every answer that was acknowledged before the kill is there.
func TestFaultRedisKilledMidRound(t *testing.T) {
	rp := &redisProc{bin: needRedisServer(t), dir: t.TempDir(), addr: freeAddr(t)}
	rp.start(t)
	// Cleanups run last first: the service stops before its Redis does.
	t.Cleanup(rp.kill)
	ctx := context.Background()
	st, err := store.Open(ctx, "redis://"+rp.addr, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	live := startService(t, st, "", func(c *serveConfig, _ *bottest.Clock) { c.Workers = 2 })
	c := live.client
	form, _ := prompts.Form("fazhi-annual")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb", "区政府办", "zs"))
	ref := bot.AssignmentRef{Round: r.ID, Dept: "zfb"}
	script := answerScript(form, "12")
	acked := 0
	for i, text := range script[:20] {
		rep, err := c.Text("zs", fmt.Sprint("m", i), text)
		if err != nil || !strings.Contains(rep.Text, "第") {
			t.Fatalf("%q: %v %q", text, err, rep.Text)
		}
		if strings.Contains(rep.Text, "已记录") {
			acked++
		}
	}
	rp.kill()
	// During the outage, nothing is stored: while WeCom will still retry a
	// message it is answered 503 (WeCom delivers it again and the contact
	// types nothing); a delivery past that window gets the polite busy
	// reply, asking the contact to send it again.
	for i := 20; i < 23; i++ {
		rep, err := c.Text("zs", fmt.Sprint("m", i), script[i])
		if err == nil || rep.Attempts != 1+c.Retries {
			t.Errorf("during the outage, within WeCom's retries: %v %+v", err, rep)
		}
		late := *c
		late.Now = func() time.Time { return live.clock.Now().Add(-handlers.RetryWindow - time.Second) }
		rep, err = late.Text("zs", fmt.Sprint("m", i), script[i])
		if err != nil || rep.Text != bot.MsgBusy {
			t.Errorf("during the outage, past WeCom's retries: %v %q", err, rep.Text)
		}
	}
	rp.start(t)
	// WeCom retries; the service recovers without a restart.
	deadline := time.Now().Add(20 * time.Second)
	for i := 20; i < len(script); i++ {
		for {
			rep, err := c.Text("zs", fmt.Sprint("m", i), script[i])
			if err == nil && rep.Text != bot.MsgBusy {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no recovery after Redis returned: %v %q", err, rep.Text)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	a, err := st.Assignment(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	for _, q := range form.For(seedtest.Kinds).Questions() {
		if q.AskIf == "" {
			asked++
		}
	}
	if len(a.Answers) != asked {
		t.Errorf("%d answers stored, want %d (acknowledged before the kill: %d)", len(a.Answers), asked, acked)
	}
	audit, _ := st.Audit(ctx, ref)
	seen := map[string]bool{}
	for _, e := range audit {
		if seen[e.MsgID+e.QID] {
			t.Errorf("message %s applied twice", e.MsgID)
		}
		seen[e.MsgID+e.QID] = true
	}
}

// TestFaultServeKilledAndRetried kills serve with SIGKILL while three
// contacts are typing, restarts it, and lets WeCom's retries go to the new
// process: every message takes effect exactly once.
func TestFaultServeKilledAndRetried(t *testing.T) {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	redis := redisURL(t)
	tag := storetest.RandomID("")
	rosterPath := filepath.Join(t.TempDir(), "roster.yaml")
	os.WriteFile(rosterPath, []byte("departments: []\n"), 0o644)
	env := serveEnv(api, redis, rosterPath, "fk"+tag+":")
	addr := freeAddr(t)
	// Both processes listen on the same address, as a restarted pod does.
	s1 := startServeAt(t, env, addr)
	s1.waitReady(t, 60*time.Second)
	st, err := store.Open(context.Background(), redis, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	form, _ := prompts.Form("fazhi-annual")
	var depts []bot.Department
	for i := range 3 {
		depts = append(depts, seedtest.Dept(fmt.Sprintf("d%d", i), fmt.Sprintf("部门%d", i), fmt.Sprintf("u%d%s", i, tag)))
	}
	r := storetest.Round(t, st, form, depts...)
	script := answerScript(form, "7")
	c := &wecomtest.Client{URL: "http://" + addr + "/wecom/callback", Token: "tok", AESKey: testAESKey, CorpID: api.CorpID}
	var restarted sync.Once
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := depts[i].Contacts[0]
			for j, text := range script {
				if i == 0 && j == 15 {
					restarted.Do(func() {
						s1.cmd.Process.Signal(syscall.SIGKILL)
						<-s1.done
						s2 := startServeAt(t, env, addr)
						s2.waitReady(t, 30*time.Second)
					})
				}
				// WeCom retries a delivery that got no answer, for as long
				// as the process is away.
				for attempt := 0; ; attempt++ {
					_, err := c.Text(user, fmt.Sprintf("%s-%d", user, j), text)
					if err == nil {
						break
					}
					if attempt > 100 {
						t.Errorf("%s %q never answered: %v", user, text, err)
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	for _, d := range depts {
		ref := bot.AssignmentRef{Round: r.ID, Dept: d.ID}
		a, _ := st.Assignment(context.Background(), ref)
		audit, _ := st.Audit(context.Background(), ref)
		seen := map[string]bool{}
		answers := 0
		for _, e := range audit {
			k := e.MsgID + "/" + e.QID + "/" + e.Event
			if seen[k] {
				t.Errorf("%s: %s applied twice", d.ID, k)
			}
			seen[k] = true
			if e.Event == "answer" || e.Event == "na" {
				answers++
			}
		}
		if answers != len(a.Answers) || len(a.Answers) != len(script)-1 {
			t.Errorf("%s: %d answers stored from %d audit entries, want %d", d.ID, len(a.Answers), answers, len(script)-1)
		}
	}
}

// startServeAt starts serve on a given address.
func startServeAt(t *testing.T, env map[string]string, addr string) *server {
	t.Helper()
	e := map[string]string{}
	for k, v := range env {
		e[k] = v
	}
	e["REPORTBOT_ADDR"] = addr
	return startServe(t, e)
}

// TestFaultModelDown: with the model answering 503 for the whole drafting,
// every section is drafted from templates, labelled so, and the editor is
// told which drafts are template-made.
func TestFaultModelDown(t *testing.T) {
	model := llmtest.NewServer(llmtest.Down)
	t.Cleanup(model.Close) // after the service stops (cleanups run last first)
	tag := storetest.RandomID("")
	live := startService(t, nil, fmt.Sprintf("departments: []\neditors: [ed%s]\n", tag), func(c *serveConfig, _ *bottest.Clock) {
		c.OpenAIKey, c.OpenAIBase, c.OpenAIModel = "sk-test", model.BaseURL(), "qwen-plus"
	})
	st, api, c := live.st, live.api, live.client
	form, _ := prompts.Form("fazhi-annual")
	r := storetest.Round(t, st, form, seedtest.Dept("zfb"+tag, "区政府办", "zs"+tag))
	for i, text := range append(answerScript(form, "9"), "提交", "确认提交") {
		if _, err := c.Text("zs"+tag, fmt.Sprint("d", i), text); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := st.Assignment(context.Background(), bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag})
	if a.Status != bot.Submitted {
		t.Fatalf("not submitted: %s", a.Status)
	}
	x := &editorRig{t: t, api: api, seen: map[string]int{}}
	var keys []string
	for _, s := range form.Sections {
		keys = append(keys, "稿件确认 "+r.ID+"/zfb"+tag+"#"+s.ID)
	}
	got := strings.Join(x.waitFor("ed"+tag, keys...), "\n")
	if n := strings.Count(got, "（模板生成）"); n != len(form.Sections) {
		t.Errorf("%d of %d drafts are labelled template-made:\n%.1500s", n, len(form.Sections), got)
	}
	if model.Calls() == 0 {
		t.Error("the model was never tried")
	}
	secs, _ := st.Sections(context.Background(), bot.AssignmentRef{Round: r.ID, Dept: "zfb" + tag})
	for _, s := range form.Sections {
		if v := secs[s.ID].CurrentVersion(); v == nil || v.Source != "template" {
			t.Errorf("section %s: %+v", s.ID, v)
		}
	}
}

// TestFaultWeComErrors: while the WeCom API answers 45009 (too frequent)
// to every third call, expires every token once (42001) and fails a few
// calls with 45033, the reminders of a 30-department round still reach
// every contact exactly once.
func TestFaultWeComErrors(t *testing.T) {
	st := storetest.New(t)
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	roster := testRoster(30)
	clock := bottest.NewClock(bottest.Monday)
	rep := newReplica(t, st, api, roster, clock, 8)
	form, _ := prompts.Form("fazhi-annual")
	ctx := context.Background()
	r, err := rep.admin.Create(ctx, rounds.RoundSpec{ID: storetest.RandomID("r"), Form: form, Title: "2025年度", Year: 2025,
		Deadline: clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	api.FailEvery(3, 45009)
	api.Fail(45033, 45033)
	if n, err := rep.admin.Start(ctx, r.ID); err != nil || n.Queued != 30 {
		t.Fatalf("start: %+v %v", n, err)
	}
	waitSent(t, api, 1, 30*time.Second)
	api.ExpireTokens() // every token expires while the workers send
	waitSent(t, api, 30, 60*time.Second)
	storetest.Drain(t, rep.jobs, 60*time.Second)
	per := map[string]int{}
	for _, m := range api.Sent() {
		per[m.ToUser]++
	}
	for _, d := range roster.Departments {
		if per[d.Contacts[0]] != 1 {
			t.Errorf("%s got %d invitations", d.Contacts[0], per[d.Contacts[0]])
		}
	}
	if api.TokenFetches() < 2 {
		t.Errorf("expired tokens were not fetched again (%d fetches)", api.TokenFetches())
	}
}
