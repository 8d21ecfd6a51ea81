package instance

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fcCodePath is where FC mounts the code; commands written for FC name it.
const fcCodePath = "/code"

// argv resolves the command line: Command + Args, or ./bootstrap + Args.
// The executable is checked here, on the host, so that a missing or
// non-executable file gets an error at once that says what to do, not
// exec's "no such file". path is as the process sees it: inside a
// sandbox, /code paths stay as they are; outside, they become CodeDir's.
func argv(s Spec, env []string) (path string, args []string, err error) {
	code := codePath(s)
	args = append(localize(s.Command, code), localize(s.Args, code)...)
	if len(s.Command) == 0 {
		if err := checkExecutableAs(filepath.Join(s.CodeDir, "bootstrap"), filepath.Join(code, "bootstrap")); err != nil {
			return "", nil, fmt.Errorf("function %q has no command, so it runs bootstrap from its code, as Function Compute does: %w; add an executable file named bootstrap or set the command", s.Function, err)
		}
		return filepath.Join(code, "bootstrap"), append([]string{"./bootstrap"}, args...), nil
	}
	name := args[0]
	switch {
	case strings.ContainsRune(name, filepath.Separator):
		path = name
		if !filepath.IsAbs(path) {
			path = filepath.Join(code, path)
		}
		if host, inCode := hostPath(path, code, s.CodeDir); inCode || s.Sandbox == nil {
			err = checkExecutableAs(host, path)
		} // else a path of the sandbox's own (/var/fc/lang/...): init reports it
	default:
		path, err = lookPath(name, env)
	}
	if err != nil {
		return "", nil, fmt.Errorf("function %q: command %w", s.Function, err) // err names the file
	}
	return path, args, nil
}

// hostPath maps a path under code (as the process sees its code) to the
// host's code directory.
func hostPath(path, code, codeDir string) (string, bool) {
	if rest, ok := strings.CutPrefix(path, code); ok && (rest == "" || rest[0] == '/') {
		return codeDir + rest, true
	}
	return path, false
}

// localize rewrites FC's /code paths to where the process sees its code
// (the host's code directory outside a sandbox), so a command such as
// ["python3", "/code/app.py"] works unchanged.
func localize(words []string, codeDir string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		if w == fcCodePath || strings.HasPrefix(w, fcCodePath+"/") {
			w = codeDir + w[len(fcCodePath):]
		}
		out[i] = w
	}
	return out
}

func checkExecutable(path string) error { return checkExecutableAs(path, path) }

// checkExecutableAs checks the file at path and names it as the instance
// sees it (shown), such as /code/bootstrap in a sandbox.
func checkExecutableAs(path, shown string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &FileError{Path: shown, Problem: "does not exist"}
	case err != nil:
		return err
	case fi.IsDir():
		return &FileError{Path: shown, Problem: "is a directory", NotExecutable: true}
	case fi.Mode().Perm()&0o111 == 0:
		return &FileError{Path: shown, Problem: fmt.Sprintf("is not executable (mode %v): chmod +x it", fi.Mode().Perm()), NotExecutable: true}
	}
	return nil
}

// lookPath finds name in the instance's PATH, not the gateway's.
func lookPath(name string, env []string) (string, error) {
	var dirs string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			dirs = v
		}
	}
	for _, dir := range filepath.SplitList(dirs) {
		p := filepath.Join(dir, name)
		if checkExecutable(p) == nil {
			return p, nil
		}
	}
	return "", &FileError{Path: name, Problem: "is not found in PATH " + dirs}
}
