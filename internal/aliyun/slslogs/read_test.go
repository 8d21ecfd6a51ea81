package slslogs

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/aliyun/slslogs/slstest"
)

var target = Target{Project: "chat-logs", Logstore: "fc-chat", Function: "chat"}

func fixedNow(t time.Time) func() time.Time { return func() time.Time { return t } }

func collect(t *testing.T, cfg Config, o Options) ([]Entry, error) {
	t.Helper()
	var got []Entry
	err := Read(context.Background(), cfg, target, o, func(e Entry) error { got = append(got, e); return nil })
	return got, err
}

// 250 lines take three GetLogs pages; lines of another function and lines
// before --since are not shown; order and fields are kept.
func TestReadPagesThroughTheWindowInOrder(t *testing.T) {
	s, endpoint := slstest.New(t, target.Project, target.Logstore)
	now := time.Unix(1_800_000_000, 0)
	since := now.Add(-10 * time.Minute)
	s.Add(slstest.Line(since.Unix()-1, "chat", "c-1", "too old"))
	for i := range 250 {
		s.Add(slstest.Line(since.Unix()+int64(i), "chat", fmt.Sprintf("c-%d", i%3), fmt.Sprintf("line %03d", i)),
			slstest.Line(since.Unix()+int64(i), "other", "c-9", "not chat"))
	}
	got, err := collect(t, testConfig(t, endpoint, fixedNow(now)), Options{Since: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("got %d lines, want 250", len(got))
	}
	for i, e := range got {
		want := Entry{Time: time.Unix(since.Unix()+int64(i), 0), Instance: fmt.Sprintf("c-%d", i%3),
			RequestID: fmt.Sprintf("req-line %03d", i), Line: fmt.Sprintf("line %03d", i)}
		if e != want {
			t.Fatalf("line %d = %+v, want %+v", i, e, want)
		}
	}
	if s.Calls() != 3 {
		t.Errorf("%d GetLogs calls, want 3 pages of 100", s.Calls())
	}
}

// Without --since the window is the last hour.
func TestReadDefaultsToTheLastHour(t *testing.T) {
	s, endpoint := slstest.New(t, target.Project, target.Logstore)
	now := time.Unix(1_800_000_000, 0)
	s.Add(slstest.Line(now.Add(-DefaultLookback).Unix()-1, "chat", "c", "older"), slstest.Line(now.Add(-DefaultLookback).Unix(), "chat", "c", "newest hour"))
	got, err := collect(t, testConfig(t, endpoint, fixedNow(now)), Options{})
	if err != nil || len(got) != 1 || got[0].Line != "newest hour" {
		t.Fatalf("got %+v, %v; want only the line of the last hour", got, err)
	}
}

// A page SLS answers Incomplete is asked again, not taken as the end.
func TestReadAsksAgainWhileIncomplete(t *testing.T) {
	s, endpoint := slstest.New(t, target.Project, target.Logstore)
	now := time.Unix(1_800_000_000, 0)
	s.Add(slstest.Line(now.Unix()-5, "chat", "c", "hello"))
	s.AnswerIncomplete(2)
	got, err := collect(t, testConfig(t, endpoint, fixedNow(now)), Options{})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %+v, %v; want the one line after two Incomplete answers", got, err)
	}
}

// Following polls windows that end Lag before now, and shows each line
// once: lines written after the first window arrive.
func TestFollowShowsNewLinesOnce(t *testing.T) {
	s, endpoint := slstest.New(t, target.Project, target.Logstore)
	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s.Add(slstest.Line(now.Unix()-30, "chat", "c", "before"))
	cfg := testConfig(t, endpoint, clock)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lines := make(chan string, 16)
	done := make(chan error, 1)
	go func() {
		done <- Read(ctx, cfg, target, Options{Since: now.Add(-time.Minute), Follow: true},
			func(e Entry) error { lines <- e.Line; return nil })
	}()
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(30 * time.Second):
			t.Fatal("no line within 30 s")
			return ""
		}
	}
	if l := next(); l != "before" {
		t.Fatalf("first line %q, want before", l)
	}
	s.Add(slstest.Line(now.Unix()+1, "chat", "c", "after"))
	advance(10 * time.Second)
	if l := next(); l != "after" {
		t.Fatalf("second line %q, want after", l)
	}
	advance(10 * time.Second)
	// Wait for a poll past the new window, then no line may repeat.
	calls := s.Calls()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if s.Calls() > calls {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no poll within 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("follow ended with %v, want nil on cancel", err)
	}
	close(lines)
	for l := range lines {
		t.Errorf("line %q shown again", l)
	}
}

// An SLS error names the function, project and logstore, says what to do,
// and shows no secret.
func TestReadErrorIsClearAndKeepsSecrets(t *testing.T) {
	s, endpoint := slstest.New(t, target.Project, target.Logstore)
	s.Fail("ProjectNotExist")
	cfg := testConfig(t, endpoint, fixedNow(time.Unix(1_800_000_000, 0)))
	_, err := collect(t, cfg, Options{})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{`"chat"`, `"chat-logs"`, `"fc-chat"`, "ProjectNotExist", "create"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, slstest.Secret) {
		t.Errorf("error shows the secret: %q", msg)
	}
}
