package codepkg

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// IgnoreFile is the name of the file, at the top of the code directory,
// whose patterns exclude paths from the package.
const IgnoreFile = ".fcignore"

// ignoreSelf leaves the IgnoreFile out unless a pattern puts it back: it
// configures packaging and is never read at run time.
var ignoreSelf = rule{segs: []string{IgnoreFile}}

// rule is one pattern line of an IgnoreFile.
type rule struct {
	// segs is the pattern split on "/", matched against a path's names;
	// "**" stands for any number of names. A pattern without a slash
	// matches at any depth, so it starts with "**".
	segs    []string
	negate  bool // "!": re-include what an earlier rule excluded
	dirOnly bool // trailing "/": matches directories only
}

// ignorer decides which paths the IgnoreFile excludes.
type ignorer struct{ rules []rule }

// loadIgnore reads the IgnoreFile at the top of root, if there is one.
func loadIgnore(root *os.Root, dir string) (*ignorer, error) {
	b, err := root.ReadFile(IgnoreFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return parseIgnore(""), nil
	case err != nil:
		return nil, fileErr(dir, IgnoreFile, err, "cannot be read")
	}
	return parseIgnore(string(b)), nil
}

// parseIgnore reads an IgnoreFile with git's rules: blank lines and lines
// starting with "#" say nothing, trailing spaces are dropped unless escaped
// with "\", a leading "!" negates, a trailing "/" matches only directories, a
// slash at the start or in the middle anchors the pattern to the top of the
// directory, and otherwise the pattern matches a name at any depth. The
// ignoreSelf rule comes first, so a later "!.fcignore" overrides it.
func parseIgnore(text string) *ignorer {
	ig := &ignorer{rules: []rule{ignoreSelf}}
	for _, line := range strings.Split(text, "\n") {
		if r, ok := parseRule(line); ok {
			ig.rules = append(ig.rules, r)
		}
	}
	return ig
}

func parseRule(line string) (rule, bool) {
	line = trimTrailingSpace(strings.TrimSuffix(line, "\r"))
	if line == "" || line[0] == '#' {
		return rule{}, false // "\#" and "\!" reach the matcher, which unescapes them
	}
	var r rule
	if line[0] == '!' {
		r.negate, line = true, line[1:]
	}
	if trimmed := strings.TrimRight(line, "/"); trimmed != line {
		r.dirOnly, line = true, trimmed
	}
	anchored := strings.Contains(line, "/")
	for _, s := range strings.Split(line, "/") {
		// An empty name is the anchoring "/" (or "a//b", read as "a/b"); a
		// run of "**" means what one does.
		if s == "" || s == "**" && len(r.segs) > 0 && r.segs[len(r.segs)-1] == "**" {
			continue
		}
		r.segs = append(r.segs, s)
	}
	switch {
	case len(r.segs) == 0:
		return rule{}, false // "/" or "!": nothing to match
	case !anchored && r.segs[0] != "**":
		r.segs = append([]string{"**"}, r.segs...)
	}
	// A trailing "/**" matches what is inside, not the directory itself.
	if n := len(r.segs); n > 1 && r.segs[n-1] == "**" {
		r.segs = append(r.segs[:n-1], "*", "**")
	}
	return r, true
}

// trimTrailingSpace drops trailing spaces, unless one is escaped by an odd
// run of backslashes.
func trimTrailingSpace(s string) string {
	for strings.HasSuffix(s, " ") {
		k := 0
		for k < len(s)-1 && s[len(s)-2-k] == '\\' {
			k++
		}
		if k%2 == 1 {
			return s
		}
		s = s[:len(s)-1]
	}
	return s
}

// excluded reports whether the rules exclude p (a slash path relative to
// the top of the code directory). The last matching rule wins. A path inside
// an excluded directory is not looked at: the walk never enters it.
func (ig *ignorer) excluded(p string, isDir bool) bool {
	names := strings.Split(p, "/")
	out := false
	for _, r := range ig.rules {
		// Only a rule that would flip the answer is worth matching.
		if r.negate != out || r.dirOnly && !isDir {
			continue
		}
		if matchPath(r.segs, names) {
			out = !r.negate
		}
	}
	return out
}

// Ignored reads the IgnoreFile of the code directory dir and reports, for a
// slash path relative to dir, whether packaging leaves it out; tools that
// watch a code directory use it to skip what never reaches the package.
func Ignored(dir string) (func(rel string, isDir bool) bool, error) {
	root, ig, err := openIgnoring(dir)
	if err != nil {
		return nil, err
	}
	root.Close()
	return ig.excluded, nil
}

// openIgnoring opens the code directory dir and reads its IgnoreFile.
func openIgnoring(dir string) (*os.Root, *ignorer, error) {
	root, err := openDir(dir)
	if err != nil {
		return nil, nil, err
	}
	ig, err := loadIgnore(root, dir)
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	return root, ig, nil
}
