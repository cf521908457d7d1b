package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/bottest"
	"reportbot/bot/rounds"
	"reportbot/prompts"
	"reportbot/store/storetest"
)

// submittedStore is the real store, except that every assignment reads
// as submitted and a reopening is recorded here instead of applied.
type submittedStore struct {
	rounds.RoundStore
	reopenedBy []string
}

func (s *submittedStore) Assignment(ctx context.Context, ref bot.AssignmentRef) (*bot.Assignment, error) {
	return &bot.Assignment{Status: bot.Submitted}, nil
}

func (s *submittedStore) Reopen(ctx context.Context, ref bot.AssignmentRef, note string, e bot.AuditEntry) error {
	s.reopenedBy = append(s.reopenedBy, e.User)
	return nil
}

// TestSecurityAPIReopenActorAndTitle: the API's reopen records the
// authenticated caller, whatever "by" its body names; a round title
// beyond rounds.MaxTitle characters (or with a line break) is refused.
func TestSecurityAPIReopenActorAndTitle(t *testing.T) {
	st := &submittedStore{RoundStore: storetest.New(t)}
	tag := storetest.RandomID("")
	roster := &bot.Roster{Departments: []bot.Department{{ID: "zfb" + tag, Name: "区政府办", Contacts: []string{"zs" + tag}}}}
	clock := bottest.NewClock(bottest.Monday)
	admin := &rounds.RoundAdmin{Store: st, Roster: bot.NewLiveRoster(roster), Clock: clock}
	token := "test-token-0123456789abcdef"
	srv := httptest.NewServer(&RoundsAPI{Token: token, Admin: admin, Forms: (&prompts.Library{}).Form, Clock: clock,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer srv.Close()
	call := func(path string, body any) (int, string) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+"/api/rounds"+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	id := storetest.RandomID("r")
	next := clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	for _, title := range []string{strings.Repeat("法", rounds.MaxTitle+1), strings.Repeat("很长的标题", 180), "2025年度\n请点击链接"} {
		req := RoundRequest{ID: id, Form: "fazhi-annual", Title: title, Year: 2025, Deadline: next}
		if code, body := call("", req); code != http.StatusBadRequest || !strings.Contains(body, "标题") {
			t.Errorf("title of %d characters: %d %.200s", len([]rune(title)), code, body)
		}
	}
	if code, body := call("", RoundRequest{ID: id, Form: "fazhi-annual", Title: strings.Repeat("法", rounds.MaxTitle), Year: 2025, Deadline: next}); code != http.StatusCreated {
		t.Fatalf("create with a title of MaxTitle characters: %d %s", code, body)
	}
	if code, body := call("/"+id+"/reopen", map[string]string{"dept": "zfb" + tag, "reason": "请核对", "by": "zhangsan-admin"}); code != 200 {
		t.Fatalf("reopen: %d %s", code, body)
	}
	if len(st.reopenedBy) != 1 || st.reopenedBy[0] != "api" {
		t.Errorf("reopen recorded as %v, want [api]", st.reopenedBy)
	}
	evs, err := st.RoundEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.By == "zhangsan-admin" {
			t.Errorf("round history names the body's by: %+v", e)
		}
	}
}
