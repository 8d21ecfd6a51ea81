package plugintest

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// spec is what the generated stack declares; each step changes it and
// rewrites the stack's main.hcl.
type spec struct {
	stack        string
	description  string
	memory       int
	timeout      int
	env          map[string]string
	maxInstances int // 0: none declared
	triggers     []triggerSpec
	affinity     *affinitySpec // nil: no session_affinity block
}

// affinitySpec is a session_affinity block, attributes as written.
type affinitySpec struct {
	typ     string // "header_field" or "cookie"
	header  string // header_field only
	perInst int
	ttl     int
	idle    int // 0: not written
	noReuse bool
}

type triggerSpec struct {
	name        string
	methods     []string
	description string
}

func initialSpec(stack string) spec {
	return spec{
		stack:       stack,
		description: "plugintest echo",
		memory:      512,
		timeout:     60,
		env:         map[string]string{"GREETING": "hello"},
		triggers:    []triggerSpec{{name: "ws", methods: []string{"GET"}, description: "the WebSocket endpoint"}},
	}
}

// function is the FC name of the stack's one function.
func (s spec) function() string { return s.stack + "-echo" }

func (s spec) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack = %q\n\nfunction \"echo\" {\n", s.stack)
	fmt.Fprintf(&b, "  name        = %q\n  description = %q\n", s.function(), s.description)
	fmt.Fprintf(&b, "  runtime     = %q\n  code        = \"./dist\"\n  command     = [\"./bootstrap\"]\n  port        = 9000\n", fcspec.RuntimeCustomDebian12)
	// FC forces instance concurrency to 200 with session affinity.
	concurrency := 10
	if s.affinity != nil {
		concurrency = fcspec.AffinityInstanceConcurrency
	}
	fmt.Fprintf(&b, "  memory_size = %d\n  timeout     = %d\n  instance_concurrency = %d\n", s.memory, s.timeout, concurrency)
	if a := s.affinity; a != nil {
		fmt.Fprintf(&b, "  session_affinity {\n    type = %q\n", a.typ)
		if a.header != "" {
			fmt.Fprintf(&b, "    header = %q\n", a.header)
		}
		fmt.Fprintf(&b, "    sessions_per_instance = %d\n    session_ttl = %d\n", a.perInst, a.ttl)
		if a.idle > 0 {
			fmt.Fprintf(&b, "    session_idle_timeout = %d\n", a.idle)
		}
		fmt.Fprintf(&b, "    disable_session_id_reuse = %t\n  }\n", a.noReuse)
	}
	if s.maxInstances > 0 {
		fmt.Fprintf(&b, "  max_instances = %d\n", s.maxInstances)
	}
	b.WriteString("  environment = {\n")
	for _, k := range slices.Sorted(maps.Keys(s.env)) {
		fmt.Fprintf(&b, "    %s = %q\n", k, s.env[k])
	}
	b.WriteString("  }\n")
	for _, t := range s.triggers {
		fmt.Fprintf(&b, "  http_trigger %q {\n    methods     = [%s]\n    auth_type   = %q\n    description = %q\n  }\n",
			t.name, quoted(t.methods), fcspec.AuthAnonymous, t.description)
	}
	b.WriteString("  smoke {\n    enabled = false\n  }\n}\n")
	return b.String()
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func (k *kit) writeStack() {
	k.t.Helper()
	if err := os.WriteFile(filepath.Join(k.dir, "main.hcl"), []byte(k.spec.hcl()), 0o644); err != nil {
		k.fatalf("writing the stack: %v", err)
	}
}

// echoPackage is the function's code: a small WebSocket echo server for
// FC's custom runtime.
const echoPackage = "github.com/wsdeploy/wsdeploy/plugins/plugintest/echo"

// buildEcho builds the echo server into the stack's code directory as its
// bootstrap, static and stripped (every plan packages it), from the module
// the test runs in.
func (k *kit) buildEcho() {
	k.t.Helper()
	out := filepath.Join(k.dir, "dist", "bootstrap")
	cmd := exec.CommandContext(k.ctx, goTool(), "build", "-trimpath", "-ldflags=-s -w", "-o", out, echoPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		k.fatalf("building the echo function (%s): %v\n%s", echoPackage, err, b)
	}
}

// goTool is the go command that runs the test, else the one on PATH.
func goTool() string {
	if goroot := os.Getenv("GOROOT"); goroot != "" {
		if p := filepath.Join(goroot, "bin", "go"); fileExists(p) {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
