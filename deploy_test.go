package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Docker and a Kubernetes API server cannot run here, so the deployment
// files are checked statically: they parse, they keep the promises the
// operator guide makes (non-root, probes, AOF, two replicas…), and every
// setting they name is one serve reads.

// configVars are the environment variables the commands read: loadConfig
// is run with a getenv that records every name it asks for, so the check
// follows the code.
func configVars(t *testing.T) map[string]bool {
	t.Helper()
	vars := map[string]bool{}
	if _, err := loadConfig(func(k string) string { vars[k] = true; return "" }); err != nil {
		t.Fatal(err)
	}
	if len(vars) < 15 {
		t.Fatalf("loadConfig reads only %d settings", len(vars))
	}
	return vars
}

func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

// dig walks nested maps and lists: dig(doc, "spec", "template", 0).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestDeployDockerfile(t *testing.T) {
	data, err := os.ReadFile("deploy/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{
		"AS build", "CGO_ENABLED=0", "-trimpath", "-X main.version=", "ARG VERSION", "COPY go.mod go.sum",
		"FROM gcr.io/distroless/static", "HEALTHCHECK", `"healthcheck"`, "USER 65532", `ENTRYPOINT ["/usr/local/bin/reportbot"]`,
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if n := strings.Count(df, "\nFROM "); n != 2 {
		t.Errorf("Dockerfile has %d stages, want a build and a runtime stage", n)
	}
	for _, line := range strings.Split(df, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "ADD ") || strings.HasPrefix(l, "USER root") || strings.HasPrefix(l, "USER 0") ||
			strings.Contains(l, ":latest") {
			t.Errorf("Dockerfile line %q: no ADD, no root user, no :latest tags", l)
		}
	}
}

func TestDeployCompose(t *testing.T) {
	docs := yamlDocs(t, "deploy/compose.yaml")
	if len(docs) != 1 {
		t.Fatalf("compose.yaml: %d documents", len(docs))
	}
	c := docs[0]
	if r, _ := dig(c, "services", "reportbot", "deploy", "replicas").(int); r < 2 {
		t.Errorf("reportbot replicas: %v", dig(c, "services", "reportbot", "deploy", "replicas"))
	}
	for _, svc := range []string{"proxy", "redis", "asynqmon"} {
		if dig(c, "services", svc) == nil {
			t.Errorf("compose has no %s service", svc)
		}
	}
	cmd := ""
	for _, a := range dig(c, "services", "redis", "command").([]any) {
		cmd += " " + a.(string)
	}
	for _, want := range []string{"--appendonly yes", "--appendfsync always", "--maxmemory-policy noeviction"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("redis command %q lacks %q", cmd, want)
		}
	}
	if _, err := os.Stat("deploy/nginx.conf"); err != nil {
		t.Error(err)
	}
	// .env.example names every setting, and only real ones.
	vars := configVars(t)
	data, _ := os.ReadFile("deploy/.env.example")
	seen := map[string]bool{}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		name, _, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		seen[name] = true
		if !vars[name] {
			t.Errorf(".env.example sets %s, which nothing reads", name)
		}
		if i == 0 || !strings.HasPrefix(lines[i-1], "# ") {
			t.Errorf(".env.example: %s has no comment above it", name)
		}
	}
	var missing []string
	for v := range vars {
		if !seen[v] && !strings.HasSuffix(v, "_FILE") {
			missing = append(missing, v)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf(".env.example lacks %v", missing)
	}
}

func TestDeployKubernetes(t *testing.T) {
	vars := configVars(t)
	files, _ := filepath.Glob("deploy/k8s/*.yaml")
	kinds := map[string]map[string]any{}
	for _, f := range files {
		for _, d := range yamlDocs(t, f) {
			kind, _ := d["kind"].(string)
			name, _ := dig(d, "metadata", "name").(string)
			if kind == "" || (name == "" && kind != "Kustomization") {
				t.Errorf("%s: a document without kind or name", f)
			}
			if kind != "Kustomization" && kind != "Namespace" && dig(d, "metadata", "namespace") != "reportbot" {
				t.Errorf("%s: %s %s is not in namespace reportbot", f, kind, name)
			}
			kinds[kind+"/"+name] = d
			if kind == "ConfigMap" && name == "reportbot" || kind == "Secret" && name == "reportbot" {
				for _, section := range []string{"data", "stringData"} {
					m, _ := d[section].(map[string]any)
					for k := range m {
						if !vars[k] {
							t.Errorf("%s: %s %s sets %s, which nothing reads", f, kind, name, k)
						}
					}
				}
			}
		}
	}
	dep := kinds["Deployment/reportbot"]
	if dep == nil {
		t.Fatal("no Deployment reportbot")
	}
	if r, _ := dig(dep, "spec", "replicas").(int); r < 2 {
		t.Errorf("replicas %v", dig(dep, "spec", "replicas"))
	}
	pod := dig(dep, "spec", "template", "spec")
	ctr := dig(pod, "containers", 0)
	checks := map[string]any{
		"readiness /readyz":          dig(ctr, "readinessProbe", "httpGet", "path") == "/readyz",
		"liveness /healthz":          dig(ctr, "livenessProbe", "httpGet", "path") == "/healthz",
		"runAsNonRoot":               dig(pod, "securityContext", "runAsNonRoot") == true,
		"readOnlyRootFilesystem":     dig(ctr, "securityContext", "readOnlyRootFilesystem") == true,
		"no privilege escalation":    dig(ctr, "securityContext", "allowPrivilegeEscalation") == false,
		"memory limit":               dig(ctr, "resources", "limits", "memory") != nil,
		"cpu request":                dig(ctr, "resources", "requests", "cpu") != nil,
		"secrets from a Secret":      dig(ctr, "envFrom", 1, "secretRef", "name") == "reportbot",
		"grace period for SIGTERM":   dig(pod, "terminationGracePeriodSeconds") != nil,
		"PodDisruptionBudget":        kinds["PodDisruptionBudget/reportbot"] != nil,
		"Service":                    kinds["Service/reportbot"] != nil,
		"Redis StatefulSet":          kinds["StatefulSet/redis"] != nil,
		"Sentinel StatefulSet":       kinds["StatefulSet/redis-sentinel"] != nil,
		"sentinel master configured": dig(kinds["ConfigMap/reportbot"], "data", "REDIS_SENTINEL_MASTER") == "reportbot",
	}
	for what, ok := range checks {
		if ok != true {
			t.Errorf("deployment: %s", what)
		}
	}
	paths := map[string]bool{}
	rules, _ := dig(kinds["Ingress/reportbot"], "spec", "rules", 0, "http", "paths").([]any)
	for _, p := range rules {
		paths[dig(p, "path").(string)] = true
	}
	if !paths["/wecom/callback"] || !paths["/console/"] {
		t.Errorf("ingress paths %v", paths)
	}
	if conf, _ := dig(kinds["ConfigMap/redis"], "data", "redis.conf").(string); !strings.Contains(conf, "appendonly yes") ||
		!strings.Contains(conf, "noeviction") {
		t.Errorf("redis.conf: %q", conf)
	}
}

func TestDeploySystemd(t *testing.T) {
	data, err := os.ReadFile("deploy/reportbot.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ExecStart=/usr/local/bin/reportbot serve", "User=reportbot", "EnvironmentFile=",
		"NoNewPrivileges=yes", "KillSignal=SIGTERM", "[Install]"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("reportbot.service lacks %q", want)
		}
	}
}
