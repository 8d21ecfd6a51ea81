package codepkg

import (
	"errors"
	"hash/crc64"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

var zipEpochTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func TestPackageHoldsExactlyTheTree(t *testing.T) {
	dir := build(t, t.TempDir(),
		exe("bootstrap", "#!/bin/sh\nexec ./server\n"),
		file("a0", "0"),
		file("a.txt", "dot"),
		file("a-b", "dash"),
		file("a/x", "x"),
		dir("empty"),
		file("lib/v1/data.txt", strings.Repeat("data ", 100)),
		link("lib/current", "v1"),
		link("bin/data", "../lib/current/data.txt"),
		file("café/ünï.txt", "utf-8"),
	)
	a := pack(t, dir)
	names, entries := unzip(t, zipOf(t, a))

	// Byte order of full names: "-" < "." < "/" < "0", so "a/" sits
	// between "a.txt" and "a0", and every directory precedes its contents.
	want := []string{
		"a-b", "a.txt", "a/", "a/x", "a0",
		"bin/", "bin/data", "bootstrap",
		"café/", "café/ünï.txt",
		"empty/",
		"lib/", "lib/current", "lib/v1/", "lib/v1/data.txt",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("entries\n got %q\nwant %q", names, want)
	}
	checks := map[string]got{
		"bootstrap":       {0o755, "#!/bin/sh\nexec ./server\n"},
		"a/x":             {0o644, "x"},
		"a/":              {fs.ModeDir | 0o755, ""},
		"empty/":          {fs.ModeDir | 0o755, ""},
		"lib/current":     {fs.ModeSymlink | 0o777, "v1"},
		"bin/data":        {fs.ModeSymlink | 0o777, "../lib/current/data.txt"},
		"lib/v1/data.txt": {0o644, strings.Repeat("data ", 100)},
		"café/ünï.txt":    {0o644, "utf-8"},
	}
	for name, w := range checks {
		if g := entries[name]; g != w {
			t.Errorf("%s: mode %v body %q, want mode %v body %q", name, g.mode, g.body, w.mode, w.body)
		}
	}
	if a.Files != 9 {
		t.Errorf("Files = %d, want 9 (7 files and 2 symlinks)", a.Files)
	}
	wantSize := int64(len("#!/bin/sh\nexec ./server\n") + 1 + 3 + 4 + 1 + 500 + len("v1") + len("../lib/current/data.txt") + len("utf-8"))
	if a.Size != wantSize {
		t.Errorf("Size = %d, want %d", a.Size, wantSize)
	}
}

func TestChecksumIsCRC64ECMAOfTheZip(t *testing.T) {
	a := pack(t, build(t, t.TempDir(), file("index.js", "console.log(1)")))
	zip := zipOf(t, a)
	want := strconv.FormatUint(crc64.Checksum(zip, crc64.MakeTable(crc64.ECMA)), 10)
	if a.Checksum != want || a.Code().Checksum != want || a.Code().Len() != int64(len(zip)) || a.ZipSize != int64(len(zip)) {
		t.Errorf("Checksum = %s, Code() = %s, want %s", a.Checksum, a.Code().Checksum, want)
	}
	// The published check value of CRC-64/XZ (ECMA-182, reflected, as Go
	// and OSS compute it) for "123456789" is 0x995DC9BBDF1939FA.
	if got := fcspec.CodeChecksum([]byte("123456789")); got != "11051210869376104954" {
		t.Errorf("fcspec.CodeChecksum(123456789) = %s", got)
	}
}

func TestExecutableBitIsKeptAndModesNormalised(t *testing.T) {
	cases := map[string]struct {
		local, want fs.FileMode
	}{
		"private":    {0o600, 0o644},
		"group-rw":   {0o664, 0o644},
		"read-only":  {0o444, 0o644},
		"user-exec":  {0o700, 0o755},
		"group-exec": {0o654, 0o755},
		"other-exec": {0o645, 0o755},
		"all":        {0o777, 0o755},
	}
	dir := t.TempDir()
	for name, c := range cases {
		build(t, dir, node{name, "x", c.local})
	}
	_, entries := unzip(t, zipOf(t, pack(t, dir)))
	for name, c := range cases {
		if g := entries[name].mode; g != c.want {
			t.Errorf("%s (%v locally): %v in the zip, want %v", name, c.local, g, c.want)
		}
	}
}

// goldenChecksums are TestGoldenChecksum's package, by the Go release
// that zipped it: compress/flate's output is the same within a release.
var goldenChecksums = map[string]string{
	"go1.26": "9884186256660831243",
	"go1.27": "11996771020917270457",
}

// TestGoldenChecksum pins the bytes. If it fails after a Go upgrade,
// compress/flate changed its output: every function's checksum changes once
// (one re-upload each); add the release's value and say so in
// docs/deploying.md ("code = unchanged"). If it fails otherwise, the
// format changed: that costs users the same.
func TestGoldenChecksum(t *testing.T) {
	dir := build(t, t.TempDir(),
		exe("bootstrap", "#!/bin/sh\nexec ./server\n"),
		file("server.py", strings.Repeat("print('hello')\n", 20)),
		dir("data"),
		link("current", "data"),
	)
	release := runtime.Version()
	if i := strings.Index(release[len("go1."):], "."); i >= 0 {
		release = release[:len("go1.")+i]
	}
	want, ok := goldenChecksums[release]
	got := pack(t, dir).Checksum
	switch {
	case !ok:
		t.Errorf("no golden checksum for %s: it zips the package to %s; if the earlier releases' values still hold, add it", release, got)
	case got != want:
		t.Errorf("checksum %s with %s, want %s", got, release, want)
	}
}

func TestErrorsNameTheFileAndWhy(t *testing.T) {
	root := t.TempDir()
	build(t, root, file("afile", "x"), dir("empty"), dir("ignored-all"), file("ignored-all/x", "x"), file("ignored-all/.fcignore", "*\n"))
	cases := []struct {
		name, dir, path string
		want            string
	}{
		{"missing", filepath.Join(root, "nope"), "", "does not exist"},
		{"not a directory", filepath.Join(root, "afile"), "", "is not a directory"},
		{"empty", filepath.Join(root, "empty"), "", "nothing to package"},
		{"all excluded", filepath.Join(root, "ignored-all"), "", "nothing to package"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Package(c.dir, Options{})
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != c.path || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.dir) {
				t.Fatalf("err = %v, want a FileError for %q saying %q", err, c.path, c.want)
			}
		})
	}
}

func TestBadNamesAreRefused(t *testing.T) {
	for name, want := range map[string]string{
		"caf\xe9.txt":  "not valid UTF-8",
		`win\dows.txt`: "backslash",
	} {
		dir := build(t, t.TempDir(), file("ok.txt", "x"), file("sub/"+name, "x"))
		_, err := Package(dir, Options{})
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != "sub/"+name || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want a FileError saying %q", name, err, want)
		}
		// The way out the message offers works.
		build(t, dir, file(".fcignore", "sub/"))
		if _, err := Package(dir, Options{}); err != nil {
			t.Errorf("%q excluded by .fcignore: %v", name, err)
		}
	}
}

func TestUnreadableFileIsNamed(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := build(t, t.TempDir(), file("ok", "x"), node{"secret", "x", 0o000})
	_, err := Package(dir, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != "secret" || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err = %v, want a permission error naming secret", err)
	}
}
