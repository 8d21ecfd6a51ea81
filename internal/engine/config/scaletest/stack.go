package scaletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Source declares n functions sharing the code directory "src", each with
// a command, environment, tags from a local value, a trigger and a smoke
// block; every odd function refers to the one before it.
func Source(n int) string {
	var b strings.Builder
	b.WriteString("stack = \"bench\"\n\nlocals {\n  team = \"core\"\n}\n")
	for i := range n {
		desc := `"fn"`
		if i%2 == 1 {
			desc = fmt.Sprintf(`"after ${function.f%d.name}"`, i-1)
		}
		fmt.Fprintf(&b, `
function "f%d" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = %s
  environment = { INDEX = "%d" }
  tags        = { team = local.team }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}
`, i, desc, i)
	}
	return b.String()
}

// Dir writes Source(n) as main.hcl into a fresh directory, with "src"
// holding an executable "server", and returns the directory.
func Dir(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string]string{
		"main.hcl":   Source(n),
		"src/server": "#!/bin/sh\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}
