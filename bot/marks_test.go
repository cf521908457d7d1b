package bot

import "testing"

// TestOpenMarks: the drafts' 【待补充】 and 【？】 and an editor's
// 【待核实】 are found with the clause around them; 【】 used as
// brackets of a name are not.
func TestOpenMarks(t *testing.T) {
	text := "全年报送优质政务信息【待补充】，被采用12条【？】。（一）【待补充】。主要原因是【待核实】\n依照【中华人民共和国政府信息公开条例】办理。"
	got := OpenMarks(text)
	if len(got) != 4 {
		t.Fatalf("marks %+v", got)
	}
	for i, m := range got {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mark %d span %q vs %q", i, text[m.Start:m.End], m.Text)
		}
	}
	if got[0].Context != "全年报送优质政务信息【待补充】，被采用12条" || got[1].Context != "被采用12条【？】" ||
		got[2].Context != "（一）【待补充】" || got[3].Context != "主要原因是【待核实】" {
		t.Errorf("contexts %q %q %q %q", got[0].Context, got[1].Context, got[2].Context, got[3].Context)
	}
	// A mark that opens its sentence shows the sentence before; a long
	// clause is cut at a comma, not inside a word.
	more := OpenMarks("（二）依申请公开。【待补充】。组织政治理论和党纪法规学习，区政府网站公开各类政府信息和政策文件解读材料【待补充】。")
	if len(more) != 2 || more[0].Context != "（二）依申请公开。【待补充】" || more[1].Context != "区政府网站公开各类政府信息和政策文件解读材料【待补充】" {
		t.Errorf("contexts %+v", more)
	}
	if s := MarksText(got[2:]); s != "1. “（一）【待补充】”\n2. “主要原因是【待核实】”" {
		t.Errorf("MarksText %q", s)
	}
}
