package exampletest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Gateway is a local gateway that one test started on a state directory of
// its own; it is stopped when the test ends.
type Gateway struct {
	StateDir string
	env      []string
	start    []string // the arguments that started it, for Restart
}

// StartGateway starts `wsdeploy gateway --detach` with no propagation delay
// (tests need not wait out FC's trigger cache) and any extra flags.
func StartGateway(t *testing.T, flags ...string) *Gateway {
	t.Helper()
	// Registered before the stop below, so removed after it (cleanups run
	// last in, first out).
	dir := filepath.Join(t.TempDir(), "gateway")
	g := &Gateway{StateDir: dir, env: []string{"WSDEPLOY_GATEWAY_STATE_DIR=" + dir, "NO_COLOR=1"}}
	g.start = append([]string{"gateway", "--detach", "--propagation-delay=0s"}, flags...)
	g.Run(t, ".", g.start...).Expect(t, 0)
	t.Cleanup(func() {
		if r := g.Run(t, ".", "gateway", "stop"); r.Code != 0 {
			t.Errorf("wsdeploy gateway stop: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
	})
	return g
}

// Restart stops the gateway (its instances get their PreStop hook, then
// SIGTERM) and starts it again on the same state directory with the same
// flags: functions, triggers and their ports are kept.
func (g *Gateway) Restart(t testing.TB) {
	t.Helper()
	g.Run(t, ".", "gateway", "stop").Expect(t, 0)
	g.Run(t, ".", g.start...).Expect(t, 0)
}

// Result is what one wsdeploy command did.
type Result struct {
	Args           []string
	Code           int
	Stdout, Stderr string
}

// Expect fails the test unless the command exited with code.
func (r Result) Expect(t testing.TB, code int) Result {
	t.Helper()
	if r.Code != code {
		t.Fatalf("wsdeploy %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(r.Args, " "), r.Code, code, r.Stdout, r.Stderr)
	}
	return r
}

// Run runs wsdeploy in dir against this gateway.
func (g *Gateway) Run(t testing.TB, dir string, args ...string) Result {
	t.Helper()
	return g.RunEnv(t, nil, dir, args...)
}

// RunEnv is Run with extra environment variables.
func (g *Gateway) RunEnv(t testing.TB, env []string, dir string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(Binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), g.env...), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := Result{Args: args, Stdout: out.String(), Stderr: errOut.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.Code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running wsdeploy %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// Validate checks that the stack in dir is valid without a single warning.
func (g *Gateway) Validate(t testing.TB, dir string, args ...string) {
	t.Helper()
	r := g.Run(t, dir, append([]string{"validate"}, args...)...).Expect(t, 0)
	if r.Stdout != "Success! The configuration is valid.\n" || r.Stderr != "" {
		t.Errorf("validate is not clean:\nstdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
	}
}

// Apply applies the stack in dir without confirmation and returns its
// outputs (read from the -json event stream).
func (g *Gateway) Apply(t testing.TB, dir string, args ...string) map[string]any {
	t.Helper()
	r := g.Run(t, dir, append([]string{"-json", "apply", "-auto-approve"}, args...)...).Expect(t, 0)
	sc := bufio.NewScanner(strings.NewReader(r.Stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev struct {
			Type    string `json:"type"`
			Outputs map[string]struct {
				Value any `json:"value"`
			} `json:"outputs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("apply -json printed a line that is not JSON: %q", sc.Text())
		}
		if ev.Type == "outputs" {
			out := map[string]any{}
			for k, v := range ev.Outputs {
				out[k] = v.Value
			}
			return out
		}
	}
	t.Fatalf("apply -json printed no outputs event:\n%s", r.Stdout)
	return nil
}

// URL is the string output name of an apply.
func URL(t testing.TB, outputs map[string]any, name string) string {
	t.Helper()
	u, ok := outputs[name].(string)
	if !ok || !strings.HasPrefix(u, "http") {
		t.Fatalf("output %q is %v, want a URL", name, outputs[name])
	}
	return u
}

// ExpectNoChanges checks that a plan right after apply is empty (exit 0
// of -detailed-exitcode): nothing in the stack drifts by being deployed.
func (g *Gateway) ExpectNoChanges(t testing.TB, dir string, args ...string) {
	t.Helper()
	g.Run(t, dir, append([]string{"plan", "-detailed-exitcode"}, args...)...).Expect(t, 0)
}

// Destroy deletes what the stack owns and checks that a plan would now
// create it again.
func (g *Gateway) Destroy(t testing.TB, dir string, args ...string) {
	t.Helper()
	g.Run(t, dir, append([]string{"destroy", "-auto-approve"}, args...)...).Expect(t, 0)
	g.Run(t, dir, append([]string{"plan", "-detailed-exitcode"}, args...)...).Expect(t, 2)
}

// LogsOnFailure prints the function's log at the end of a failed test: what
// the server said is usually why.
func (g *Gateway) LogsOnFailure(t *testing.T, function string) {
	t.Cleanup(func() {
		if t.Failed() {
			r := g.Run(t, ".", "logs", function)
			t.Logf("wsdeploy logs %s:\n%s%s", function, r.Stdout, r.Stderr)
		}
	})
}
