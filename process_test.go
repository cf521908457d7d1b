package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/prompts"
	"reportbot/store"
	"reportbot/store/storetest"
)

// These tests run the real binary, built as deploy/Dockerfile builds it
// (static, trimmed, version stamped), as separate processes.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds reportbot once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "reportbot-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "reportbot")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=test+process", "-o", binPath, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// redisURL is the test Redis for child processes: REDIS_URL (a node or a
// cluster) when set, else an embedded one on a loopback port.
func redisURL(t *testing.T) string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	m := miniredis.RunT(t)
	return "redis://" + m.Addr()
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// syncBuffer collects a child's log safely.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// server is one `reportbot serve` child process.
type server struct {
	addr string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan error
}

const testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"

// serveEnv is the environment of a serve child against the fake WeCom.
func serveEnv(api *wecomtest.Server, redis, roster, prefix string) map[string]string {
	return map[string]string{"REDIS_URL": redis, "WECOM_CORP_ID": api.CorpID, "WECOM_AGENT_ID": "1000002",
		"WECOM_SECRET": api.Secret, "WECOM_TOKEN": "tok", "WECOM_AES_KEY": testAESKey, "WECOM_API_BASE": api.URL,
		"REPORTBOT_ROSTER": roster, "REPORTBOT_ADMIN_TOKEN": "admin-token-0123456789abcdef", "REPORTBOT_QUEUE_PREFIX": prefix,
		// A child process runs on the machine's clock: it may send at any
		// hour and on any day, so what it sends never depends on when the
		// test runs.
		"REPORTBOT_SEND_HOURS": "0-24", "REPORTBOT_SEND_WEEKENDS": "true"}
}

func startServe(t *testing.T, env map[string]string) *server {
	t.Helper()
	s := &server{addr: env["REPORTBOT_ADDR"], log: &syncBuffer{}, done: make(chan error, 1)}
	if s.addr == "" {
		s.addr = freeAddr(t)
	}
	s.cmd = exec.Command(binary(t), "serve")
	s.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "REPORTBOT_ADDR=" + s.addr}
	for k, v := range env {
		if k != "REPORTBOT_ADDR" {
			s.cmd.Env = append(s.cmd.Env, k+"="+v)
		}
	}
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil && s.cmd.Process != nil {
			s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("serve %s log:\n%s", s.addr, s.log.String())
		}
	})
	return s
}

// waitReady polls /readyz until it answers 200.
func (s *server) waitReady(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if res, err := http.Get("http://" + s.addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve on %s not ready after %s:\n%s", s.addr, within, s.log.String())
}

// stop sends SIGTERM and returns the exit error (nil for exit 0).
func (s *server) stop(t *testing.T, within time.Duration) error {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		return err
	case <-time.After(within):
		t.Fatalf("serve did not exit within %s after SIGTERM", within)
		return nil
	}
}

func (s *server) client(api *wecomtest.Server) *wecomtest.Client {
	return &wecomtest.Client{URL: "http://" + s.addr + "/wecom/callback", Token: "tok", AESKey: testAESKey, CorpID: api.CorpID}
}

func (s *server) api(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+s.addr+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer admin-token-0123456789abcdef")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return res.StatusCode, out.Bytes()
}

// TestReplicaServe boots two serve processes on one Redis (or the cluster
// in REDIS_URL), creates and starts a round through the API of each, and
// drives three departments to submission through both processes
// alternately, every message delivered twice (once to each, as a WeCom
// retry may land on another replica). Every answer is stored once, every
// retry gets the same reply, every invitation arrives once, and both
// processes exit 0 on SIGTERM.
func TestReplicaServe(t *testing.T) {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	redis := redisURL(t)
	tag := storetest.RandomID("")
	rosterPath := filepath.Join(t.TempDir(), "roster.yaml")
	var roster strings.Builder
	roster.WriteString("departments:\n")
	for i := range 3 {
		fmt.Fprintf(&roster, "  - id: d%d%s\n    name: 部门%d\n    contacts: [c%d%s]\n", i, tag, i, i, tag)
	}
	fmt.Fprintf(&roster, "coordinators: [coord%s]\n", tag)
	os.WriteFile(rosterPath, []byte(roster.String()), 0o644)
	env := serveEnv(api, redis, rosterPath, "rp"+tag+":")
	a, b := startServe(t, env), startServe(t, env)
	a.waitReady(t, 60*time.Second)
	b.waitReady(t, 30*time.Second)

	id := storetest.RandomID("r")
	deadline := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	if code, body := a.api(t, "POST", "/api/rounds", map[string]any{"id": id, "form": "fazhi-annual",
		"title": "2025年度法治政府建设情况报告", "year": 2025, "deadline": deadline}); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	if code, body := b.api(t, "POST", "/api/rounds/"+id+"/start", nil); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	form, _ := prompts.Form("fazhi-annual")
	script := append(answerScript(form, "5"), "提交", "确认提交")
	ca, cb := a.client(api), b.client(api)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("c%d%s", i, tag)
			for j, text := range script {
				first, second := ca, cb
				if j%2 == 1 {
					first, second = cb, ca
				}
				msgID := fmt.Sprintf("%s-%d", user, j)
				r1, err := first.Text(user, msgID, text)
				if err != nil {
					t.Errorf("%s %q: %v", user, text, err)
					return
				}
				r2, err := second.Text(user, msgID, text)
				if err != nil || r2.Text != r1.Text {
					t.Errorf("retry of %s %q on the other replica: %v\nfirst:  %q\nsecond: %q", user, text, err, r1.Text, r2.Text)
					return
				}
			}
		}()
	}
	wg.Wait()
	st, err := store.Open(context.Background(), redis, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 3 {
		ref := bot.AssignmentRef{Round: id, Dept: fmt.Sprintf("d%d%s", i, tag)}
		asg, err := st.Assignment(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if asg.Status != bot.Submitted {
			t.Errorf("%s is %s", ref.Dept, asg.Status)
		}
		audit, _ := st.Audit(context.Background(), ref)
		perMsg := map[string]int{}
		answers := 0
		for _, e := range audit {
			if e.Event == "answer" || e.Event == "na" {
				answers++
			}
			perMsg[e.MsgID+"/"+e.QID]++
		}
		for k, n := range perMsg {
			if n > 1 {
				t.Errorf("%s: %s applied %d times", ref.Dept, k, n)
			}
		}
		// Each question was answered once, so each stored answer has
		// exactly one audit entry: a doubled message would show as two.
		if answers != len(asg.Answers) || answers == 0 {
			t.Errorf("%s: %d answer entries in the audit for %d stored answers", ref.Dept, answers, len(asg.Answers))
		}
	}
	// Invitations: one per contact, whichever replica's worker sent it.
	// Both processes finish their jobs before they exit, so after the stop
	// nothing more can arrive.
	invitations := func() map[string]int {
		per := map[string]int{}
		for _, m := range api.Sent() {
			if strings.Contains(string(m.Raw), "现已开始") {
				per[m.ToUser]++
			}
		}
		return per
	}
	bottest.Eventually(30*time.Second, func() bool { return len(invitations()) == 3 })
	for _, s := range []*server{a, b} {
		if err := s.stop(t, 30*time.Second); err != nil {
			t.Errorf("serve %s exited with %v after SIGTERM", s.addr, err)
		}
	}
	per := invitations()
	for i := range 3 {
		if n := per[fmt.Sprintf("c%d%s", i, tag)]; n != 1 {
			t.Errorf("contact %d got %d invitations", i, n)
		}
	}
}

// TestGracefulShutdownFinishesJobs: SIGTERM while a card is being sent
// (the fake WeCom answers slowly) lets the send finish, and the process
// exits 0.
func TestGracefulShutdownFinishesJobs(t *testing.T) {
	api := wecomtest.NewServer(storetest.RandomID("ww"), "secret")
	defer api.Close()
	redis := redisURL(t)
	tag := storetest.RandomID("")
	rosterPath := filepath.Join(t.TempDir(), "roster.yaml")
	os.WriteFile(rosterPath, []byte(fmt.Sprintf("departments:\n  - id: g%s\n    name: 区政府办\n    contacts: [u%s]\n", tag, tag)), 0o644)
	s := startServe(t, serveEnv(api, redis, rosterPath, "gs"+tag+":"))
	s.waitReady(t, 60*time.Second)
	id := storetest.RandomID("r")
	if code, body := s.api(t, "POST", "/api/rounds", map[string]any{"id": id, "form": "fazhi-annual", "title": "2025年度",
		"year": 2025, "deadline": time.Now().AddDate(0, 1, 0).Format("2006-01-02")}); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	api.SetLatency(1500 * time.Millisecond)
	// Starting the round queues the invitation card; stop while it is in
	// flight.
	if code, body := s.api(t, "POST", "/api/rounds/"+id+"/start", nil); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	if !bottest.Eventually(20*time.Second, func() bool { return api.InFlight() > 0 }) {
		t.Fatalf("the invitation never reached the fake WeCom:\n%s", s.log.String())
	}
	if err := s.stop(t, 30*time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	delivered := false
	for _, m := range api.Sent() {
		delivered = delivered || m.ToUser == "u"+tag
	}
	if !delivered {
		t.Errorf("the in-flight invitation was not delivered before exit")
	}
	if !strings.Contains(s.log.String(), "shutting down") {
		t.Errorf("no shutdown log line")
	}
}
