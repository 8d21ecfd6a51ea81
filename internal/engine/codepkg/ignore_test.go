package codepkg

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestIgnoreRules checks the matcher against git's documented semantics.
// A path ending in "/" is a directory.
func TestIgnoreRules(t *testing.T) {
	cases := []struct {
		rules    string
		excluded []string
		kept     []string
	}{
		// A name at any depth.
		{"*.log", []string{"a.log", "x/y/a.log", ".log", "logs.log/"}, []string{"a.logx", "log", "a.log.txt"}},
		{"node_modules", []string{"node_modules/", "a/node_modules/", "node_modules"}, []string{"node_modules2/", "a/node_modules.txt"}},
		// Trailing "/": directories only.
		{"build/", []string{"build/", "src/build/"}, []string{"build", "src/build"}},
		// Leading "/": anchored at the top.
		{"/build", []string{"build", "build/"}, []string{"src/build", "src/build/"}},
		{"/.env", []string{".env"}, []string{"app/.env"}},
		// A slash in the middle anchors too.
		{"doc/*.txt", []string{"doc/a.txt"}, []string{"doc/x/a.txt", "a/doc/a.txt", "doc/a.md"}},
		// "**".
		{"**/foo", []string{"foo", "a/foo", "a/b/foo/"}, []string{"foox", "a/xfoo"}},
		{"abc/**", []string{"abc/x", "abc/x/y", "abc/d/"}, []string{"abc", "abc/", "x/abc/y"}},
		{"a/**/b", []string{"a/b", "a/x/b", "a/x/y/b/"}, []string{"a/bb", "x/a/b", "a/x/c"}},
		{"**", []string{"a", "a/b/", ".x"}, nil},
		{"a/**/**/b", []string{"a/b", "a/x/y/b"}, []string{"b"}},
		{"foo**bar", []string{"foobar", "fooxbar", "d/foo-bar"}, []string{"foo/bar"}},
		// "!" negation: the last match wins.
		{"*.log\n!keep.log", []string{"a.log", "d/b.log"}, []string{"keep.log", "d/keep.log"}},
		{"!keep.log\n*.log", []string{"keep.log", "a.log"}, nil},
		{"logs/*\n!logs/.keep", []string{"logs/a", "logs/b/"}, []string{"logs/", "logs/.keep"}},
		// Comments, blanks, escapes, trailing spaces, CRLF.
		{"# comment\n\n   \n#x", []string{".fcignore"}, []string{"# comment", "#x", "x"}},
		{`\#x`, []string{"#x"}, []string{"x"}},
		{`\!x`, []string{"!x"}, []string{"x"}},
		{"a.txt   ", []string{"a.txt"}, []string{"a.txt   "}},
		{`a\ `, []string{"a "}, []string{"a"}},
		{"a.txt\r\nb.txt\r\n", []string{"a.txt", "b.txt"}, nil},
		// Wildcards within a name.
		{"?.go", []string{"a.go", "é.go"}, []string{"ab.go", ".go"}},
		{"[a-c]*.txt", []string{"a.txt", "cz.txt"}, []string{"d.txt", "A.txt"}},
		{"[!a-c].txt", []string{"d.txt"}, []string{"a.txt"}},
		{"[^a-c].txt", []string{"d.txt"}, []string{"a.txt"}},
		{"v[[:digit:]]", []string{"v1"}, []string{"vx", "v10"}},
		{"[]]x", []string{"]x"}, []string{"x"}},
		{"file[1.txt", []string{"file[1.txt"}, []string{"file1.txt"}},
		{`\*.txt`, []string{"*.txt"}, []string{"a.txt"}},
		// The ignore file itself is left out unless put back.
		{"", []string{".fcignore"}, []string{"sub/.fcignore", "x"}},
		{"!.fcignore", nil, []string{".fcignore"}},
		// Matching is case-sensitive, as on FC's Linux.
		{"*.LOG", []string{"a.LOG"}, []string{"a.log"}},
	}
	for _, c := range cases {
		ig := parseIgnore(c.rules)
		for _, p := range c.excluded {
			if !excludedPath(ig, p) {
				t.Errorf("rules %q: %q kept, want excluded", c.rules, p)
			}
		}
		for _, p := range c.kept {
			if excludedPath(ig, p) {
				t.Errorf("rules %q: %q excluded, want kept", c.rules, p)
			}
		}
	}
}

func excludedPath(ig *ignorer, p string) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		return ig.excluded(p[:n-1], true)
	}
	return ig.excluded(p, false)
}

// TestFcignoreShapesThePackage runs .fcignore through Package: excluded
// directories are not entered, so a file inside one cannot be re-included,
// as in git.
func TestFcignoreShapesThePackage(t *testing.T) {
	dir := build(t, t.TempDir(),
		file(".fcignore", "# deploy only what runs\n"+
			"node_modules/\n!node_modules/keep.js\n"+
			"logs/*\n!logs/keep.log\n"+
			"*.test.js\n"+
			"/build\n"+
			"**/__pycache__\n"+
			"docs/**\n"),
		file("index.js", "main"),
		file("index.test.js", "test"),
		file("lib/util.test.js", "test"),
		file("lib/util.js", "util"),
		file("node_modules/keep.js", "excluded with its directory"),
		file("node_modules/x/index.js", "x"),
		file("logs/a.log", "a"),
		file("logs/keep.log", "keep"),
		file("build/out", "top-level build"),
		file("src/build/out", "nested build"),
		file("src/__pycache__/m.pyc", "pyc"),
		file("__pycache__/n.pyc", "pyc"),
		file("docs/readme.md", "doc"),
		file("docs/deep/x.md", "doc"),
	)
	a := pack(t, dir)
	names, _ := unzip(t, zipOf(t, a))
	want := []string{
		"docs/",
		"index.js",
		"lib/", "lib/util.js",
		"logs/", "logs/keep.log",
		"src/", "src/build/", "src/build/out",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("entries\n got %q\nwant %q", names, want)
	}
	if a.Files != 4 {
		t.Errorf("Files = %d, want 4", a.Files)
	}
}

func TestIgnoredReadsTheIgnoreFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, IgnoreFile), []byte("*.log\nbuild/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ignored, err := Ignored(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"a.log": true, "x/b.log": true, "build": true, "main.py": false, IgnoreFile: true} {
		if got := ignored(p, p == "build"); got != want {
			t.Errorf("%s: ignored %v, want %v", p, got, want)
		}
	}
	if _, err := Ignored(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory: no error")
	}
}
