package aliyun

import (
	"errors"
	"net/http"
	"testing"

	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

func TestReservedConcurrency(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	reserved := func() *int64 {
		t.Helper()
		r, err := p.fc.GetConcurrencyConfig(dara.String("chat"))
		if err != nil {
			t.Fatal(err)
		}
		return r.Body.ReservedConcurrency
	}
	f := wsFunction("chat", "demo")
	f.MaxInstances = intp(3)
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	if r := reserved(); dara.Int64Value(r) != 3 {
		t.Errorf("after create: reserved %v", r)
	}
	f.MaxInstances = intp(10)
	if got, err := p.UpdateFunction(ctx, f, nil); err != nil || got.MaxInstances == nil || *got.MaxInstances != 10 || dara.Int64Value(reserved()) != 10 {
		t.Errorf("change: %v", err)
	}
	f.MaxInstances = nil
	if got, err := p.UpdateFunction(ctx, f, nil); err != nil || got.MaxInstances != nil || reserved() != nil {
		t.Errorf("remove: %v", err)
	}
}

// FC may answer a function without a concurrency config with a 404 of the
// config's own (unconfirmed): that is "none", not "function not found".
func TestConcurrencyConfigNotFoundMeansNone(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		switch r.Header.Get("x-acs-action") {
		case "GetConcurrencyConfig", "DeleteConcurrencyConfig":
			fcError(w, http.StatusNotFound, "ConcurrencyConfigNotFound", "no concurrency config")
			return true
		}
		return false
	})
	f := wsFunction("chat", "demo")
	f.MaxInstances = nil
	got, err := p.UpdateFunction(ctx, f, nil)
	if err != nil || got.MaxInstances != nil {
		t.Fatalf("update without max instances: %v", err)
	}
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.Header.Get("x-acs-action") == "GetConcurrencyConfig" {
			fcError(w, http.StatusNotFound, "FunctionNotFound", "function 'chat' does not exist")
			return true
		}
		return false
	})
	if _, err := p.GetFunction(ctx, "chat"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("function gone between calls: %v", err)
	}
}
