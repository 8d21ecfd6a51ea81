package plugintestlocal

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// deviationEnv names the deviation a child test binary runs authorsTest
// with.
const deviationEnv = "PLUGINTESTLOCAL_DEVIATION"

// A failure of the kit is reported at the author's call of plugintest.Run,
// file and line, as go test prints it: every helper of the kit on the way
// calls t.Helper. Each deviation runs in a child test binary, so that the
// failure is a real one, printed by the testing package.
func TestKitFailuresPointAtTheAuthorsTest(t *testing.T) {
	if name := os.Getenv(deviationEnv); name != "" {
		for _, c := range deviations {
			if c.name == name {
				authorsTest(t, c.wrap)
				return
			}
		}
		t.Fatalf("no deviation %q", name)
	}
	if testing.Short() {
		t.Skip("runs the kit in child processes (-short)")
	}
	src, err := os.ReadFile("author_test.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "// the failure's line") {
			line = i + 1
		}
	}
	want := fmt.Sprintf("author_test.go:%d", line)
	for _, c := range deviations {
		// A failure in a step itself and one in a read back; the other
		// deviations fail late in the kit, each after minutes of steps.
		if c.name != "vague" && c.name != "forgetful" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestKitFailuresPointAtTheAuthorsTest$", "-test.timeout=10m")
			cmd.Env = append(os.Environ(), deviationEnv+"="+c.name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the author's test passed:\n%s", out)
			}
			// go test prints "    file.go:line: message".
			m := regexp.MustCompile(`(?m)^\s+(\S+\.go:\d+): ` + regexp.QuoteMeta(c.want[0])).FindSubmatch(out)
			if m == nil {
				t.Fatalf("no failure beginning %q in the output:\n%s", c.want[0], out)
			}
			if string(m[1]) != want {
				t.Errorf("the failure is reported at %s; want %s, the author's call of plugintest.Run:\n%s", m[1], want, out)
			}
		})
	}
}
