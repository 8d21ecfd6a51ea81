package sandbox

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// Available answers for this host: where the kernel lets this user make
// the namespaces a sandbox needs, sandboxes work; where it does not, it
// says so with what to do, and the test skips, naming the reason.
func TestAvailableHere(t *testing.T) {
	ok, reason := Available()
	if refused := namespacesRefused(); refused != "" {
		if ok {
			t.Fatalf("Available() = true, yet the kernel refuses this user's namespaces: %s", refused)
		}
		if reason == "" {
			t.Errorf("Available() = false without a reason")
		}
		t.Skipf("no namespaces here (%s); Available says: %s", refused, reason)
	}
	if !ok {
		t.Fatalf("the kernel allows this user's namespaces, yet the sandbox is unavailable: %s", reason)
	}
}

// namespacesRefused makes the namespaces a sandbox needs around true(1),
// without the sandbox's code, and says why the kernel refused them, or "".
func namespacesRefused() string {
	cmd := exec.Command("true")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWNET |
			syscall.CLONE_NEWPID | syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}},
	}
	if err := cmd.Run(); err != nil {
		return err.Error()
	}
	return ""
}

// requireNamespaces skips t where the kernel refuses the namespaces: the
// gateway runs instances as plain processes there (TestAvailableHere).
func requireNamespaces(t *testing.T) {
	t.Helper()
	if refused := namespacesRefused(); refused != "" {
		t.Skipf("no namespaces here, so no sandbox (%s)", refused)
	}
}

// start runs args in a sandbox with code holding files, and returns once
// the command printed "listening".
func start(t *testing.T, files map[string]string, args ...string) *Channel {
	t.Helper()
	_, ch := startCmd(t, files, args...)
	return ch
}

// startCmd is start, with the command that runs the sandbox's init.
func startCmd(t *testing.T, files map[string]string, args ...string) (*exec.Cmd, *Channel) {
	t.Helper()
	requireNamespaces(t)
	code := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(code, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd, ch, err := Command(Config{Function: "f", InstanceID: "c-test", CodeDir: code, RootDir: t.TempDir(),
		Path: args[0], Args: args, Env: []string{"PATH=/usr/bin:/bin"}, TmpBytes: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	r, w, _ := os.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var out strings.Builder
	outDone, listening := make(chan struct{}), make(chan struct{})
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if sc.Text() == "listening" {
				close(listening)
			}
		}
		close(outDone)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		ch.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ch.Begin(ctx); err != nil {
		t.Fatalf("begin: %v", err)
	}
	select {
	case <-listening:
	case <-outDone:
		t.Fatalf("the server ended without listening:\n%s", out.String())
	case <-time.After(time.Minute):
		t.Fatal("the server never said it listens")
	}
	return cmd, ch
}

func TestServerOn9000ReadsCode(t *testing.T) {
	testtier.NeedsProcesses(t)
	ch := start(t, map[string]string{"msg.txt": "hello from code\n", "server.py": `
import socket
msg = open("/code/msg.txt").read()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9000)); s.listen(8)
print("listening", flush=True)
while True:
    c, _ = s.accept(); c.sendall(msg.encode()); c.close()
`}, "/usr/bin/python3", "/code/server.py")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := ch.Dial(ctx, 9000)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 100)
	n, _ := c.Read(b)
	c.Close()
	if got := string(b[:n]); got != "hello from code\n" {
		t.Fatalf("got %q", got)
	}
}

// rootlessEnv marks the copy of this test binary that runs as nobody.
const rootlessEnv = "WSDEPLOY_SANDBOX_TEST_ROOTLESS"

// Users run the gateway as themselves: the sandbox must build through an
// unprivileged user namespace. Run as root (CI), this re-runs the sandbox
// tests as user nobody; run as anyone else, they already are rootless.
func TestRootless(t *testing.T) {
	testtier.NeedsProcesses(t)
	if os.Getenv(rootlessEnv) != "" {
		t.Skip("already the rootless run")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: the other tests of this run are the rootless ones")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A copy nobody may execute, in a directory nobody may enter.
	dir, err := os.MkdirTemp("", "sandbox-rootless-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "sandbox.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "TestAvailableHere|TestServerOn9000ReadsCode|TestConn", "-test.count=1", "-test.v")
	cmd.Dir = dir
	cmd.Env = []string{rootlessEnv + "=1", "PATH=/usr/bin:/bin", "HOME=/nonexistent", "TMPDIR=/tmp"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		if why := userNamespacesOff(); why != "" {
			t.Skipf("this kernel allows no unprivileged user namespaces (%s):\n%s", why, out)
		}
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	for _, name := range []string{"TestServerOn9000ReadsCode", "TestConn"} {
		if !strings.Contains(string(out), "--- PASS: "+name) {
			t.Fatalf("as nobody, %s did not pass:\n%s", name, out)
		}
	}
}

// userNamespacesOff says which of the kernel's switches keeps unprivileged
// users from making user namespaces, or "".
func userNamespacesOff() string {
	for file, off := range map[string]string{
		"/proc/sys/user/max_user_namespaces":                     "0",
		"/proc/sys/kernel/unprivileged_userns_clone":             "0",
		"/proc/sys/kernel/apparmor_restrict_unprivileged_userns": "1",
	} {
		if b, err := os.ReadFile(file); err == nil && strings.TrimSpace(string(b)) == off {
			return file + " = " + off
		}
	}
	return ""
}
