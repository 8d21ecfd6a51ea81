package codezip

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzUnpack feeds arbitrary bytes to Extract: it must never panic, and
// whatever it accepts must stay inside the target, symlinks included.
func FuzzUnpack(f *testing.F) {
	seeds := [][]ent{
		{exe("bootstrap", "#!/bin/sh"), file("a/b/c.txt", "c"), dir("d/")},
		{symlink("lib/cur", "v1"), file("lib/v1/x", "x"), symlink("up", "lib/cur/../..")},
		{file("../evil", "x")},
		{file("/abs", "x")},
		{symlink("l", "../../etc"), file("l/passwd", "x")},
		{symlink("esc", "../outside")},
		{symlink("abs", "/etc/passwd")},
		{symlink("d/l", ".."), symlink("d/m", "l/l/..")},
		{file("a", "1"), file("a", "2")},
		{file("caf\xe9", "x")},
		{file("zeros", strings.Repeat("\x00", 1<<16))},
	}
	for _, s := range seeds {
		f.Add(mkzip(f, s...))
	}
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	lim := Limits{MaxArchiveBytes: 1 << 20, MaxUnpackedBytes: 1 << 20, MaxEntries: 64, MaxRatio: 200}
	f.Fuzz(func(t *testing.T, archive []byte) {
		s := newSandbox(t)
		err := Extract(archive, s.target, lim)
		if msg := s.outsideChanged(); msg != "" {
			t.Fatalf("wrote outside the target: %s (err %v)", msg, err)
		}
		if err != nil {
			if _, statErr := os.Lstat(s.target); !errors.Is(statErr, fs.ErrNotExist) {
				t.Fatalf("target left behind after %v", err)
			}
			return
		}
		walkErr := filepath.WalkDir(s.target, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.Type()&fs.ModeSymlink == 0 {
				return err
			}
			if !resolvesInside(s.target, p) {
				t.Errorf("symlink %s resolves outside the target", p)
			}
			return nil
		})
		if walkErr != nil {
			t.Fatal(walkErr)
		}
	})
}

// resolvesInside follows link as the kernel would, one component at a
// time, and reports whether every step stays under root. A component that
// does not exist ends the walk: the kernel would fail there too.
func resolvesInside(root, link string) bool {
	inside := func(p string) bool {
		rel, err := filepath.Rel(root, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
	}
	target, err := os.Readlink(link)
	if err != nil {
		return false
	}
	cur := filepath.Dir(link)
	if strings.HasPrefix(target, "/") {
		cur = "/"
	}
	pending := strings.Split(target, "/")
	for hops := 0; len(pending) > 0; {
		part := pending[0]
		pending = pending[1:]
		switch part {
		case "", ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
		default:
			next := filepath.Join(cur, part)
			fi, err := os.Lstat(next)
			if err != nil {
				return inside(cur)
			}
			if fi.Mode()&fs.ModeSymlink != 0 {
				if hops++; hops > 40 {
					return true // ELOOP: the kernel refuses it
				}
				t, err := os.Readlink(next)
				if err != nil {
					return false
				}
				if strings.HasPrefix(t, "/") {
					cur = "/"
				}
				pending = append(strings.Split(t, "/"), pending...)
				continue // a relative target starts from the link's directory: cur
			}
			cur = next
		}
		if !inside(cur) {
			return false
		}
	}
	return true
}
