package views

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Import shows `wsdeploy import`: the plan of the function as if owned
// (through the Plan view), what adopting it does, and that it is done.
type Import interface {
	Plan
	// Pending says what import is about to write, before confirmation.
	Pending(im *plan.Import)
	// Imported: the function carries the stack's tag now.
	Imported(im *plan.Import)
}

// NewImport builds the import view on base.
func NewImport(base Base) Import {
	return pick(base,
		func(h *Human) Import { return &importHuman{&planHuman{h}} },
		func(j *JSON) Import { return &importJSON{&planJSON{j}} })
}

type importHuman struct{ *planHuman }

func (v *importHuman) Pending(im *plan.Import) {
	fmt.Fprintf(v.Streams.Stdout, "\nImport marks function %q as %s of stack %q (tag %s=%s) and changes nothing else:\n"+
		"the differences above stay until the next wsdeploy apply makes them.\n", im.Function, im.Address, im.Stack, providers.StackTag, im.Stack)
}

func (v *importHuman) Imported(im *plan.Import) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "\n%s %s\n", out.Color.Paint("Import complete!", Bold, Green), importedText(im))
}

type importJSON struct{ *planJSON }

func (v *importJSON) Pending(*plan.Import) {} // the planned changes say it

func (v *importJSON) Imported(im *plan.Import) {
	v.emit(jsonstream.Info, "Import complete! "+importedText(im),
		jsonstream.ImportComplete{Address: im.Address, Function: im.Function, Stack: im.Stack, ChangesPending: im.Plan.HasChanges()})
}

func importedText(im *plan.Import) string {
	s := fmt.Sprintf("Function %q is %s of stack %q.", im.Function, im.Address, im.Stack)
	if im.Plan.HasChanges() {
		s += " Run wsdeploy apply to make the differences shown."
	}
	return s
}
