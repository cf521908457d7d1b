package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// k8sDocs parses every manifest in deploy/k8s, keyed kind/name.
func k8sDocs(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, _ := filepath.Glob("deploy/k8s/*.yaml")
	out := map[string]map[string]any{}
	for _, f := range files {
		for _, d := range yamlDocs(t, f) {
			kind, _ := d["kind"].(string)
			name, _ := dig(d, "metadata", "name").(string)
			out[kind+"/"+name] = d
		}
	}
	return out
}

// allowedPeers is who the NetworkPolicies let connect to pods labelled
// app: their pod labels ("pod:x") and namespaces ("ns:x"), and the
// ports; a rule with no from (anyone) or an ipBlock shows as "anyone".
func allowedPeers(docs map[string]map[string]any, app string) (peers []string, ports []int) {
	for key, d := range docs {
		if !strings.HasPrefix(key, "NetworkPolicy/") {
			continue
		}
		sel, _ := dig(d, "spec", "podSelector", "matchLabels").(map[string]any)
		if len(sel) > 0 && sel["app.kubernetes.io/name"] != app {
			continue
		}
		rules, _ := dig(d, "spec", "ingress").([]any)
		for _, r := range rules {
			from, _ := dig(r, "from").([]any)
			if len(from) == 0 {
				peers = append(peers, "anyone")
			}
			for _, f := range from {
				switch {
				case dig(f, "ipBlock") != nil:
					peers = append(peers, "anyone")
				case dig(f, "namespaceSelector") != nil:
					ns, _ := dig(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name").(string)
					peers = append(peers, "ns:"+ns)
				default:
					name, _ := dig(f, "podSelector", "matchLabels", "app.kubernetes.io/name").(string)
					peers = append(peers, "pod:"+name)
				}
			}
			ps, _ := dig(r, "ports").([]any)
			if len(ps) == 0 {
				ports = append(ports, 0) // every port
			}
			for _, p := range ps {
				n, _ := dig(p, "port").(int)
				ports = append(ports, n)
			}
		}
	}
	sort.Strings(peers)
	return peers, ports
}

// TestSecurityKubernetesPolicies: the namespace denies all ingress by
// default; only the ingress controller reaches reportbot, only reportbot
// (and Redis's own pods) reach Redis and the sentinels; Redis, its
// replicas and the sentinels require the password from the Secret that
// reportbot reads too; compose's Redis requires one as well; the image's
// build context leaves out history, local settings and rosters.
func TestSecurityKubernetesPolicies(t *testing.T) {
	docs := k8sDocs(t)
	deny := false
	for key, d := range docs {
		sel, _ := dig(d, "spec", "podSelector").(map[string]any)
		if strings.HasPrefix(key, "NetworkPolicy/") && len(sel) == 0 && dig(d, "spec", "ingress") == nil &&
			strings.Contains(strings.Join(toStrings(dig(d, "spec", "policyTypes")), ","), "Ingress") {
			deny = true
		}
	}
	if !deny {
		t.Error("no default-deny ingress NetworkPolicy in the namespace")
	}
	for app, want := range map[string]struct {
		peers string
		port  int
	}{
		"reportbot":      {"ns:ingress-nginx", 8080},
		"redis":          {"pod:redis,pod:redis-sentinel,pod:reportbot", 6379},
		"redis-sentinel": {"pod:redis-sentinel,pod:reportbot", 26379},
	} {
		peers, ports := allowedPeers(docs, app)
		if strings.Join(peers, ",") != want.peers {
			t.Errorf("%s may be reached from %v, want %s", app, peers, want.peers)
		}
		for _, p := range ports {
			if p != want.port {
				t.Errorf("%s: a policy opens port %d, want only %d", app, p, want.port)
			}
		}
	}
	if !strings.Contains(strings.Join(toStrings(dig(docs["Kustomization/"], "resources")), ","), "networkpolicy.yaml") {
		t.Error("kustomization.yaml does not apply networkpolicy.yaml")
	}

	// Redis authentication, from the Secret reportbot reads.
	if dig(docs["Secret/reportbot"], "stringData", "REDIS_PASSWORD") == nil {
		t.Error("secret.example.yaml has no REDIS_PASSWORD")
	}
	if !configVars(t)["REDIS_PASSWORD"] {
		t.Error("serve does not read REDIS_PASSWORD")
	}
	scripts, _ := dig(docs["ConfigMap/redis"], "data").(map[string]any)
	for script, wants := range map[string][]string{
		"start-redis.sh":    {"REDIS_PASSWORD:?", "requirepass $REDIS_PASSWORD", "masterauth $REDIS_PASSWORD"},
		"start-sentinel.sh": {"REDIS_PASSWORD:?", "sentinel auth-pass reportbot $REDIS_PASSWORD", "requirepass $REDIS_PASSWORD"},
	} {
		body, _ := scripts[script].(string)
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", script, w)
			}
		}
	}
	for _, sts := range []string{"StatefulSet/redis", "StatefulSet/redis-sentinel"} {
		env, _ := dig(docs[sts], "spec", "template", "spec", "containers", 0, "env").([]any)
		found := false
		for _, e := range env {
			if dig(e, "name") == "REDIS_PASSWORD" && dig(e, "valueFrom", "secretKeyRef", "name") == "reportbot" &&
				dig(e, "valueFrom", "secretKeyRef", "key") == "REDIS_PASSWORD" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s does not take REDIS_PASSWORD from the Secret reportbot", sts)
		}
	}

	compose := yamlDocs(t, "deploy/compose.yaml")[0]
	cmd := strings.Join(toStrings(dig(compose, "services", "redis", "command")), " ")
	if !strings.Contains(cmd, "--requirepass ${REDIS_PASSWORD:?") {
		t.Errorf("compose's redis does not require REDIS_PASSWORD: %s", cmd)
	}
	if env, _ := os.ReadFile("deploy/.env.example"); !strings.Contains(string(env), "\nREDIS_PASSWORD=") {
		t.Error(".env.example does not set REDIS_PASSWORD")
	}

	ignore, err := os.ReadFile(".dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(ignore), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{".git", "**/.env", "deploy/roster*.yaml", "roster*.csv"} {
		if !lines[want] {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
	// Nothing the build embeds is left out.
	for l := range lines {
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "!") {
			continue
		}
		for _, need := range []string{"go.mod", "main.go", "handlers/console/login.html", "prompts/forms", "demo", "bot/seedtest/seed_report.txt"} {
			if ok, _ := filepath.Match(l, need); ok || strings.HasPrefix(need, l+"/") {
				t.Errorf(".dockerignore %q leaves out %s, which the build needs", l, need)
			}
		}
	}
}

func toStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
