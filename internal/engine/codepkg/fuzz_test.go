package codepkg

import (
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzIgnore feeds arbitrary .fcignore text and paths to the parser and
// matcher: they must never panic, the last matching rule must decide, a
// name with every character quoted must match itself, and a pattern that
// path.Match also reads must get its answer.
func FuzzIgnore(f *testing.F) {
	seeds := []struct{ rules, path string }{
		{"*.log\n!keep.log", "a/keep.log"},
		{"node_modules/\n/build\n**/x/**", "x/y"},
		{"[!a-c]*\n[[:alpha:]]?\n[", "b/c"},
		{`\#a\ \!b\\`, "#a "},
		{"a/**/b/**/c/**", "a/b/c/d"},
		{"**/**/**/*/**/*/**", "a/b/c/d/e/f/g/h"},
		{"[]-]\n[z-a]\n[\\", "]"},
		{"\xff*\n[\xff]", "\xff"},
	}
	for _, s := range seeds {
		f.Add(s.rules, s.path, false)
	}
	f.Fuzz(func(t *testing.T, rules, p string, isDir bool) {
		parseIgnore(rules).excluded(p, isDir)
		// Whatever came before, the last matching rule decides.
		if p != "" && !parseIgnore(rules+"\n**").excluded(p, isDir) {
			t.Fatalf("%q kept after a final **", p)
		}
		if parseIgnore(rules+"\n!**").excluded(p, isDir) {
			t.Fatalf("%q excluded after a final !**", p)
		}
		name := strings.ReplaceAll(p, "/", "")
		if name != "" && !matchName(quote(name), name) {
			t.Fatalf("quoted %q does not match itself", name)
		}
		// Where git's syntax and path.Match's agree, so must the answers.
		pat, _, _ := strings.Cut(rules, "\n")
		if comparable(pat) {
			want, err := path.Match(pat, name)
			if err == nil && matchName(pat, name) != want {
				t.Fatalf("pattern %q, name %q: path.Match says %v", pat, name, want)
			}
		}
	})
}

// comparable reports whether pat means the same to path.Match: no "/",
// and no class syntax that only git has ("[!", "[:", a leading "]").
func comparable(pat string) bool {
	for _, s := range []string{"/", "[!", "[:", "[]", "[^]"} {
		if strings.Contains(pat, s) {
			return false
		}
	}
	return true
}

// quote escapes every character (an invalid byte counts as one) so that a
// pattern means only itself.
func quote(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		_, w := utf8.DecodeRuneInString(s)
		b.WriteByte('\\')
		b.WriteString(s[:w])
		s = s[w:]
	}
	return b.String()
}
