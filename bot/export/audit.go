package export

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"reportbot/bot"
)

// AuditLog is one department's whole history in a round: every answer as
// it changed (who, from what to what, by which message), every change of
// state, the editors' versions of each report section with the flags
// they kept, and what was done to the round as a whole.
type AuditLog struct {
	Round      *bot.Round
	Dept       bot.Department
	Assignment *bot.Assignment
	Entries    []bot.AuditEntry             // oldest first
	Sections   map[string]*bot.SectionState // nil when there is no editorial side
	Events     []bot.RoundEvent             // the round's actions, oldest first
}

// roundEvents is what a store that records round actions offers.
type roundEvents interface {
	RoundEvents(ctx context.Context, round string) ([]bot.RoundEvent, error)
}

// LoadAudit reads one department's history. ed may be nil (no editorial
// side); the round's actions are read when st records them.
func LoadAudit(ctx context.Context, st bot.Store, ed bot.EditorialStore, round, dept string) (*AuditLog, error) {
	r, err := st.Round(ctx, round)
	if err != nil {
		return nil, err
	}
	d := r.Department(dept)
	if d == nil {
		return nil, bot.Errorf(bot.ENotFound, "本轮没有这个部门。")
	}
	ref := bot.AssignmentRef{Round: r.ID, Dept: dept}
	log := &AuditLog{Round: r, Dept: *d}
	if log.Assignment, err = st.Assignment(ctx, ref); err != nil {
		return nil, err
	}
	if log.Entries, err = st.Audit(ctx, ref); err != nil {
		return nil, err
	}
	if ed != nil {
		if log.Sections, err = ed.Sections(ctx, ref); err != nil {
			return nil, err
		}
	}
	if re, ok := st.(roundEvents); ok {
		if log.Events, err = re.RoundEvents(ctx, r.ID); err != nil {
			return nil, err
		}
	}
	return log, nil
}

// AuditFile names a department's audit workbook.
func AuditFile(r *bot.Round, d bot.Department) string {
	return cleanName(d.Name, d.ID) + "_" + cleanName(r.Title, r.ID) + "_修改记录.xlsx"
}

func eventLabel(e string) string { return bot.AuditEventLabel(e) }

// who writes the person or the program behind an action.
func who(names Namer, by string) string {
	switch by {
	case "", "cli", "api", "template":
		return bot.PersonName(nil, by)
	}
	return nameOf(names, by)
}

// statusLabel writes a stored assignment status in Chinese.
func statusLabel(s string) string {
	if s == "" {
		return ""
	}
	return bot.AssignmentStatus(s).Label()
}

// AuditXLSX writes a department's history as a workbook, people by their
// names: 概况 (the department and its state), 答案修改记录 (every answer
// change with the words typed and the message it came by), 状态变化,
// 审稿记录 (every version of every section and who confirmed it), 保留的核验提示
// (flags an editor kept, with the reason) and 轮次操作.
func AuditXLSX(w io.Writer, log *AuditLog, names Namer) error {
	f := excelize.NewFile()
	defer f.Close()
	r, d, a := log.Round, log.Dept, log.Assignment
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sheet := func(name string, widths []float64, head ...any) func(row ...any) {
		if name == "概况" {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		f.SetSheetRow(name, "A1", &head)
		last, _ := excelize.CoordinatesToCellName(len(head), 1)
		f.SetCellStyle(name, "A1", last, bold)
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			f.SetColWidth(name, col, col, wd)
		}
		f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		n := 1
		return func(row ...any) {
			n++
			f.SetSheetRow(name, fmt.Sprintf("A%d", n), &row)
			end, _ := excelize.CoordinatesToCellName(len(row), n)
			f.SetCellStyle(name, fmt.Sprintf("A%d", n), end, wrap)
		}
	}

	people := func(us []string) string {
		out := make([]string, len(us))
		for i, u := range us {
			out[i] = who(names, u)
		}
		return strings.Join(out, "、")
	}
	add := sheet("概况", []float64{14, 60}, "项目", "内容")
	add("轮次", r.Title)
	add("部门", d.Name)
	add("填报人", people(d.Contacts))
	if d.Head != "" {
		add("负责人", who(names, d.Head))
	}
	add("状态", a.Status.Label())
	done, total := r.FormFor(d.ID).Progress(a.Answers)
	add("已填/应填", fmt.Sprintf("%d/%d", done, total))
	if !a.SubmittedAt.IsZero() {
		add("提交", who(names, a.SubmittedBy)+"，"+bot.FormatTime(a.SubmittedAt))
	}
	if a.Note != "" {
		add("退回说明", a.Note)
	}
	add("截止时间", bot.FormatTime(r.Deadline))

	form := r.FormFor(d.ID)
	number := func(qid string) (string, string) {
		if sec, ok := bot.SectionOf(qid); ok {
			if si := r.Form.SectionIndex(sec); si >= 0 {
				return r.Form.Sections[si].Number + ".其他数据", "其他数据（问卷中没有对应题目）"
			}
		}
		q := form.Question(qid)
		if q == nil {
			if q = r.Form.Question(qid); q == nil {
				return qid, ""
			}
		}
		return fmt.Sprintf("%s.%d", r.Form.Sections[q.Section].Number, q.Number), q.Prompt
	}
	answers := sheet("答案修改记录", []float64{18, 12, 8, 40, 10, 24, 24, 40, 20},
		"时间", "填写人", "题号", "问题", "操作", "原答案", "新答案", "填写人原话", "消息编号")
	status := sheet("状态变化", []float64{18, 12, 12, 12, 12, 50}, "时间", "操作人", "操作", "原状态", "新状态", "说明")
	for _, e := range log.Entries {
		if e.QID == "" {
			status(bot.FormatTime(e.At), who(names, e.User), eventLabel(e.Event), statusLabel(e.Old), statusLabel(e.New), e.Raw)
			continue
		}
		n, prompt := number(e.QID)
		answers(bot.FormatTime(e.At), who(names, e.User), n, prompt, eventLabel(e.Event), e.Old, e.New, e.Raw, e.MsgID)
	}

	versions := sheet("审稿记录", []float64{30, 6, 18, 10, 12, 30, 14, 24, 60},
		"章节", "版本", "时间", "来源", "作者", "修改要求", "数字核验", "状态", "正文")
	kept := sheet("保留的核验提示", []float64{30, 6, 24, 36, 36, 12, 18}, "章节", "版本", "内容", "核验提示", "保留理由", "审稿人", "时间")
	for _, s := range r.Form.Sections {
		st := log.Sections[s.ID]
		if st == nil {
			continue
		}
		title := s.Number + "、" + bot.FillYear(s.Heading, r.Year)
		for _, v := range st.Versions {
			source := map[string]string{"template": "模板生成", "editor": "审稿人修改", "model": "模型起草"}[v.Source]
			if source == "" {
				source = v.Source
			}
			author := v.By
			if v.Source == "editor" {
				author = who(names, v.By)
			}
			check := "数字全部有出处"
			if open := bot.OpenFlags(v.Lock, v.Kept); len(open) > 0 {
				check = fmt.Sprintf("%d 处待核", len(open))
			}
			state := ""
			if v.N == st.Current {
				state = "当前版本"
				if st.Confirmed {
					state += "，" + who(names, st.ConfirmedBy) + "于" + bot.FormatTime(st.ConfirmedAt) + "确认"
				} else if st.Stale {
					state += "，答案已变化，待重新确认"
				}
			}
			versions(title, v.N, bot.FormatTime(v.At), source, author, v.Instruction, check, state, v.Text)
			for _, k := range v.Kept {
				kept(title, v.N, k.Text, k.Message, k.Reason, who(names, k.By), bot.FormatTime(k.At))
			}
		}
	}

	events := sheet("轮次操作", []float64{18, 12, 14, 60}, "时间", "操作人", "操作", "说明")
	evs := append([]bot.RoundEvent(nil), log.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	for _, e := range evs {
		detail := e.Detail
		if id, rest, ok := strings.Cut(detail, "："); ok && e.Action == "return" && r.Department(id) != nil {
			detail = r.Department(id).Name + "：" + rest
		}
		events(bot.FormatTime(e.At), who(names, e.By), e.Label(), detail)
	}
	return f.Write(w)
}
