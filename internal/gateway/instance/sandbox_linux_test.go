package instance

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/fclang"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// sandboxSpec runs testdata/fcpy/server.py as FC code: copied into a code
// directory with greeting.txt, started as ["python3", "/code/server.py"].
func sandboxSpec(t *testing.T, sink LogSink, hide []string, args ...string) Spec {
	t.Helper()
	if ok, why := sandbox.Available(); !ok {
		t.Skip("no sandbox here:", why)
	}
	code := t.TempDir()
	src, err := os.ReadFile("testdata/fcpy/server.py")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"server.py": string(src), "greeting.txt": "hello from /code\n"} {
		if err := os.WriteFile(filepath.Join(code, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Spec{
		Function:   "fcpy",
		InstanceID: NewInstanceID(),
		CodeDir:    code,
		Command:    []string{"/usr/bin/python3", "/code/server.py"},
		Args:       args,
		Port:       9000,
		Sink:       sink,
		Sandbox:    &Sandboxing{DiskMB: 16, Hide: hide},
	}
}

// call GETs path from the instance over a connection made with Dial.
func call(t *testing.T, inst *Instance, path string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) { return inst.Dial(ctx) },
	}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+inst.Addr()+path, nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, b)
	}
}

type fileAnswer struct {
	OK    bool   `json:"ok"`
	Data  string `json:"data"`
	Error string `json:"error"`
}

// Three instances of code that hard-codes 0.0.0.0:9000 and /code run at
// once, each on port 9000 of its own network, each with its own id.
func TestSandboxedInstancesShareFCsPort(t *testing.T) {
	testtier.NeedsProcesses(t)
	seen := map[string]bool{}
	for range 3 {
		s := sandboxSpec(t, nil, nil)
		inst := start(t, s)
		var env struct {
			Greeting, Cwd, Instance, Port, CodePath string `json:"-"`
		}
		var raw map[string]any
		call(t, inst, "/env", &raw)
		env.Greeting, env.Cwd = fmt.Sprint(raw["greeting"]), fmt.Sprint(raw["cwd"])
		env.Instance, env.Port, env.CodePath = fmt.Sprint(raw["instance"]), fmt.Sprint(raw["port"]), fmt.Sprint(raw["code_path"])
		if env.Greeting != "hello from /code" || env.Cwd != "/code" || env.Port != "9000" || env.CodePath != "/code" {
			t.Errorf("instance sees %+v", env)
		}
		if env.Instance != s.InstanceID || seen[env.Instance] {
			t.Errorf("instance id %q (spec %q, seen %v)", env.Instance, s.InstanceID, seen)
		}
		if fmt.Sprint(raw["uid"]) != "0" {
			t.Errorf("uid inside = %v, want 0 (FC runs custom runtimes as root)", raw["uid"])
		}
		seen[env.Instance] = true
		if inst.Addr() != sandbox.Addr.String()+":9000" {
			t.Errorf("Addr = %s", inst.Addr())
		}
	}
}

// A server bound to 127.0.0.1 inside its sandbox is refused, for real:
// the gateway reaches instances at an address that is not loopback.
func TestSandboxRefusesLoopbackOnlyServer(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := sandboxSpec(t, nil, nil, "127.0.0.1")
	_, err := Start(context.Background(), s)
	want := `function "fcpy" listens on 127.0.0.1:9000; Function Compute only reaches servers listening on 0.0.0.0 — listen on 0.0.0.0:9000`
	if !IsLoopback(err) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// An instance sees neither the hidden state directory nor another
// function's code; /code is read-only; /tmp is its own.
func TestSandboxIsolation(t *testing.T) {
	testtier.NeedsProcesses(t)
	state := t.TempDir()
	creds := filepath.Join(state, "credentials")
	if err := os.WriteFile(creds, []byte("[default]\naccess_key_secret = s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := start(t, sandboxSpec(t, nil, []string{state}))
	b := start(t, sandboxSpec(t, nil, []string{state}))
	for _, path := range []string{creds, b.spec.CodeDir + "/greeting.txt", a.spec.CodeDir + "/greeting.txt"} {
		var got fileAnswer
		call(t, a, "/read?path="+path, &got)
		if got.OK {
			t.Errorf("instance a read the host's %s: %q", path, got.Data)
		}
	}
	var w fileAnswer
	if call(t, a, "/write?path=/code/new.txt", &w); w.OK || !strings.Contains(w.Error, "Read-only") {
		t.Errorf("writing /code: %+v, want a read-only file system", w)
	}
	if call(t, a, "/write?path=/tmp/mine&data=a-only", &w); !w.OK {
		t.Fatalf("writing /tmp: %+v", w)
	}
	var r fileAnswer
	if call(t, a, "/read?path=/tmp/mine", &r); !r.OK || r.Data != "a-only" {
		t.Errorf("a reading its /tmp: %+v", r)
	}
	if call(t, b, "/read?path=/tmp/mine", &r); r.OK {
		t.Errorf("b read a's /tmp file: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(os.TempDir(), "mine")); err == nil {
		t.Errorf("the instance's /tmp file appeared on the host")
	}
}

// The state directory stays out of sight even inside a directory the
// instance is shown: an installation whose bin/ is on PATH is shown whole
// (its lib/ beside it), unless it holds the state directory; then only
// bin/ is. Without Hide the same layout shows the credentials.
func TestSandboxHidesStateDirInAShownDirectory(t *testing.T) {
	testtier.NeedsProcesses(t)
	tools := t.TempDir()
	bin, state := filepath.Join(tools, "bin"), filepath.Join(tools, "state")
	for _, f := range []struct{ path, data string }{
		{filepath.Join(bin, "tool"), "a tool\n"},
		{filepath.Join(state, "credentials"), "[default]\naccess_key_secret = s3cret\n"},
	} {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f.path, []byte(f.data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name      string
		hide      []string
		credsSeen bool
	}{
		{"without Hide", nil, true}, // the layout would show them
		{"hidden", []string{state}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sandboxSpec(t, nil, tc.hide)
			s.Env = map[string]string{"PATH": bin + ":/usr/bin:/bin"}
			inst := start(t, s)
			var got fileAnswer
			if call(t, inst, "/read?path="+bin+"/tool", &got); !got.OK || got.Data != "a tool\n" {
				t.Fatalf("the directory of PATH is not shown: %+v", got)
			}
			if call(t, inst, "/read?path="+state+"/credentials", &got); got.OK != tc.credsSeen {
				t.Errorf("reading the credentials: %+v, want seen = %v", got, tc.credsSeen)
			}
		})
	}
}

// A state directory inside a system directory that the sandbox shows
// whole (/opt here, as a gateway run as a service might keep it) is
// covered inside: its files are not there for an instance to read.
func TestSandboxMasksStateDirInASystemDirectory(t *testing.T) {
	testtier.NeedsProcesses(t)
	state, err := os.MkdirTemp("/opt", "wsdeploy-state-")
	if err != nil {
		t.Skip("cannot make a directory in /opt here: ", err)
	}
	t.Cleanup(func() { os.RemoveAll(state) })
	creds := filepath.Join(state, "credentials")
	if err := os.WriteFile(creds, []byte("[default]\naccess_key_secret = s3cret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		hide      []string
		credsSeen bool
	}{
		{"without Hide", nil, true}, // /opt is shown whole
		{"hidden", []string{state}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inst := start(t, sandboxSpec(t, nil, tc.hide))
			var got fileAnswer
			if call(t, inst, "/read?path="+creds, &got); got.OK != tc.credsSeen {
				t.Errorf("reading %s: %+v, want seen = %v", creds, got, tc.credsSeen)
			}
		})
	}
}

// Bootstraps written for FC run the interpreter at FC's language path
// (/var/fc/lang/python3.10/bin/python3 on custom.debian10): inside, it is
// the host's python3, which finds its library under that path.
func TestSandboxRunsFCLanguagePath(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := sandboxSpec(t, nil, nil)
	s.Runtime = fcspec.RuntimeCustomDebian10
	var fcPython string
	for _, l := range fclang.Links(s.Runtime, fclang.LookPath(envValue(environ(s), "PATH"))) {
		if l.Language == "python" && l.Documented {
			fcPython = l.FCPath + "/bin/" + l.Exe
			break
		}
	}
	if fcPython == "" {
		t.Skip("this host has no python3 that FC's custom.debian10 language paths map to")
	}
	s.Command = []string{fcPython, "/code/server.py"}
	inst := start(t, s)
	var env map[string]any
	call(t, inst, "/env", &env)
	if env["greeting"] != "hello from /code" || env["exe"] != fcPython || !strings.HasPrefix(fmt.Sprint(env["prefix"]), "/var/fc/lang/") {
		t.Errorf("the instance started as %s sees %v", fcPython, env)
	}
}

// The instance's /tmp is as large as its disk_size.
func TestSandboxTmpIsDiskSize(t *testing.T) {
	testtier.NeedsProcesses(t)
	for _, mb := range []int{16, 24} {
		s := sandboxSpec(t, nil, nil)
		s.Sandbox.DiskMB = mb
		var got fileAnswer
		if call(t, start(t, s), "/statfs?path=/tmp", &got); !got.OK || got.Data != strconv.Itoa(mb<<20) {
			t.Errorf("disk_size %d MB: /tmp has %+v bytes, want %d", mb, got, mb<<20)
		}
	}
}

// A command that cannot run, or exits before it listens, is reported at
// once, with the readiness deadline still far away.
func TestSandboxStartFailuresAreReportedAtOnce(t *testing.T) {
	testtier.NeedsProcesses(t)
	for _, tc := range []struct {
		name, want string
		command    []string
		code       fcspec.Code // what StartFailureCode reads: the failure itself
	}{
		{"missing file in /code", "/code/nope.py", []string{"/usr/bin/python3", "/code/nope.py"}, fcspec.CodeCAExited},
		{"missing command in /code", "/code/missing does not exist", []string{"/code/missing"}, fcspec.CodeCAFileNotFound},
		{"not executable", "is not executable", []string{"/code/server.py"}, fcspec.CodeCAFilePermission},
		{"missing FC language path", "could not be started", []string{"/var/fc/lang/nodejs99/bin/node", "/code/index.js"}, fcspec.CodeCAFileNotFound},
		{"exits at once", "exited before it was ready: exit status 3", []string{"/bin/sh", "-c", "echo bootstrap failed >&2; exit 3"}, fcspec.CodeCAExited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sandboxSpec(t, nil, nil)
			// A deadline no start failure could be mistaken for: the
			// error must be the exec or exit itself, long before it.
			s.Command, s.ReadyTimeout = tc.command, 2*time.Minute
			began := time.Now()
			_, err := Start(context.Background(), s)
			took := time.Since(began)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want it to say %q", err, tc.want)
			}
			if code := StartFailureCode(err); code != tc.code {
				t.Errorf("reported as %q, want %q: %v", code, tc.code, err)
			}
			if strings.Contains(err.Error(), "not ready within") || took > s.ReadyTimeout/4 {
				t.Errorf("reported after %v, as if it waited for the readiness deadline: %v", took, err)
			}
			t.Logf("%s: reported after %v", tc.name, took)
		})
	}
}

// An instance over its memory_size is killed by the kernel, and its exit
// says so; its clients lose their connection.
func TestSandboxMemoryLimit(t *testing.T) {
	testtier.NeedsProcesses(t)
	mc, why := memcg.Detect()
	if mc == nil {
		t.Skip("no memory cgroup here:", why)
	}
	t.Cleanup(func() { mc.Close() })
	s := sandboxSpec(t, nil, nil)
	s.MemoryMB, s.Sandbox.Memory = 64, mc
	inst := start(t, s)
	var ok fileAnswer
	call(t, inst, "/alloc?mb=8", &ok) // well within: it keeps running
	if !ok.OK {
		t.Fatalf("allocating 8 MB: %+v", ok)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	c, err := inst.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /alloc?mb=256 HTTP/1.0\r\n\r\n")
	if b, _ := io.ReadAll(c); len(b) != 0 {
		t.Errorf("the instance answered %q past its memory limit", b)
	}
	exit := waitDone(t, inst)
	if exit.OutOfMemory == nil || exit.OutOfMemory.LimitMB != 64 || !strings.Contains(exit.String(), "out of memory") {
		t.Errorf("exit = %v (%+v), want killed for going over 64 MB", exit, exit.OutOfMemory)
	}
	t.Log(exit)
}

// A service on the host's loopback is reachable inside at the same address,
// relayed by Join; without Join it is not there.
func TestSandboxReachesHostLoopbackServices(t *testing.T) {
	testtier.NeedsProcesses(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, "from the host\n")
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	path := fmt.Sprintf("/connect?port=%d", port)

	s := sandboxSpec(t, nil, nil)
	s.Sandbox.Join = func(inner, outer net.Conn) {
		go io.Copy(inner, outer)
		io.Copy(outer, inner)
	}
	var got fileAnswer
	if call(t, start(t, s), path, &got); !got.OK || got.Data != "from the host\n" {
		t.Errorf("with a relay: %+v, want the host's line", got)
	}
	if call(t, start(t, sandboxSpec(t, nil, nil)), path, &got); got.OK {
		t.Errorf("without a relay the instance reached the host's port: %+v", got)
	}
}

// A sandboxed instance's readiness is asked of the kernel through a
// sock_diag socket made in its own network namespace, which sees the
// server's listener on 9000 where the host's sock_diag does not: reading
// the namespace's /proc/net/tcp instead would walk every TCP socket of
// the machine on each poll (docs/BENCHMARKS.md, cold start).
func TestSandboxReadinessThroughItsOwnSockDiag(t *testing.T) {
	testtier.NeedsProcesses(t)
	inst := start(t, sandboxSpec(t, nil, nil))
	var inside []socket
	err := inst.ch.WithDiag(func(fd int) (err error) {
		inside, err = diagListenersOn(fd, 9000)
		return err
	})
	if err != nil {
		t.Fatalf("the instance's sock_diag: %v", err)
	}
	if len(inside) != 1 || !inside[0].ip.IsUnspecified() {
		t.Fatalf("listeners on 9000 in the instance's namespace: %+v, want its server's one on the wildcard address", inside)
	}
	host, err := diagListeners(9000)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range host {
		if s.inode == inside[0].inode {
			t.Fatalf("the host's sock_diag sees the instance's listener %+v", s)
		}
	}
	addr, why, err := nsReady("fcpy", inst.ch, -1, 9000) // no pid: procfs cannot be the answer
	if err != nil || addr != sandbox.Addr.String()+":9000" {
		t.Fatalf("nsReady = %q, %q, %v", addr, why, err)
	}
}
