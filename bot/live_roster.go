package bot

import "sync/atomic"

// LiveRoster is the roster as it stands now, shared by every part of a
// replica: a change (an import, an edit in the console, a directory sync)
// applies to all of them at once, without a restart. Its zero value and a
// nil *LiveRoster hold an empty roster.
type LiveRoster struct {
	p atomic.Pointer[Roster]
}

// NewLiveRoster returns a live roster holding r.
func NewLiveRoster(r *Roster) *LiveRoster {
	l := &LiveRoster{}
	l.Set(r)
	return l
}

// Get returns the roster as it stands; callers must not change it.
func (l *LiveRoster) Get() *Roster {
	if l == nil {
		return &Roster{}
	}
	if r := l.p.Load(); r != nil {
		return r
	}
	return &Roster{}
}

// Set replaces the roster.
func (l *LiveRoster) Set(r *Roster) {
	if r == nil {
		r = &Roster{}
	}
	l.p.Store(r)
}

// Has reports whether user holds role in the roster as it stands.
func (l *LiveRoster) Has(role Role, user string) bool { return l.Get().Has(role, user) }
