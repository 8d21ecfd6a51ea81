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
// The executable is checked here so that a missing or non-executable file
// gets an error that says what to do, not exec's "no such file".
func argv(s Spec, env []string) (path string, args []string, err error) {
	args = append(localize(s.Command, s.CodeDir), localize(s.Args, s.CodeDir)...)
	if len(s.Command) == 0 {
		path = filepath.Join(s.CodeDir, "bootstrap")
		if err := checkExecutable(path); err != nil {
			return "", nil, fmt.Errorf("function %q has no command, so it runs bootstrap from its code, as Function Compute does: %w; add an executable file named bootstrap or set the command", s.Function, err)
		}
		return path, append([]string{"./bootstrap"}, args...), nil
	}
	name := args[0]
	switch {
	case strings.ContainsRune(name, filepath.Separator):
		path = name
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.CodeDir, path)
		}
		err = checkExecutable(path)
	default:
		path, err = lookPath(name, env)
	}
	if err != nil {
		return "", nil, fmt.Errorf("function %q: command %q: %w", s.Function, name, err)
	}
	return path, args, nil
}

// localize rewrites FC's /code paths to the local code directory, so a
// command such as ["python3", "/code/app.py"] works unchanged.
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

func checkExecutable(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s does not exist", path)
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case fi.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("%s is not executable (mode %v): chmod +x it", path, fi.Mode().Perm())
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
	return "", fmt.Errorf("not found in PATH %s", dirs)
}
