package bot

import (
	"strings"
	"testing"
)

const okForm = `
id: t
title: 测试
version: "1"
sections:
  - id: s1
    number: 一
    heading: 举措
    template: measures
    questions:
      - {id: gate, prompt: 是否承担执法职能？, kind: yesno, example: 是}
      - {id: docs, prompt: 制发文件多少件？, kind: count, unit: 件, example: 381件, prose: "制发文件{value}", ask_if: gate}
      - {id: rate, prompt: 满意率？, kind: percent, unit: "%", example: 100%}
rules:
  - {kind: le, left: docs, right: docs}
`

func TestLoadForm(t *testing.T) {
	f, err := LoadForm([]byte(okForm))
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != 3 || f.Question("rate").Number != 3 || len(f.Hash) != 12 {
		t.Errorf("form = %+v", f)
	}
	if !strings.Contains(f.Summary(), "t v1 测试: 1 sections, 3 questions") {
		t.Errorf("summary = %s", f.Summary())
	}
	breakages := []struct{ from, to, err string }{
		{"kind: count", "kind: counter", "unknown kind"},
		{"unit: 件", "unit: 万元", "does not fit kind"},
		{"example: 381件", "example: 三五百件", "does not parse"},
		{"ask_if: gate", "ask_if: rate", "earlier yes/no"},
		{"id: rate", "id: docs", "repeated"},
		{"right: docs", "right: nope", "unknown question"},
		{"kind: le", "kind: ge", "not le or requires"},
		{"template: measures", "templat: measures", "field templat not found"},
		{`prose: "制发文件{value}"`, `prose: "制发文件"`, "lacks {value}"},
		{`version: "1"`, `version: ""`, "version are required"},
	}
	for _, b := range breakages {
		src := strings.Replace(okForm, b.from, b.to, 1)
		if src == okForm {
			t.Fatalf("breakage %q does not apply", b.from)
		}
		_, err := LoadForm([]byte(src))
		if err == nil || !strings.Contains(err.Error(), b.err) {
			t.Errorf("%s → %s: error %v, want %q", b.from, b.to, err, b.err)
		}
	}
}
