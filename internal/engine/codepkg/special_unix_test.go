//go:build unix

package codepkg

import (
	"errors"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestSpecialFilesAreRefused(t *testing.T) {
	dir := build(t, t.TempDir(), file("ok", "x"), dir("run"))
	if err := syscall.Mkfifo(filepath.Join(dir, "run/pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Package(dir, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != "run/pipe" || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), ".fcignore") {
		t.Fatalf("fifo: err = %v", err)
	}

	build(t, dir, file(".fcignore", "pipe\n"))
	if _, err := Package(dir, Options{}); err != nil {
		t.Fatalf("excluded fifo: %v", err)
	}

	// Socket paths are short: keep this one relative to a short directory.
	sockDir := build(t, t.TempDir(), file("ok", "x"))
	l, err := net.Listen("unix", filepath.Join(sockDir, "s"))
	if err != nil {
		t.Skipf("no unix socket here: %v", err)
	}
	defer l.Close()
	_, err = Package(sockDir, Options{})
	if !errors.As(err, &fe) || fe.Path != "s" || !strings.Contains(err.Error(), "socket") {
		t.Fatalf("socket: err = %v", err)
	}
}
