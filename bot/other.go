package bot

import (
	"strings"
	"time"
)

// OtherDatum is one entry of a section's 其他数据 as readers see it: a
// figure the contact gave that no question of the form asks for, with its
// label and the contact's own words.
type OtherDatum struct {
	Section  int    // index of the section in the form
	Number   string // the section's number: 一
	Label    string // 开展消防检查
	Figure   Figure // 6次
	Sentence string // the words it came from, when kept
	By       string
	At       time.Time
}

// SectionOf returns the section id of an answer key made by OtherQID,
// and whether qid is one.
func SectionOf(qid string) (string, bool) {
	return strings.CutPrefix(qid, "other.")
}

// OtherData lists the 其他数据 kept in answers, section by section in
// form order, entries in the order they were given.
func (f *Form) OtherData(answers map[string]*Answer) []OtherDatum {
	var out []OtherDatum
	for si, s := range f.Sections {
		a := answers[OtherQID(s.ID)]
		if a == nil || a.Status != Answered {
			continue
		}
		for _, it := range a.Items {
			for _, fig := range it.Figures {
				out = append(out, OtherDatum{Section: si, Number: s.Number, Label: it.Title, Figure: fig,
					Sentence: it.Text, By: a.By, At: a.At})
			}
		}
	}
	return out
}
