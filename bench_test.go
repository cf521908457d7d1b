package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchCommand runs a small load test end to end, so the command
// stays working: every answer it sent is verified.
func TestBenchCommand(t *testing.T) {
	var out bytes.Buffer
	if err := runBench(context.Background(), []string{"-contacts", "6", "-concurrency", "3", "-retry", "0.3"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"throughput:", "p99", "Redis round trips:", "verified: 6 departments, lost 0, doubled 0, wrong 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestBenchFloor runs the load test with the floor beside it: both
// figures and their ratio come from one run, and the real turn's answers
// are still verified.
func TestBenchFloor(t *testing.T) {
	var out bytes.Buffer
	if err := runBench(context.Background(), []string{"-contacts", "4", "-concurrency", "2", "-retry", "0.2", "-floor", "-segments", "2"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"real turn:", "floor:", "real/floor:", "of the floor's turns/s, p99", "verified: 4 departments, lost 0, doubled 0, wrong 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
