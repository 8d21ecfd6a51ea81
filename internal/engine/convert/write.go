package convert

import (
	"fmt"
	"os"
	"path/filepath"
)

// RelativeTo maps paths of an s.yaml in srcDir to paths relative to the stack
// directory outDir, so that code = "..." names the same directory.
func RelativeTo(srcDir, outDir string) func(string) string {
	return func(p string) string {
		rel, err := filepath.Rel(outDir, filepath.Join(srcDir, p))
		if err != nil {
			return filepath.Join(srcDir, p)
		}
		return filepath.ToSlash(rel)
	}
}

// Write creates the stack in dir: MainFile and the files beside it. It
// refuses to replace a file, so converting twice never loses edits; private
// keys are written readable by their owner only.
func Write(dir string, res *Result) error {
	files := map[string][]byte{MainFile: res.HCL}
	for name, data := range res.Files {
		files[name] = data
	}
	for name := range files {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("%s already exists: convert into a new directory with -o DIR, or remove it", filepath.Join(dir, name))
		}
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if filepath.Ext(name) == ".key" {
			mode = 0o600
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			return err
		}
	}
	return nil
}
