package host

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// docs/plugins.md's host.Open snippet is ExampleOpen's body, which
// compiles with the package's tests: the two stay the same.
func TestDocsQuoteExampleOpen(t *testing.T) {
	doc, err := os.ReadFile("../../docs/plugins.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)func ExampleOpen\(\) \{\n(.*?)\n\}\n`).FindSubmatch(src)
	if m == nil {
		t.Fatal("example_test.go has no ExampleOpen")
	}
	var body []string
	for _, l := range strings.Split(string(m[1]), "\n") {
		body = append(body, strings.TrimPrefix(l, "\t"))
	}
	snippet := "```go\n" + strings.Join(body, "\n") + "\n```\n"
	if !strings.Contains(string(doc), snippet) {
		t.Errorf("docs/plugins.md does not quote ExampleOpen's body as it is:\n%s", snippet)
	}
}
