package handlers

import (
	"encoding/json"
	"io"
	"net/http"

	"reportbot/bot"
	"reportbot/bot/editorial"
)

// sectionRoutes adds the editors' section actions under p: read a
// section with its open flags, confirm it, and keep one flag with a
// reason. They follow the same rules as the chat card and the console.
func (a *RoundsAPI) sectionRoutes(mux *http.ServeMux, p string) {
	base := p + "/{round}/depts/{dept}/sections/{section}"
	mux.HandleFunc("GET "+base, a.section)
	mux.HandleFunc("POST "+base+"/{action}", a.sectionAction)
}

// SectionJSON is a section as the API shows it.
type SectionJSON struct {
	Section   string     `json:"section"`
	Version   int        `json:"version"`
	Text      string     `json:"text"`
	Confirmed bool       `json:"confirmed"`
	Open      []bot.Flag `json:"open_flags"` // flags no editor kept: confirming waits for them
	Marks     []bot.Mark `json:"open_marks"` // 【待补充】 and 【？】 left in the text: confirming waits for them too
	Kept      []bot.Keep `json:"kept"`
}

func (a *RoundsAPI) sectionRef(r *http.Request) (bot.AssignmentRef, string) {
	return bot.AssignmentRef{Round: r.PathValue("round"), Dept: r.PathValue("dept")}, r.PathValue("section")
}

// section shows a section's current version, checked again against the
// answers.
func (a *RoundsAPI) section(w http.ResponseWriter, r *http.Request) {
	if a.Editorial == nil {
		a.fail(w, bot.Errorf(bot.EUnavailable, bot.MsgUnavailable))
		return
	}
	ref, sid := a.sectionRef(r)
	st, open, err := a.Editorial.SectionFlags(r.Context(), ref, sid)
	if err != nil {
		a.fail(w, err)
		return
	}
	out := SectionJSON{Section: sid, Confirmed: st.Confirmed, Open: open, Marks: []bot.Mark{}, Kept: []bot.Keep{}}
	if cur := st.CurrentVersion(); cur != nil {
		out.Version, out.Text = cur.N, cur.Text
		if marks := bot.OpenMarks(cur.Text); marks != nil {
			out.Marks = marks
		}
		if cur.Kept != nil {
			out.Kept = cur.Kept
		}
	}
	if out.Open == nil {
		out.Open = []bot.Flag{}
	}
	writeJSON(w, http.StatusOK, out)
}

// sectionAction confirms a section ({"key": …} makes a retry count once)
// or keeps one open flag ({"flag": 1, "reason": "…", "key": …}). A
// confirmation refused over open flags answers 409 with the flags.
func (a *RoundsAPI) sectionAction(w http.ResponseWriter, r *http.Request) {
	if a.Editorial == nil {
		a.fail(w, bot.Errorf(bot.EUnavailable, bot.MsgUnavailable))
		return
	}
	var body struct {
		Flag   int    `json:"flag"`
		Reason string `json:"reason"`
		Key    string `json:"key"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil && err != io.EOF {
		a.fail(w, bot.Errorf(bot.EInvalid, "请求内容不是有效的 JSON：%v", err))
		return
	}
	if body.Key == "" {
		body.Key = "api-" + randomHex(12)
	}
	ref, sid := a.sectionRef(r)
	ctx := r.Context()
	switch r.PathValue("action") {
	case "confirm":
		version, _, err := a.Editorial.ConfirmSection(ctx, "api", ref, sid, body.Key)
		if fe, ok := editorial.AsFlags(err); ok {
			flags, marks := fe.Flags, fe.Marks
			if flags == nil {
				flags = []bot.Flag{}
			}
			if marks == nil {
				marks = []bot.Mark{}
			}
			writeJSON(w, http.StatusConflict, map[string]any{"error": bot.ErrorMessage(err), "open_flags": flags, "open_marks": marks})
			return
		}
		if err != nil {
			a.fail(w, err)
			return
		}
		a.Log.Info("section confirmed via api", "round", ref.Round, "dept", ref.Dept, "section", sid)
		writeJSON(w, http.StatusOK, map[string]any{"section": sid, "version": version, "confirmed": true})
	case "keep":
		kept, open, err := a.Editorial.KeepFlag(ctx, "api", ref, sid, body.Flag, body.Reason, body.Key)
		if err != nil {
			a.fail(w, err)
			return
		}
		if open == nil {
			open = []bot.Flag{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"section": sid, "kept": kept, "open_flags": open})
	default:
		apiNotFound(w)
	}
}
