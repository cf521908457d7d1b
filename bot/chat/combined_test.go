package chat_test

import (
	"strconv"
	"testing"
)

// TestCombinedFigureAskedAgain: one figure that counts this question's
// thing and another question's together (人大建议和政协提案共56件 on 人大
// 建议) is not stored as this question's: the bot says so and names where
// the other goes. A figure each thing has (各28件) is not called a sum;
// the question's own figure and two figures for two questions are read as
// before.
func TestCombinedFigureAskedAgain(t *testing.T) {
	h, qs := seedStarted(t, "npc_suggestions", "cppcc_proposals")
	npc, cppcc := qs[0], qs[1]
	at := "修改 " + strconv.Itoa(npc.Number)
	for _, text := range []string{"承办人大建议和政协提案共56件", "人大代表建议和政协提案56件，全部按期办结", "今年人大建议、政协提案合计56件"} {
		h.say("zhangsan", at)
		h.expect("zhangsan", text, "“56件”是", "合起来的数字", "第 "+strconv.Itoa(cppcc.Number)+" 题")
		if a := h.answers()["npc_suggestions"]; a != nil && a.Figure != nil && a.Figure.Value == "56" {
			t.Fatalf("%q stored as 人大建议: %+v", text, a)
		}
	}
	// A figure said of each thing listed is each one's: both are offered.
	for _, text := range []string{"人大建议、政协提案各28件", "承办人大代表建议和政协委员提案均为28件，全部按期办结"} {
		h.say("zhangsan", at)
		h.expect("zhangsan", text, "将记录：第"+strconv.Itoa(npc.Number)+"题 28件；第"+strconv.Itoa(cppcc.Number)+"题 28件")
		h.say("zhangsan", "否")
	}
	// A thing the form does not ask about is offered as 其他数据.
	h.say("zhangsan", at)
	h.expect("zhangsan", "人大建议、群众来信各28件", "将记录：第"+strconv.Itoa(npc.Number)+"题 28件", "另有 群众来信28件 在问卷中没有对应的题目")
	h.say("zhangsan", "否")
	// With no list to spread over, it is refused with what to write.
	h.say("zhangsan", at)
	h.expect("zhangsan", "三个科室各2件", "“各2件”是每一项各自的数字")
	h.say("zhangsan", at)
	h.expect("zhangsan", "承办人大代表建议和政协提案，其中人大代表建议30件", "已记录：30件")
	h.say("zhangsan", at)
	h.expect("zhangsan", "承办人大建议30件、政协提案26件", "将记录：第"+strconv.Itoa(npc.Number)+"题 30件；第"+strconv.Itoa(cppcc.Number)+"题 26件")
}
