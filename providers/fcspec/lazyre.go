package fcspec

import (
	"regexp"
	"sync"
)

// lazyRE compiles expr on first use. Compiled at package initialization,
// this package's expressions cost every start of the wsdeploy binary about
// 3 ms, a sandboxed instance's init included (docs/BENCHMARKS.md, cold
// start).
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
