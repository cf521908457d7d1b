package factlock_test

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"reportbot/bot"
	"reportbot/bot/factlock"
	"reportbot/bot/figure"
)

// corpus is testdata/corpus.yaml: a department's answers and labelled
// sentences.
type corpus struct {
	Facts []struct {
		QID    string     `yaml:"qid"`
		Value  string     `yaml:"value"`
		Prose  string     `yaml:"prose"`
		Labels []string   `yaml:"labels"`
		Items  []bot.Item `yaml:"items"`
	} `yaml:"facts"`
	Cases []struct {
		Text  string   `yaml:"text"`
		Flags []string `yaml:"flags"`
	} `yaml:"cases"`
}

func loadCorpus(t *testing.T) ([]bot.Fact, []bot.Fact, corpus) {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c corpus
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	var facts, labels []bot.Fact
	for _, f := range c.Facts {
		fact := bot.Fact{QID: f.QID, Value: f.Value, Items: f.Items}
		if f.Prose != "" {
			fig, err := figure.Parse(f.Value)
			if err != nil {
				t.Fatalf("fact %s: %v", f.QID, err)
			}
			fact.Figure, fact.Value = &fig, figure.Format(fig)
			fact.Prose = strings.ReplaceAll(f.Prose, "{value}", fact.Value)
			q := bot.Question{Prose: strings.Replace(f.Prose, fact.Value, "{value}", 1)}
			if !strings.Contains(q.Prose, "{value}") {
				q.Prose = f.Prose // written with {value}
			}
			fact.Labels = append([]string{q.ProseLabel()}, f.Labels...)
			labels = append(labels, fact)
		}
		for i := range fact.Items {
			for _, sp := range figure.Find(fact.Items[i].Text) {
				fact.Items[i].Figures = append(fact.Items[i].Figures, sp.Figure)
			}
		}
		facts = append(facts, fact)
	}
	return facts, labels, c
}

// TestFactCorpus runs the lock over the labelled corpus and reports its
// recall (flagged among what must be flagged: must be 100%) and precision
// (right among what was flagged: at least 99%).
func TestFactCorpus(t *testing.T) {
	facts, labels, c := loadCorpus(t)
	var judged, tp, fn, fp int
	for _, cs := range c.Cases {
		lock := factlock.Check(cs.Text, facts, labels, 2025)
		judged += lock.Checked
		matched := make([]bool, len(lock.Flags))
		for _, want := range cs.Flags {
			if !strings.Contains(cs.Text, want) {
				t.Fatalf("%q: flag %q is not in the text", cs.Text, want)
			}
			hit := false
			// Any occurrence of the flagged words will do: 20卷 is also
			// inside 120卷.
			for at := 0; ; {
				j := strings.Index(cs.Text[at:], want)
				if j < 0 {
					break
				}
				start, end := at+j, at+j+len(want)
				at = end
				for i, f := range lock.Flags {
					if f.Start < end && start < f.End && !matched[i] {
						hit, matched[i] = true, true
						break
					}
				}
				if hit {
					break
				}
			}
			if hit {
				tp++
			} else {
				fn++
				t.Errorf("missed: %q in %q (flags %+v)", want, cs.Text, lock.Flags)
			}
		}
		for i, f := range lock.Flags {
			if !matched[i] {
				fp++
				t.Errorf("false flag: %q in %q: %s", f.Text, cs.Text, f.Message)
			}
		}
	}
	recall := float64(tp) / float64(tp+fn)
	precision := float64(tp) / float64(max(tp+fp, 1))
	t.Logf("fact-lock corpus: %d sentences, %d figures and claims judged, %d to flag: recall %.1f%%, precision %.1f%%, %d false flags",
		len(c.Cases), judged, tp+fn, recall*100, precision*100, fp)
	if judged < 300 {
		t.Errorf("the corpus judges only %d figures and claims; it needs at least 300", judged)
	}
	if fn > 0 || precision < 0.99 {
		t.Errorf("recall %.1f%% (must be 100%%), precision %.1f%% (must be ≥ 99%%)", recall*100, precision*100)
	}
}
