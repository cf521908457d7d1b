package wecomtest

import (
	"encoding/json"
	"net/http"
	"testing"
)

func get(t *testing.T, url string) map[string]any {
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	json.NewDecoder(res.Body).Decode(&m)
	return m
}

// TestFakeWeComAPI checks the fake's own wire behaviour: credentials,
// token checks, the address book and single-use OAuth codes.
func TestFakeWeComAPI(t *testing.T) {
	s := NewServer("wwcorp", "secret")
	defer s.Close()
	if m := get(t, s.URL+"/cgi-bin/gettoken?corpid=wwcorp&corpsecret=wrong"); m["errcode"].(float64) != 40001 {
		t.Errorf("bad secret: %v", m)
	}
	tok := get(t, s.URL+"/cgi-bin/gettoken?corpid=wwcorp&corpsecret=secret")["access_token"].(string)
	if m := get(t, s.URL+"/cgi-bin/user/get?access_token=nope&userid=u1"); m["errcode"].(float64) != 40014 {
		t.Errorf("bad token: %v", m)
	}
	s.SetDirectory(Dept{ID: 2, Name: "区政府办", ParentID: 1, Members: []string{"u1"}})
	if m := get(t, s.URL+"/cgi-bin/user/get?access_token="+tok+"&userid=u1"); m["userid"] != "u1" {
		t.Errorf("user/get: %v", m)
	}
	s.IssueCode("c1", "u1")
	if m := get(t, s.URL+"/cgi-bin/auth/getuserinfo?access_token="+tok+"&code=c1"); m["userid"] != "u1" {
		t.Errorf("getuserinfo: %v", m)
	}
	if m := get(t, s.URL+"/cgi-bin/auth/getuserinfo?access_token="+tok+"&code=c1"); m["errcode"].(float64) != 40029 {
		t.Errorf("a code was accepted twice: %v", m)
	}
	s.ExpireTokens()
	if m := get(t, s.URL+"/cgi-bin/department/list?access_token="+tok); m["errcode"].(float64) != 42001 {
		t.Errorf("expired token: %v", m)
	}
}
