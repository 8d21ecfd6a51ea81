package applye2e

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/build"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// Builds run before packaging, once per distinct command, and report
// progress; a failed one shows its output.
func TestBuildBlocks(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	src := `
stack = "built"
function "a" {
  code = "./out"
  build {
    command     = ["sh", "-c", "mkdir -p out && printf '#!/bin/sh\n# %s\n' \"$FLAVOUR\" > out/bootstrap && chmod +x out/bootstrap && echo run >> builds.log"]
    environment = { FLAVOUR = "vanilla" }
  }
}
function "b" {
  code = "./out"
  build {
    command     = ["sh", "-c", "mkdir -p out && printf '#!/bin/sh\n# %s\n' \"$FLAVOUR\" > out/bootstrap && chmod +x out/bootstrap && echo run >> builds.log"]
    environment = { FLAVOUR = "vanilla" }
  }
}
`
	stack := sd.load(src)
	var progress []string
	pl, err := plan.Make(ctx, stack, p, plan.Options{Progress: func(e plan.Progress) { progress = append(progress, string(e.Kind)+" "+e.Address) }})
	if err != nil {
		t.Fatal(err)
	}
	log, _ := os.ReadFile(filepath.Join(sd.dir, "builds.log"))
	if string(log) != "run\n" {
		t.Errorf("builds.log = %q: one build for two functions sharing it", log)
	}
	got := strings.Join(progress, ", ")
	for _, want := range []string{"build_start function.a", "build_complete function.a", "refresh_start ", "refresh_complete "} {
		if !strings.Contains(got, want) {
			t.Errorf("progress %q lacks %q", got, want)
		}
	}
	mustApply(t, pl, p)

	failing := strings.Replace(src, `echo run >> builds.log"]`, `echo compiling...; echo 'main.go:1: syntax error' >&2; exit 2"]`, 1)
	_, err = plan.Make(ctx, sd.load(failing), p, plan.Options{})
	var be *build.Error
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "function.a: build command") || !strings.Contains(err.Error(), "main.go:1: syntax error") {
		t.Errorf("err = %v", err)
	}
	// A destroy builds nothing.
	if _, err := plan.MakeDestroy(ctx, sd.load(failing), p, plan.Options{}); err != nil {
		t.Errorf("destroy ran the build: %v", err)
	}
}
