package codepkg

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestSymlinksInsideAreStoredNotFollowed(t *testing.T) {
	dir := build(t, t.TempDir(),
		file("lib/v1/x", "x"),
		link("lib/current", "v1"),        // a directory: not entered
		link("lib/v1/self", "."),         // to its own directory
		link("top", "lib/current/x"),     // through another link
		link("lib/v1/up", "../../top"),   // up to the top, no further
		link("dangling", "made-at-boot"), // inside, even if absent now
		link("dot", "./lib//v1/"),        // stored as written
	)
	names, entries := unzip(t, zipOf(t, pack(t, dir)))
	for _, n := range names {
		if strings.HasPrefix(n, "lib/current/") {
			t.Errorf("%s: the walk followed a symlink", n)
		}
	}
	for name, target := range map[string]string{
		"lib/current": "v1", "lib/v1/self": ".", "top": "lib/current/x",
		"lib/v1/up": "../../top", "dangling": "made-at-boot", "dot": "./lib//v1/",
	} {
		if g := entries[name]; g.mode != fs.ModeSymlink|0o777 || g.body != target {
			t.Errorf("%s: %v %q, want a symlink to %q", name, g.mode, g.body, target)
		}
	}
}

func TestSymlinksOutsideAreRefused(t *testing.T) {
	cases := []struct {
		link, target, want string
	}{
		{"etc", "/etc/passwd", "points outside"},
		{"up", "..", "points outside"},
		{"up", "../sibling", "points outside"},
		{"d/up", "../../sibling", "points outside"},
		{"d/e/up", "../../../x", "points outside"},
		{"sneaky", "lib/../../x", "points outside"},
		{"d/zigzag", "a/../b", "goes back up after going down"},
		{"d/zigzag", "../a/../b", "goes back up after going down"},
	}
	for _, c := range cases {
		dir := build(t, t.TempDir(), file("ok", "x"), link(c.link, c.target))
		_, err := Package(dir, Options{})
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != c.link || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"`+c.target+`"`) {
			t.Errorf("%s → %s: err = %v, want a FileError naming the link and its target, saying %q", c.link, c.target, err, c.want)
		}
	}
	// .fcignore is the way out the message offers.
	dir := build(t, t.TempDir(), file("ok", "x"), link("etc", "/etc"), file(".fcignore", "/etc\n"))
	if _, err := Package(dir, Options{}); err != nil {
		t.Errorf("excluded outside link: %v", err)
	}
}
