package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func skipGit(p string, d fs.DirEntry) bool { return d.Name() == ".git" }

func TestTakeAndChanged(t *testing.T) {
	dir := t.TempDir()
	a, b, git := filepath.Join(dir, "a"), filepath.Join(dir, "sub", "b"), filepath.Join(dir, ".git", "HEAD")
	write(t, a, "1")
	write(t, b, "1")
	write(t, git, "1")
	before := Take([]string{dir}, skipGit)
	if _, ok := before[git]; ok {
		t.Fatal("a skipped directory was walked")
	}
	write(t, a, "22") // a new size: a change whatever the clock's resolution
	os.Remove(b)
	write(t, filepath.Join(dir, "new", "c"), "1")
	write(t, git, "22")
	got := before.Changed(Take([]string{dir}, skipGit))
	want := []string{a, filepath.Join(dir, "new"), filepath.Join(dir, "new", "c"), b}
	if !slices.Equal(got, want) {
		t.Errorf("changed %q, want %q", got, want)
	}
	if missing := Take([]string{filepath.Join(dir, "nope")}, nil); len(missing) != 0 {
		t.Errorf("a missing root holds %v", missing)
	}
}

// start runs a watcher of dir until the test ends.
func start(t *testing.T, dir string) *Watcher {
	t.Helper()
	w := New([]string{dir}, skipGit, Options{Interval: 20 * time.Millisecond, Quiet: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return w
}

// receive waits (generously) for the next batch.
func receive(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Changes():
		return b
	case <-time.After(30 * time.Second):
		t.Fatal("no batch within 30 s")
		return nil
	}
}

// A file written in a directory that did not exist is seen (where
// fsnotify would need a watch on the new directory first).
func TestWatcherSeesNewDirectories(t *testing.T) {
	dir := t.TempDir()
	w := start(t, dir)
	f := filepath.Join(dir, "x", "y", "main.py")
	write(t, f, "print(1)")
	var seen []string
	for !slices.Contains(seen, f) {
		seen = append(seen, receive(t, w)...)
	}
	if slices.ContainsFunc(seen, func(p string) bool { return filepath.Base(p) == ".git" }) {
		t.Errorf("batch %q", seen)
	}
}

// Paths that Ignore names leave a batch not yet taken, and are not
// reported again; the rest of the batch stays.
func TestIgnoreDropsQueuedPaths(t *testing.T) {
	dir := t.TempDir()
	w := start(t, dir)
	out, src := filepath.Join(dir, "bootstrap"), filepath.Join(dir, "main.go")
	write(t, out, "1")
	write(t, src, "1")
	deadline := time.Now().Add(30 * time.Second)
	for len(w.changes) == 0 { // queued, not taken
		if time.Now().After(deadline) {
			t.Fatal("no batch within 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	w.Ignore([]string{out})
	var seen []string
	for !slices.Contains(seen, src) {
		seen = append(seen, receive(t, w)...)
	}
	write(t, out, "22")
	write(t, src, "22")
	for {
		b := receive(t, w)
		seen = append(seen, b...)
		if slices.Contains(b, src) {
			break
		}
	}
	if slices.Contains(seen, out) {
		t.Errorf("an ignored path was reported: %q", seen)
	}
}

// SetRoots makes what the new roots hold the baseline: nothing is
// reported for it, and later changes under them are.
func TestSetRootsIsABaseline(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	write(t, filepath.Join(other, "old"), "1")
	w := start(t, dir)
	w.SetRoots([]string{dir, other}, skipGit)
	f := filepath.Join(other, "new")
	write(t, f, "1")
	var seen []string
	for !slices.Contains(seen, f) {
		seen = append(seen, receive(t, w)...)
	}
	if slices.Contains(seen, filepath.Join(other, "old")) {
		t.Errorf("a file already there when its root was added was reported: %q", seen)
	}
}

// Batches the consumer has not taken merge into one: a consumer busy with
// a round gets one more round, holding all that changed meanwhile.
func TestBatchesNotTakenMerge(t *testing.T) {
	w := New(nil, nil, Options{})
	w.send([]string{"/s/a", "/s/b"})
	w.send([]string{"/s/b", "/s/c"})
	if got := <-w.Changes(); !slices.Equal(got, []string{"/s/a", "/s/b", "/s/c"}) {
		t.Errorf("batch %q", got)
	}
	select {
	case b := <-w.Changes():
		t.Errorf("a second batch %q", b)
	default:
	}
}
