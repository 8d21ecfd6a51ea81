package main

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestRedisOptions(t *testing.T) {
	for _, tc := range []struct {
		in, addr, password string
		db                 int
		tls                bool
	}{
		{in: "10.0.0.5:6379", addr: "10.0.0.5:6379"},
		{in: "redis://:s3cret@r-bp1.redis.rds.aliyuncs.com:6379/2", addr: "r-bp1.redis.rds.aliyuncs.com:6379", password: "s3cret", db: 2},
		{in: "rediss://r-bp1.redis.rds.aliyuncs.com:6380", addr: "r-bp1.redis.rds.aliyuncs.com:6380", tls: true},
	} {
		o, err := redisOptions(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if o.Addr != tc.addr || o.Password != tc.password || o.DB != tc.db || (o.TLSConfig != nil) != tc.tls {
			t.Errorf("%q: addr %q password %q db %d tls %v", tc.in, o.Addr, o.Password, o.DB, o.TLSConfig != nil)
		}
	}
	for _, in := range []string{"", "redis://:s3cret@host:port:bad", "http://:s3cret@host:6379"} {
		_, err := redisOptions(in)
		if err == nil || !strings.Contains(err.Error(), "REDIS_ADDR") || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%q: error %v; want one naming REDIS_ADDR, without the password", in, err)
		}
	}
}

// A member whose outbox is full is dropped; the others still get every
// message.
func TestRelayDropsSlowMembers(t *testing.T) {
	h := newHub()
	dropped := 0
	slow := h.join(func() { dropped++ })
	fast := h.join(func() { t.Error("a member that keeps up was dropped") })
	msgs := make(chan *redis.Message)
	done := make(chan struct{})
	go func() { h.relay(msgs); close(done) }()
	for range outboxSize + 1 {
		msgs <- &redis.Message{Payload: "x"}
		<-fast.out // a reader that keeps up
	}
	close(msgs)
	<-done
	if dropped != 1 || len(slow.out) != outboxSize {
		t.Errorf("slow member: dropped %d times with %d queued; want once, with %d queued", dropped, len(slow.out), outboxSize)
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "guest",
		"  ann ":                  "ann",
		strings.Repeat("é", 40):   strings.Repeat("é", 32),
		string([]byte{0xff, 'a'}): "guest",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}
