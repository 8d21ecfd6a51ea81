package fcspec

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// spelledElsewhere lists the files that still spell FC's vocabulary
// because their owner was editing them while the rest of the repository
// moved to the catalogue. An entry whose file no longer spells anything
// fails the test, so the list only shrinks.
// It is empty: keep it so.
var spelledElsewhere = map[string]bool{}

// coincidences are literals that equal a catalogue value by chance and
// mean something else: file → value → what it is.
var coincidences = map[string]map[string]string{
	"internal/gateway/instance/fclang/table.go": {"python3": "the interpreter's command name, not FC's python3 runtime"},
}

// vocabulary maps every value of the catalogue that no other package may
// spell to the constant's kind, for the failure message.
func vocabulary() map[string]string {
	v := map[string]string{}
	for _, c := range Codes() {
		v[string(c)] = "Code"
	}
	for _, e := range []ErrorType{ErrorTypeCommon, ErrorTypeUnhandled, ErrorTypeInitialization} {
		v[string(e)] = "ErrorType"
	}
	for _, s := range []State{StatePending, StateActive, StateInactive, StateFailed} {
		v[string(s)] = "State"
	}
	for _, u := range []UpdateStatus{UpdateInProgress, UpdateSuccessful, UpdateFailed} {
		v[string(u)] = "UpdateStatus"
	}
	for _, r := range append(append([]string{}, WebSocketRuntimes...), BuiltinRuntimes...) {
		v[r] = "runtime"
	}
	// Distinctive words only: "http", "function" or "anonymous" are also
	// English, URL schemes and HCL names, so auth and trigger types are
	// left to review.
	v[QualifierLatest] = "qualifier"
	v[TagResourceFunctionROS] = "tag resource type"
	return v
}

// TestNoVocabularyOutsideCatalogue enforces the package's promise: no
// non-test Go file outside fcspec spells an FC code, X-Fc-Error-Type,
// state, update status or runtime name as a string literal. Tests may
// spell what they expect from the wire.
func TestNoVocabularyOutsideCatalogue(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the repository root is not two directories up: %v", err)
	}
	self := filepath.Join(root, "providers", "fcspec")
	words := vocabulary()
	var found []string
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "vendor" || path == self) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".pb.go") {
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if kind, ok := words[s]; ok && coincidences[rel][s] == "" {
				if spelledElsewhere[rel] {
					seen[rel] = true
				} else {
					found = append(found, rel+":"+strconv.Itoa(fset.Position(lit.Pos()).Line)+": "+lit.Value+" is fcspec's "+kind)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("%d string literals spell FC's vocabulary outside providers/fcspec; name the catalogue's constant instead:\n%s",
			len(found), strings.Join(found, "\n"))
	}
	for f := range spelledElsewhere {
		if !seen[f] {
			t.Errorf("%s is allow-listed but spells none of FC's vocabulary any more: delete its entry", f)
		}
	}
}

// TestEveryCodeHasAStatus: a code the catalogue declares is answered on at
// least one plane, with an HTTP error status, except the Initializer's
// failure, which FC documents as answered 200.
func TestEveryCodeHasAStatus(t *testing.T) {
	for _, c := range Codes() {
		cs, ts := c.ControlStatus(), c.TriggerStatus()
		if cs == 0 && ts == 0 {
			t.Errorf("%s has no status on the control API nor on triggers", c)
		}
		for _, s := range []int{cs, ts} {
			if s != 0 && (s < 400 || s > 599) && !(c == CodeInitializerFailed && s == 200) {
				t.Errorf("%s has status %d, not an HTTP error status", c, s)
			}
		}
	}
	if Code("NoSuchCode").Known() || Code("NoSuchCode").ControlStatus() != 0 {
		t.Error("a code outside the catalogue is reported as known")
	}
}

// TestVocabularyUnambiguous: no value means two kinds of thing, except the
// Failed shared by State and UpdateStatus (FC's own spelling).
func TestVocabularyUnambiguous(t *testing.T) {
	seen := map[string][]string{}
	add := func(kind string, vs ...string) {
		for _, v := range vs {
			seen[v] = append(seen[v], kind)
		}
	}
	for _, c := range Codes() {
		add("Code", string(c))
	}
	add("ErrorType", string(ErrorTypeCommon), string(ErrorTypeUnhandled), string(ErrorTypeInitialization))
	add("State", string(StatePending), string(StateActive), string(StateInactive), string(StateFailed))
	add("UpdateStatus", string(UpdateInProgress), string(UpdateSuccessful))
	add("runtime", WebSocketRuntimes...)
	add("runtime", BuiltinRuntimes...)
	var dup []string
	for v, kinds := range seen {
		if len(kinds) > 1 {
			dup = append(dup, v+" ("+strings.Join(kinds, ", ")+")")
		}
	}
	sort.Strings(dup)
	if len(dup) > 0 {
		t.Errorf("values declared twice: %s", strings.Join(dup, "; "))
	}
}
