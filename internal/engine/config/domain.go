package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// decodeDomains decodes the custom_domain blocks once every function is
// decoded (routes refer to them), and sorts them by host name.
func (l *loader) decodeDomains(bs []*hcl.Block) {
	fns := make(map[string]*Function, len(l.stack.Functions))
	for _, f := range l.stack.Functions {
		fns[f.Label] = f
	}
	for _, b := range l.unique(bs, "custom_domain") {
		l.decodeDomain(b, fns)
	}
	sort.Slice(l.stack.Domains, func(i, j int) bool { return l.stack.Domains[i].Name < l.stack.Domains[j].Name })
}

// decodeDomain decodes and validates one custom_domain block. A reference
// to an undeclared name is reported once, with a suggestion; the domain is
// then kept but not validated further.
func (l *loader) decodeDomain(b *hcl.Block, fns map[string]*Function) {
	content, diags := bodyContent(b.Body, domainSchema)
	l.diags = append(l.diags, diags...)
	dom := &CustomDomain{Name: b.Labels[0], DeclRange: b.DefRange, Ranges: map[string]hcl.Range{}}
	l.stack.Domains = append(l.stack.Domains, dom)
	reported := len(l.badRefs)
	_, unresolved := l.checkReferences(attrTraversals(content.Attributes))
	before := len(l.diags)

	d := &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: fmt.Sprintf("custom_domain %q", dom.Name), ranges: dom.Ranges, unresolved: &unresolved}
	in := domainInput{}
	d.string("protocol", &in.protocol)
	if d.string("certificate", &in.cert) {
		dom.CertFile = l.resolvePath(in.cert)
	}
	if d.string("private_key", &in.key) {
		dom.KeyFile = l.resolvePath(in.key)
	}
	d.string("tls_min_version", &dom.TLSMinVersion)
	l.diags = append(l.diags, d.diags...)
	for i, rb := range content.Blocks {
		dom.Routes = append(dom.Routes, l.decodeRoute(dom, i, rb, fns, &unresolved))
	}
	l.diags = append(l.diags[:before], dropReported(l.diags[before:], l.badRefs[reported:])...)
	if unresolved {
		return
	}
	c := domainCheck{site{l: l, ranges: dom.Ranges, decl: dom.DeclRange, who: fmt.Sprintf("custom_domain %q", dom.Name)}, dom}
	c.validate(b.LabelRanges[0], in)
}

// attrTraversals lists the references in attrs, in name order.
func attrTraversals(attrs hcl.Attributes) []hcl.Traversal {
	var out []hcl.Traversal
	for _, name := range sortedKeys(attrs) {
		out = append(out, attrs[name].Expr.Variables()...)
	}
	return out
}

// domainInput is what a custom_domain block writes before defaults and
// normalisation: validate needs to tell a protocol left out from one
// written.
type domainInput struct {
	protocol, cert, key string
}

// routeKey is the key prefix of route i's attributes in CustomDomain.Ranges.
func routeKey(i int) string { return fmt.Sprintf("route.%d", i) }

func (l *loader) decodeRoute(dom *CustomDomain, i int, b *hcl.Block, fns map[string]*Function, unresolved *bool) *Route {
	content, diags := bodyContent(b.Body, routeSchema)
	l.diags = append(l.diags, diags...)
	key := routeKey(i)
	dom.Ranges[key] = b.DefRange
	r := &Route{Methods: []string{"GET"}, DeclRange: b.DefRange}
	fnAttr := content.Attributes["function"]
	delete(content.Attributes, "function") // a reference resolved here, not a value
	if _, bad := l.checkReferences(attrTraversals(content.Attributes)); bad {
		*unresolved = true
	}
	d := &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: fmt.Sprintf("route %d of custom_domain %q", i+1, dom.Name),
		prefix: key + ".", ranges: dom.Ranges, unresolved: unresolved}
	d.string("path", &r.Path)
	d.stringList("methods", &r.Methods)
	l.diags = append(l.diags, d.diags...)
	if fnAttr != nil {
		dom.Ranges[key+".function"] = fnAttr.Expr.Range()
		r.Function = l.routeFunction(fnAttr, fns, fmt.Sprintf("custom_domain %q: route %q", dom.Name, r.Path))
	}
	return r
}

// routeFunction resolves a route's function = function.<label>: a
// reference, not a string, so that apply orders the function before the
// domain, and a label that names no function is caught here.
func (l *loader) routeFunction(attr *hcl.Attribute, fns map[string]*Function, who string) *Function {
	rng := attr.Expr.Range()
	tr, diags := hcl.AbsTraversalForExpr(attr.Expr)
	label := ""
	if !diags.HasErrors() && tr.RootName() == "function" && len(tr) >= 2 {
		if step, ok := tr[1].(hcl.TraverseAttr); ok {
			label = step.Name
		}
	}
	if label != "" && len(tr) == 2 {
		if f := fns[label]; f != nil {
			return f
		}
		l.errorAt(rng, "Reference to undeclared function",
			fmt.Sprintf("%s: no function named %q is declared; a route sends its requests to a function block of this stack.%s", who, label, didYouMean(label, sortedKeys(fns))))
		return nil
	}
	hint := "function.<label>, such as function.chat"
	if label != "" { // function.chat.name
		hint = "function." + label
	} else if v, d := attr.Expr.Value(l.ctx); !d.HasErrors() && v.IsKnown() && v.Type() == cty.String && !v.IsNull() && !v.IsMarked() {
		if s := suggest(v.AsString(), sortedKeys(fns)); s != "" { // function = "chat"
			hint = "function." + s
		}
	}
	l.errorAt(rng, "Invalid route function",
		fmt.Sprintf("%s: a route's function is a reference to a function block of this stack, written without quotes: function = %s. The reference lets apply create the function before the domain routes to it.", who, hint))
	return nil
}

// lowerHost is name in lower case when that differs from name.
func lowerHost(name string) string {
	if low := strings.ToLower(name); low != name {
		return low
	}
	return ""
}
