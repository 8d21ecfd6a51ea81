package statedir

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCredentialsCreatedOnceWithMode0600(t *testing.T) {
	dir := t.TempDir()
	first, err := LoadOrCreateCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.AccessKeyID, "LTAI") || len(first.AccessKeySecret) != 30 {
		t.Errorf("unexpected key pair shape: id %q, secret of %d chars", first.AccessKeyID, len(first.AccessKeySecret))
	}
	info, err := os.Stat(filepath.Join(dir, CredentialsFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("credentials mode %v, %v", info.Mode(), err)
	}
	again, err := LoadOrCreateCredentials(dir)
	if err != nil || again != first {
		t.Errorf("second load returned another pair (%v)", err)
	}
	src, _ := os.ReadFile(filepath.Join(dir, CredentialsFile))
	for _, want := range []string{"[default]", "type = access_key", "access_key_id = " + first.AccessKeyID} {
		if !strings.Contains(string(src), want) {
			t.Errorf("credentials file lacks %q:\n%s", want, src)
		}
	}
}

func TestReadCredentialsINI(t *testing.T) {
	dir := t.TempDir()
	src := "; comment\n[other]\naccess_key_id = wrong\n\n[default]\n# note\ntype = access_key\naccess_key_id = \"AK\"\naccess_key_secret=SK\n"
	if err := os.WriteFile(filepath.Join(dir, CredentialsFile), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cred, err := ReadCredentials(dir)
	if err != nil || cred.AccessKeyID != "AK" || cred.AccessKeySecret != "SK" {
		t.Fatalf("got %v, %v", cred, err)
	}
}

func TestReadCredentialsRefusesReadableFileAndEmptySection(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, CredentialsFile)
	os.WriteFile(path, []byte("[default]\naccess_key_id = A\naccess_key_secret = B\n"), 0o644)
	os.Chmod(path, 0o644)
	if _, err := ReadCredentials(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("0644 file: %v", err)
	}
	os.WriteFile(path, []byte("[default]\n"), 0o600)
	os.Chmod(path, 0o600)
	if _, err := ReadCredentials(dir); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("empty section: %v", err)
	}
}

func TestEnsure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(dir)
	if info.Mode().Perm() != 0o700 {
		t.Errorf("mode %v", info.Mode())
	}
	os.Chmod(dir, 0o755)
	if err := Ensure(dir); err != nil {
		t.Fatalf("0755 dir without a key: %v", err)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("not made private: %v", info.Mode())
	}
	if _, err := LoadOrCreateCredentials(dir); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	if err := Ensure(dir); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("0755 dir with a key: %v", err)
	}
}

func TestInfoAndRunning(t *testing.T) {
	dir := t.TempDir()
	if _, err := Running(dir); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("no file: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	want := Info{PID: os.Getpid(), ControlAddress: ln.Addr().String(), Region: "cn-hangzhou", StartedAt: time.Now().UTC().Round(time.Second)}
	if err := WriteInfo(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadInfo(dir); err != nil || got != want {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	// A listener that cannot prove it is the gateway (identity_test.go)
	// is not one, open or closed.
	if _, err := Running(dir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("a bare listener is running: %v", err)
	}
	ln.Close()
	if _, err := Running(dir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("closed listener still running: %v", err)
	}
	RemoveInfo(dir, want.PID+1) // another pid's removal leaves the file
	if _, err := ReadInfo(dir); err != nil {
		t.Errorf("removed by another pid: %v", err)
	}
	RemoveInfo(dir, want.PID)
	if _, err := ReadInfo(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("not removed: %v", err)
	}
	// A dead pid is not running even if something listens at the address.
	WriteInfo(dir, Info{PID: 1 << 30, ControlAddress: "127.0.0.1:1"})
	if _, err := Running(dir); !errors.Is(err, ErrNotRunning) {
		t.Errorf("dead pid: %v", err)
	}
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	WriteInfo(dir, Info{PID: 42, ControlAddress: "127.0.0.1:9"})
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dir); err == nil || !strings.Contains(err.Error(), "pid 42") {
		t.Errorf("second acquire: %v", err)
	}
	l.Release()
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}

func TestDefaultHonoursEnvironment(t *testing.T) {
	t.Setenv(EnvStateDir, "")
	t.Setenv("XDG_STATE_HOME", "/xdg")
	if d, _ := Default(); d != "/xdg/wsdeploy/gateway" {
		t.Errorf("XDG: %s", d)
	}
	t.Setenv(EnvStateDir, "/explicit/gw")
	if d, _ := Resolve(""); d != "/explicit/gw" {
		t.Errorf("env: %s", d)
	}
	if d, _ := Resolve("/given"); d != "/given" {
		t.Errorf("given: %s", d)
	}
}
