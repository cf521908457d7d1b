package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var idPattern = regexp.MustCompile(`^[a-z0-9_]+$`)

// unitsByKind lists the units a question kind may declare.
var unitsByKind = map[Kind][]string{
	KindCount: {"件", "次", "场", "份", "项", "条", "人", "人次", "个", "家", "篇", "期", "天", "户", "所", "名", "起", "批", "类", "部", "本", "处",
		"套", "位", "课时", "学时", "宗", "例", "家次", "户次", "件次", "期次", "卷", "册", "台", "轮", "单", "小时"},
	KindAmount:  {"万元", "元", "亿元"},
	KindPercent: {"%"},
	KindNumber:  {"", "天", "小时", "个百分点", "人", "万元"},
}

// LoadForm decodes and validates a form written in YAML (see CheckForm).
// Its error is EInvalid and lists every problem, in Chinese, with its
// line; warnings do not stop a form from loading.
func LoadForm(data []byte) (*Form, error) {
	f, problems := CheckForm(data)
	if errs := problems.Errors(); len(errs) > 0 {
		return nil, &Error{Code: EInvalid, Message: errs.Error(), Op: "load form"}
	}
	return f, nil
}

// ContentHash identifies what a form asks, whatever its version number,
// comments or layout: two uploads with the same content hash are the same
// form.
func (f *Form) ContentHash() string {
	g := *f
	g.Version, g.Hash = "", ""
	g.flat, g.index, g.kinds, g.arith = nil, nil, nil, nil
	b, _ := json.Marshal(&g)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// Summary is the line `reportbot forms check` prints for a form: its
// size, and how many questions a department of each kind is asked.
func (f *Form) Summary() string {
	optional, subsections := 0, 0
	for _, q := range f.Questions() {
		if q.Optional {
			optional++
		}
	}
	for _, s := range f.Sections {
		subsections += len(s.Subsections)
	}
	out := fmt.Sprintf("%s v%s《%s》：%d 个部分、%d 个小节、%d 道题（选填 %d 道）、%d 条规则，校验码 %s",
		f.ID, f.Version, f.Title, len(f.Sections), subsections, f.Len(), optional, len(f.Rules), f.Hash)
	if kinds := f.Kinds(); len(kinds) > 0 {
		parts := make([]string, 0, len(kinds)+1)
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, f.For([]string{k}).Len()))
		}
		parts = append(parts, fmt.Sprintf("未分类 %d", f.For(nil).Len()))
		out += "；各类部门的题数：" + strings.Join(parts, "、")
	}
	return out
}

// CountUnit reports whether u is a unit a count question may declare.
func CountUnit(u string) bool { return slices.Contains(unitsByKind[KindCount], u) }

// NumberUnit reports whether u is a unit a number question may declare.
func NumberUnit(u string) bool { return slices.Contains(unitsByKind[KindNumber], u) }
