package rounds_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/chat"
	"reportbot/bot/rounds"
)

// TestRosterChangeMidRound: a roster saved while a round runs reaches it
// at once: a contact added to a department can answer, one taken off no
// longer sees it and the answers already given stay; a renamed department
// is shown by its new name; a department dropped from the roster keeps its
// part of the round; a closed round is left as it was; the change is kept
// with who made it, and a stale save is refused.
func TestRosterChangeMidRound(t *testing.T) {
	ra, tag := newAdmin(t)
	ctx := bot.WithActor(context.Background(), "陈统筹")
	ro := &rounds.Roster{Store: ra.Store.(rounds.RosterStore), Rounds: ra, Clock: ra.Clock}
	spec := rounds.RoundSpec{ID: "r" + tag, Form: bottest.Form(), Title: "2025年度法治政府建设情况报告", Year: 2025,
		Depts: []string{"zfb", "sfj", "czj"}, Deadline: time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), Coordinator: "陈统筹"}
	if _, err := ra.Create(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if err := ra.SetStatus(ctx, spec.ID, bot.RoundOpen); err != nil {
		t.Fatal(err)
	}
	closed := spec
	closed.ID = "old" + tag
	closed.Depts = []string{"zfb"}
	if _, err := ra.Create(ctx, closed); err != nil {
		t.Fatal(err)
	}
	if err := ra.SetStatus(ctx, closed.ID, bot.RoundOpen); err != nil {
		t.Fatal(err)
	}
	if err := ra.SetStatus(ctx, closed.ID, bot.RoundClosed); err != nil {
		t.Fatal(err)
	}
	eng := chat.NewEngine(chat.EngineConfig{Store: ra.Store, RoundTTL: time.Nanosecond})
	n := 0
	say := func(user, text string) string {
		n++
		replies, err := eng.Handle(ctx, bot.Message{User: user, ID: "m" + string(rune('a'+n)), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return replies[0].Text
	}
	say("zs-"+tag, "开始")
	say("zs-"+tag, "43%")

	cur, v, err := ro.Current(ctx)
	if err != nil || v != 0 {
		t.Fatalf("current before any save: %v %v", v, err)
	}
	next := cur.Clone()
	next.Departments[0].Contacts = []string{"ww-" + tag} // 政府办: 张三 off, 王五 on
	next.Departments[1].Name = "区司法行政局"
	next.Departments = next.Departments[:2] // 财政局 dropped
	lines, v, err := ro.Preview(ctx, next)
	if err != nil || v != 0 || len(lines) == 0 {
		t.Fatalf("preview: %v %v %v", lines, v, err)
	}
	if got, _, _ := ro.Current(ctx); got.Departments[1].Name != "区司法局" {
		t.Error("a preview changed the roster")
	}
	saved, err := ro.Save(ctx, next, 0, "控制台编辑")
	if err != nil || strings.Join(saved, "\n") != strings.Join(lines, "\n") {
		t.Fatalf("save: %v %v (preview %v)", saved, err, lines)
	}
	if _, err := ro.Save(ctx, next, 0, "控制台编辑"); bot.ErrorCode(err) != bot.EConflict {
		t.Errorf("stale save: %v", err)
	}
	if ra.Roster.Get().Departments[1].Name != "区司法行政局" {
		t.Error("the saved roster is not live")
	}

	us, err := ra.Store.(interface {
		User(context.Context, string) (*bot.UserState, error)
	}).User(ctx, "zs-"+tag)
	if err != nil || len(us.Assignments) != 1 || us.Assignments[0].Round != closed.ID {
		t.Errorf("a contact taken off keeps the running round: %+v %v", us, err)
	}
	if got := say("zs-"+tag, "381件"); !strings.Contains(got, "已截止") {
		t.Errorf("a contact taken off still answers: %s", got)
	}
	if got := say("ww-"+tag, "开始"); !strings.Contains(got, "区政府办") {
		t.Errorf("the new contact is not asked: %s", got)
	}
	r, err := ra.Store.Round(ctx, spec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Department("sfj"); d == nil || d.Name != "区司法行政局" {
		t.Errorf("rename not in the round: %+v", d)
	}
	if d := r.Department("czj"); d == nil || d.Name != "区财政局" {
		t.Errorf("a dropped department left the round: %+v", d)
	}
	a, err := ra.Store.Assignment(ctx, bot.AssignmentRef{Round: spec.ID, Dept: "zfb"})
	if err != nil || len(a.Answers) == 0 {
		t.Errorf("answers lost with the contact: %+v %v", a, err)
	}
	old, err := ra.Store.Round(ctx, closed.ID)
	if err != nil || old.Department("zfb").Contacts[0] != "zs-"+tag {
		t.Errorf("a closed round was changed: %+v %v", old.Department("zfb"), err)
	}
	hist, err := ro.History(ctx, 5)
	if err != nil || len(hist) != 1 || hist[0].By != "陈统筹" || hist[0].How != "控制台编辑" {
		t.Errorf("history: %+v %v", hist, err)
	}
	if same, err := ro.Save(ctx, next, 1, "控制台编辑"); err != nil || len(same) != 0 {
		t.Errorf("saving the same roster: %v %v", same, err)
	}
}

// interleaved is a replica's view of the store in which, just after its
// first read, another replica seeds the roster: two replicas starting
// together.
type interleaved struct {
	rounds.RosterStore
	once  bool
	other func()
}

func (s *interleaved) first() {
	if !s.once {
		s.once = true
		s.other()
	}
}

func (s *interleaved) Roster(ctx context.Context) (*bot.Roster, int64, error) {
	defer s.first()
	return s.RosterStore.Roster(ctx)
}

func (s *interleaved) RosterFile(ctx context.Context) (string, error) {
	defer s.first()
	return s.RosterStore.RosterFile(ctx)
}

// TestRosterSeedTwoReplicas: two replicas start at once with the same
// roster file; whichever imports it, both serve the roster from the file,
// never an empty one read just before the other's import landed.
func TestRosterSeedTwoReplicas(t *testing.T) {
	ra, _ := newAdmin(t)
	file := ra.Roster.Get().Clone()
	ctx := context.Background()
	replica := func(st rounds.RosterStore) *rounds.Roster {
		admin := *ra
		admin.Roster = bot.NewLiveRoster(&bot.Roster{})
		return &rounds.Roster{Store: st, Rounds: &admin, Clock: ra.Clock}
	}
	st := ra.Store.(rounds.RosterStore)
	a := replica(st)
	b := replica(&interleaved{RosterStore: st, other: func() {
		if _, err := a.Seed(ctx, file, "roster.yaml", "fp1"); err != nil {
			t.Fatal(err)
		}
	}})
	vb, err := b.Seed(ctx, file, "roster.yaml", "fp1")
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*rounds.Roster{"first": a, "second": b} {
		if got := len(r.Rounds.Roster.Get().Departments); got != len(file.Departments) {
			t.Errorf("%s replica serves %d departments, want %d", name, got, len(file.Departments))
		}
	}
	if vb != 1 {
		t.Errorf("second replica at version %d, want 1", vb)
	}
	if hist, _ := a.History(ctx, 5); len(hist) != 1 {
		t.Errorf("the file was imported %d times", len(hist))
	}
}
