package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Source is one file's name (as shown in diagnostics) and content.
type Source struct {
	Filename string
	Bytes    []byte
}

// Load reads every *.hcl file of dir (variable files *.vars.hcl aside),
// evaluates variables, locals and references, and validates the result
// against FC's rules. The returned Stack is non-nil whenever the directory
// could be read, so that callers can render diagnostics with snippets from
// Stack.Files even when there are errors.
func Load(dir string, opts Options) (*Stack, hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Cannot read the stack directory",
			Detail: fmt.Sprintf("%s: %s. Run wsdeploy in a directory holding *.hcl files, or pass -chdir DIR.", dir, friendlyPathError(err)),
		}}
	}
	var configs, autoVars []Source
	var defaultVars *Source
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".hcl") || strings.HasPrefix(name, ".") {
			continue
		}
		path := displayPath(dir, name)
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Cannot read a stack file",
				Detail: fmt.Sprintf("%s: %v", path, err),
			}}
		}
		switch {
		case name == DefaultVarsFile:
			defaultVars = &Source{path, src}
		case strings.HasSuffix(name, AutoVarsSuffix):
			autoVars = append(autoVars, Source{path, src})
		case strings.HasSuffix(name, VarsSuffix):
			// Other variable files are read only when named by -var-file.
		default:
			configs = append(configs, Source{path, src})
		}
	}
	if defaultVars != nil {
		autoVars = append([]Source{*defaultVars}, autoVars...)
	}
	return LoadSources(dir, configs, autoVars, opts)
}

// displayPath is how a file is named in diagnostics: relative to the working
// directory, as the user wrote the stack directory.
func displayPath(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	return filepath.Join(dir, name)
}

// LoadSources is Load for files already read: configs are the stack's *.hcl
// files, autoVars the variable files read without being asked (in order).
// Relative paths in the configuration (code directories) resolve against dir.
func LoadSources(dir string, configs, autoVars []Source, opts Options) (*Stack, hcl.Diagnostics) {
	l := &loader{
		dir:   dir,
		opts:  opts,
		stack: &Stack{Dir: dir, Files: map[string][]byte{}, Locals: map[string]cty.Value{}},
	}
	l.load(configs, autoVars)
	scrubDiagnostics(l.diags, l.stack)
	sortDiagnostics(l.diags)
	return l.stack, l.diags
}

// loader holds the state of one Load.
type loader struct {
	dir   string
	opts  Options
	stack *Stack
	diags hcl.Diagnostics
	ctx   *hcl.EvalContext
	// declared names the variables, locals and functions, for reference checks.
	declared declared
	// badRefs are the ranges of references already reported as undeclared.
	badRefs []hcl.Range
}

func (l *loader) errorAt(rng hcl.Range, summary, detail string) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()})
}

func (l *loader) warnAt(rng hcl.Range, summary, detail string) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: rng.Ptr()})
}

// blocks are the top-level blocks of all files, by type, in file order.
type blocks struct {
	providers, variables, locals, functions, domains, outputs []*hcl.Block
	stackAttr                                                 *hcl.Attribute
}

func (l *loader) load(configs, autoVars []Source) {
	if len(configs) == 0 {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "No configuration files",
			Detail: fmt.Sprintf("The directory %s holds no *.hcl files. Create one with a function block, or run wsdeploy init.", displayDir(l.dir)),
		})
		return
	}
	sort.Slice(configs, func(i, j int) bool { return configs[i].Filename < configs[j].Filename })
	var all blocks
	for _, src := range configs {
		l.stack.Files[src.Filename] = src.Bytes
		f, diags := hclsyntax.ParseConfig(src.Bytes, src.Filename, hcl.InitialPos)
		l.diags = append(l.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		content, diags := bodyContent(f.Body, fileSchema)
		l.diags = append(l.diags, diags...)
		if attr, ok := content.Attributes["stack"]; ok {
			if all.stackAttr != nil {
				l.errorAt(attr.NameRange, "Duplicate stack name",
					fmt.Sprintf("The stack name is already set at %s. Set it once.", all.stackAttr.NameRange))
			} else {
				all.stackAttr = attr
			}
		}
		for _, b := range content.Blocks {
			switch b.Type {
			case "provider":
				all.providers = append(all.providers, b)
			case "variable":
				all.variables = append(all.variables, b)
			case "locals":
				all.locals = append(all.locals, b)
			case "function":
				all.functions = append(all.functions, b)
			case "custom_domain":
				all.domains = append(all.domains, b)
			case "output":
				all.outputs = append(all.outputs, b)
			}
		}
	}

	decls := map[string]*varDecl{}
	for _, b := range l.unique(all.variables, "variable") {
		decls[b.Labels[0]] = l.declareVariable(b)
	}
	l.resolveVariables(decls, autoVars)
	l.checkVariableValidations(decls)

	l.ctx = &hcl.EvalContext{Variables: map[string]cty.Value{"var": variablesObject(decls)}, Functions: functions}
	l.evaluateGraph(all.locals, l.unique(all.functions, "function"))
	l.stack.Name, l.stack.NameRange = l.stackName(all.stackAttr)
	for _, b := range l.unique(all.providers, "provider") {
		l.decodeProvider(b)
	}
	l.decodeDomains(all.domains)
	for _, b := range l.unique(all.outputs, "output") {
		l.decodeOutput(b)
	}
	l.checkStack()
	l.stack.evalCtx = l.ctx
}

// sortDiagnostics orders diagnostics by file and position, those without a
// source range first, so a user reads them top to bottom.
func sortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		default:
			return a.Start.Byte < b.Start.Byte
		}
	})
}

func displayDir(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// unique drops (and reports) blocks whose label repeats an earlier one.
func (l *loader) unique(bs []*hcl.Block, kind string) []*hcl.Block {
	seen := map[string]*hcl.Block{}
	var out []*hcl.Block
	for _, b := range bs {
		name := b.Labels[0]
		if first, dup := seen[name]; dup {
			l.errorAt(b.LabelRanges[0], fmt.Sprintf("Duplicate %s %q", kind, name),
				fmt.Sprintf("A %s named %q is already declared at %s. Rename or remove one of them.", kind, name, first.DefRange))
			continue
		}
		seen[name] = b
		out = append(out, b)
	}
	return out
}

func variablesObject(decls map[string]*varDecl) cty.Value {
	vals := map[string]cty.Value{}
	for name, decl := range decls {
		v := decl.v.Value
		if !v.IsKnown() { // no valid value: reported already
			v = v.Mark(erroredMark)
		}
		if decl.v.Sensitive {
			v = v.Mark(sensitiveMark)
		}
		vals[name] = v
	}
	return cty.ObjectVal(vals)
}

var stackNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`)

// stackName is the stack attribute's value or, without one, the name of the
// stack directory.
func (l *loader) stackName(attr *hcl.Attribute) (string, hcl.Range) {
	if attr != nil {
		if _, bad := l.checkReferences(attr.Expr.Variables()); bad {
			return "", attr.Expr.Range()
		}
		d := &attrDecoder{ctx: l.ctx, attrs: hcl.Attributes{"stack": attr}, what: "the stack"}
		var name string
		ok := d.string("stack", &name)
		l.diags = append(l.diags, d.diags...)
		if ok && !stackNameRE.MatchString(name) {
			l.errorAt(attr.Expr.Range(), "Invalid stack name",
				fmt.Sprintf("%q is not a valid stack name: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit. It is recorded as the wsdeploy-stack tag of every function the stack owns.", name))
		}
		return name, attr.Expr.Range()
	}
	abs, err := filepath.Abs(l.dir)
	name := filepath.Base(abs)
	if err == nil && !stackNameRE.MatchString(name) {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid stack name",
			Detail: fmt.Sprintf("The stack is named after its directory, but %q is not a valid stack name. Set one in a .hcl file: stack = \"my-service\".", name),
		})
	}
	return name, hcl.Range{}
}
