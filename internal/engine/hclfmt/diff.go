package hclfmt

import (
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// UnifiedDiff describes the change from old to new with three lines of context
// and `git diff` style a/ and b/ headers. It returns "" when they are equal.
func UnifiedDiff(filename string, old, new []byte) string {
	name := strings.TrimPrefix(filepath.ToSlash(filename), "/")
	diff, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        diffLines(old),
		B:        diffLines(new),
		FromFile: "a/" + name,
		ToFile:   "b/" + name,
		Context:  3,
	})
	if err != nil {
		// Writing to a strings.Builder cannot fail; keep the contract anyway.
		return ""
	}
	return diff
}

// diffLines splits src into lines that each end in "\n". difflib.SplitLines
// would invent an empty last line; like git, a missing final newline is
// marked instead, so that adding one shows up as a change.
func diffLines(src []byte) []string {
	if len(src) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(src), "\n")
	last := len(lines) - 1
	if lines[last] == "" {
		return lines[:last]
	}
	lines[last] += "\n\\ No newline at end of file\n"
	return lines
}
