package codepkg

import (
	"path"
	"strings"
	"unicode/utf8"
)

// checkLink allows a symlink at link (a slash path) only if its target
// stays inside the code directory by its text alone: relative, not climbing
// above the top, and with any ".." only at the start. Names after the
// leading ".." only descend, and any symlink among them passes this same
// check, so no chain of links leaves the directory. This is the local
// gateway's rule when it unpacks, so a package wsdeploy builds is one it
// accepts. The target is stored as written, not rewritten.
func checkLink(dir, link, target string) error {
	switch {
	case target == "":
		return fileErr(dir, link, nil, "symlink with an empty target")
	case !utf8.ValidString(target) || strings.ContainsRune(target, '\\'):
		return fileErr(dir, link, nil, "symlink target %q is not valid UTF-8 or contains a backslash; point it at a plain relative path", target)
	}
	if resolved := path.Join(path.Dir(link), target); path.IsAbs(target) || resolved == ".." || strings.HasPrefix(resolved, "../") {
		return fileErr(dir, link, nil, "symlink to %q points outside the code directory, where Function Compute has no such file; "+
			"copy what it points to into the directory, or leave the link out with %s", target, IgnoreFile)
	}
	down := false
	for _, name := range strings.Split(target, "/") {
		switch name {
		case "", ".":
		case "..":
			if down {
				return fileErr(dir, link, nil, "symlink to %q goes back up after going down, which could leave the code directory through another link; "+
					"write the target as %q", target, path.Clean(target))
			}
		default:
			down = true
		}
	}
	return nil
}
