package codezip

import (
	"path"
	"strings"
	"unicode/utf8"
)

// entryPath validates a zip entry name and returns it as a clean relative
// slash path (no trailing slash). Names are taken literally on Linux, where
// FC runs code: a backslash would be a separator on Windows and a file-name
// byte here, so it is refused as ambiguous.
func entryPath(name string) (string, error) {
	switch {
	case !utf8.ValidString(name):
		return "", invalid(name, "the name is not valid UTF-8; re-create the zip with UTF-8 file names")
	case strings.ContainsAny(name, "\x00\\"):
		return "", invalid(name, "the name contains a NUL byte or a backslash")
	case strings.HasPrefix(name, "/"):
		return "", invalid(name, "absolute path: entries must be relative to the code directory")
	}
	p := strings.TrimSuffix(name, "/")
	if len(p) > maxPath {
		return "", invalid(name[:64]+"...", "the path is %d bytes long; Linux paths hold at most %d", len(p), maxPath)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return "", invalid(name, "the name contains '..' and could escape the code directory")
		}
		if len(part) > maxNameComponent {
			return "", invalid(name, "a path component is %d bytes long; Linux file names hold at most %d", len(part), maxNameComponent)
		}
	}
	p = path.Clean(p)
	if p == "." || p == "" {
		return "", invalid(name, "empty name")
	}
	return p, nil
}

// checkLinkTarget allows a symlink only if it resolves inside the code
// directory: relative, with any ".." only at the start and no more of them
// than the link's own depth. Names after the leading ".." only descend; if
// one of them is itself a symlink, that link passed this same check, so by
// induction no chain of links leaves the directory.
func checkLinkTarget(link, target string) error {
	switch {
	case target == "":
		return invalid(link, "symlink with an empty target")
	case !utf8.ValidString(target) || strings.ContainsAny(target, "\x00\\"):
		return invalid(link, "symlink target is not valid UTF-8 or contains a NUL byte or a backslash")
	case strings.HasPrefix(target, "/"):
		return invalid(link, "symlink to the absolute path %q points outside the code directory", target)
	}
	up, descending := 0, false
	for _, part := range strings.Split(target, "/") {
		switch part {
		case "", ".":
		case "..":
			if descending {
				return invalid(link, "symlink target %q goes back up after going down; write it without '..' in the middle", target)
			}
			up++
		default:
			descending = true
		}
	}
	depth := 0
	if dir := path.Dir(link); dir != "." {
		depth = strings.Count(dir, "/") + 1
	}
	if up > depth {
		return invalid(link, "symlink target %q points outside the code directory", target)
	}
	return nil
}
