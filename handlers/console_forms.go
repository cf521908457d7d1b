package handlers

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"reportbot/bot"
	"reportbot/bot/export"
	"reportbot/bot/formdraft"
	"reportbot/prompts"
)

// FormLibrary is where the console lists, checks and saves forms (the
// App's prompts.Library: shipped, REPORTBOT_FORMS_DIR, uploads).
type FormLibrary interface {
	Forms(ctx context.Context) ([]prompts.Entry, error)
	Import(ctx context.Context, data []byte, by string) (prompts.Imported, error)
}

// maxFormUpload bounds an uploaded form or report (the console's POST
// bodies are capped at 256 KB in any case).
const maxFormUpload = 200 << 10

// forms lists the forms in effect, with their origin and history, and
// offers to upload a form or last year's report.
func (c *Console) forms(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Forms == nil {
		c.forbid(w, r, v)
		return
	}
	entries, err := c.Forms.Forms(r.Context())
	data := map[string]any{"Title": "问卷", "Flash": c.flash(w, r, v)}
	if err != nil {
		// A broken file in the forms directory is the coordinator's to
		// see, with its lines, not a dead page.
		if bot.ErrorCode(err) != bot.EInvalid {
			c.fail(w, r, v, err)
			return
		}
		data["LibraryError"] = bot.ErrorMessage(err)
	}
	data["Entries"] = entries
	c.page(w, r, http.StatusOK, "forms", v, data)
}

// formCheck checks an uploaded form (.yaml), a report to draft a form
// from (.docx, .txt), or the YAML edited on the page, and shows the
// problems with their lines, or the questions as each kind of department
// will be asked them.
func (c *Console) formCheck(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Forms == nil {
		c.forbid(w, r, v)
		return
	}
	src, note, err := uploadedForm(r)
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.formPage(w, r, v, src, note)
}

// formSave checks the page's YAML again and saves it as its id's next
// version.
func (c *Console) formSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator || c.Forms == nil {
		c.forbid(w, r, v)
		return
	}
	src := r.PostFormValue("yaml")
	res, err := c.Forms.Import(r.Context(), []byte(src), v.User)
	if bot.ErrorCode(err) == bot.EInvalid {
		c.formPage(w, r, v, src, "")
		return
	}
	if err != nil {
		c.fail(w, r, v, err)
		return
	}
	c.log().Info("form saved from the console", "user", v.User, "form", res.Revision.ID, "rev", res.Revision.Rev, "saved", res.Saved)
	c.redirectFlash(w, r, v, "/console/forms", res.Text())
}

// formPage shows a form's YAML for editing, its problems, and a preview.
func (c *Console) formPage(w http.ResponseWriter, r *http.Request, v *viewer, src, note string) {
	f, problems := bot.CheckForm([]byte(src))
	data := map[string]any{"Title": "检查问卷", "YAML": src, "Note": note, "Problems": problems,
		"Errors": len(problems.Errors()), "Form": f}
	if f != nil {
		data["Preview"] = previewForm(f, r.PostFormValue("kind"))
		data["Kinds"] = f.Kinds()
		data["Kind"] = r.PostFormValue("kind")
	}
	c.page(w, r, http.StatusOK, "formcheck", v, data)
}

// uploadedForm reads the page's upload: a form file, a report to draft
// one from, or the YAML typed on the page.
func uploadedForm(r *http.Request) (src, note string, err error) {
	file, hdr, ferr := r.FormFile("file")
	if ferr != nil {
		return r.PostFormValue("yaml"), "", nil
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxFormUpload+1))
	if err != nil {
		return "", "", bot.Errorf(bot.EInvalid, "上传的文件无法读取，请重试。")
	}
	if len(data) > maxFormUpload {
		return "", "", bot.Errorf(bot.EInvalid, "上传的文件太大（上限 %d KB）。", maxFormUpload>>10)
	}
	switch strings.ToLower(path.Ext(hdr.Filename)) {
	case ".yaml", ".yml":
		if !utf8.Valid(data) {
			return "", "", bot.Errorf(bot.EInvalid, "问卷文件不是 UTF-8 编码，请另存为 UTF-8 后再上传。")
		}
		return string(data), "", nil
	case ".docx", ".txt":
		text := string(data)
		if strings.HasSuffix(strings.ToLower(hdr.Filename), ".docx") {
			if text, err = export.DocxText(data); err != nil {
				return "", "", err
			}
		} else if !utf8.Valid(data) {
			return "", "", bot.Errorf(bot.EInvalid, "报告不是 UTF-8 编码的文本，请另存为 .docx 或 UTF-8 编码的 .txt 后再上传。")
		}
		d, err := formdraft.FromReport(text, formdraft.Options{})
		if err != nil {
			return "", "", err
		}
		out, err := d.YAML()
		if err != nil {
			return "", "", err
		}
		return string(out), fmt.Sprintf("已从报告“%s”中读出 %d 个部分、%d 个数字，每个数字一道题并带上年数值。请核对题目、加上部门类型后保存。",
			hdr.Filename, len(d.Sections), d.Questions()), nil
	}
	return "", "", bot.Errorf(bot.EInvalid, "请上传问卷（.yaml）或上一年度的报告（.docx、.txt）。")
}

// previewQuestion is one question as the contact will see it.
type previewQuestion struct {
	Number, Of int
	Text       string
	Q          *bot.Question
}

// previewPart is one section or subsection of the preview.
type previewPart struct {
	Heading   string
	Questions []previewQuestion
}

// formPreview is the form as a department of one kind is asked it.
type formPreview struct {
	Total int
	Parts []previewPart
	Count map[string]int // questions per kind
}

// previewForm lays out the questions a department of kind (every
// question when empty) is asked, numbered as the bot numbers them; round
// variables such as {year} stay visible.
func previewForm(f *bot.Form, kind string) formPreview {
	view := f
	if kind != "" {
		view = f.For([]string{kind})
	}
	p := formPreview{Total: view.Len(), Count: map[string]int{}}
	for _, k := range f.Kinds() {
		p.Count[k] = f.For([]string{k}).Len()
	}
	byPart := map[[2]int]int{}
	for _, q := range view.Questions() {
		key := [2]int{q.Section, q.Subsection}
		i, ok := byPart[key]
		if !ok {
			s := view.Sections[q.Section]
			h := s.Number + "、" + s.Heading
			if q.Subsection >= 0 {
				b := s.Subsections[q.Subsection]
				h += " · " + b.Heading
				if len(b.Kinds) > 0 {
					h += "（仅 " + strings.Join(b.Kinds, "、") + "）"
				}
			}
			p.Parts = append(p.Parts, previewPart{Heading: h})
			i = len(p.Parts) - 1
			byPart[key] = i
		}
		p.Parts[i].Questions = append(p.Parts[i].Questions, previewQuestion{Number: q.Number, Of: view.Len(), Text: q.Prompt, Q: q})
	}
	return p
}
