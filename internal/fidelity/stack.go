package fidelity

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// Stack is a stack directory of one test, deployed to a Target. Its name,
// and the names of its functions, begin with Prefix and the run's id.
type Stack struct {
	t       testing.TB
	tg      *Target
	Dir     string
	Name    string
	cleaned map[string]bool // functions whose deletion is arranged
}

// cleanupTimeout bounds the deletion of one test's functions.
const cleanupTimeout = 3 * time.Minute

// NewStack is an empty stack directory named Prefix+RunID+"-"+short.
// Templates given to Load write "@stack" for its name, so a function is
// named "@stack" or "@stack-something".
func (tg *Target) NewStack(t testing.TB, short string) *Stack {
	t.Helper()
	s := &Stack{t: t, tg: tg, Dir: t.TempDir(), Name: Prefix + tg.RunID + "-" + short, cleaned: map[string]bool{}}
	if err := checkFunctionName(s.Name); err != nil {
		t.Fatal(err)
	}
	return s
}

// Load writes src, with "@stack" replaced by the stack's name, as main.hcl
// and loads it. Before anything is deployed, it arranges for each of the
// stack's functions to be deleted when the test ends, passed or failed.
func (s *Stack) Load(src string) *config.Stack {
	s.t.Helper()
	src = strings.ReplaceAll(src, "@stack", s.Name)
	if err := os.WriteFile(filepath.Join(s.Dir, "main.hcl"), []byte(src), 0o644); err != nil {
		s.t.Fatal(err)
	}
	st, diags := config.Load(s.Dir, config.Options{Environ: []string{},
		ProviderSchemas: map[string]providers.Schema{local.Name: local.Schema, aliyun.Name: aliyun.Schema}})
	if diags.HasErrors() {
		s.t.Fatalf("loading %s: %s", s.Dir, diags.Error())
	}
	for _, f := range st.Functions {
		s.deleteAtEnd(f.Name)
	}
	return st
}

// deleteAtEnd deletes function name when the test ends (t.Cleanup runs
// also after a failure or a t.Fatal), reporting what it could not delete.
func (s *Stack) deleteAtEnd(name string) {
	s.t.Helper()
	if s.cleaned[name] {
		return
	}
	if !strings.HasPrefix(name, s.Name) {
		s.t.Fatalf("function %q is not named after its stack %q: the fidelity tests create only functions they can sweep", name, s.Name)
	}
	if err := checkFunctionName(name); err != nil {
		s.t.Fatal(err)
	}
	s.cleaned[name] = true
	s.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := s.tg.remove(ctx, name); err != nil {
			s.t.Errorf("cleanup: function %s could not be deleted: %v; a later live run sweeps it after %s, or delete it in FC's console", name, err, SweepAge)
		}
	})
}

// Plan plans st against the target.
func (s *Stack) Plan(st *config.Stack) *plan.Plan {
	s.t.Helper()
	pl, err := plan.Make(context.Background(), st, s.tg.Provider, plan.Options{Environ: []string{}})
	if err != nil {
		s.t.Fatalf("plan: %v", err)
	}
	return pl
}

// Converge applies src and requires the plan after it to be empty: the
// provider reads back what it wrote, and FC took every change.
func (s *Stack) Converge(src string) *apply.Result {
	s.t.Helper()
	st := s.Load(src)
	res, err := apply.Apply(context.Background(), s.Plan(st), s.tg.Provider, apply.Options{})
	if err != nil {
		s.t.Fatalf("apply: %v", err)
	}
	if again := s.Plan(st); again.HasChanges() {
		s.t.Fatalf("the plan after apply is not empty:\n%s", render(again))
	}
	return res
}

// render is pl as `wsdeploy plan` shows it, without colour.
func render(pl *plan.Plan) string {
	var b strings.Builder
	views.NewPlan(views.New(views.Options{Streams: views.Streams{Stdout: views.Stream{Writer: &b}, Stderr: views.Stream{Writer: &b}}})).Plan(pl)
	return b.String()
}

// Tiny is the cheapest function a test can deploy: 128 MB, code from
// ./<code>, an anonymous GET trigger "ws"; extra is HCL inside the
// function block (attributes or blocks under test).
func Tiny(code, extra string) string {
	return fmt.Sprintf(`
stack = "@stack"

function "fn" {
  name        = "@stack"
  code        = "./%s"
  runtime     = "custom.debian12"
  memory_size = 128
%s
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}
`, code, extra)
}
