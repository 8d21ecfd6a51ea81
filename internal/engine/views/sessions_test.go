package views

import (
	"strings"
	"testing"
)

// The table names each session's instance and lifetimes; -json carries
// the rows as they are, and an empty list as [], never null.
func TestSessionsViews(t *testing.T) {
	rows := []Session{{ID: "room-42", Function: "chat", Instance: "c-1", AffinityType: "HEADER_FIELD", Status: "Active",
		Created: "2026-12-01T10:00:00Z", LastActive: "2026-12-01T10:05:00Z", TTLSeconds: 21600, IdleTimeoutSeconds: 1800}}
	var o testOutput
	NewSessions(New(Options{Streams: o.streams(0)})).List("chat", rows)
	want := "SESSION  INSTANCE  STATUS  CREATED               LAST ACTIVE           TTL     IDLE\n" +
		"room-42  c-1       Active  2026-12-01T10:00:00Z  2026-12-01T10:05:00Z  6h0m0s  30m0s\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}

	o = testOutput{}
	v := NewSessions(newTestJSON(&o))
	v.List("chat", nil)
	v.List("chat", rows)
	v.Ended("chat", "room-42")
	got := o.stdout.String()
	for _, frag := range []string{`"type":"sessions"`, `"sessions":[]`, `"id":"room-42","function":"chat","instance":"c-1"`,
		`"ttl_seconds":21600`, `"type":"session_deleted"`} {
		if !strings.Contains(got, frag) {
			t.Errorf("-json lacks %s:\n%s", frag, got)
		}
	}
}
