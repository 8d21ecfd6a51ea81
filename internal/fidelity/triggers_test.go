package fidelity_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FC allows one HTTP trigger per function (fcspec.OneHTTPTrigger), so a
// second CreateTrigger is refused and the first stays the only one.
// validate refuses a second http_trigger block, so this goes to the API.
func TestSecondHTTPTriggerRefused(t *testing.T) {
	t.Parallel()
	tg := fidelity.Open(t)
	s := tg.NewStack(t, "second-trigger")
	s.WriteCode("app")
	s.Converge(fidelity.Tiny("app", ""))

	ctx := context.Background()
	_, err := tg.Provider.CreateTrigger(ctx, s.Name, &providers.HTTPTrigger{Name: "second", Methods: []string{"GET"}, AuthType: "anonymous"})
	if err == nil || errors.Is(err, providers.ErrNotFound) {
		t.Errorf("a second HTTP trigger on %s: err = %v, want FC's refusal (%s)", s.Name, err, fcspec.OneHTTPTrigger)
	}
	f, err := tg.Provider.GetFunction(ctx, s.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Triggers) != 1 || f.Triggers[0].Name != "ws" {
		var names []string
		for _, tr := range f.Triggers {
			names = append(names, tr.Name)
		}
		t.Errorf("%s has HTTP triggers %v after the refused create, want only [ws]", s.Name, names)
	}
}
