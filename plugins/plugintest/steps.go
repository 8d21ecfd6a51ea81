package plugintest

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

const (
	fnAddr = "function.echo"
	wsAddr = "function.echo.http_trigger.ws"
)

// fresh: nothing exists yet, and missing things are reported as such.
func (k *kit) fresh() {
	k.t.Helper()
	name := k.spec.function()
	if _, err := k.p.GetFunction(k.ctx, name); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("GetFunction(%q) of a function that does not exist returned %v; want an error matching providers.ErrNotFound", name, err)
	}
	if fs, err := k.p.ListFunctions(k.ctx, k.spec.stack); err != nil || len(fs) > 0 {
		k.fatalf("ListFunctions(%q) of a new stack returned (%s, %v); want nothing", k.spec.stack, names(fs), err)
	}
	if err := k.p.DeleteTrigger(k.ctx, name, "ws"); err != nil && !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("DeleteTrigger of a missing trigger returned %v; want nil or providers.ErrNotFound", err)
	}
	if err := k.p.DeleteFunction(k.ctx, name); err != nil && !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("DeleteFunction of a missing function returned %v; want nil or providers.ErrNotFound", err)
	}
}

// settled is what follows every apply: read back, empty plan.
func (k *kit) settled() {
	k.t.Helper()
	k.readBack()
	k.planEmpty()
}

func (k *kit) create() {
	k.t.Helper()
	k.apply(map[string]plan.Action{fnAddr: plan.Create, wsAddr: plan.Create}, false)
	k.settled()
	k.smoke()
}

func (k *kit) updateSettings() {
	k.t.Helper()
	k.spec.description = "plugintest echo, updated"
	k.spec.memory, k.spec.timeout = 1024, 120
	k.spec.env = map[string]string{"GREETING": "bonjour", "ADDED": "1"}
	k.writeStack()
	k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
	k.settled()
}

func (k *kit) updateCode() {
	k.t.Helper()
	before := k.code
	if err := os.WriteFile(filepath.Join(k.dir, "dist", "VERSION"), []byte("2\n"), 0o644); err != nil {
		k.fatalf("%v", err)
	}
	k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
	if k.code == before {
		k.fatalf("the plan did not upload the changed code (a bug in plugintest)")
	}
	k.settled()
	k.smoke() // the new code serves
}

// triggers changes the function's one trigger, removes it and adds it
// back: FC allows one http trigger per function, so no second one is added.
func (k *kit) triggers() {
	k.t.Helper()
	declared := k.spec.triggers
	k.spec.triggers[0].description = "the WebSocket endpoint, updated"
	k.writeStack()
	k.apply(map[string]plan.Action{wsAddr: plan.Update}, false)
	k.settled()

	k.spec.triggers = nil
	k.writeStack()
	k.apply(map[string]plan.Action{wsAddr: plan.Delete}, false)
	k.settled()

	k.spec.triggers = declared
	k.writeStack()
	k.apply(map[string]plan.Action{wsAddr: plan.Create}, false)
	k.settled()
}

func (k *kit) reservedConcurrency() {
	k.t.Helper()
	k.spec.maxInstances = 3
	k.writeStack()
	k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
	k.settled()

	k.spec.maxInstances = 0
	k.writeStack()
	k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
	k.settled()
}

func (k *kit) destroy() {
	k.t.Helper()
	k.apply(map[string]plan.Action{fnAddr: plan.Delete, wsAddr: plan.Delete}, true)
	k.gone()
}
