//go:build unix

package codepkg

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestIdenticalBytesForIdenticalSources builds the same tree twice, in
// opposite orders, under different umasks, with different mtimes and (when
// running as root) different owners, and expects the same zip.
func TestIdenticalBytesForIdenticalSources(t *testing.T) {
	tree := []node{
		exe("bootstrap", "#!/bin/sh\nexec ./server\n"),
		exe("bin/server", "\x7fELF..."),
		file("src/main.go", "package main\n"),
		file("src/util/strings.go", "package util\n"),
		file("static/index.html", "<h1>hi</h1>"),
		file("static/app.js", "ws = new WebSocket(url)"),
		file(".fcignore", "*.log\n"),
		file("debug.log", "left out"),
		dir("tmp"),
		link("current", "static"),
	}
	a := makeCopy(t, tree, 0o022, time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC), -1)
	b := makeCopy(t, reversed(tree), 0o077, time.Date(2024, 7, 8, 9, 10, 11, 0, time.Local), 65534)

	// The copies must really differ, or this test proves nothing.
	ia, _ := os.Stat(filepath.Join(a, "src/main.go"))
	ib, _ := os.Stat(filepath.Join(b, "src/main.go"))
	if ia.Mode().Perm() == ib.Mode().Perm() || ia.ModTime().Equal(ib.ModTime()) {
		t.Fatalf("copies alike: modes %v %v, mtimes %v %v", ia.Mode(), ib.Mode(), ia.ModTime(), ib.ModTime())
	}

	pa, pb := pack(t, a), pack(t, b)
	za, zb := zipOf(t, pa), zipOf(t, pb)
	if !bytes.Equal(za, zb) || pa.Checksum != pb.Checksum {
		t.Fatalf("different zips: %s (%d bytes) and %s (%d bytes)", pa.Checksum, len(za), pb.Checksum, len(zb))
	}
	// And packing again, after touching every file, changes nothing.
	touch(t, a, time.Now(), -1)
	if again := pack(t, a); !bytes.Equal(zipOf(t, again), za) {
		t.Fatal("packing the same tree after touching it gave different bytes")
	}
}

// makeCopy builds nodes under umask mask, then sets every mtime to mtime
// and, when uid >= 0 and the test runs as root, every owner to uid.
func makeCopy(t *testing.T, nodes []node, mask int, mtime time.Time, uid int) string {
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	dir := t.TempDir()
	for _, n := range nodes {
		// Create as a process would, so the umask decides the modes; only
		// an executable is chmodded, as a build step would.
		p := filepath.Join(dir, filepath.FromSlash(n.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case n.mode&fs.ModeDir != 0:
			err = os.Mkdir(p, 0o777)
		case n.mode&fs.ModeSymlink != 0:
			err = os.Symlink(n.body, p)
		default:
			err = os.WriteFile(p, []byte(n.body), 0o666)
			if err == nil && n.mode&0o111 != 0 {
				err = os.Chmod(p, 0o777&^fs.FileMode(mask))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	touch(t, dir, mtime, uid)
	return dir
}

func touch(t *testing.T, dir string, mtime time.Time, uid int) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if uid >= 0 && os.Geteuid() == 0 {
			if err := os.Lchown(p, uid, uid); err != nil {
				return err
			}
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		return os.Chtimes(p, mtime, mtime)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func reversed(nodes []node) []node {
	r := slices.Clone(nodes)
	slices.Reverse(r)
	return r
}
