package watch

import (
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Defaults for Options.
const (
	DefaultInterval = 200 * time.Millisecond
	DefaultQuiet    = 300 * time.Millisecond
)

// Skip reports whether the walk leaves out path (absolute); for a
// directory, everything under it.
type Skip func(path string, d fs.DirEntry) bool

// Options configure a Watcher.
type Options struct {
	Interval time.Duration // between walks; default DefaultInterval
	Quiet    time.Duration // how long files must be still before a batch; default DefaultQuiet
}

// stamp is what a walk remembers of a file: a change to any part is a
// change of the file.
type stamp struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

// Snapshot is the state of the watched files, by absolute path.
type Snapshot map[string]stamp

// Take walks roots (absolute directories; a missing one holds nothing)
// and records every file and directory that skip keeps.
func Take(roots []string, skip Skip) Snapshot {
	s := Snapshot{}
	for _, root := range roots {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil { // vanished or unreadable: not there for this walk
				return nil
			}
			if p != root && skip != nil && skip(p, d) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			st := stamp{size: info.Size(), mtime: info.ModTime(), mode: info.Mode()}
			if d.IsDir() { // a directory's own times change with every file in it
				st = stamp{mode: info.Mode()}
			}
			s[p] = st
			return nil
		})
	}
	return s
}

// Changed lists the paths created, removed or modified from s to next,
// sorted.
func (s Snapshot) Changed(next Snapshot) []string {
	var out []string
	for p, st := range next {
		if old, ok := s[p]; !ok || old != st {
			out = append(out, p)
		}
	}
	for p := range s {
		if _, ok := next[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Watcher reports changes under its roots on Changes.
type Watcher struct {
	opts    Options
	changes chan []string
	base    Snapshot   // taken by New, so changes made once New returns are seen
	sending sync.Mutex // one sender at a time keeps the channel's one slot free for it

	mu      sync.Mutex
	roots   []string
	skip    Skip
	rebase  Snapshot            // a new baseline from SetRoots, for Run to take
	ignored map[string]struct{} // paths Ignore named
}

// New returns a Watcher of roots, which reports changes from now on once
// Run starts it.
func New(roots []string, skip Skip, opts Options) *Watcher {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	w := &Watcher{opts: opts, changes: make(chan []string, 1), roots: roots, skip: skip, ignored: map[string]struct{}{}}
	roots, wrapped, _ := w.config()
	w.base = Take(roots, wrapped)
	return w
}

// Changes delivers each debounced batch of changed paths.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// SetRoots replaces what is watched (a stack that gained a code directory,
// say); what the new roots hold now is the baseline, not a change.
func (w *Watcher) SetRoots(roots []string, skip Skip) {
	w.mu.Lock()
	w.roots, w.skip = roots, skip
	w.mu.Unlock()
	roots, wrapped, _ := w.config()
	base := Take(roots, wrapped)
	w.mu.Lock()
	w.rebase = base
	w.mu.Unlock()
}

// Ignore stops reporting paths (written by the command itself, such as a
// build's output), including in a batch not yet taken.
func (w *Watcher) Ignore(paths []string) {
	w.mu.Lock()
	for _, p := range paths {
		w.ignored[p] = struct{}{}
	}
	w.mu.Unlock()
	select {
	case batch := <-w.changes:
		w.send(batch)
	default:
	}
}

func (w *Watcher) config() ([]string, Skip, Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rebase := w.rebase
	w.rebase = nil
	skip := w.skip
	return w.roots, func(p string, d fs.DirEntry) bool {
		w.mu.Lock()
		_, ignored := w.ignored[p]
		w.mu.Unlock()
		return ignored || skip != nil && skip(p, d)
	}, rebase
}

// send queues batch (less the ignored paths), merged with one not yet
// taken.
func (w *Watcher) send(batch []string) {
	w.sending.Lock()
	defer w.sending.Unlock()
	set := map[string]struct{}{}
	for {
		select {
		case old := <-w.changes:
			for _, p := range old {
				set[p] = struct{}{}
			}
			continue
		default:
		}
		break
	}
	w.mu.Lock()
	for _, p := range batch {
		if _, ignored := w.ignored[p]; !ignored {
			set[p] = struct{}{}
		}
	}
	for p := range set {
		if _, ignored := w.ignored[p]; ignored {
			delete(set, p)
		}
	}
	w.mu.Unlock()
	if len(set) == 0 {
		return
	}
	merged := make([]string, 0, len(set))
	for p := range set {
		merged = append(merged, p)
	}
	sort.Strings(merged)
	w.changes <- merged // drained above, under sending
}

// Run watches until ctx ends; it returns ctx's error.
func (w *Watcher) Run(ctx context.Context) error {
	base := w.base
	var pending []string
	var lastChange time.Time
	tick := time.NewTicker(w.opts.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		roots, skip, rebase := w.config()
		if rebase != nil {
			base = rebase
		}
		cur := Take(roots, skip)
		if changed := base.Changed(cur); len(changed) > 0 {
			pending = append(pending, changed...)
			lastChange, base = time.Now(), cur
		}
		if len(pending) > 0 && time.Since(lastChange) >= w.opts.Quiet {
			w.send(pending)
			pending = nil
		}
	}
}
