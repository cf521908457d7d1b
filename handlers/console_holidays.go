package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"reportbot/bot"
)

// maxHolidayNotice bounds a pasted notice: the real one is under 2 KB.
const maxHolidayNotice = 20 << 10

// holidayStore is the store's side of the holidays page.
func (c *Console) holidayStore() (bot.HolidayStore, bool) {
	hs, ok := c.Store.(bot.HolidayStore)
	return hs, ok && c.Reminders != nil
}

// holidays lists the holiday arrangements reminders keep to (shipped and
// saved) and offers to paste next year's notice. Coordinators only.
func (c *Console) holidays(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	c.holidaysPage(w, r, v, http.StatusOK, map[string]any{"Flash": c.flash(w, r, v)})
}

// holidaysPage renders the page with the years the calendar holds now.
func (c *Console) holidaysPage(w http.ResponseWriter, r *http.Request, v *viewer, status int, data map[string]any) {
	if _, ok := c.holidayStore(); !ok {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "这一安装没有节假日设置。"))
		return
	}
	// The page shows what reminders keep to, read afresh (another replica
	// may have saved a year).
	if err := c.Reminders.RefreshCalendar(r.Context()); err != nil {
		c.fail(w, r, v, err)
		return
	}
	cal := c.Reminders.Calendar.Get()
	now := c.now()
	data["Title"] = "节假日"
	data["Years"] = cal.Years()
	data["Missing"] = cal.MissingYears(now, now.AddDate(0, 3, 0))
	if _, ok := data["Year"]; !ok {
		data["Year"] = now.In(bot.CST).Year() + 1
	}
	c.page(w, r, status, "holidays", v, data)
}

// holidayInput reads the page's form: the pasted text and the year (blank:
// the notice's own).
func holidayInput(r *http.Request) (text string, year int, err error) {
	text = r.PostFormValue("text")
	if len(text) > maxHolidayNotice {
		return "", 0, bot.Errorf(bot.EInvalid, "粘贴的文字过长：请只粘贴放假通知的正文。")
	}
	if s := strings.TrimSpace(r.PostFormValue("year")); s != "" {
		if year, err = strconv.Atoi(s); err != nil {
			return text, 0, bot.Errorf(bot.EInvalid, "年份请写成四位数字，如 2027。")
		}
	}
	return text, year, nil
}

// holidaysPreview reads a pasted notice and shows what it says, day by
// day, before anything is saved.
func (c *Console) holidaysPreview(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	text, year, err := holidayInput(r)
	data := map[string]any{"Text": text, "Year": r.PostFormValue("year")}
	if err == nil {
		var y bot.HolidayYear
		if y, err = bot.ParseHolidayNotice(text, year); err == nil {
			data["Preview"] = y
			data["Replaces"] = c.Reminders.Calendar.Get().Known(y.Year)
		}
	}
	status := http.StatusOK
	if err != nil {
		if statusOf(err) == http.StatusInternalServerError {
			c.fail(w, r, v, err)
			return
		}
		data["Error"], status = bot.ErrorMessage(err), statusOf(err)
	}
	c.holidaysPage(w, r, v, status, data)
}

// holidaysSave reads the notice again and saves the year; reminders keep
// to it from the next tick on every replica.
func (c *Console) holidaysSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	hs, ok := c.holidayStore()
	if !ok {
		c.forbid(w, r, v)
		return
	}
	text, year, err := holidayInput(r)
	var y bot.HolidayYear
	if err == nil {
		y, err = bot.ParseHolidayNotice(text, year)
	}
	if err == nil {
		y.SavedBy, y.SavedAt = v.User, c.now()
		err = hs.SaveHolidayYear(r.Context(), y)
	}
	if c.refused(w, r, v, err, func(status int, msg string) {
		c.holidaysPage(w, r, v, status, map[string]any{"Text": text, "Year": r.PostFormValue("year"), "Error": msg})
	}) {
		return
	}
	if err := c.Reminders.RefreshCalendar(r.Context()); err != nil {
		c.log().Warn("holiday calendar not reloaded after a save", "err", err)
	}
	c.log().Info("holiday arrangement saved", "year", y.Year, "by", v.User, "off", y.OffDays(), "work", y.WorkDays())
	c.redirectFlash(w, r, v, "/console/holidays", strconv.Itoa(y.Year)+" 年放假安排已保存：放假 "+strconv.Itoa(y.OffDays())+
		" 天，调休上班 "+strconv.Itoa(y.WorkDays())+" 天。此后的提醒在放假日不发送，调休上班日照常发送。")
}

// holidaysDelete removes a saved year: the shipped arrangement of that
// year, if any, applies again.
func (c *Console) holidaysDelete(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !v.Coordinator {
		c.forbid(w, r, v)
		return
	}
	hs, ok := c.holidayStore()
	year, err := strconv.Atoi(r.PathValue("year"))
	if !ok || err != nil {
		c.fail(w, r, v, bot.Errorf(bot.ENotFound, "没有这一年的放假安排。"))
		return
	}
	if err := hs.DeleteHolidayYear(r.Context(), year); err != nil {
		c.fail(w, r, v, err)
		return
	}
	if err := c.Reminders.RefreshCalendar(r.Context()); err != nil {
		c.log().Warn("holiday calendar not reloaded after a delete", "err", err)
	}
	c.log().Info("holiday arrangement deleted", "year", year, "by", v.User)
	c.redirectFlash(w, r, v, "/console/holidays", strconv.Itoa(year)+" 年录入的放假安排已删除。")
}
