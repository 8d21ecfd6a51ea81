package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// node is a local value or a function: the things that may refer to each
// other, so they are evaluated in dependency order.
type node struct {
	addr    string // "local.x" or "function.y"
	expr    hcl.Expression
	block   *hcl.Block
	rng     hcl.Range
	deps    []string
	badRefs []hcl.Range // references that could not be resolved: already reported
	cycle   bool        // part of a reference loop: not evaluated
}

// evaluateGraph evaluates locals and functions in dependency order, reporting
// undeclared references and cycles. Each node is evaluated in a context
// holding only the values it refers to: building the whole local and
// function objects for every node copied them n times (quadratic in the
// number of functions, 16 s for 10,000).
func (l *loader) evaluateGraph(localBlocks, fnBlocks []*hcl.Block) {
	nodes := map[string]*node{}
	var order []string
	for _, b := range localBlocks {
		attrs, diags := b.Body.JustAttributes()
		l.diags = append(l.diags, diags...)
		for _, name := range sortedKeys(attrs) {
			attr := attrs[name]
			addr := "local." + name
			if first, dup := nodes[addr]; dup {
				l.errorAt(attr.NameRange, fmt.Sprintf("Duplicate local value %q", name),
					fmt.Sprintf("local.%s is already defined at %s. Rename or remove one of them.", name, first.rng))
				continue
			}
			nodes[addr] = &node{addr: addr, expr: attr.Expr, rng: attr.NameRange}
			order = append(order, addr)
		}
	}
	for _, b := range fnBlocks {
		addr := "function." + b.Labels[0]
		nodes[addr] = &node{addr: addr, block: b, rng: b.DefRange}
		order = append(order, addr)
	}
	l.declared = newDeclared()
	for addr := range nodes {
		kind, name, _ := strings.Cut(addr, ".")
		l.declared.add(kind, name)
	}
	for _, v := range l.stack.Variables {
		l.declared.add("var", v.Name)
	}
	for _, addr := range order {
		n := nodes[addr]
		var trs []hcl.Traversal
		if n.expr != nil {
			trs = n.expr.Variables()
		} else {
			trs = bodyTraversals(n.block.Body)
		}
		reported := len(l.badRefs)
		n.deps, _ = l.checkReferences(trs)
		n.badRefs = l.badRefs[reported:]
	}

	base := l.ctx
	locals := map[string]cty.Value{}
	fnObjects := map[string]cty.Value{}
	state := map[string]int{} // 0 new, 1 on the stack, 2 done
	var stack []string
	var visit func(addr string)
	visit = func(addr string) {
		n := nodes[addr]
		switch state[addr] {
		case 2:
			return
		case 1:
			i := indexOf(stack, addr)
			cycle := append(append([]string{}, stack[i:]...), addr)
			l.errorAt(n.rng, "Cycle in references",
				fmt.Sprintf("These values refer to each other in a loop: %s. Break the loop by writing one of them without the reference.", strings.Join(cycle, " → ")))
			for _, a := range stack[i:] {
				nodes[a].cycle = true
			}
			return
		}
		state[addr] = 1
		stack = append(stack, addr)
		for _, dep := range n.deps {
			visit(dep)
		}
		stack = stack[:len(stack)-1]
		state[addr] = 2
		l.ctx = nodeContext(base, n.deps, locals, fnObjects)
		defer func() { l.ctx = base }()
		kind, name, _ := strings.Cut(addr, ".")
		if kind == "local" {
			locals[name] = errored
			if len(n.badRefs) == 0 && !n.cycle {
				v, diags := n.expr.Value(l.ctx)
				l.diags = append(l.diags, diags...)
				if !diags.HasErrors() {
					locals[name] = v
					l.stack.Locals[name], _ = v.UnmarkDeep()
				}
			}
			return
		}
		fnObjects[name] = errored
		if n.cycle {
			return
		}
		// A function with a bad reference is still decoded so that its
		// other problems are reported too; the bad reference was reported
		// once already, so evaluation errors at it are dropped.
		before := len(l.diags)
		f, ok := l.decodeFunction(n.block)
		if len(n.badRefs) > 0 {
			l.diags = append(l.diags[:before], dropReported(l.diags[before:], n.badRefs)...)
		}
		l.stack.Functions = append(l.stack.Functions, f)
		if ok && len(n.badRefs) == 0 {
			fnObjects[name] = functionObject(f)
		}
	}
	for _, addr := range order {
		visit(addr)
	}
	l.ctx.Variables["local"] = cty.ObjectVal(locals)
	l.ctx.Variables["function"] = cty.ObjectVal(fnObjects)
	sort.Slice(l.stack.Functions, func(i, j int) bool { return l.stack.Functions[i].Label < l.stack.Functions[j].Label })
}

// nodeContext is base plus the locals and functions of deps, as far as
// they are evaluated.
func nodeContext(base *hcl.EvalContext, deps []string, locals, fns map[string]cty.Value) *hcl.EvalContext {
	own := map[string]map[string]cty.Value{"local": {}, "function": {}}
	for _, dep := range deps {
		kind, name, _ := strings.Cut(dep, ".")
		from := locals
		if kind == "function" {
			from = fns
		}
		if v, ok := from[name]; ok {
			own[kind][name] = v
		}
	}
	ctx := base.NewChild()
	ctx.Variables = map[string]cty.Value{"local": cty.ObjectVal(own["local"]), "function": cty.ObjectVal(own["function"])}
	return ctx
}

// declared holds the names of variables, locals and functions, by root
// ("var", "local", "function"), for reference checks.
type declared map[string]map[string]bool

func newDeclared() declared {
	return declared{"var": {}, "local": {}, "function": {}}
}

func (d declared) add(root, name string) { d[root][name] = true }

// checkReferences reports references to undeclared variables, locals and
// functions; it returns the graph nodes the traversals depend on and whether
// any reference was bad.
func (l *loader) checkReferences(trs []hcl.Traversal) (deps []string, bad bool) {
	for _, tr := range trs {
		dep, ok := l.checkReference(tr)
		bad = bad || !ok
		if dep != "" {
			deps = append(deps, dep)
		}
	}
	return deps, bad
}

func (l *loader) checkReference(tr hcl.Traversal) (dep string, ok bool) {
	root := tr.RootName()
	kind := map[string]string{"var": "input variable", "local": "local value", "function": "function"}[root]
	if kind == "" {
		return "", true // other names are reported by evaluation ("Unknown variable")
	}
	if len(tr) < 2 {
		l.errorAt(tr.SourceRange(), "Invalid reference",
			fmt.Sprintf("A reference to %s must name one, as in %s.NAME.", root, root))
		return "", false
	}
	attr, isAttr := tr[1].(hcl.TraverseAttr)
	if !isAttr {
		l.errorAt(tr.SourceRange(), "Invalid reference",
			fmt.Sprintf("Use %s.NAME to refer to a %s.", root, kind))
		return "", false
	}
	if l.declared[root][attr.Name] {
		if root == "var" {
			return "", true
		}
		return root + "." + attr.Name, true
	}
	l.badRefs = append(l.badRefs, tr.SourceRange())
	l.errorAt(tr.SourceRange(), fmt.Sprintf("Reference to undeclared %s", kind),
		fmt.Sprintf("No %s named %q is declared.%s", kind, attr.Name, didYouMean(attr.Name, sortedKeys(l.declared[root]))))
	return "", false
}

// dropReported removes diagnostics about ranges already reported as bad
// references.
func dropReported(diags hcl.Diagnostics, reported []hcl.Range) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		dup := false
		for _, r := range reported {
			if d.Subject != nil && d.Subject.Filename == r.Filename && d.Subject.Overlaps(r) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, d)
		}
	}
	return out
}

// bodyTraversals lists every reference in a block body and its nested blocks.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var out []hcl.Traversal
	for _, name := range sortedKeys(sb.Attributes) {
		out = append(out, sb.Attributes[name].Expr.Variables()...)
	}
	for _, b := range sb.Blocks {
		out = append(out, bodyTraversals(b.Body)...)
	}
	return out
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// functionObject is what function.<label> evaluates to. A trigger's url is
// unknown until apply: outputs may use it, function attributes may not.
func functionObject(f *Function) cty.Value {
	triggers := map[string]cty.Value{}
	for _, t := range f.Triggers {
		methods := make([]cty.Value, len(t.Methods))
		for i, m := range t.Methods {
			methods[i] = cty.StringVal(m)
		}
		ml := cty.ListValEmpty(cty.String)
		if len(methods) > 0 {
			ml = cty.ListVal(methods)
		}
		triggers[t.Name] = cty.ObjectVal(map[string]cty.Value{
			"name":      cty.StringVal(t.Name),
			"methods":   ml,
			"auth_type": cty.StringVal(t.AuthType),
			"url":       cty.UnknownVal(cty.String),
		})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name":                 cty.StringVal(f.Name),
		"runtime":              cty.StringVal(f.Runtime),
		"port":                 cty.NumberIntVal(int64(f.Port)),
		"memory_size":          cty.NumberIntVal(int64(f.MemorySize)),
		"cpu":                  cty.NumberFloatVal(f.CPU),
		"timeout":              cty.NumberIntVal(int64(f.Timeout)),
		"instance_concurrency": cty.NumberIntVal(int64(f.InstanceConcurrency)),
		"description":          cty.StringVal(f.Description),
		"http_trigger":         cty.ObjectVal(triggers),
	})
}
