package rounds

import (
	"context"
	"slices"
	"time"

	"reportbot/bot"
)

// RosterStore keeps the roster, its version and its history.
type RosterStore interface {
	// Roster returns the roster and its version; ENotFound before one
	// was saved.
	Roster(ctx context.Context) (*bot.Roster, int64, error)
	// RosterVersion returns the saved roster's version (0: none).
	RosterVersion(ctx context.Context) (int64, error)
	// SaveRoster replaces the roster if it is still at version and
	// records ch; EConflict when someone saved meanwhile.
	SaveRoster(ctx context.Context, r *bot.Roster, version int64, ch bot.RosterChange) (int64, error)
	// RosterHistory returns the last n changes, newest first.
	RosterHistory(ctx context.Context, n int64) ([]bot.RosterChange, error)
	// LinkContacts links users to an assignment (a contact added to a
	// department mid-round).
	LinkContacts(ctx context.Context, ref bot.AssignmentRef, users []string, at time.Time) error
	// RosterFile returns the fingerprint of the roster file last imported
	// at start-up ("" for none).
	RosterFile(ctx context.Context) (string, error)
	// UnlinkContacts removes an assignment from users (a contact taken
	// off a department mid-round).
	UnlinkContacts(ctx context.Context, ref bot.AssignmentRef, users []string) error
}

// Roster is the roster's keeper: what changes when one is imported,
// edited or synced (a preview), saving it with its history, and carrying
// the change into the rounds that are running, at once and without a
// restart. A department removed from the roster keeps its part of a
// running round and the answers given.
type Roster struct {
	Store  RosterStore
	Rounds *RoundAdmin // its Store updates the running rounds; its Roster is the live one
	Clock  bot.Clock
}

// Current returns the roster as saved and its version; with none saved
// yet, the live one (from REPORTBOT_ROSTER) at version 0.
func (ro *Roster) Current(ctx context.Context) (*bot.Roster, int64, error) {
	r, v, err := ro.Store.Roster(ctx)
	if bot.ErrorCode(err) == bot.ENotFound {
		return ro.Rounds.Roster.Get(), 0, nil
	}
	return r, v, err
}

// Preview checks r and lists what saving it would change.
func (ro *Roster) Preview(ctx context.Context, r *bot.Roster) ([]string, int64, error) {
	if err := r.Validate(); err != nil {
		return nil, 0, err
	}
	cur, v, err := ro.Current(ctx)
	if err != nil {
		return nil, 0, err
	}
	return bot.DiffRosters(cur, r), v, nil
}

// Save replaces the roster with r if the saved one is still at version,
// records what changed, how (控制台编辑, 导入 roster.csv…) and who
// (bot.Actor), makes it live and carries it into the running rounds. It
// returns the changes; none means nothing was saved.
func (ro *Roster) Save(ctx context.Context, r *bot.Roster, version int64, how string) ([]string, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	cur, v, err := ro.Current(ctx)
	if err != nil {
		return nil, err
	}
	if v != version {
		return nil, bot.Errorf(bot.EConflict, "名单刚被其他人修改（第 %d 版），请刷新后重试。", v)
	}
	lines := bot.DiffRosters(cur, r)
	if len(lines) == 0 {
		return nil, nil
	}
	ch := bot.RosterChange{At: ro.Clock.Now(), By: bot.Actor(ctx), How: how, Lines: lines}
	if _, err := ro.Store.SaveRoster(ctx, r, version, ch); err != nil {
		return nil, err
	}
	ro.Rounds.Roster.Set(r)
	return lines, ro.Apply(ctx, r)
}

// Apply carries the roster into every round that is not closed: each
// department it still lists gets its name, kinds, contacts, head and
// members; a contact new to it is linked to its assignment and one taken
// off it no longer sees it (the answers given stay). A department the
// roster no longer lists stays in the round as it was.
func (ro *Roster) Apply(ctx context.Context, r *bot.Roster) error {
	ids, err := ro.Rounds.Store.Rounds(ctx)
	if err != nil {
		return err
	}
	now := ro.Clock.Now()
	for _, id := range ids {
		added, removed := map[string][]string{}, map[string][]string{}
		err := ro.Rounds.Store.UpdateRound(ctx, id, func(rd *bot.Round) error {
			clear(added) // a retried update starts over
			clear(removed)
			if rd.Status == bot.RoundClosed {
				return errUnchanged
			}
			changed := false
			for i := range rd.Departments {
				d := &rd.Departments[i]
				n := r.Department(d.ID)
				if n == nil {
					continue
				}
				for _, u := range n.Contacts {
					if !slices.Contains(d.Contacts, u) {
						added[d.ID] = append(added[d.ID], u)
					}
				}
				for _, u := range d.Contacts {
					if !slices.Contains(n.Contacts, u) {
						removed[d.ID] = append(removed[d.ID], u)
					}
				}
				if d.Name != n.Name || !slices.Equal(d.Kinds, n.Kinds) || !slices.Equal(d.Contacts, n.Contacts) || d.Head != n.Head ||
					!slices.Equal(d.Members, n.Members) || d.WeComID != n.WeComID {
					*d, changed = *n, true
				}
			}
			if !changed {
				return errUnchanged
			}
			return nil
		})
		if err == errUnchanged {
			continue
		}
		if err != nil {
			return err
		}
		for dept, users := range added {
			if err := ro.Store.LinkContacts(ctx, bot.AssignmentRef{Round: id, Dept: dept}, users, now); err != nil {
				return err
			}
		}
		for dept, users := range removed {
			if err := ro.Store.UnlinkContacts(ctx, bot.AssignmentRef{Round: id, Dept: dept}, users); err != nil {
				return err
			}
		}
	}
	return nil
}

// Seed makes the roster live at start-up and returns its version. The
// roster saved in Redis wins, so edits made in the console survive a
// restart; the roster file (REPORTBOT_ROSTER, read into file, named name,
// with fingerprint fp of its bytes) is imported when nothing was saved
// yet, and again when the file changed since it was last imported (the
// operator edited it on purpose). Every import is recorded in the history.
func (ro *Roster) Seed(ctx context.Context, file *bot.Roster, name, fp string) (int64, error) {
	for attempt := 0; ; attempt++ {
		v, err := ro.seed(ctx, file, name, fp)
		if bot.ErrorCode(err) == bot.EConflict && attempt < 3 {
			continue // another replica seeded at the same time: read theirs
		}
		return v, err
	}
}

func (ro *Roster) seed(ctx context.Context, file *bot.Roster, name, fp string) (int64, error) {
	// The file's fingerprint is read before the roster: a replica that
	// finds the fingerprint current then reads a roster at least as new
	// as the import that wrote it (SaveRoster writes both at once), never
	// the empty one read just before another replica's import landed.
	last, err := ro.Store.RosterFile(ctx)
	if err != nil {
		return 0, err
	}
	saved, v, err := ro.Store.Roster(ctx)
	if bot.ErrorCode(err) == bot.ENotFound {
		saved, v, err = &bot.Roster{}, 0, nil
	}
	if err != nil {
		return 0, err
	}
	if file == nil || fp == "" || fp == last {
		ro.Rounds.Roster.Set(saved)
		return v, nil
	}
	lines := bot.DiffRosters(saved, file)
	if len(lines) == 0 && v > 0 {
		ro.Rounds.Roster.Set(saved)
		return v, nil
	}
	how := "启动时导入 " + name
	if v > 0 {
		how = "名单文件有更新，启动时导入 " + name
	}
	ch := bot.RosterChange{At: ro.Clock.Now(), By: "system", How: how, Lines: lines, File: fp}
	if v, err = ro.Store.SaveRoster(ctx, file, v, ch); err != nil {
		return 0, err
	}
	ro.Rounds.Roster.Set(file)
	return v, ro.Apply(ctx, file)
}

// History returns the roster's last n changes, newest first.
func (ro *Roster) History(ctx context.Context, n int64) ([]bot.RosterChange, error) {
	return ro.Store.RosterHistory(ctx, n)
}

// Refresh makes the saved roster live when it changed since version
// (another replica saved it), and returns the version now live.
func (ro *Roster) Refresh(ctx context.Context, version int64) (int64, error) {
	v, err := ro.Store.RosterVersion(ctx)
	if err != nil || v == version || v == 0 {
		return version, err
	}
	r, v, err := ro.Store.Roster(ctx)
	if err != nil {
		return version, err
	}
	ro.Rounds.Roster.Set(r)
	return v, nil
}

// errUnchanged aborts an UpdateRound that has nothing to write.
var errUnchanged = bot.Errorf(bot.EConflict, "unchanged")
