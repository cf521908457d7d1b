package store

import (
	"time"

	"reportbot/bot"
)

// Every key reportbot writes is built here. Keys of one assignment share the
// hash tag {a:<round>:<dept>} so a turn's Lua script touches one slot and
// the same code runs on Redis Cluster; a user's record is tagged by user and
// a round by round.

// assignmentTag is the hash tag shared by all keys of one assignment.
func assignmentTag(ref bot.AssignmentRef) string {
	return "{a:" + ref.Round + ":" + ref.Dept + "}"
}

// assignmentKey is the hash holding answers, cursors, status and version.
func assignmentKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) }

// markerKey records that a message was processed, with its replies.
func markerKey(ref bot.AssignmentRef, msgKey string) string {
	return "rb:" + assignmentTag(ref) + ":m:" + msgKey
}

// auditKey is the assignment's audit stream.
func auditKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":log" }

// userKey is the hash of a user's assignments and active pointer.
func userKey(user string) string { return "rb:{u:" + user + "}" }

// roundKey holds a round's JSON, frozen form included.
func roundKey(id string) string { return "rb:{r:" + id + "}" }

// The roster (JSON with its version), its version alone for replicas'
// cheap checks, and its history stream: one roster per installation (the
// queue prefix names an installation sharing a Redis). The tag keeps the
// three in one slot, so a save writes them in one transaction on Cluster
// too.
func (s *Store) rosterKey() string        { return "rb:{roster:" + s.queues + "}" }
func (s *Store) rosterVersionKey() string { return s.rosterKey() + ":v" }
func (s *Store) rosterLogKey() string     { return s.rosterKey() + ":log" }
func (s *Store) rosterFileKey() string    { return s.rosterKey() + ":file" }

// roundsKey indexes an installation's round ids by creation time (a
// single-key sorted set); the queue prefix names the installation, so
// installations sharing a Redis list only their own rounds.
func (s *Store) roundsKey() string {
	if s.queues == "" {
		return "rb:rounds"
	}
	return "rb:rounds:" + s.queues
}

// TurnKeys returns the keys one turn's script touches, for tests that check
// they share a hash slot.
func TurnKeys(ref bot.AssignmentRef, msgKey string) []string {
	return []string{assignmentKey(ref), markerKey(ref, msgKey), auditKey(ref)}
}

// roundLogKey is a round's history stream: who started, paused, closed,
// reopened it, returned a department, changed its schedule.
func roundLogKey(id string) string { return "rb:{r:" + id + "}:log" }

// nudgesKey is a round's hash of deferred 催办: department → who asked.
func nudgesKey(round string) string { return "rb:{r:" + round + "}:nudges" }

// draftKey holds one draft by its input hash; draftsKey maps each section
// to its latest draft's hash. Both carry the assignment's tag.
func draftKey(ref bot.AssignmentRef, key string) string {
	return "rb:" + assignmentTag(ref) + ":draft:" + key
}
func draftsKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":drafts" }

// sectionsKey holds an assignment's sections under review: one JSON
// field per section, in the assignment's slot.
func sectionsKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":sections" }

// reminderKey marks a reminder of kind as sent to an assignment;
// reminderCountKey counts the reminders (not invitations) it was sent.
func reminderKey(ref bot.AssignmentRef, kind string) string {
	return "rb:" + assignmentTag(ref) + ":sent:" + kind
}
func reminderCountKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":reminded" }

// sentKindsKey is the set of reminder kinds an assignment was sent.
func sentKindsKey(ref bot.AssignmentRef) string { return "rb:" + assignmentTag(ref) + ":sentkinds" }

// sessionKey is a console session; loginKey a one-time login link.
func sessionKey(id string) string { return "rb:{s:" + id + "}" }
func loginKey(tok string) string  { return "rb:{l:" + tok + "}" }

// The WeCom adapter's keys: the access token and its refresh lock are
// global single keys; a user's send counters share the user's tag so one
// script checks both windows.
func tokenKey(name string) string  { return "rb:wecom:" + name }
func tokenLock(name string) string { return "rb:wecom:" + name + ":lock" }

// sendProgressKey counts the replies a send task has delivered, so its
// retry resumes after them; task ids are unique within one installation
// (queue prefix).
func sendProgressKey(prefix, taskID string) string {
	return "rb:{sendpos:" + prefix + ":" + taskID + "}"
}

func sendMinuteKey(user string, now time.Time) string {
	return "rb:{w:" + user + "}:min:" + now.UTC().Format("200601021504")
}
func sendHourKey(user string, now time.Time) string {
	return "rb:{w:" + user + "}:hour:" + now.UTC().Format("2006010215")
}

// Uploaded forms: a form's revisions are a list under its own tag; the ids
// of uploaded forms a set. Both carry the store's prefix (QueuePrefix), so
// installations sharing a Redis keep their own forms.
func formRevisionsKey(prefix, id string) string { return "rb:{f:" + prefix + id + "}:revs" }
func formIDsKey(prefix string) string           { return "rb:" + prefix + "forms" }

// holidaysKey is the hash of the holiday arrangements an office saved, by
// year; the store's prefix keeps installations sharing a Redis apart.
func holidaysKey(prefix string) string { return "rb:" + prefix + "holidays" }

// The lease of a single-holder role (the WeCom long connection of one bot):
// the lease itself, its fencing counter, the holder's state record and the
// count of recent displacements share the lease's tag.
func leaseTag(name string) string          { return "{lease:" + name + "}" }
func leaseKey(name string) string          { return "rb:" + leaseTag(name) }
func leaseFenceKey(name string) string     { return "rb:" + leaseTag(name) + ":fence" }
func leaseStateKey(name string) string     { return "rb:" + leaseTag(name) + ":state" }
func leaseDisplacedKey(name string) string { return "rb:" + leaseTag(name) + ":displaced" }

// channelKey is the WeCom channel a user last wrote from ("app" or
// "aibot"), in the user's slot.
func channelKey(user string) string { return "rb:{u:" + user + "}:channel" }

// floorKey is the bench floor's per-user hash and floorMarkerKey its
// processed-message marker, in the user's slot (see BareTurn).
func floorKey(user string) string               { return "rb:{u:" + user + "}:floor" }
func floorMarkerKey(user, msgKey string) string { return "rb:{u:" + user + "}:floor:m:" + msgKey }
