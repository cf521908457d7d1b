package handlers

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/editorial"
)

// factcheck lets an editor or a coordinator paste any text (a paragraph
// written elsewhere, a draft from another tool) and see each of its
// figures and claims marked against one department's answers: its source,
// or why it has none. Nothing is stored.
func (c *Console) factcheck(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.staff() || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	rd, d, ok := c.roundDept(w, r, v, v.canSeeDept)
	if !ok {
		return
	}
	a, err := c.Store.Assignment(ctx, bot.AssignmentRef{Round: rd.ID, Dept: d.ID})
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	data := map[string]any{"Round": rd, "Dept": d}
	if r.Method == http.MethodPost {
		text := strings.TrimSpace(r.PostFormValue("text"))
		if utf8.RuneCountInString(text) > 20000 {
			c.fail(w, r, v, bot.Errorf(bot.EInvalid, "文字太长（超过 2 万字），请分段核验。"))
			return
		}
		lock := editorial.CheckText(rd, a, text)
		data["Text"], data["Lock"] = text, lock
		data["Paras"] = splitParas(pieces(text, lock, answerSources(rd, a), "找不到出处：填报答案中没有这个数字"))
	}
	c.page(w, r, http.StatusOK, "factcheck", v, data)
}
