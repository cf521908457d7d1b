package main

import (
	"strings"
	"testing"
)

// TestFaultConfigReportedAtOnce: every missing or malformed setting of
// serve is named in one error, in Chinese and English, and an
// EncodingAESKey of the right length that is not base64 of 32 bytes is
// refused at start-up rather than at the first callback.
func TestFaultConfigReportedAtOnce(t *testing.T) {
	env := map[string]string{"WECOM_CORP_ID": "ww1", "WECOM_AGENT_ID": "abc", "WECOM_SECRET": "s",
		"WECOM_AES_KEY": strings.Repeat("-", 43), "REPORTBOT_WORKERS": "0", "REPORTBOT_SEND_HOURS": "21-8"}
	_, err := loadServeConfig(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	msg := err.Error()
	for _, want := range []string{"6 项设置缺失或有误", "REDIS_URL：未设置", "WECOM_TOKEN：未设置", "WECOM_AGENT_ID：应为数字",
		"WECOM_AES_KEY：不是有效的 EncodingAESKey", "32-byte", "REPORTBOT_WORKERS", "REPORTBOT_SEND_HOURS"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n  - "); n != 6 {
		t.Errorf("%d problems listed, want 6:\n%s", n, msg)
	}
	for _, key := range []string{"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"} {
		if p := checkAESKey(key); p != nil {
			t.Errorf("valid key %s refused: %+v", key, p)
		}
	}
	for _, key := range []string{"jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C=", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2_", " WmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"} {
		if p := checkAESKey(key); p == nil {
			t.Errorf("invalid key %q accepted", key)
		}
	}
}
