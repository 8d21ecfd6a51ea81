package codezip

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// ent describes one entry of a test zip. A zero mode is a 0644 file.
type ent struct {
	name string
	body string
	mode fs.FileMode
}

func file(name, body string) ent             { return ent{name, body, 0o644} }
func exe(name, body string) ent              { return ent{name, body, 0o755} }
func dir(name string) ent                    { return ent{name, "", fs.ModeDir | 0o755} }
func symlink(name, target string) ent        { return ent{name, target, fs.ModeSymlink | 0o777} }
func special(name string, m fs.FileMode) ent { return ent{name, "", m | 0o644} }

func mkzip(t testing.TB, ents ...ent) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range ents {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode == 0 {
			e.mode = 0o644
		}
		h.SetMode(e.mode)
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sandbox is a parent directory with a sentinel file beside the target, so a
// test can see that nothing was written outside the target.
type sandbox struct {
	parent, target, sentinel string
}

func newSandbox(t testing.TB) sandbox {
	t.Helper()
	p := t.TempDir()
	s := sandbox{parent: p, target: filepath.Join(p, "code"), sentinel: filepath.Join(p, "sentinel")}
	if err := os.WriteFile(s.sentinel, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// outsideChanged reports what, besides the target, differs from the
// sandbox's initial state.
func (s sandbox) outsideChanged() string {
	des, err := os.ReadDir(s.parent)
	if err != nil {
		return err.Error()
	}
	for _, de := range des {
		if de.Name() != "code" && de.Name() != "sentinel" {
			return "unexpected " + de.Name() + " beside the target"
		}
	}
	if b, err := os.ReadFile(s.sentinel); err != nil || string(b) != "untouched" {
		return "sentinel changed"
	}
	return ""
}
