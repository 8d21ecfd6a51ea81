package plugindeps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// authorPackages are what a plugin author imports, "..." included.
var authorPackages = []string{"plugins/sdk/...", "plugins/proto/...", "plugins/host/...", "plugins/plugintest/..."}

// forbidden are the module path prefixes a plugin author must not inherit.
var forbidden = []string{"github.com/alibabacloud-go/", "github.com/aliyun/", "github.com/cilium/ebpf", "go.etcd.io/bbolt"}

func forbiddenModule(path string) bool {
	return slices.ContainsFunc(forbidden, func(p string) bool { return strings.HasPrefix(path, p) })
}

// pkg is what `go list -json` says of a package.
type pkg struct {
	ImportPath string
	Imports    []string
	Module     *struct{ Path string }
	Error      *struct{ Err string }
}

// module is the path and directory of the module under test.
func module(t *testing.T) (path, dir string) {
	t.Helper()
	out := goCmd(t, "", "list", "-m", "-f", "{{.Path}} {{.Dir}}")
	path, dir, _ = strings.Cut(strings.TrimSpace(out), " ")
	return path, dir
}

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// list runs `go list -json` with args and decodes the packages.
func list(t *testing.T, dir string, args ...string) []pkg {
	t.Helper()
	out := goCmd(t, dir, append([]string{"list", "-e", "-json=ImportPath,Imports,Module,Error"}, args...)...)
	var pkgs []pkg
	for dec := json.NewDecoder(strings.NewReader(out)); ; {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs
		} else if err != nil {
			t.Fatalf("decoding go list's output: %v", err)
		}
		if p.Error != nil {
			t.Fatalf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p)
	}
}

// The closure `go mod tidy` loads in a module that imports the packages
// plugin authors use, tests included (tidy loads the tests of every
// package it loads, so the tests of the engine packages the kit imports
// count), reaches no cloud SDK, eBPF or bbolt.
func TestPluginAuthorsInheritNoCloudSDK(t *testing.T) {
	modPath, dir := module(t)
	// A module wsdeploy no longer requires cannot be inherited; but if
	// none of them is required, forbidden names the wrong modules.
	required := goCmd(t, dir, "list", "-m", "-f", "{{.Path}}", "all")
	if !slices.ContainsFunc(strings.Fields(required), forbiddenModule) {
		t.Fatalf("no module wsdeploy requires starts with any of %q: update forbidden to the module paths wsdeploy uses", forbidden)
	}
	var patterns []string
	for _, p := range authorPackages {
		patterns = append(patterns, "./"+p)
	}
	// The packages of this module that an author's build loads, then
	// each of them with its tests, as tidy loads them.
	var ours []string
	for _, p := range list(t, dir, append([]string{"-deps"}, patterns...)...) {
		if p.Module != nil && p.Module.Path == modPath {
			ours = append(ours, p.ImportPath)
		}
	}
	graph := map[string]pkg{}
	for _, p := range list(t, dir, append([]string{"-deps", "-test"}, ours...)...) {
		graph[p.ImportPath] = p
	}
	if len(graph) < 50 {
		t.Fatalf("go list found only %d packages; the check would prove nothing", len(graph))
	}
	var roots []string
	for _, p := range list(t, dir, patterns...) {
		roots = append(roots, p.ImportPath)
	}
	reported := map[string]bool{} // one error per module
	for _, path := range slices.Sorted(maps.Keys(graph)) {
		if p := graph[path]; p.Module != nil && forbiddenModule(p.Module.Path) && !reported[p.Module.Path] {
			reported[p.Module.Path] = true
			t.Errorf("a plugin author's module would need %s: %s", p.Module.Path, chain(graph, roots, path))
		}
	}
}

// chain is one import path from a root to target, "a → b → c", where a
// package leads to its own test ("p.test"), as in `go mod why`.
func chain(graph map[string]pkg, roots []string, target string) string {
	from := map[string]string{}
	queue := slices.Clone(roots)
	for _, r := range roots {
		from[r] = ""
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == target {
			var path []string
			for p := cur; p != ""; p = from[p] {
				path = append(path, p)
			}
			slices.Reverse(path)
			return strings.Join(path, " → ")
		}
		next := graph[cur].Imports
		if !strings.ContainsAny(cur, " ") && !strings.HasSuffix(cur, ".test") {
			next = append(slices.Clip(next), cur+".test")
		}
		for _, n := range next {
			if _, seen := from[n]; !seen {
				if _, ok := graph[n]; ok {
					from[n] = cur
					queue = append(queue, n)
				}
			}
		}
	}
	return "(no import path found from " + strings.Join(roots, ", ") + ")"
}

// An outside module that imports the SDK, the host and the kit, as a
// plugin author's does, is tidied without the cloud SDK, eBPF or bbolt:
// its go.sum holds no hash of their code. It uses the module cache and
// GOPROXY as they are; without a network the modules that only the
// tests of third-party packages need may be missing, and it skips.
func TestOutsideModuleTidiesWithoutCloudSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy in a new module (-short)")
	}
	modPath, dir := module(t)
	out := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", fmt.Sprintf("module example.com/wsdeploy-provider-acme\n\ngo 1.26\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", modPath, modPath, dir))
	// The checkout's go.sum, so that no checksum has to be looked up;
	// tidy drops what the module does not need.
	sum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("main.go", fmt.Sprintf(`package main

import "%s/plugins/sdk"

func main() { sdk.Serve(sdk.Options{}) }
`, modPath))
	write("main_test.go", fmt.Sprintf(`package main

import (
	"testing"

	"%[1]s/plugins/host"
	"%[1]s/plugins/plugintest"
	"%[1]s/providers"
)

func TestConformance(t *testing.T) {
	_ = host.Open
	plugintest.Run(t, func(testing.TB) providers.Provider { return nil })
}
`, modPath))
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -modcacherw", "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		if offline(string(b)) {
			t.Skipf("go mod tidy needs modules that are neither in the module cache nor reachable:\n%s", b)
		}
		t.Fatalf("go mod tidy: %v\n%s", err, b)
	}
	tidied, err := os.ReadFile(filepath.Join(out, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	code := 0
	for line := range strings.Lines(string(tidied)) {
		f := strings.Fields(line)
		if len(f) == 3 && forbiddenModule(f[0]) && !strings.HasSuffix(f[1], "/go.mod") {
			t.Errorf("go mod tidy needs the code of %s %s in a plugin author's module", f[0], f[1])
		}
		if len(f) == 3 && !strings.HasSuffix(f[1], "/go.mod") {
			code++
		}
	}
	if code < 10 {
		t.Fatalf("the tidied go.sum holds the code of only %d modules; the check would prove nothing:\n%s", code, tidied)
	}
}

// offline reports whether go's output says a module could not be fetched.
func offline(out string) bool {
	for _, s := range []string{"module lookup disabled", "dial tcp", "no such host", "connection refused", "i/o timeout", "network is unreachable"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}
