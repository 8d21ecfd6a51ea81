package wire

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The formats must not be built from the engine's types: a package here
// that imported the engine could let a rename there change a format.
func TestWireImportsNothingOfTheModule(t *testing.T) {
	const module = "github.com/wsdeploy/wsdeploy/"
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, module) && !strings.HasPrefix(p, module+"internal/wire/") {
				t.Errorf("%s imports %s: the wire formats are their own types; convert from the engine's in the engine", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
