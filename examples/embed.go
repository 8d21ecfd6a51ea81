// Package examples carries the runnable example stacks inside the wsdeploy
// binary, so `wsdeploy init --example NAME` can copy one anywhere. Only the
// files a user needs are embedded (no tests, no installed dependencies, no
// build output); TestEmbedsEveryExampleFile keeps the list honest.
package examples

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed */README.md */main.hcl
//go:embed ci/github-actions.yml container/Dockerfile
//go:embed echo-go/server/main.go
//go:embed chat-redis/server/chat.go chat-redis/server/hub.go chat-redis/server/main.go chat-redis/server/index.html
//go:embed chat-redis/browser/chat.mjs chat-redis/browser/reconnect.mjs chat-redis/browser/package.json chat-redis/browser/package-lock.json
//go:embed echo-node/src/bootstrap echo-node/src/server.mjs echo-node/src/greeting.txt echo-node/src/package.json echo-node/src/package-lock.json
//go:embed echo-python/.gitignore echo-python/src/.fcignore echo-python/src/bootstrap echo-python/src/server.py echo-python/src/greeting.txt
//go:embed reconnect/client/*.mjs reconnect/client/package.json reconnect/client/package-lock.json
//go:embed reconnect/server/bootstrap reconnect/server/server.mjs reconnect/server/package.json reconnect/server/package-lock.json
var files embed.FS

// goModules are the examples whose code is Go: copied out of this
// repository they need a go.mod of their own.
var goModules = map[string]bool{"echo-go": true, "chat-redis": true, "chat-domain": true}

// borrowed names the examples that build another example's code rather
// than keep a copy: in this repository they build it where it is (the
// build block says ../<from>); copied out, the code comes along into the
// example's own <dir>, and the stack's path to it is rewritten.
var borrowed = map[string]struct{ dir, from string }{
	"chat-domain": {dir: "server", from: "chat-redis/server"},
}

// source is where an example's file rel lives in the embedded tree.
func source(name, rel string) string {
	if b, ok := borrowed[name]; ok && strings.HasPrefix(rel, b.dir+"/") {
		return path.Join(b.from, strings.TrimPrefix(rel, b.dir+"/"))
	}
	return path.Join(name, rel)
}

// Names lists the examples, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Files lists an example's embedded files, relative to the example.
func Files(name string) ([]string, error) {
	var out []string
	err := fs.WalkDir(files, name, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, name+"/"))
		}
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("there is no example %q; the examples are %s", name, strings.Join(Names(), ", "))
	}
	if b, ok := borrowed[name]; ok && err == nil {
		err = fs.WalkDir(files, b.from, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out = append(out, path.Join(b.dir, strings.TrimPrefix(p, b.from+"/")))
			}
			return err
		})
	}
	return out, err
}

// Write copies the example into dir, which must not exist or be empty.
// Scripts (bootstrap, or text starting with #!) are made executable; a Go
// example gets a go.mod naming its module after dir.
func Write(name, dir string) error {
	list, err := Files(name)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; choose a new directory", dir)
	}
	for _, rel := range list {
		data, err := files.ReadFile(source(name, rel))
		if err != nil {
			return err
		}
		if b, ok := borrowed[name]; ok && rel == "main.hcl" {
			data = []byte(strings.ReplaceAll(string(data), `"../`+b.from+`"`, `"./`+b.dir+`"`))
		}
		mode := os.FileMode(0o644)
		if path.Base(rel) == "bootstrap" || strings.HasPrefix(string(data), "#!") {
			mode = 0o755
		}
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, mode); err != nil {
			return err
		}
	}
	if goModules[name] {
		mod := fmt.Sprintf("module %s\n\ngo 1.26\n", filepath.Base(dir))
		return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644)
	}
	return nil
}

// NeedsGoModTidy says whether the copied example must fetch its Go
// dependencies before its build block can run.
func NeedsGoModTidy(name string) bool { return goModules[name] }
