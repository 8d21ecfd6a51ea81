package views

import (
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// Import says what it writes before asking and that the differences wait
// for apply; -json ends with import_complete and its fields.
func TestImportViews(t *testing.T) {
	pending := &plan.Plan{Changes: []*plan.Change{{Address: "function.chat", Kind: plan.KindFunction, Action: plan.Update}}}
	im := &plan.Import{Address: "function.chat", Function: "chat-prod", Stack: "demo", Plan: pending}

	var o testOutput
	v := NewImport(New(Options{Streams: o.streams(0)}))
	v.Pending(im)
	v.Imported(im)
	got := o.stdout.String()
	for _, frag := range []string{`Import marks function "chat-prod" as function.chat of stack "demo" (tag wsdeploy-stack=demo)`,
		"until the next wsdeploy apply", `Import complete! Function "chat-prod" is function.chat of stack "demo". Run wsdeploy apply`} {
		if !strings.Contains(got, frag) {
			t.Errorf("human output lacks %q:\n%s", frag, got)
		}
	}

	o = testOutput{}
	v = NewImport(newTestJSON(&o))
	v.Pending(im)
	v.Imported(im)
	got = o.stdout.String()
	for _, frag := range []string{`"type":"import_complete"`, `"address":"function.chat"`, `"function":"chat-prod"`, `"stack":"demo"`, `"changes_pending":true`} {
		if !strings.Contains(got, frag) {
			t.Errorf("-json lacks %s:\n%s", frag, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 2 {
		t.Errorf("-json: %d events, want version and import_complete (Pending adds none):\n%s", n, got)
	}
}
