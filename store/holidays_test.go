package store_test

import (
	"context"
	"testing"

	"reportbot/bot"
	"reportbot/store/storetest"
)

func TestHolidayYearsSaved(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	if ys, err := st.HolidayYears(ctx); err != nil || len(ys) != 0 {
		t.Fatalf("a new installation has saved years: %v %v", ys, err)
	}
	y, err := bot.ParseHolidayNotice("一、元旦：1月1日至3日放假调休，共3天。1月4日（周日）上班。", 2030)
	if err != nil {
		t.Fatal(err)
	}
	y.SavedBy = "co1"
	if err := st.SaveHolidayYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	y2 := bot.HolidayYear{Year: 2029, Days: []bot.HolidayDay{{Date: "2029-10-01", Off: true, Name: "国庆节"}}}
	if err := st.SaveHolidayYear(ctx, y2); err != nil {
		t.Fatal(err)
	}
	ys, err := st.HolidayYears(ctx)
	if err != nil || len(ys) != 2 || ys[0].Year != 2029 || ys[1].Year != 2030 || ys[1].SavedBy != "co1" || ys[1].OffDays() != 3 || ys[1].WorkDays() != 1 {
		t.Fatalf("saved years: %+v %v", ys, err)
	}
	if err := st.DeleteHolidayYear(ctx, 2030); err != nil {
		t.Fatal(err)
	}
	if ys, err := st.HolidayYears(ctx); err != nil || len(ys) != 1 || ys[0].Year != 2029 {
		t.Fatalf("after deleting 2030: %+v %v", ys, err)
	}
	// Installations sharing a Redis keep their own.
	if ys, err := storetest.New(t).HolidayYears(ctx); err != nil || len(ys) != 0 {
		t.Errorf("another installation sees the years: %+v %v", ys, err)
	}
}
