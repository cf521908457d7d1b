package editorial_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/editorial"
	"reportbot/bot/llm"
	"reportbot/bot/llm/llmtest"
	"reportbot/bot/seedtest"
	"reportbot/prompts"
)

// categories are the figures every district, bureau and street reports
// (issue 15), each with questions of the shipped form that ask for it.
var categories = map[string][]string{
	"学法、述法":      {"committee_meetings", "leadership_law_study", "law_training_sessions", "law_exam_participants", "law_exam_pass_rate", "shufa_officials", "special_study"},
	"规范性文件":      {"normative_issued", "normative_reviewed", "normative_cleaned"},
	"重大行政决策":     {"decision_catalogue", "major_decisions", "hearings", "expert_reviews", "risk_assessments"},
	"合法性审查与法律顾问": {"legality_reviews", "legal_advisers", "law_firms", "public_lawyers"},
	"行政执法":       {"enforcement_certs", "inspections", "cases_filed", "penalties", "case_files_reviewed", "joint_punishment"},
	"行政复议":       {"recon_received", "recon_corrected"},
	"行政诉讼":       {"litigation_cases", "litigation_lost", "heads_in_court"},
	"监督":         {"npc_suggestions", "cppcc_proposals", "suggestions_received", "reply_rate", "satisfaction_rate"},
	"政务服务":       {"service_items", "online_rate", "service_handled", "service_satisfaction"},
	"政务公开":       {"disclosure_received", "disclosure_handled"},
	"人民调解":       {"mediation_committees", "mediators", "mediation_cases", "mediation_success_rate"},
	"投诉与热线":      {"public_requests", "hotline_closed_rate", "petitions"},
	"应急演练":       {"emergency_drills", "drill_participants"},
	"荣誉与示范":      {"honours_count", "demo_projects"},
}

// notFor are the categories a kind of department does not have.
var notFor = map[string][]string{"政府办": {"行政执法", "人民调解"}}

// fillAll answers every question a department is asked, each figure a
// different value (parts below their totals), every gate open; 听证 is
// zero (not news) and 败诉 zero (news).
func fillAll(t *testing.T, f *bot.Form) map[string]*bot.Answer {
	t.Helper()
	out := map[string]*bot.Answer{}
	for i, q := range f.Questions() {
		var typed string
		switch q.Kind {
		case bot.KindCount:
			typed = fmt.Sprintf("%d%s", 2000-7*i, q.Unit)
		case bot.KindAmount:
			typed = fmt.Sprintf("%d.5%s", 300-i, q.Unit)
		case bot.KindPercent:
			typed = fmt.Sprintf("%d.%d%%", 90-i%40, i%10)
		case bot.KindYesNo:
			typed = "是"
		case bot.KindList:
			typed = "《依法行政工作规则》、《合同管理办法》"
		case bot.KindText:
			typed = "认真落实法治建设各项要求。"
		case bot.KindItems:
			a := &bot.Answer{QID: q.ID, Status: bot.Answered}
			for _, text := range []string{"规范流程，提升服务效能。深化基层减负，优化会议和文件审批流程", "强化队伍建设。组织业务骨干参加法治专题培训"} {
				it, err := bot.ParseItem(text)
				if err != nil {
					t.Fatal(err)
				}
				a.Items = append(a.Items, it)
			}
			out[q.ID] = a
			continue
		default:
			t.Fatalf("question %s of kind %s", q.ID, q.Kind)
		}
		switch q.ID {
		case "hearings", "litigation_lost":
			typed = "0"
		}
		a, err := bot.ParseAnswer(q, typed)
		if err != nil {
			t.Fatalf("%s %q: %v", q.ID, typed, err)
		}
		out[q.ID] = a
	}
	return out
}

// TestKindDraftsEveryCategory fills the seed department (a 政府办) and a
// 司法行政 department with figures of every category they report, and
// drafts both, from templates and through the model: each is asked only
// its kind's questions, the measures part has one paragraph per
// subsection of the department's form, in order, numbered （一）（二）…;
// 听证0次 is left out and 败诉0件 is written; no figure of any part lacks
// its source.
func TestKindDraftsEveryCategory(t *testing.T) {
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		t.Fatal(err)
	}
	zfb := seedtest.Dept("zfb", "区政府办")
	sfj := bot.Department{ID: "sfj", Name: "区司法局", Kinds: []string{"司法行政"}}
	r := &bot.Round{ID: "r", Title: "2025年度法治政府建设情况报告", Year: 2025, Form: form, Departments: []bot.Department{zfb, sfj}}
	model := llmtest.NewServer(llmtest.Faithful)
	defer model.Close()
	w, err := llm.New(llm.Config{BaseURL: model.BaseURL(), APIKey: "sk-test", Model: "fake", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range r.Departments {
		view := r.FormFor(d.ID)
		for cat, qids := range categories {
			skip := false
			for _, k := range d.Kinds {
				for _, c := range notFor[k] {
					skip = skip || c == cat
				}
			}
			for _, id := range qids {
				if got := view.Question(id) != nil; got == skip {
					t.Errorf("%s: question %s (%s) asked: %v", d.Name, id, cat, got)
				}
			}
		}
		if d.ID == "zfb" && (view.Question("materials_reviewed") == nil || view.Question("recon_applications") != nil) {
			t.Errorf("the 政府办 is not asked its own questions only")
		}
		if d.ID == "sfj" && (view.Question("materials_reviewed") != nil || view.Question("recon_applications") == nil) {
			t.Errorf("the 司法局 is asked a 政府办 question, or not its own")
		}
		a := &bot.Assignment{Ref: bot.AssignmentRef{Round: r.ID, Dept: d.ID}, Status: bot.Submitted, Answers: fillAll(t, view)}
		for _, writer := range []bot.Writer{editorial.TemplateWriter{}, w} {
			drafter := &editorial.Drafter{Writer: writer}
			drafts, err := drafter.DraftAll(context.Background(), r, a)
			if err != nil {
				t.Fatal(err)
			}
			for i, dr := range drafts {
				if len(dr.Lock.Unsourced) > 0 || dr.NeedsReview || dr.Rewritten {
					t.Errorf("%s %s part %d: unsourced %v\n%s", d.Name, writer.Version(), i+1, dr.Lock.Unsourced, dr.Text)
				}
			}
			measures := drafts[0].Text
			paras := strings.Split(measures, "\n")
			subs := view.Sections[0].Subsections
			if len(paras) != len(subs)+1 {
				t.Errorf("%s %s: %d paragraphs for %d subsections and one item:\n%s", d.Name, writer.Version(), len(paras), len(subs), measures)
				continue
			}
			for j, b := range subs {
				if want := "（" + bot.ChineseOrdinal(j+1) + "）" + b.Heading + "。"; !strings.HasPrefix(paras[j], want) {
					t.Errorf("%s %s: paragraph %d is %.40q, want it to open with %q", d.Name, writer.Version(), j+1, paras[j], want)
				}
			}
			if !strings.Contains(paras[0], "深化基层减负") || !strings.HasPrefix(paras[len(subs)], "（"+bot.ChineseOrdinal(len(subs)+1)+"）强化队伍建设。") {
				t.Errorf("%s: the open items are not where they belong:\n%s", d.Name, measures)
			}
			if strings.Contains(measures, "组织听证") || !strings.Contains(measures, "败诉0件") {
				t.Errorf("%s: 听证0次 written or 败诉0件 left out:\n%s", d.Name, measures)
			}
		}
		t.Logf("%s（%s）：%d 道题，第一部分 %d 个小节", d.Name, strings.Join(d.Kinds, "、"), view.Len(), len(view.Sections[0].Subsections))
	}
}
