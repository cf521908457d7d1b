package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"reportbot/bot"
	"reportbot/store"
	"reportbot/store/storetest"
)

// manyDepts is a round of n departments over the tiny form.
func manyDepts(tb testing.TB, st *store.Store, n int) (*bot.Round, []bot.AssignmentRef) {
	tb.Helper()
	depts := make([]bot.Department, n)
	for i := range depts {
		depts[i] = bot.Department{ID: fmt.Sprintf("d%04d", i), Name: fmt.Sprintf("部门%04d", i),
			Contacts: []string{storetest.RandomID("u")}}
	}
	r := storetest.Round(tb, st, tinyForm(), depts...)
	refs := make([]bot.AssignmentRef, n)
	for i, d := range depts {
		refs[i] = bot.AssignmentRef{Round: r.ID, Dept: d.ID}
	}
	return r, refs
}

// TestAssignmentViewsRoundTrips: a 1,000-department round is read in four
// pipelined round trips (counted by the store's go-redis hook), and every
// view holds what the one-by-one reads return.
func TestAssignmentViewsRoundTrips(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	_, refs := manyDepts(t, st, 1000)
	user := "u-views"
	if _, _, err := st.CommitTurn(ctx, refs[7], 0, "m1", change(user, "381"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkReminder(ctx, refs[999], "due-3d"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateSection(ctx, refs[500], "s1", "k1", func(s *bot.SectionState) error { s.Confirmed = true; return nil }); err != nil {
		t.Fatal(err)
	}
	before := st.RoundTrips()
	views, err := st.AssignmentViews(ctx, refs, bot.ViewParts{Sections: true, Audit: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n != 4 {
		t.Errorf("1,000 departments took %d round trips, want 4", n)
	}
	if len(views) != len(refs) {
		t.Fatalf("%d views for %d refs", len(views), len(refs))
	}
	for _, i := range []int{0, 7, 500, 999} {
		a, _ := st.Assignment(ctx, refs[i])
		n, _ := st.ReminderCount(ctx, refs[i])
		secs, _ := st.Sections(ctx, refs[i])
		audit, _ := st.Audit(ctx, refs[i])
		v := views[i]
		if !reflect.DeepEqual(v.Assignment, a) || v.Reminders != n || len(v.Sections) != len(secs) || len(v.Audit) != len(audit) {
			t.Errorf("view %d = %+v, want %+v, %d reminders, %d sections, %d audit entries", i, v, a, n, len(secs), len(audit))
		}
	}
	if views[7].Assignment.Answers["docs"].Figure.Value != "381" || len(views[7].Audit) != 1 || views[999].Reminders != 1 ||
		!views[500].Sections["s1"].Confirmed {
		t.Errorf("views lack what was written: %+v %+v %+v", views[7], views[999], views[500])
	}
	// Without the optional parts, nothing more is read.
	plain, err := st.AssignmentViews(ctx, refs[:3], bot.ViewParts{})
	if err != nil || plain[0].Sections != nil || plain[0].Audit != nil {
		t.Errorf("plain views: %+v %v", plain, err)
	}
	if _, err := st.AssignmentViews(ctx, []bot.AssignmentRef{{Round: refs[0].Round, Dept: "nope"}}, bot.ViewParts{}); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("a missing assignment: %v", err)
	}
}

// BenchmarkRoundPageRead reads a 1,000-department round's assignments,
// reminders, sections and audit trails, as the coordinator's round page
// does: pipelined, and one by one as the page did before.
func BenchmarkRoundPageRead(b *testing.B) {
	st := storetest.New(b)
	ctx := context.Background()
	_, refs := manyDepts(b, st, 1000)
	run := func(b *testing.B, read func() error) {
		start := st.RoundTrips()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if err := read(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(st.RoundTrips()-start)/float64(b.N), "roundtrips/op")
	}
	b.Run("pipelined", func(b *testing.B) {
		run(b, func() error {
			_, err := st.AssignmentViews(ctx, refs, bot.ViewParts{Sections: true, Audit: true})
			return err
		})
	})
	b.Run("one-by-one", func(b *testing.B) {
		run(b, func() error {
			for _, ref := range refs {
				if _, err := st.Assignment(ctx, ref); err != nil {
					return err
				}
				if _, err := st.ReminderCount(ctx, ref); err != nil {
					return err
				}
				if _, err := st.Sections(ctx, ref); err != nil {
					return err
				}
				if _, err := st.Audit(ctx, ref); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
