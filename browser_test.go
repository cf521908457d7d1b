package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reportbot/bot"
	"reportbot/prompts"
)

// TestBrowserDemo does in Chromium what a newcomer does with `go run .
// demo`: as 张三 in the WeCom simulator, start, answer, submit with the
// card's button; then as the editor, open the console from the simulator,
// review a section beside its answers, confirm every section, and
// download the Word report. Screenshots along the way must show content;
// with REPORTBOT_UPDATE_DOCS=1 two of them refresh docs/.
func TestBrowserDemo(t *testing.T) {
	bctx := startChromium(t)
	ctx := context.Background()
	d, err := newDemo(ctx, func(string) string { return "" }, slog.New(slog.NewTextHandler(io.Discard, nil)), demoApp)
	if err != nil {
		t.Fatal(err)
	}
	defer d.stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	d.attach(base)
	srv := &http.Server{Handler: d.handler}
	go srv.Serve(ln)
	defer srv.Close()

	say := func(text, want string) {
		t.Helper()
		if err := chromedp.Do(bctx,
			chromedp.SetValue(chromedp.ID("text"), text),
			chromedp.Click(chromedp.ID("send")),
			waitText("#log", want),
		); err != nil {
			t.Fatalf("typing %q, waiting for %q: %v", text, want, err)
		}
	}
	// 张三 gets the invitation card, starts and answers in the simulator.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/sim/zhangsan"), waitText("#log", "开始填报")); err != nil {
		t.Fatalf("invitation: %v", err)
	}
	form, _ := prompts.Form("fazhi-annual")
	say("开始", fmt.Sprintf("第 1/%d 题", form.For([]string{"政府办"}).Len()))
	say("43%", "已记录：43%")
	say("381件", "已记录：381件")
	shotChat := screenshot(t, bctx, "sim-chat")
	// The rest of the form goes through the same simulator endpoint
	// (typing 70 more answers adds nothing to the test but time).
	script := answerScript(form, "12")[3:]
	for _, text := range script {
		body, _ := json.Marshal(map[string]string{"text": text})
		res, err := http.Post(base+"/sim/zhangsan/send", "application/json", bytes.NewReader(body))
		if err != nil || res.StatusCode != http.StatusNoContent {
			t.Fatalf("simulator send %q: %v", text, err)
		}
		res.Body.Close()
	}
	say("提交", "确认提交")
	// The confirmation comes as a card; click its button.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`button.cardbtn[data-key="确认提交"]`)), waitText("#log", "已提交")); err != nil {
		t.Fatalf("submit with the card button: %v", err)
	}
	ref := bot.AssignmentRef{Round: d.round.ID, Dept: "zfb"}
	deadline := time.Now().Add(30 * time.Second)
	for {
		secs, _ := d.st.Sections(ctx, ref)
		if len(secs) == len(form.Sections) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no drafts after submission")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The editor opens the console from the simulator and reviews.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/sim/libj/login"), waitText("main", "只能使用一次"),
		chromedp.Click(chromedp.ID("login")), waitText("main", "采集轮次"),
		chromedp.Navigate(base+"/console/rounds/"+d.round.ID+"/depts/zfb/sections/measures"), waitText("main", "核验数字")); err != nil {
		t.Fatalf("console: %v", err)
	}
	title, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(`mark.fig`), "title"))
	if err != nil || !strings.Contains(title.Value, "第") {
		t.Errorf("a figure's source on hover: %q %v", title.Value, err)
	}
	shotConsole := screenshot(t, bctx, "console-review")
	for _, s := range form.Sections {
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/console/rounds/"+d.round.ID+"/depts/zfb/sections/"+s.ID),
			chromedp.Click(chromedp.ID("confirm")), waitText("main", "已由 李编辑 确认")); err != nil {
			t.Fatalf("confirm %s: %v", s.ID, err)
		}
	}
	// Download the report in the browser, with its session: the page
	// fetches it and hands back the bytes.
	b64, err := chromedp.Run(bctx, chromedp.Evaluate[string](`fetch("/console/rounds/`+d.round.ID+`/depts/zfb/report.docx")
		.then(r => { if (!r.ok) throw new Error("status " + r.status); return r.arrayBuffer(); })
		.then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("report download: %v", err)
	}
	docx, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasPrefix(docx, []byte("PK")) {
		t.Fatalf("the download is not a .docx: %v", err)
	}
	doc, _ := docxParts(t, docx)
	if !strings.Contains(docText(doc), "区政府办关于") || !strings.Contains(docText(doc), "381件") {
		t.Errorf("the downloaded report lacks its title or figures")
	}
	if os.Getenv("REPORTBOT_UPDATE_DOCS") != "" {
		os.WriteFile("docs/demo-simulator.png", shotChat, 0o644)
		os.WriteFile("docs/demo-console.png", shotConsole, 0o644)
	}
}

// startChromium starts a headless Chromium for t, closed when t ends, at a
// desktop window size, with three minutes for the whole test. Without
// Chromium the test is skipped, but CI (which installs it) fails.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed (.ci/run installs Debian's chromium)")
		}
		t.Skip("chromium is not installed; .ci/run installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	bctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return bctx
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			text, err := chromedp.Text(chromedp.CSS(sel))(ctx, t)
			if err == nil && strings.Contains(text, want) {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("%q never appeared in %s (last text %.200q): %w", want, sel, text, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

// screenshot captures the viewport and checks it is not blank.
func screenshot(t *testing.T, ctx context.Context, name string) []byte {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	b := img.Bounds()
	dark, colours := 0, map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r+g+bb < 3*0x8000 {
				dark++
			}
			colours[(r>>12)<<8|(g>>12)<<4|bb>>12] = true
		}
	}
	if dark < 500 || len(colours) < 8 {
		t.Errorf("screenshot %s looks blank: %d dark pixels, %d colours", name, dark, len(colours))
	}
	return buf
}

// TestDemoWebStarts runs `reportbot demo` as a newcomer does and opens the
// URLs it prints: the simulator and a console login link.
func TestDemoWebStarts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"demo", "-addr", "127.0.0.1:0"}, strings.NewReader(""), out, out) }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "按 Ctrl+C 结束") {
		if time.Now().After(deadline) {
			t.Fatalf("demo printed:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	sim := regexp.MustCompile(`http://127\.0\.0\.1:\d+/sim/zhangsan`).FindString(out.String())
	login := regexp.MustCompile(`http://127\.0\.0\.1:\d+/console/login\?token=[0-9a-f]+`).FindString(out.String())
	for _, u := range []string{sim, login} {
		res, err := http.Get(u)
		if err != nil || res.StatusCode != 200 {
			t.Errorf("%s: %v", u, err)
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), "报告填报") {
			t.Errorf("%s: %.200s", u, body)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo ended with %v", err)
	}
}
