package store

import (
	"strings"
	"testing"
	"time"

	"reportbot/bot"
)

// crc16 is CRC-16/XMODEM, the function Redis Cluster hashes keys with.
func crc16(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// slot is the cluster slot of key, honouring a {hash tag} as Redis does.
func slot(key string) uint16 {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	return crc16([]byte(key)) % 16384
}

// TestClusterSlots: every operation that touches several keys at once (a
// Lua script, a MULTI, a WATCH) touches keys of one slot, so the same code
// runs on Redis Cluster. (.ci/run also runs the store and end-to-end
// suites on a real 3-master cluster, where a cross-slot call fails.)
func TestClusterSlots(t *testing.T) {
	if got := slot("123456789"); got != 0x31C3%16384 {
		t.Fatalf("crc16 self-check: %d", got)
	}
	ref := bot.AssignmentRef{Round: "fz2025", Dept: "zfb"}
	now := time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)
	groups := map[string][]string{
		"turn (LoadTurn, CommitTurn)":   TurnKeys(ref, "msg-1"),
		"reminder mark and count":       {reminderKey(ref, "overdue-20260105"), reminderCountKey(ref)},
		"section update with marker":    {sectionsKey(ref), markerKey(ref, "sec:msg-2")},
		"draft and the section's index": {draftKey(ref, "abc"), draftsKey(ref)},
		"member send limits":            {sendMinuteKey("zhangsan", now), sendHourKey("zhangsan", now)},
	}
	for what, keys := range groups {
		for _, k := range keys[1:] {
			if slot(k) != slot(keys[0]) {
				t.Errorf("%s: %s (slot %d) and %s (slot %d) differ", what, keys[0], slot(keys[0]), k, slot(k))
			}
		}
	}
	// Different departments spread over the cluster.
	if slot(assignmentKey(ref)) == slot(assignmentKey(bot.AssignmentRef{Round: "fz2025", Dept: "sfj"})) &&
		slot(assignmentKey(ref)) == slot(assignmentKey(bot.AssignmentRef{Round: "fz2025", Dept: "czj"})) {
		t.Error("three departments share one slot: the tag does not spread load")
	}
}
