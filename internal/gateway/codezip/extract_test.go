package codezip

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func TestExtractKeepsTreeModesAndInnerLinks(t *testing.T) {
	s := newSandbox(t)
	archive := mkzip(t,
		exe("bootstrap", "#!/bin/sh\nexec ./server\n"),
		file("lib/v1/data.txt", "hello"),
		exe("lib/v1/tool", "bin"),
		dir("empty/"),
		symlink("lib/current", "v1"),
		symlink("bin/tool", "../lib/v1/tool"),
		file("./dot/x.txt", "normalised"),
	)
	if err := Extract(archive, s.target, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	modes := map[string]fs.FileMode{
		"bootstrap":       0o755,
		"lib/v1/data.txt": 0o644,
		"lib/v1/tool":     0o755,
		"empty":           fs.ModeDir,
		"lib/current":     fs.ModeSymlink,
		"bin/tool":        fs.ModeSymlink,
		"dot/x.txt":       0o644,
	}
	for p, want := range modes {
		fi, err := os.Lstat(filepath.Join(s.target, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		got := fi.Mode().Type()
		if want.Type() == 0 {
			got = fi.Mode().Perm()
		}
		if got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
	if b, err := os.ReadFile(filepath.Join(s.target, "lib/current/data.txt")); err != nil || string(b) != "hello" {
		t.Errorf("reading through an inner symlink: %q, %v", b, err)
	}
	if msg := s.outsideChanged(); msg != "" {
		t.Error(msg)
	}
}

func TestChecksumIsCRC64ECMAInDecimal(t *testing.T) {
	// The published check value of CRC-64/XZ (ECMA-182 polynomial, reflected,
	// as Go and OSS compute it) for "123456789" is 0x995DC9BBDF1939FA.
	if got := fcspec.CodeChecksum([]byte("123456789")); got != "11051210869376104954" {
		t.Errorf("Checksum = %s", got)
	}
}

func TestExtractRefusals(t *testing.T) {
	zeros := strings.Repeat("\x00", 4<<20)
	small := Limits{MaxArchiveBytes: 1 << 20, MaxUnpackedBytes: 1000, MaxEntries: 3, MaxRatio: 200}
	cases := []struct {
		name    string
		archive []byte
		lim     Limits
		want    string
	}{
		{"dot-dot", mkzip(t, file("../evil", "x")), DefaultLimits, "'..'"},
		{"dot-dot inside", mkzip(t, file("a/../../evil", "x")), DefaultLimits, "'..'"},
		{"absolute", mkzip(t, file("/tmp/evil", "x")), DefaultLimits, "absolute path"},
		{"backslash", mkzip(t, file(`..\..\evil`, "x")), DefaultLimits, "backslash"},
		{"invalid UTF-8", mkzip(t, file("caf\xe9.txt", "x")), DefaultLimits, "not valid UTF-8"},
		{"absolute link", mkzip(t, symlink("l", "/etc")), DefaultLimits, "outside the code directory"},
		{"link up from root", mkzip(t, symlink("l", "../x")), DefaultLimits, "outside the code directory"},
		{"link up too far", mkzip(t, symlink("d/l", "../../x")), DefaultLimits, "outside the code directory"},
		{"link down then up", mkzip(t, symlink("d/l", "a/../../x")), DefaultLimits, "goes back up"},
		{"entry under a link", mkzip(t, dir("d/"), symlink("l", "d"), file("l/x", "x")), DefaultLimits, "under the symlink"},
		{"link then entry, other order", mkzip(t, file("l/x", "x"), symlink("l", "d")), DefaultLimits, "under the symlink"},
		{"duplicate", mkzip(t, file("a", "1"), file("a", "2")), DefaultLimits, "twice"},
		{"directory and file same name", mkzip(t, dir("a/"), file("a", "1")), DefaultLimits, "twice"},
		{"file as a directory", mkzip(t, file("a", "1"), file("a/b", "2")), DefaultLimits, "also has as a file"},
		{"fifo", mkzip(t, special("p", fs.ModeNamedPipe)), DefaultLimits, "special file"},
		{"device", mkzip(t, special("d", fs.ModeDevice)), DefaultLimits, "special file"},
		{"too many entries", mkzip(t, file("a", ""), file("b", ""), file("c", ""), file("d", "")), small, "at most 3"},
		{"too big unpacked", mkzip(t, file("a", strings.Repeat("x", 1001))), small, "more than"},
		{"zip bomb ratio", mkzip(t, file("zeros", zeros)), DefaultLimits, "zip bomb"},
		{"not a zip", []byte("hello, world"), DefaultLimits, "not a valid zip"},
		{"corrupt data", corrupt(t, mkzip(t, file("a", strings.Repeat("abc", 100)))), DefaultLimits, "corrupt data"},
		{"encrypted", encrypted(t), DefaultLimits, "encrypted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newSandbox(t)
			err := Extract(c.archive, s.target, c.lim)
			var inv *InvalidError
			if !errors.As(err, &inv) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want an *InvalidError containing %q", err, c.want)
			}
			if _, err := os.Lstat(s.target); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("target exists after a refusal: %v", err)
			}
			if msg := s.outsideChanged(); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// corrupt flips one byte of the first entry's compressed data, which the
// CRC-32 check catches while reading.
func corrupt(t *testing.T, archive []byte) []byte {
	t.Helper()
	b := bytes.Clone(archive)
	const localHeader = 30
	nameLen := int(b[26]) | int(b[27])<<8
	b[localHeader+nameLen+2] ^= 0xff
	return b
}

// encrypted marks an entry as encrypted (general purpose flag bit 0) in both
// the local and the central header.
func encrypted(t *testing.T) []byte {
	t.Helper()
	b := mkzip(t, file("a", "x"))
	b[6] |= 1
	i := bytes.Index(b, []byte("PK\x01\x02"))
	b[i+8] |= 1
	return b
}

func TestExtractRefusesExistingTarget(t *testing.T) {
	s := newSandbox(t)
	if err := os.Mkdir(s.target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Extract(mkzip(t, file("a", "x")), s.target, DefaultLimits); err == nil {
		t.Fatal("extracted over an existing directory")
	}
	if des, _ := os.ReadDir(s.target); len(des) != 0 {
		t.Errorf("existing target was written to: %v", des)
	}
	if msg := s.outsideChanged(); msg != "" {
		t.Error(msg)
	}
}

// Receive decodes base64 into a spool file under Root and refuses what
// Decode refused; every refusal leaves nothing behind, and an error of the
// reader (the request body) comes back as it is.
func TestReceive(t *testing.T) {
	root := t.TempDir()
	l := Layout{Root: root, Limits: DefaultLimits}
	u, err := l.Receive(strings.NewReader("aGVs\nbG8="))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(u.f.Name())
	if string(b) != "hello" || u.Size != 5 || u.Checksum != fcspec.CodeChecksum([]byte("hello")) {
		t.Errorf("upload holds %q (size %d, checksum %s)", b, u.Size, u.Checksum)
	}
	u.Close()
	small := l
	small.Limits.MaxArchiveBytes = 4
	bodyErr := errors.New("body cut")
	var inv *InvalidError
	for _, c := range []struct {
		name string
		l    Layout
		in   io.Reader
		want string
	}{
		{"bad base64", l, strings.NewReader("not base64!"), "base64"},
		{"empty", l, strings.NewReader(""), "empty"},
		{"5 bytes over a 4-byte limit", small, strings.NewReader("aGVsbG8="), "larger than"},
		{"long input", small, strings.NewReader(strings.Repeat("A", 1000)), "larger than"},
	} {
		if _, err := c.l.Receive(c.in); !errors.As(err, &inv) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an *InvalidError saying %q", c.name, err, c.want)
		}
	}
	if _, err := l.Receive(io.MultiReader(strings.NewReader("aGVs"), iotest.ErrReader(bodyErr))); err != bodyErr {
		t.Errorf("a failing body: %v, want its error as it is", err)
	}
	if des, _ := os.ReadDir(root); len(des) != 0 {
		t.Errorf("refused uploads left %d files", len(des))
	}
	// A crash leaves a spool file; SweepUploads removes it.
	u, _ = l.Receive(strings.NewReader("aGVsbG8="))
	name := u.f.Name()
	if err := l.SweepUploads(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SweepUploads left %s: %v", name, err)
	}
	u.Close()
}
