package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"reportbot/bot/wecom/wecomtest"
	"reportbot/store/storetest"
)

// dockerAvailable reports whether a container runtime answers here:
// `docker info` reaches a daemon and `docker compose` exists. With
// REPORTBOT_REQUIRE_DOCKER set (a CI runner with Docker) its absence
// fails the test instead of skipping it.
func dockerAvailable(t *testing.T) {
	t.Helper()
	why := ""
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		why = "no container runtime (`docker info`: " + strings.TrimSpace(outputLine(out)) + ")"
	} else if out, err := exec.CommandContext(ctx, "docker", "compose", "version").CombinedOutput(); err != nil {
		why = "docker compose is missing: " + strings.TrimSpace(outputLine(out))
	}
	if why == "" {
		return
	}
	if os.Getenv("REPORTBOT_REQUIRE_DOCKER") != "" {
		t.Fatal(why + ", and REPORTBOT_REQUIRE_DOCKER is set")
	}
	t.Skip(why + "; the deployment files are checked statically (TestDeployDockerfile, TestDeployCompose)")
}

// outputLine is a command's first line of output.
func outputLine(out []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// TestDeployComposeRuns proves the image and the compose file where a
// container runtime exists: it builds the image, checks the binary in it,
// brings up deploy/compose.yaml (two replicas behind nginx, Redis) under a
// project name of its own, and sends a signed, encrypted WeCom callback
// through nginx, which must come back as a passive reply that decrypts
// with the app's key. Everything it started is removed at the end.
func TestDeployComposeRuns(t *testing.T) {
	dockerAvailable(t)
	if testing.Short() {
		t.Skip("builds an image and runs compose")
	}
	// compose reads deploy/.env and mounts deploy/roster.yaml; an
	// operator's own files there are never touched.
	for _, f := range []string{"deploy/.env", "deploy/roster.yaml"} {
		if _, err := os.Stat(f); err == nil {
			t.Skipf("%s exists (an operator's settings): not overwriting it", f)
		}
	}
	tag := storetest.RandomID("")
	user := "zs" + tag
	const corp, token = "wwcomposetest00000", "composetoken"
	env := map[string]string{"WECOM_CORP_ID": corp, "WECOM_SECRET": "compose-secret", "WECOM_TOKEN": token,
		"WECOM_AES_KEY": testAESKey, "REPORTBOT_ADMIN_TOKEN": "compose-admin-" + tag}
	example, err := os.ReadFile("deploy/.env.example")
	if err != nil {
		t.Fatal(err)
	}
	var dotenv bytes.Buffer
	for _, line := range strings.Split(string(example), "\n") {
		if name, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") && env[name] != "" {
			line = name + "=" + env[name]
		}
		dotenv.WriteString(line + "\n")
	}
	roster := fmt.Sprintf("departments:\n  - {id: zfb, name: 区政府办, kinds: [政府办], contacts: [%s]}\ncoordinators: [%s]\n", user, user)
	for f, data := range map[string][]byte{"deploy/.env": dotenv.Bytes(), "deploy/roster.yaml": []byte(roster)} {
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(f) })
	}

	port := freePort(t)
	project := "rbtest" + tag
	compose := func(timeout time.Duration, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "docker", append([]string{"compose", "-p", project, "-f", "deploy/compose.yaml"}, args...)...)
		cmd.Env = append(os.Environ(), fmt.Sprintf("REPORTBOT_PORT=%d", port), "REPORTBOT_VERSION=composetest")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() {
		if t.Failed() {
			logs, _ := compose(time.Minute, "logs", "--no-color", "--tail", "50")
			t.Logf("compose logs:\n%s", logs)
		}
		if out, err := compose(3*time.Minute, "down", "-v", "--remove-orphans"); err != nil {
			t.Errorf("compose down: %v\n%s", err, out)
		}
		exec.Command("docker", "image", "rm", "reportbot:composetest").Run()
	})
	if out, err := compose(15*time.Minute, "build"); err != nil {
		t.Fatalf("docker compose build: %v\n%s", err, out)
	}
	out, err := exec.Command("docker", "run", "--rm", "reportbot:composetest", "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "composetest") {
		t.Fatalf("the image's binary: %v\n%s", err, out)
	}
	if out, err := compose(5*time.Minute, "up", "-d", "--wait"); err != nil {
		t.Fatalf("docker compose up: %v\n%s", err, out)
	}

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz through nginx never answered 200: %v", err)
		}
		time.Sleep(time.Second)
	}
	client := &wecomtest.Client{URL: base + "/wecom/callback", Token: token, AESKey: testAESKey, CorpID: corp,
		HTTP: &http.Client{Timeout: 10 * time.Second}}
	rep, err := client.Text(user, "compose-"+tag, "帮助")
	if err != nil || rep.Status != 200 || rep.Text == "" {
		t.Fatalf("a callback through nginx: status %d, reply %q, %v", rep.Status, rep.Text, err)
	}
	// A forged one is refused by the replicas behind nginx.
	forged := &wecomtest.Client{URL: client.URL, Token: "not-the-token", AESKey: testAESKey, CorpID: corp, HTTP: client.HTTP}
	if rep, _ := forged.Text(user, "forged-"+tag, "帮助"); rep.Status != http.StatusForbidden {
		t.Errorf("a callback signed with the wrong token: status %d, want 403", rep.Status)
	}
}

// freePort returns a loopback TCP port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
