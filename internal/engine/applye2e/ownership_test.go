package applye2e

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

func TestFunctionOfAnotherStackIsRefused(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	a := newStackDir(t)
	converge(t, a.load(`
stack = "alpha"
function "shared" { code = "./app" }
`), p)
	// A function nobody tagged, as if made in the console.
	if err := g.st.CreateFunction(&fc.Function{FunctionName: dara.String("manual"), Runtime: dara.String("custom.debian12")}); err != nil {
		t.Fatal(err)
	}
	b := newStackDir(t).load(`
stack = "beta"
function "shared" { code = "./app" }
function "manual" { code = "./app" }
function "mine" { code = "./app" }
`)
	_, err := plan.Make(ctx, b, p, plan.Options{})
	var owned *plan.OwnershipError
	if !errors.As(err, &owned) {
		t.Fatalf("err = %v, want an OwnershipError", err)
	}
	msg := err.Error()
	for _, want := range []string{`function.shared: a function named "shared" already exists on local and belongs to stack "alpha"`,
		`function.manual: a function named "manual" already exists on local and was not created by wsdeploy`, "wsdeploy-stack=beta"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	// Nothing was touched, and alpha still plans empty.
	if got := g.functions(t); !reflect.DeepEqual(got, map[string][]string{"shared": {}, "manual": {}}) {
		t.Errorf("gateway holds %v", got)
	}
	if pl := mustPlan(t, loadStack(t, a.dir), p); pl.HasChanges() {
		t.Errorf("alpha's plan:\n%s", describe(pl))
	}
	// Destroying beta, whole or targeted, leaves what is not beta's alone.
	for _, targets := range [][]string{nil, {"function.shared", "function.manual"}} {
		if pl := mustPlanDestroy(t, b, p, targets...); pl.HasChanges() {
			t.Errorf("destroy of beta %v plans:\n%s", targets, describe(pl))
		}
	}
}
