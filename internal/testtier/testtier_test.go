package testtier

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSkipsUnderShort runs a marked test in a child go test process, with
// and without -short, and checks the marker's verdict and reason.
func TestMarkerChild(t *testing.T) {
	if os.Getenv("TESTTIER_CHILD") == "" {
		t.Skip("run by TestSkipsOnlyUnderShort")
	}
	NeedsGateway(t)
}

func TestSkipsOnlyUnderShort(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, short := range []bool{true, false} {
		args := []string{"-test.run=^TestMarkerChild$", "-test.v"}
		if short {
			args = append(args, "-test.short")
		}
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), "TESTTIER_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("short=%v: %v\n%s", short, err, out)
		}
		skipped := strings.Contains(string(out), "--- SKIP")
		if skipped != short {
			t.Errorf("short=%v: skipped=%v\n%s", short, skipped, out)
		}
		if short && !strings.Contains(string(out), string(Gateway)) {
			t.Errorf("the skip does not say why:\n%s", out)
		}
	}
}

func TestRequire(t *testing.T) {
	Require(t, "nothing", "") // present: no skip, no failure
}
