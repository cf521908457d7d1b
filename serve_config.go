package main

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// configProblem is one missing or malformed setting: its name and what is
// wrong, in Chinese and in English.
type configProblem struct{ name, zh, en string }

// configError lists every setting that stops a command, so an operator
// sees them all at once rather than one per start.
type configError struct{ problems []configProblem }

func (e *configError) add(name, zh, en string) {
	e.problems = append(e.problems, configProblem{name, zh, en})
}

// err is nil when nothing is wrong.
func (e *configError) err() error {
	if len(e.problems) == 0 {
		return nil
	}
	return e
}

// Error lists the problems, one a line: 设置名：中文说明 / English.
func (e *configError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d 项设置缺失或有误 / %d setting(s) missing or invalid (see deploy/README.md):", len(e.problems), len(e.problems))
	for _, p := range e.problems {
		fmt.Fprintf(&b, "\n  - %s：%s / %s", p.name, p.zh, p.en)
	}
	return b.String()
}

// checkAESKey checks WECOM_AES_KEY is WeCom's EncodingAESKey: 43
// characters of base64 that decode (with the "=" WeCom leaves off) to the
// 32-byte AES key.
func checkAESKey(key string) *configProblem {
	if len(key) != 43 {
		return &configProblem{"WECOM_AES_KEY", fmt.Sprintf("应为 43 个字符的 EncodingAESKey，现为 %d 个字符", len(key)),
			fmt.Sprintf("WECOM_AES_KEY must be the 43-character EncodingAESKey, got %d characters", len(key))}
	}
	raw, err := base64.StdEncoding.DecodeString(key + "=")
	if err != nil || len(raw) != 32 {
		return &configProblem{"WECOM_AES_KEY", "不是有效的 EncodingAESKey（应为 base64 编码的 32 字节密钥，请从管理后台复制）",
			"WECOM_AES_KEY is not a valid EncodingAESKey (base64 of a 32-byte key; copy it from the admin console)"}
	}
	return nil
}
