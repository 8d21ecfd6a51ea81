package fidelity_test

import (
	"context"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

// Removing health_check takes effect: FC keeps a nested object that an
// update leaves out (merge-on-update), so the provider must send it empty.
// The plan after is empty and the function reads back without one.
func TestRemoveHealthCheck(t *testing.T) {
	t.Parallel()
	tg := fidelity.Open(t)
	s := tg.NewStack(t, "health-check")
	s.WriteCode("app")
	s.Converge(fidelity.Tiny("app", `
  health_check {
    http_get_url    = "/healthz"
    timeout_seconds = 2
  }
`))
	s.Converge(fidelity.Tiny("app", ""))
	f, err := tg.Provider.GetFunction(context.Background(), s.Name)
	if err != nil {
		t.Fatal(err)
	}
	if f.HealthCheck != nil {
		t.Errorf("%s still has a health check after its removal was applied: %+v", s.Name, *f.HealthCheck)
	}
}
