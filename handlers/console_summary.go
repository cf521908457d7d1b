package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/bot/factlock"
)

// summary is the coordinator's district summary: today's totals over the
// departments whose reports are complete, the current draft with each
// figure's source, and forms to (re)draft, edit and confirm.
func (c *Console) summary(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	if !rd.DistrictSummary {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "本轮未设置全区汇总。"))
		return
	}
	st, totals, facts, err := c.Editorial.District(ctx, rd.ID)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	var cur *bot.SectionVersion
	var paras [][]piece
	var lock bot.FactLock
	if st != nil {
		cur = st.CurrentVersion()
	}
	if cur != nil {
		lock = factlock.Check(cur.Text, facts, facts, rd.Year)
		srcs := map[string]string{}
		for _, t := range totals {
			srcs[t.Q.ID] = fmt.Sprintf("%d 个部门第%d题合计：%s", t.Depts, t.Q.Number, t.Value)
		}
		describe := func(qids []string) string {
			var ss []string
			for _, q := range qids {
				ss = append(ss, srcs[q])
			}
			return strings.Join(ss, "；")
		}
		paras = splitParas(pieces(cur.Text, lock, describe, "找不到出处：不是任何合计数"))
	}
	grids, gridBreaks, err := c.Editorial.DistrictGrids(ctx, rd.ID)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.page(w, r, http.StatusOK, "summary", v, map[string]any{"Round": rd, "State": st, "Cur": cur, "Paras": paras, "Lock": lock,
		"Totals": totals, "Flash": c.flash(w, r, v), "Nonce": randomHex(12), "Grids": grids, "GridBreaks": gridBreaks})
}

// summaryAction drafts, edits or confirms the district summary, then
// returns to it with what was done.
func (c *Console) summaryAction(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	id := r.PathValue("round")
	key := formKey(r, v)
	var msg string
	var err error
	switch r.PathValue("action") {
	case "draft":
		dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		var saved *bot.SectionVersion
		saved, _, err = c.Editorial.DraftDistrict(dctx, id, v.User, key)
		if err == nil {
			msg = fmt.Sprintf("已生成第 %d 版汇总稿（%s）。", saved.N, saved.Label())
		}
	case "edit":
		var saved *bot.SectionVersion
		saved, err = c.Editorial.SaveDistrictEdit(ctx, id, v.User, r.PostFormValue("text"), key)
		if err == nil {
			msg = fmt.Sprintf("已保存为第 %d 版：核验数字 %d 个，%d 处找不到出处。", saved.N, saved.Lock.Checked, len(saved.Lock.Unsourced))
		}
	case "confirm":
		err = c.Editorial.ConfirmDistrict(ctx, id, v.User, key)
		msg = "已确认汇总稿。"
	default:
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(id)+"/summary", msg)
}
