package applye2e

import (
	"os"
	"path/filepath"
	"testing"
)

// Every example stack deploys from empty and then plans empty (building
// what its build blocks build).
func TestExamplesSettle(t *testing.T) {
	dirs, err := filepath.Glob("../../../examples/*/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		t.Run(filepath.Base(dir), func(t *testing.T) {
			g := newGateway(t)
			p := g.provider(t)
			stack := loadStack(t, dir)
			res := converge(t, stack, p)
			if res.Added == 0 {
				t.Errorf("nothing created")
			}
			assertDeployedOnce(t, g, stack)
		})
	}
	if len(seen) == 0 {
		if _, err := os.Stat("../../../examples"); err == nil {
			t.Fatal("no example stacks found under examples/")
		}
	}
}
