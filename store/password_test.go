package store

import "testing"

// TestSecurityRedisPassword: REDIS_PASSWORD (Options.Password) reaches
// Redis, overriding one in the URL, and the sentinels with Sentinel.
func TestSecurityRedisPassword(t *testing.T) {
	uo, err := universalOptions("redis://:old@redis:6379/0", Options{Password: "p4ss"})
	if err != nil || uo.Password != "p4ss" || uo.SentinelPassword != "" {
		t.Errorf("single node: %v %q %q", err, uo.Password, uo.SentinelPassword)
	}
	uo, err = universalOptions("redis://s0:26379,s1:26379,s2:26379", Options{Password: "p4ss", SentinelMaster: "reportbot"})
	if err != nil || uo.Password != "p4ss" || uo.SentinelPassword != "p4ss" || uo.MasterName != "reportbot" {
		t.Errorf("sentinel: %v %q %q", err, uo.Password, uo.SentinelPassword)
	}
	uo, err = universalOptions("redis://:fromurl@redis:6379/0", Options{})
	if err != nil || uo.Password != "fromurl" {
		t.Errorf("password in the URL: %v %q", err, uo.Password)
	}
}
