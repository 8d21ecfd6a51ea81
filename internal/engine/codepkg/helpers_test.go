package codepkg

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// node is one path of a test tree.
type node struct {
	path string
	body string      // a file's contents, or a symlink's target
	mode fs.FileMode // permissions, plus fs.ModeDir or fs.ModeSymlink
}

func file(p, body string) node { return node{p, body, 0o644} }
func exe(p, body string) node  { return node{p, body, 0o755} }
func dir(p string) node        { return node{p, "", fs.ModeDir | 0o755} }
func link(p, to string) node   { return node{p, to, fs.ModeSymlink} }

// build creates nodes under root in the order given, making parents as
// needed, and returns root.
func build(t testing.TB, root string, nodes ...node) string {
	t.Helper()
	for _, n := range nodes {
		p := filepath.Join(root, filepath.FromSlash(n.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case n.mode&fs.ModeDir != 0:
			if err = os.Mkdir(p, 0o777); err == nil {
				err = os.Chmod(p, n.mode.Perm())
			}
		case n.mode&fs.ModeSymlink != 0:
			err = os.Symlink(n.body, p)
		default:
			if err = os.WriteFile(p, []byte(n.body), 0o666); err == nil {
				err = os.Chmod(p, n.mode.Perm())
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func pack(t testing.TB, dir string) *Archive {
	t.Helper()
	a, err := Package(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// zipOf is the zip of a, read whole.
func zipOf(t testing.TB, a *Archive) []byte {
	t.Helper()
	b, err := a.Code().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// got is what the zip holds for one entry.
type got struct {
	mode fs.FileMode
	body string
}

// unzip opens b with archive/zip and returns its entry names in order and
// what each holds, failing on anything that would vary by machine.
func unzip(t testing.TB, b []byte) ([]string, map[string]got) {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	entries := map[string]got{}
	for _, f := range r.File {
		if !f.Modified.Equal(zipEpochTime) || len(f.Extra) != 0 || f.Comment != "" {
			t.Errorf("%s: modified %v, %d extra bytes, comment %q; want the zip epoch and nothing else", f.Name, f.Modified, len(f.Extra), f.Comment)
		}
		if f.CreatorVersion>>8 != 3 {
			t.Errorf("%s: creator OS %d, want 3 (Unix) so that modes are read", f.Name, f.CreatorVersion>>8)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		entries[f.Name] = got{f.Mode(), string(body)}
	}
	return names, entries
}
