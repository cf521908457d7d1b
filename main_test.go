package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDemoPiped runs `reportbot demo` with a piped script, as the README
// and CI do, and checks the transcript and the closing table.
func TestDemoPiped(t *testing.T) {
	in := strings.NewReader("开始\n百分之四十三\nabc\n381件\n暂停\n继续\n查看\n退出\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"demo"}, in, &out, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"您：开始", "已记录：43%", "请填写一个数字", "已记录：381件", "已保存进度", "欢迎回来",
		"| 1 | 全区性会议同比减少了百分之多少？ | 43% |", "| 2 | 全年制发文件多少件？ | 381件 |", "| 3 | 全年办理上级文件多少件？ | （未填） |"} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(s)
	}
}

func TestCommands(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"forms", "check"}, nil, &out, &out); err != nil || !strings.Contains(out.String(), "fazhi-annual") {
		t.Errorf("forms check: %v %s", err, out.String())
	}
	if err := run(context.Background(), []string{"nope"}, nil, &out, &out); err == nil {
		t.Error("an unknown command succeeded")
	}
	if err := run(context.Background(), nil, nil, &out, &out); err == nil {
		t.Error("no command succeeded")
	}
}

func TestServeConfig(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Errorf("missing REDIS_URL: %v", err)
	}
	env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
	env["REPORTBOT_ADDR"] = "8080"
	if _, err := loadServeConfig(get); err == nil || !strings.Contains(err.Error(), "REPORTBOT_ADDR") {
		t.Errorf("bad REPORTBOT_ADDR: %v", err)
	}
	env["REPORTBOT_ADDR"] = ""
	c, err := loadServeConfig(get)
	if err != nil || c.Addr != ":8080" {
		t.Errorf("defaults: %+v %v", c, err)
	}
}
