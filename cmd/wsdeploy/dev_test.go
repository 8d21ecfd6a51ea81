package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/internal/engine/watch"
)

// dev watches what a round reads: not .git, the gateway's state, node_modules
// outside code directories, or what .fcignore leaves out of the package;
// and a code directory outside the stack too.
func TestDevFilter(t *testing.T) {
	root := t.TempDir()
	stack, outside := filepath.Join(root, "stack"), filepath.Join(root, "shared")
	code := filepath.Join(stack, "src")
	files := []string{
		"stack/main.hcl", "stack/.git/HEAD", "stack/.wsdeploy/echo.log", "stack/node_modules/x.js",
		"stack/src/index.js", "stack/src/node_modules/ws/index.js", "stack/src/app.log", "stack/src/.fcignore",
		"shared/lib.py",
	}
	for _, f := range files {
		p := filepath.Join(root, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("*.log\n"), 0o644)
	}
	ignored, err := codepkg.Ignored(code)
	if err != nil {
		t.Fatal(err)
	}
	f := &devFilter{dir: stack, stateDir: filepath.Join(stack, ".wsdeploy"), codeDirs: []string{code, outside},
		ignored: map[string]func(string, bool) bool{code: ignored}}
	roots := f.roots()
	if !slices.Equal(roots, []string{stack, outside}) {
		t.Fatalf("roots %q", roots)
	}
	var got []string
	for p := range watch.Take(roots, f.skip) {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(root, p)
			got = append(got, filepath.ToSlash(rel))
		}
	}
	slices.Sort(got)
	want := []string{"shared/lib.py", "stack/main.hcl", "stack/src/.fcignore", "stack/src/index.js", "stack/src/node_modules/ws/index.js"}
	if !slices.Equal(got, want) {
		t.Errorf("watched %q, want %q", got, want)
	}
}
