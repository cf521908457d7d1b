package store

import (
	"context"
	"encoding/json"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// viewBatch is how many assignments one pipeline reads: up to four
// commands each, so a 1,000-department round takes four round trips and no
// single reply grows without bound.
const viewBatch = 250

var _ bot.ViewReader = (*Store)(nil)

// AssignmentViews reads the assignments of refs with their reminder counts
// (and, as parts asks, sections and audit trails) in pipelines of
// viewBatch assignments. On Cluster the client splits each pipeline by
// node.
func (s *Store) AssignmentViews(ctx context.Context, refs []bot.AssignmentRef, parts bot.ViewParts) ([]bot.AssignmentView, error) {
	out := make([]bot.AssignmentView, 0, len(refs))
	for start := 0; start < len(refs); start += viewBatch {
		batch := refs[start:min(start+viewBatch, len(refs))]
		type cmds struct {
			a, sec   *redis.MapStringStringCmd
			reminded *redis.StringCmd
			audit    *redis.XMessageSliceCmd
		}
		cs := make([]cmds, len(batch))
		pipe := s.rdb.Pipeline()
		for i, ref := range batch {
			cs[i].a = pipe.HGetAll(ctx, assignmentKey(ref))
			cs[i].reminded = pipe.Get(ctx, reminderCountKey(ref))
			if parts.Sections {
				cs[i].sec = pipe.HGetAll(ctx, sectionsKey(ref))
			}
			if parts.Audit {
				cs[i].audit = pipe.XRange(ctx, auditKey(ref), "-", "+")
			}
		}
		if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
			return nil, wrap("read assignments", assignmentKey(batch[0]), err)
		}
		for i, ref := range batch {
			a, err := decodeAssignment(ref, cs[i].a.Val())
			if err != nil {
				return nil, err
			}
			v := bot.AssignmentView{Assignment: a}
			if n, err := cs[i].reminded.Int(); err == nil {
				v.Reminders = n
			}
			if cs[i].sec != nil {
				if v.Sections, err = decodeSections(cs[i].sec.Val()); err != nil {
					return nil, err
				}
			}
			if cs[i].audit != nil {
				v.Audit = decodeAudit(cs[i].audit.Val())
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// decodeSections builds the section states from their hash.
func decodeSections(h map[string]string) (map[string]*bot.SectionState, error) {
	out := make(map[string]*bot.SectionState, len(h))
	for k, v := range h {
		var st bot.SectionState
		if err := json.Unmarshal([]byte(v), &st); err != nil {
			return nil, bot.WrapError(bot.EInternal, "store: decode section "+k, err)
		}
		out[k] = &st
	}
	return out, nil
}
