package build

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunInDirWithEnvironment(t *testing.T) {
	dir := t.TempDir()
	c := Command{Dir: dir, Args: []string{"sh", "-c", `printf '%s' "$GREETING" > out.txt`},
		Env: map[string]string{"GREETING": "hello"}, Environ: []string{"GREETING=overridden", "PATH=" + os.Getenv("PATH")}}
	if err := Run(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "out.txt"))
	if err != nil || string(got) != "hello" {
		t.Fatalf("out.txt = %q, %v; want the block's environment to win", got, err)
	}
}

func TestFailureShowsOutputWithoutSecrets(t *testing.T) {
	c := Command{Dir: t.TempDir(), Args: []string{"sh", "-c", "echo compiling with token s3cr3t-value; echo main.go:3: undefined: x >&2; exit 3"}}
	err := Run(context.Background(), c, []string{"s3cr3t-value"})
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("err = %v, want *Error", err)
	}
	msg := err.Error()
	for _, want := range []string{"exit status 3", "main.go:3: undefined: x", "(sensitive value)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "s3cr3t-value") {
		t.Errorf("error holds the secret:\n%s", msg)
	}
}

func TestMissingCommand(t *testing.T) {
	err := Run(context.Background(), Command{Dir: t.TempDir(), Args: []string{"wsdeploy-no-such-compiler"}}, nil)
	if !errors.Is(err, exec.ErrNotFound) || !strings.Contains(err.Error(), "install it") {
		t.Errorf("err = %v", err)
	}
}

func TestKeyGroupsIdenticalBuilds(t *testing.T) {
	a := Command{Dir: "/s", Args: []string{"go", "build"}, Env: map[string]string{"A": "1", "B": "2"}}
	b := Command{Dir: "/s", Args: []string{"go", "build"}, Env: map[string]string{"B": "2", "A": "1"}}
	c := Command{Dir: "/s", Args: []string{"go build"}, Env: map[string]string{"A": "1", "B": "2"}}
	if a.Key() != b.Key() || a.Key() == c.Key() {
		t.Errorf("keys: %q %q %q", a.Key(), b.Key(), c.Key())
	}
}

func TestLongOutputKeepsTheEnd(t *testing.T) {
	e := &Error{Args: []string{"make"}, Output: strings.Repeat("x", 10000) + "THE REASON\n", Err: errors.New("boom")}
	if msg := e.Error(); !strings.HasSuffix(msg, "THE REASON") || len(msg) > outputTail+200 {
		t.Errorf("len %d, ends %q", len(msg), msg[len(msg)-20:])
	}
}
