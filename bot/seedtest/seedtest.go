// Package seedtest holds the model report (../shared/seeds) as a contact
// would type it into the fazhi-annual form, for the tests that replay it
// through the engine and through the WeCom callback.
package seedtest

import (
	_ "embed"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"

	"reportbot/bot"
	"reportbot/prompts"
)

// Report is the text of the seed report (a copy of the real one in
// ../shared/seeds/000_c4f63c8c7497866c.txt beside the checkout).
//
//go:embed seed_report.txt
var Report string

//go:embed seed_answers.yaml
var seedAnswers []byte

// Entry is how a contact types one question's answer, and its canonical
// echo.
type Entry struct {
	QID        string   `yaml:"qid"`
	Typed      string   `yaml:"typed"`
	TypedItems []string `yaml:"typed_items"`
	Want       string   `yaml:"want"`
}

// Figures are the figures of the real report; each must be stored exactly.
var Figures = []string{"43", "381", "1352", "336", "15", "167", "17", "83", "93", "1705", "15",
	"45", "85", "100", "100", "103204", "4", "2", "34", "19"}

// Kinds are the seed department's kinds: the seed report is a 区政府办's,
// and a round must give its department these kinds for the form to ask
// it the seed's questions.
var Kinds = []string{"政府办"}

// Dept returns the seed department for a round: a 政府办 with the given
// id, name and contacts.
func Dept(id, name string, contacts ...string) bot.Department {
	return bot.Department{ID: id, Name: name, Kinds: Kinds, Contacts: contacts}
}

// Load returns the fazhi-annual form and the seed answers by question id;
// the answers cover exactly the questions a 政府办 is asked.
func Load(tb testing.TB) (*bot.Form, map[string]Entry) {
	tb.Helper()
	form, err := prompts.Form("fazhi-annual")
	if err != nil {
		tb.Fatal(err)
	}
	var entries []Entry
	if err := yaml.Unmarshal(seedAnswers, &entries); err != nil {
		tb.Fatal(err)
	}
	byQ := make(map[string]Entry, len(entries))
	mine := form.For(Kinds)
	for _, e := range entries {
		if mine.Question(e.QID) == nil {
			tb.Fatalf("seed entry for question %q, which a 政府办 is not asked", e.QID)
		}
		byQ[e.QID] = e
	}
	return form, byQ
}

// Step is one message of the transcript, a substring its reply must
// contain when the bot takes it, and the question it answers, if any.
type Step struct {
	Text, Expect string
	QID          string
}

// Transcript returns the messages a contact sends to answer the seed: the
// questions a 政府办 is asked, in order, gates taken into account the way
// the engine does, each open item confirmed with 是, then 提交 and
// 确认提交.
func Transcript(tb testing.TB, form *bot.Form, seed map[string]Entry) []Step {
	tb.Helper()
	steps := []Step{{"开始", "您好", ""}}
	gates := map[string]string{}
	for _, q := range form.For(Kinds).Questions() {
		if q.AskIf != "" && gates[q.AskIf] != "是" {
			continue
		}
		e, ok := seed[q.ID]
		if !ok {
			tb.Fatalf("no seed answer for question %d %s", q.Number, q.ID)
		}
		if q.Kind == bot.KindItems && len(e.TypedItems) > 0 {
			for _, it := range e.TypedItems {
				steps = append(steps, Step{it, "请确认这一条", q.ID}, Step{"是", "已记录第", q.ID})
			}
			steps = append(steps, Step{"完成", "本题共记录", q.ID})
			continue
		}
		steps = append(steps, Step{e.Typed, "已记录", q.ID})
		if q.Kind == bot.KindYesNo {
			gates[q.ID] = e.Want
		}
	}
	return append(steps, Step{"提交", "确认提交", ""}, Step{"确认提交", "已提交", ""})
}

// Check compares a submitted assignment with the seed: every canonical
// answer and every figure of the report.
func Check(tb testing.TB, form *bot.Form, seed map[string]Entry, a *bot.Assignment) {
	tb.Helper()
	if a.Status != bot.Submitted {
		tb.Errorf("status = %s, want submitted", a.Status)
	}
	for qid, e := range seed {
		q := form.Question(qid)
		ans := a.Answers[qid]
		switch {
		case ans == nil && q.AskIf == "":
			tb.Errorf("question %d %s not stored", q.Number, qid)
		case ans == nil:
		case q.Kind == bot.KindItems:
			if len(ans.Items) != len(e.TypedItems) {
				tb.Errorf("%s: %d items stored, want %d", qid, len(ans.Items), len(e.TypedItems))
			}
		default:
			if got := bot.FormatAnswer(q, ans); got != e.Want {
				tb.Errorf("question %d %s: typed %q, stored %q, want %q", q.Number, qid, e.Typed, got, e.Want)
			}
		}
	}
	var stored []string
	for _, ans := range a.Answers {
		if ans.Figure != nil {
			stored = append(stored, ans.Figure.Value)
		}
	}
	if missing := missingValues(Figures, stored); len(missing) > 0 {
		tb.Errorf("seed figures not stored exactly: %v", missing)
	}
}

// missingValues returns the members of want (a multiset) not in got.
func missingValues(want, got []string) []string {
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	var missing []string
	for _, w := range want {
		if count[w] == 0 {
			missing = append(missing, w)
			continue
		}
		count[w]--
	}
	sort.Strings(missing)
	return missing
}

// Answers parses the seed entries into stored answers, as the engine would
// after a contact typed them (不涉及 and 无 included).
func Answers(tb testing.TB, form *bot.Form, seed map[string]Entry) map[string]*bot.Answer {
	tb.Helper()
	out := map[string]*bot.Answer{}
	for qid, e := range seed {
		q := form.Question(qid)
		switch {
		case e.Typed == "不涉及" || (e.Typed == "无" && !q.Kind.Numeric()):
			out[qid] = &bot.Answer{QID: qid, Status: bot.NotApply}
		case q.Kind == bot.KindItems:
			a := &bot.Answer{QID: qid, Status: bot.Answered}
			for _, t := range e.TypedItems {
				it, err := bot.ParseItem(t)
				if err != nil {
					tb.Fatal(err)
				}
				a.Items = append(a.Items, it)
			}
			out[qid] = a
		default:
			a, err := bot.ParseAnswer(q, e.Typed)
			if err != nil {
				tb.Fatalf("%s %q: %v", qid, e.Typed, err)
			}
			out[qid] = a
		}
	}
	return out
}

// AnswerSet builds a department's answers to form by question id, as a
// test writes them: text answers as typed, table answers read from their
// pasted rows by the table reader (bot.ParseGrid).
type AnswerSet struct {
	tb   testing.TB
	form *bot.Form
	// Map holds the answers built so far, by question id.
	Map map[string]*bot.Answer
}

// NewAnswers starts an empty set of answers to form.
func NewAnswers(tb testing.TB, form *bot.Form) *AnswerSet {
	return &AnswerSet{tb: tb, form: form, Map: map[string]*bot.Answer{}}
}

// Text answers q with v as written.
func (a *AnswerSet) Text(q, v string) {
	a.Map[q] = &bot.Answer{QID: q, Status: bot.Answered, Text: v}
}

// Grid answers table question q with the rows text gives; a text the
// table reader refuses fails the test.
func (a *AnswerSet) Grid(q, text string) {
	a.tb.Helper()
	g, _, err := bot.ParseGrid(a.form, a.form.Question(q), text)
	if err != nil {
		a.tb.Fatal(q, err)
	}
	a.Map[q] = &bot.Answer{QID: q, Status: bot.Answered, Grid: g}
}
