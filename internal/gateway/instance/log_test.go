package instance

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 8, 15, 27, 0, time.UTC)

func readAll(t *testing.T, path string, opts ReadOptions) []Entry {
	t.Helper()
	var got []Entry
	err := ReadLog(context.Background(), path, opts, func(e Entry) error {
		got = append(got, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestFileSinkAndSince(t *testing.T) {
	dir := t.TempDir()
	sink, err := NewFileSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	want := []Entry{
		{t0, "c-1", Stdout, "hello"},
		{t0.Add(time.Second), "c-2", Stderr, `{"time":"fake","line":"not an entry"}`},
		{t0.Add(2 * time.Second), "c-1", Stdout, "bye"},
	}
	for _, e := range want {
		sink.Line("chat", e.Instance, e.Stream, e.Time, e.Line)
	}
	sink.Line("../escape", "c-1", Stdout, t0, "refused")
	if sink.Err() == nil {
		t.Error("a function name that is not a file name was accepted")
	}
	path := LogPath(dir, "chat")
	if got := readAll(t, path, ReadOptions{}); !entriesEqual(got, want) {
		t.Errorf("all = %v\nwant %v", got, want)
	}
	if got := readAll(t, path, ReadOptions{Since: t0.Add(time.Second)}); !entriesEqual(got, want[1:]) {
		t.Errorf("since = %v\nwant %v", got, want[1:])
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log file mode: %v, %v", fi.Mode(), err)
	}
	err = ReadLog(context.Background(), LogPath(dir, "silent"), ReadOptions{}, func(Entry) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no output yet") {
		t.Errorf("missing log: %v", err)
	}
	stop := errors.New("stop")
	if err := ReadLog(context.Background(), path, ReadOptions{}, func(Entry) error { return stop }); err != stop {
		t.Errorf("emit error: %v", err)
	}
	if s := want[0].String(); s != "2024-05-01T08:15:27.000Z c-1 stdout hello" {
		t.Errorf("String() = %q", s)
	}
}

func entriesEqual(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !a[k].Time.Equal(b[k].Time) || a[k].Instance != b[k].Instance || a[k].Stream != b[k].Stream || a[k].Line != b[k].Line {
			return false
		}
	}
	return true
}

func TestReadLogFollow(t *testing.T) {
	dir := t.TempDir()
	sink, err := NewFileSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan Entry)
	ended := make(chan error)
	go func() { // started before the file exists
		ended <- ReadLog(ctx, LogPath(dir, "chat"), ReadOptions{Follow: true, Since: t0, Poll: time.Millisecond},
			func(e Entry) error { got <- e; return nil })
	}()
	next := func() Entry {
		select {
		case e := <-got:
			return e
		case <-time.After(waitLimit):
			t.Fatal("follow delivered nothing")
			return Entry{}
		}
	}
	sink.Line("chat", "c-1", Stdout, t0.Add(-time.Second), "too old")
	sink.Line("chat", "c-1", Stdout, t0, "one")
	if e := next(); e.Line != "one" {
		t.Fatalf("first = %v", e)
	}
	sink.Line("chat", "c-2", Stderr, t0.Add(time.Second), "two")
	if e := next(); e.Line != "two" || e.Instance != "c-2" || e.Stream != Stderr {
		t.Fatalf("second = %v", e)
	}
	if err := os.Truncate(LogPath(dir, "chat"), 0); err != nil {
		t.Fatal(err)
	}
	sink.Line("chat", "c-3", Stdout, t0.Add(2*time.Second), "after truncation")
	if e := next(); e.Line != "after truncation" {
		t.Fatalf("third = %v", e)
	}
	cancel()
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("follow ended with %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("follow did not end with its context")
	}
}

func TestInstanceOutputInFunctionLog(t *testing.T) {
	dir := t.TempDir()
	files, err := NewFileSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer files.Close()
	mem := newMemSink()
	s := spec(t, tee{files, mem}, "-say", "2", "-err", "oops")
	start(t, s)
	mem.waitLine(t, "oops")
	mem.waitLine(t, "listening on")

	var got []string
	for _, e := range readAll(t, LogPath(dir, "chat"), ReadOptions{}) {
		if e.Instance != s.InstanceID || e.Time.IsZero() {
			t.Errorf("entry %v", e)
		}
		if !strings.HasPrefix(e.Line, "pid ") && !strings.HasPrefix(e.Line, "listening on") {
			got = append(got, e.Stream+" "+e.Line)
		}
	}
	// stdout and stderr are separate pipes: only each stream's order is fixed.
	want := map[string]bool{"stdout line 1": true, "stdout line 2": true, "stderr oops": true}
	if len(got) != 3 || !reflect.DeepEqual(want, map[string]bool{got[0]: true, got[1]: true, got[2]: true}) {
		t.Errorf("log = %q", got)
	}
}
