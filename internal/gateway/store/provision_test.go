package store

import (
	"errors"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// TestProvisionLifecycle: a provision config survives a reopen, lists in
// name order with its function's name, and goes with its function.
func TestProvisionLifecycle(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	mustCreate(t, s, "a", "b", "c")
	for _, n := range []string{"c", "a"} {
		if err := s.PutProvision(n, &fc.ProvisionConfig{Target: dara.Int64(2)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutProvision("nope", &fc.ProvisionConfig{}); !errors.Is(err, ErrFunctionNotFound) {
		t.Errorf("put on a missing function: %v", err)
	}
	if _, err := s.GetProvision("b"); !errors.Is(err, ErrProvisionNotFound) || !errors.Is(err, ErrNotFound) {
		t.Errorf("unset config: %v", err)
	}
	s.Close()

	s = openT(t, dir)
	defer s.Close()
	if p, err := s.GetProvision("a"); err != nil || dara.Int64Value(p.Target) != 2 {
		t.Fatalf("after reopen: %v, %v", p, err)
	}
	ps, next, err := s.ListProvisions(ListOptions{Limit: 1}, nil)
	if err != nil || len(ps) != 1 || ps[0].Function != "a" || next != "c" {
		t.Fatalf("first page = %s, %q, %v", jsonOf(t, ps), next, err)
	}
	if _, err := s.DeleteFunction("c"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "c")
	if _, err := s.GetProvision("c"); !errors.Is(err, ErrProvisionNotFound) {
		t.Errorf("recreated function inherited a provision config: %v", err)
	}
	if err := s.DeleteProvision("a"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProvision("a"); !errors.Is(err, ErrProvisionNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
