package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// result is the outcome of one in-process run.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs wsdeploy in process with args and stdin.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"wsdeploy"}, args...), &env{
		stdin:   strings.NewReader(stdin),
		stdout:  &out,
		stderr:  &errOut,
		getenv:  func(string) string { return "" },
		environ: []string{"WSDEPLOY_VAR_region=cn-hangzhou"},
	})
	return result{code, out.String(), errOut.String()}
}

// expect fails the test unless r has the exit code.
func (r result) expect(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// fakeLoader records how validate called config.Load.
type fakeLoader struct {
	calls int
	dir   string
	opts  config.Options
	cwd   string
}

// useFakeLoader makes validate's config.Load return stack and diags.
func useFakeLoader(t *testing.T, stack *config.Stack, diags hcl.Diagnostics) *fakeLoader {
	t.Helper()
	f := &fakeLoader{}
	old := loadConfig
	t.Cleanup(func() { loadConfig = old })
	loadConfig = func(dir string, opts config.Options) (*config.Stack, hcl.Diagnostics) {
		f.calls++
		f.dir, f.opts = dir, opts
		f.cwd, _ = os.Getwd()
		return stack, diags
	}
	return f
}

// jsonEvents decodes a -json stream, failing on any line that is not an
// event.
func jsonEvents(t *testing.T, stream string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(stream, "\n"), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ev["type"] == nil {
			t.Fatalf("not a JSON event: %q (%v)", line, err)
		}
		evs = append(evs, ev)
	}
	return evs
}

func eventTypes(evs []map[string]any) []string {
	var types []string
	for _, ev := range evs {
		types = append(types, ev["type"].(string))
	}
	return types
}
