package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestNoteExports: an answer's note reaches the workbook's 备注 sheet, the
// CSV's 备注 column and the JSON, while the figure cell stays a number.
func TestNoteExports(t *testing.T) {
	r, depts := seedRound(t)
	a := depts[0].Assignment.Answers["docs_issued"]
	a.Note = "含电子公文"
	var buf bytes.Buffer
	if err := XLSX(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("备注")
	if len(rows) != 2 || rows[1][0] != "区政府办" || rows[1][3] != "381件" || rows[1][4] != "含电子公文" {
		t.Errorf("备注 sheet = %v", rows)
	}
	buf.Reset()
	if err := CSV(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&buf).ReadAll()
	if recs[0][12] != "备注" {
		t.Errorf("header = %v", recs[0])
	}
	found := false
	for _, rec := range recs {
		if rec[7] == "381" && rec[12] == "含电子公文" {
			found = true
		}
	}
	if !found {
		t.Error("note not in the CSV")
	}
	buf.Reset()
	if err := JSON(&buf, r, depts, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"note": "含电子公文"`) || !json.Valid(buf.Bytes()) {
		t.Error("note not in the JSON")
	}
}
