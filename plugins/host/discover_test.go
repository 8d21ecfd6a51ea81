package host

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func touch(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), mode); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultSearchOrder(t *testing.T) {
	env := map[string]string{EnvPluginDir: "/env/a:/env/b", "HOME": "/home/u", "PATH": "/usr/bin:/bin"}
	s := DefaultSearch("/flag", func(k string) string { return env[k] })
	want := Search{Dirs: []string{"/flag", "/env/a", "/env/b", "/home/u/.wsdeploy/plugins"}, Path: []string{"/usr/bin", "/bin"}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v, want %+v", s, want)
	}
	if s := DefaultSearch("", func(string) string { return "" }); len(s.Dirs) != 0 || len(s.Path) != 0 {
		t.Errorf("no flag, no environment: %+v", s)
	}
}

// The first directory wins; later copies are reported as shadowed; files
// that are not executable or not plugin-named are ignored.
func TestFindAndList(t *testing.T) {
	root := t.TempDir()
	first, second, path := filepath.Join(root, "first"), filepath.Join(root, "second"), filepath.Join(root, "path")
	touch(t, filepath.Join(first, Prefix+"alpha"), 0o755)
	touch(t, filepath.Join(second, Prefix+"alpha"), 0o755)
	touch(t, filepath.Join(second, Prefix+"beta"), 0o644) // not executable
	touch(t, filepath.Join(path, Prefix+"beta"), 0o755)
	touch(t, filepath.Join(path, Prefix+"Bad.Name"), 0o755)
	touch(t, filepath.Join(path, "wsdeploy-other-gamma"), 0o755)
	s := Search{Dirs: []string{first, second, filepath.Join(root, "missing")}, Path: []string{path}}

	if got, err := s.Find("alpha"); err != nil || got != filepath.Join(first, Prefix+"alpha") {
		t.Errorf("Find(alpha) = %q, %v", got, err)
	}
	if got, err := s.Find("beta"); err != nil || got != filepath.Join(path, Prefix+"beta") {
		t.Errorf("Find(beta) = %q, %v: the non-executable file must be skipped", got, err)
	}
	_, err := s.Find("gamma")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), first) || !strings.Contains(err.Error(), "PATH") {
		t.Errorf("Find(gamma): %v", err)
	}
	want := []Found{
		{Name: "alpha", Path: filepath.Join(first, Prefix+"alpha"), Shadowed: []string{filepath.Join(second, Prefix+"alpha")}},
		{Name: "beta", Path: filepath.Join(path, Prefix+"beta")},
	}
	if got := s.List(); !reflect.DeepEqual(got, want) {
		t.Errorf("List() = %+v, want %+v", got, want)
	}
}
