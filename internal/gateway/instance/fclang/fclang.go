package fclang

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Link is one of FC's language directories and the host directory that
// stands in for it.
type Link struct {
	FCPath   string // e.g. "/var/fc/lang/nodejs20" (a directory whose bin/ holds the interpreter)
	HostPath string // the host directory to mount there read-only, e.g. "/usr" when node is /usr/bin/node
	Language string // "nodejs", "python"
	Exe      string // the interpreter's name in bin/: "node", "python3"

	FCVersion   string // as documented by FC ("" if FC documents none)
	HostVersion string // as plain from the host's paths ("3.11" for python3.11), else ""

	// Documented is false for a path FC's tables do not list but public
	// bootstraps use (see table.go); the caller may choose to leave it out.
	Documented bool
}

// Links returns, for runtime (custom.debian10, custom.debian11,
// custom.debian12; any other runtime has none), the FC language
// directories whose language the host has, mapped to the host's
// installation. lookPath finds an executable in the instance's PATH; pass
// LookPath(path) to look past version managers' shims.
//
// A directory FC documents that exists on the host as FC lays it out
// (FCPath/bin/<exe>) is mapped to itself. An interpreter that is a shim, a
// script, a wrapper, or has no bin/ directory under a prefix other than /
// is not mapped.
func Links(runtime string, lookPath func(name string) (string, error)) []Link {
	return links(runtime, lookPath, "/")
}

// links is Links with the host's root at root, so tests can lay out FC's
// absolute paths in a temporary directory.
func links(runtime string, lookPath func(string) (string, error), root string) []Link {
	var out []Link
	found := map[string]installation{} // by exe: one PATH search per language
	for _, d := range table {
		if d.runtime != runtime {
			continue
		}
		l := Link{FCPath: d.fcPath, Language: d.language, Exe: d.exe, FCVersion: d.fcVersion, Documented: d.documented}
		own := filepath.Join(root, d.fcPath)
		if in, ok := prefixOf(d.exe, filepath.Join(own, "bin", d.exe)); ok && in.prefix == own {
			l.HostPath, l.HostVersion = own, in.version
			out = append(out, l)
			continue
		}
		in, seen := found[d.exe]
		if !seen {
			if p, err := lookPath(d.exe); err == nil {
				in, _ = prefixOf(d.exe, p)
			}
			found[d.exe] = in
		}
		if in.prefix == "" {
			continue
		}
		l.HostPath, l.HostVersion = in.prefix, in.version
		out = append(out, l)
	}
	return out
}

// LookPath returns a lookPath over the directories of pathList (a PATH
// value) that answers with the first executable of that name that is a real
// interpreter with a prefix (see Links), skipping shims and wrappers that
// come before it.
func LookPath(pathList string) func(name string) (string, error) {
	return func(name string) (string, error) {
		for _, dir := range filepath.SplitList(pathList) {
			if !filepath.IsAbs(dir) {
				continue // "" and relative entries mean the working directory: the code's, not the host's
			}
			p := filepath.Join(dir, name)
			if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
				continue
			}
			if _, ok := prefixOf(name, p); ok {
				return p, nil
			}
		}
		return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
	}
}

// installation is a host interpreter's prefix and what its paths say of its
// version.
type installation struct {
	prefix  string
	version string
}

// prefixOf returns the prefix of the interpreter at p (an absolute path
// found for exe): the parent of the bin/ directory that holds it, such that
// prefix/bin/exe is the same file. It prefers the prefix of the resolved
// binary (Debian's /bin/node is /usr/bin/node: /usr; nvm's and Homebrew's
// links lead into their versioned directories), then that of p itself
// (/usr/local/bin/python3 linking to a binary under another name).
func prefixOf(exe, p string) (installation, bool) {
	if !filepath.IsAbs(p) {
		return installation{}, false
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil || isShimPath(p) || isShimPath(real) {
		return installation{}, false
	}
	// A wrapper (Volta's volta-shim) has another name than the language's.
	if !strings.HasPrefix(filepath.Base(real), strings.TrimRight(exe, "0123456789.")) || isScript(real) {
		return installation{}, false
	}
	target, err := os.Stat(real)
	if err != nil || !target.Mode().IsRegular() {
		return installation{}, false
	}
	for _, bin := range []string{filepath.Dir(real), filepath.Dir(p)} {
		prefix := filepath.Dir(bin)
		if filepath.Base(bin) != "bin" || prefix == string(filepath.Separator) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(bin, exe)); err == nil && os.SameFile(fi, target) {
			return installation{prefix: prefix, version: versionOf(real, prefix)}, true
		}
	}
	return installation{}, false
}

// isShimPath reports whether p lies in a version manager's shims directory.
func isShimPath(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if part == "shims" {
			return true
		}
	}
	return false
}

// isScript reports whether the file at p starts with "#!", as the shims of
// version managers do wherever they are installed.
func isScript(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return true
	}
	defer f.Close()
	head := make([]byte, 2)
	if _, err := io.ReadFull(f, head); err != nil {
		return true
	}
	return bytes.Equal(head, []byte("#!"))
}

var (
	exeVersion    = regexp.MustCompile(`^[a-z]+(\d+(?:\.\d+)+)$`)                          // python3.11
	prefixVersion = regexp.MustCompile(`^(?:node|python)?-?v?(\d+\.\d+(?:\.\d+)?)(?:$|-)`) // v20.10.0, 3.12.4, node-v22.1.0-linux-x64
)

// versionOf returns the version the paths show plainly: a versioned
// prefix directory (nvm's v20.10.0, pyenv's 3.12.4) or binary name
// (python3.11), or "".
func versionOf(real, prefix string) string {
	if m := prefixVersion.FindStringSubmatch(filepath.Base(prefix)); m != nil {
		return m[1]
	}
	if m := exeVersion.FindStringSubmatch(filepath.Base(real)); m != nil {
		return m[1]
	}
	return ""
}
