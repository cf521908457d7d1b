package wecomtest

import (
	"fmt"
	"mime"
	"net/http"
)

// AddMedia stores a file as if a member had sent it to the app, and
// returns its media_id for a file message's MediaId.
func (s *Server) AddMedia(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.media == nil {
		s.media = map[string]Media{}
	}
	id := fmt.Sprintf("media-%d", len(s.media)+1)
	s.media[id] = Media{Name: name, Type: "file", Data: data}
	return id
}

// mediaGet serves media/get as WeCom does: the file's bytes with a
// Content-Disposition naming it, or an errcode JSON for an unknown id.
func (s *Server) mediaGet(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	m, ok := s.MediaFile(r.URL.Query().Get("media_id"))
	if !ok {
		reply(w, map[string]any{"errcode": 40007, "errmsg": "invalid media_id"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.Name}))
	w.Write(m.Data)
}
