package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"reportbot/bot"
	"reportbot/bot/editorial"
)

// section shows an editor one section: the current draft with each
// figure's source (checked afresh against today's answers), the answers
// it came from, and every version with its changes against the current
// one.
func (c *Console) section(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	rd, err := c.Store.Round(ctx, r.PathValue("round"))
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	dept, sid := r.PathValue("dept"), r.PathValue("section")
	d := rd.Department(dept)
	idx := -1
	for i, s := range rd.Form.Sections {
		if s.ID == sid {
			idx = i
		}
	}
	if d == nil || idx < 0 {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这一章节。"))
		return
	}
	if !v.staff() || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ref := bot.AssignmentRef{Round: rd.ID, Dept: dept}
	a, err := c.Store.Assignment(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	secs, err := c.Editorial.Store.Sections(ctx, ref)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	st := secs[sid]
	var cur *bot.SectionVersion
	var paras [][]piece
	var lock bot.FactLock
	var open []bot.Flag
	var marks []bot.Mark
	if st != nil {
		cur = st.CurrentVersion()
	}
	if cur != nil {
		// Fresh against today's answers, so a changed answer shows at once.
		lock = editorial.LockText(rd, a, idx, cur.Text)
		open = bot.OpenFlags(lock, cur.Kept)
		marks = bot.OpenMarks(cur.Text)
		paras = splitParas(pieces(cur.Text, lock, answerSources(rd, a), "找不到出处：填报答案中没有这个数字"))
	}
	var answers []answerRow
	for _, q := range rd.FormFor(a.Ref.Dept).Questions() {
		if q.Section != idx {
			continue
		}
		row := answerRow{Q: q, Answer: "（未填）"}
		if ans := a.Answers[q.ID]; ans != nil {
			row.Answer = bot.FormatAnswerNote(q, ans)
		}
		answers = append(answers, row)
	}
	type versionRow struct {
		V    bot.SectionVersion
		Diff []diffPiece
	}
	var versions []versionRow
	if st != nil {
		for i := len(st.Versions) - 1; i >= 0; i-- {
			vv := st.Versions[i]
			row := versionRow{V: vv}
			if cur != nil && vv.N != cur.N {
				row.Diff = diffSentences(vv.Text, cur.Text)
			}
			versions = append(versions, row)
		}
	}
	s := rd.Form.Sections[idx]
	c.page(w, r, http.StatusOK, "section", v, map[string]any{"Round": rd, "Dept": d, "Section": s, "Title": s.Number + "、" + bot.FillYear(s.Heading, rd.Year),
		"State": st, "Cur": cur, "Paras": paras, "Lock": lock, "Open": open, "Marks": marks, "Answers": answers, "Versions": versions, "Flash": c.flash(w, r, v),
		"Nonce": randomHex(12)})
}

// sectionAction confirms, edits, rewrites or restores a section, then
// returns to it with what was done.
func (c *Console) sectionAction(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Editor || c.Editorial == nil {
		c.forbid(w, r, v)
		return
	}
	ctx := r.Context()
	ref := bot.AssignmentRef{Round: r.PathValue("round"), Dept: r.PathValue("dept")}
	sid := r.PathValue("section")
	key := formKey(r, v)
	var msg string
	var err error
	switch r.PathValue("action") {
	case "confirm":
		_, _, err = c.Editorial.ConfirmSection(ctx, v.User, ref, sid, key)
		msg = "已确认。"
	case "keep":
		n, _ := strconv.Atoi(r.PostFormValue("flag"))
		var kept *bot.Keep
		if kept, _, err = c.Editorial.KeepFlag(ctx, v.User, ref, sid, n, r.PostFormValue("reason"), key); err == nil && kept != nil {
			msg = fmt.Sprintf("已保留“%s”，理由：%s。", kept.Text, kept.Reason)
		}
	case "edit":
		var saved *bot.SectionVersion
		saved, err = c.Editorial.SaveEdit(ctx, v.User, ref, sid, r.PostFormValue("text"), key)
		if err == nil {
			msg = fmt.Sprintf("已保存为第 %d 版：核验数字和说法 %d 处", saved.N, saved.Lock.Checked)
			if n := len(saved.Lock.Flags); n > 0 {
				msg += fmt.Sprintf("，其中 %d 处在填报答案中找不到依据（已标红），请修改或说明理由后保留", n)
			}
			if n := len(bot.OpenMarks(saved.Text)); n > 0 {
				msg += fmt.Sprintf("；还有 %d 处待补充的内容，须改为实际情况", n)
			}
			msg += "。确认后计入正式报告。"
		}
	case "rewrite":
		err = c.Editorial.RewriteSection(ctx, v.User, ref, sid, r.PostFormValue("instruction"), key)
		msg = "已提交重写，新稿完成后会出现在这里，并发到企业微信。"
	case "restore":
		n, _ := strconv.Atoi(r.PostFormValue("version"))
		_, err = c.Editorial.RestoreSection(ctx, ref, sid, n, key)
		msg = fmt.Sprintf("已恢复第 %d 版，请重新确认。", n)
	default:
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这个操作。"))
		return
	}
	var open *editorial.FlagsError
	if errors.As(err, &open) {
		// Say it in the page's words (编辑, 保留), not the chat's.
		err = &bot.Error{Code: bot.EConflict, Op: "console: confirm", Message: open.PageText(), Err: err}
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.log().Info("console section action", "user", v.User, "round", ref.Round, "dept", ref.Dept, "section", sid, "action", r.PathValue("action"))
	c.redirectFlash(w, r, v, "/console/rounds/"+url.PathEscape(ref.Round)+"/depts/"+url.PathEscape(ref.Dept)+"/sections/"+url.PathEscape(sid), msg)
}
