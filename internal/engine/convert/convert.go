package convert

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wsdeploy/wsdeploy/internal/engine/hclfmt"
)

// Input is one s.yaml to convert.
type Input struct {
	Filename string // as messages name it
	Src      []byte
	// Path maps a path of the s.yaml (relative to its directory) to the same
	// file as the stack directory sees it; nil keeps paths as written.
	Path func(string) string
}

// Note is one s.yaml setting that was not translated, and why.
type Note struct {
	Line  int    `json:"line"`
	Where string `json:"where"` // the resource, or "" for the file
	What  string `json:"what"`
	Why   string `json:"why"`
}

func (n Note) String() string {
	where := ""
	if n.Where != "" {
		where = n.Where + ": "
	}
	return fmt.Sprintf("line %d: %s%s: %s", n.Line, where, n.What, n.Why)
}

// Result is the stack: HCL to write as main.hcl, other files beside it
// (certificates given inline), and what was left out.
type Result struct {
	HCL       []byte
	Files     map[string][]byte
	Notes     []Note
	Functions []string // the function labels, in the order written
}

// MainFile is the name of the HCL file a conversion writes.
const MainFile = "main.hcl"

type envVar struct {
	name, def string
	hasDef    bool
}

type converter struct {
	in      Input
	visited int
	notes   []Note

	vars     map[string]string // vars key → var.x or local.x
	varNames map[string]bool   // HCL variable names taken
	envs     map[string]*envVar
	envOrder []string
	labels   map[string]string // resource key → function label
	byName   map[string]string // functionName as written → label

	head      *block // file comments, stack, provider
	variables *block
	locals    *block
	functions *block
	domains   map[string]*block
	domainSeq []string
	region    string
	files     map[string][]byte
}

// Convert translates an fc3 s.yaml. Errors are about the file as a whole (not
// YAML, not edition 3, no fc3 resource) and name the line.
func Convert(in Input) (*Result, error) {
	if in.Filename == "" {
		in.Filename = "s.yaml"
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(in.Src, &doc); err != nil {
		return nil, fmt.Errorf("%s is not valid YAML: %s. Fix it there (Serverless Devs cannot read it either)",
			in.Filename, yamlError(err))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s is empty: an fc3 s.yaml has edition: 3.0.0 and resources with component: fc3", in.Filename)
	}
	c := &converter{
		in: in, vars: map[string]string{}, varNames: map[string]bool{}, envs: map[string]*envVar{},
		labels: map[string]string{}, byName: map[string]string{}, domains: map[string]*block{},
		head: &block{}, variables: &block{}, locals: &block{typ: "locals"}, functions: &block{}, files: map[string][]byte{},
	}
	root := deref(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s line %d: the file is %s, not a mapping: an fc3 s.yaml has edition, name, vars and resources at its top level",
			in.Filename, doc.Content[0].Line, describe(root))
	}
	if err := c.file(c.pairs(root), root.Line); err != nil {
		return nil, err
	}
	if c.visited > maxNodes {
		return nil, fmt.Errorf("%s is too large to convert: its aliases expand to more than %d nodes", in.Filename, maxNodes)
	}
	return c.result()
}

func (c *converter) file(top []kv, line int) error {
	if ed, ok := scalar(get(top, "edition")); ok && !strings.HasPrefix(ed, "3.") {
		return fmt.Errorf("%s: edition %q: convert reads edition 3.0.0 s.yaml files (component fc3). Upgrade an fc component s.yaml first with `s cli fc3 s2tos3 --source s.yaml --target s3.yaml`", c.in.Filename, ed)
	}
	res := get(top, "resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return fmt.Errorf("%s line %d: no resources mapping: an fc3 s.yaml lists its functions under resources, each with component: fc3 and props", c.in.Filename, line)
	}
	var fns []kv
	for _, r := range c.pairs(res) {
		rp := c.pairs(r.val)
		comp, _ := scalar(get(rp, "component"))
		if c.isFC3(comp, rp) {
			fns = append(fns, r)
			c.labels[r.key] = c.label(r.key)
			continue
		}
		c.skip(c.head, r.line, "", "resource "+r.key, fmt.Sprintf("component %q is not fc3; convert translates fc3 functions only", comp))
	}
	if len(fns) == 0 {
		return fmt.Errorf("%s line %d: no resource with component: fc3, so there is nothing to convert", c.in.Filename, res.Line)
	}
	// vars first: everything else may refer to them.
	if v := get(top, "vars"); v != nil {
		c.declareVars(v)
	}
	for _, p := range top {
		switch p.key {
		case "edition", "resources", "vars":
		case "name":
			if s, ok := scalar(p.val); ok && strings.Contains(s, "${") {
				v, bad := c.value(p.val, 0)
				for _, b := range bad {
					c.skip(c.head, p.line, "", "name "+b, "this Serverless Devs expression has no wsdeploy counterpart; it is kept as text")
				}
				c.head.set("stack", v)
			} else if ok {
				c.head.set("stack", quote(stackName(s)))
			}
		case "access":
			c.head.note(fmt.Sprintf("access (line %d): credentials come from the environment or an aliyun profile, not from s.yaml: see docs/deploying.md.", p.line))
		default:
			c.skip(c.head, p.line, "", p.key, whyTop(p.key))
		}
	}
	for _, r := range fns {
		c.function(r)
	}
	return nil
}

// isFC3 reports whether a resource is an fc3 function. A component given as an
// expression (a version picked from the environment) counts when the props
// name a function.
func (c *converter) isFC3(comp string, rp []kv) bool {
	if comp == "fc3" || strings.HasPrefix(comp, "fc3@") {
		return true
	}
	_, named := scalar(get(c.pairs(get(rp, "props")), "functionName"))
	return strings.Contains(comp, "${") && named
}

func whyTop(key string) string {
	switch key {
	case "actions", "flow", "template", "extend", "hooks":
		return "Serverless Devs' workflow features have no wsdeploy counterpart; run such steps in your CI around wsdeploy apply"
	}
	return "not an fc3 setting wsdeploy knows"
}

// label is the function block label for a resource key, unique in the stack.
func (c *converter) label(key string) string {
	base := ident(key)
	l := base
	taken := map[string]bool{}
	for _, v := range c.labels {
		taken[v] = true
	}
	for i := 2; taken[l]; i++ {
		l = fmt.Sprintf("%s_%d", base, i)
	}
	return l
}

// stackName fits a name to the stack name rule: letters, digits, '.', '_', '-',
// starting with a letter or digit, at most 63.
func stackName(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r < 128 && (r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			sb.WriteRune(r)
		} else {
			sb.WriteRune('-')
		}
	}
	out := strings.TrimLeft(sb.String(), "._-")
	if len(out) > 63 {
		out = out[:63]
	}
	if out == "" {
		out = "app"
	}
	return out
}

// skip records a setting left out, as a Note and a comment in b.
func (c *converter) skip(b *block, line int, where, what, why string) {
	c.notes = append(c.notes, Note{Line: line, Where: where, What: what, Why: why})
	b.note(fmt.Sprintf("not translated: %s (%s line %d): %s.", what, c.in.Filename, line, why))
}

// declareVars makes each var a variable with its default, or a local when
// its value refers to something (a variable's default must be a literal).
func (c *converter) declareVars(n *yaml.Node) {
	ps := c.pairs(n)
	for _, p := range ps {
		name := c.varName(p.key)
		if hasExpr(p.val, 0) {
			c.vars[p.key] = "local." + name
		} else {
			c.vars[p.key] = "var." + name
		}
	}
	for _, p := range ps {
		ref := c.vars[p.key]
		val, bad := c.value(p.val, 0)
		for _, b := range bad {
			c.skip(c.head, p.line, "", "vars."+p.key+" "+b, "this Serverless Devs expression has no wsdeploy counterpart; it is kept as text")
		}
		if name, ok := strings.CutPrefix(ref, "local."); ok {
			c.locals.set(name, val)
			continue
		}
		v := c.variables.child("variable", strings.TrimPrefix(ref, "var."))
		if val != "null" {
			v.set("default", val)
		}
	}
}

// varName is an unused HCL variable name for s.
func (c *converter) varName(s string) string {
	base := ident(s)
	n := base
	for i := 2; c.varNames[n]; i++ {
		n = fmt.Sprintf("%s_%d", base, i)
	}
	c.varNames[n] = true
	return n
}

// envVar is the variable standing for environment variable name: the same
// name when it is free, so WSDEPLOY_VAR_<NAME> sets it.
func (c *converter) envVar(name, def string, hasDef bool) string {
	if e, ok := c.envs[name]; ok {
		if !e.hasDef && hasDef {
			e.def, e.hasDef = def, true
		}
		return c.envs[name].name
	}
	e := &envVar{name: c.varName(name), def: def, hasDef: hasDef}
	c.envs[name] = e
	c.envOrder = append(c.envOrder, name)
	return e.name
}

func hasExpr(n *yaml.Node, depth int) bool {
	n = deref(n)
	if n == nil || depth > 20 {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return strings.Contains(n.Value, "${")
	}
	for _, ch := range n.Content {
		if hasExpr(ch, depth+1) {
			return true
		}
	}
	return false
}

// value is any YAML value as an HCL expression, with the expressions it could
// not translate.
func (c *converter) value(n *yaml.Node, depth int) (string, []string) {
	n = deref(n)
	if n == nil || depth > 20 || c.spend() {
		return "null", nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null", nil
		case "!!bool":
			return strings.ToLower(n.Value), nil
		case "!!int", "!!float":
			if reNumber.MatchString(n.Value) {
				return n.Value, nil
			}
		}
		parts, bad := c.template(n.Value)
		return expr(parts), bad
	case yaml.SequenceNode:
		var items, bad []string
		for _, ch := range n.Content {
			v, b := c.value(ch, depth+1)
			items, bad = append(items, v), append(bad, b...)
		}
		return "[" + strings.Join(items, ", ") + "]", bad
	case yaml.MappingNode:
		var sb strings.Builder
		var bad []string
		sb.WriteString("{\n")
		for _, p := range c.pairs(n) {
			v, b := c.value(p.val, depth+1)
			bad = append(bad, b...)
			fmt.Fprintf(&sb, "%s = %s\n", quote(p.key), v)
		}
		sb.WriteString("}")
		return sb.String(), bad
	}
	return "null", nil
}

func (c *converter) result() (*Result, error) {
	for _, name := range c.envOrder {
		e := c.envs[name]
		v := c.variables.child("variable", e.name)
		if e.hasDef {
			v.set("default", e.def)
		}
		v.set("description", quote(fmt.Sprintf("s.yaml read the environment variable %s: set %s%s or pass -var %s=...", name, "WSDEPLOY_VAR_", e.name, e.name)))
	}
	var sb strings.Builder
	sb.WriteString("# Converted from " + c.in.Filename + " by wsdeploy convert. Check it with wsdeploy validate.\n")
	c.head.render(&sb, true)
	for _, part := range []*block{c.variables, c.functions} {
		if !part.empty() {
			sb.WriteString("\n")
			part.render(&sb, true)
		}
	}
	if !c.locals.empty() {
		sb.WriteString("\n")
		c.locals.render(&sb, false)
	}
	for _, d := range c.domainSeq {
		sb.WriteString("\n")
		c.domains[d].render(&sb, false)
	}
	out, diags := hclfmt.Format(MainFile, []byte(sb.String()))
	if diags.HasErrors() {
		return nil, errors.New("convert produced HCL that does not parse (a bug in wsdeploy; please report it with the s.yaml): " + diags.Error())
	}
	res := &Result{HCL: out, Files: c.files, Notes: c.notes}
	for _, it := range c.functions.items {
		if b, ok := it.(*block); ok {
			res.Functions = append(res.Functions, b.labels[0])
		}
	}
	sort.SliceStable(res.Notes, func(i, j int) bool { return res.Notes[i].Line < res.Notes[j].Line })
	return res, nil
}

// parserProblems start the messages of yaml.v3's parser (not its scanner),
// which number lines from 0 and leave out line 0; its scanner counts from 1.
var parserProblems = []string{"did not find expected", "found duplicate %", "found incompatible YAML", "found undefined tag handle"}

// yamlError is a yaml.v3 syntax error as "line N: problem", with N counted
// from 1 whichever part of yaml.v3 found it.
func yamlError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if v, err := strconv.Atoi(n); err == nil {
				line, msg = v, after
			}
		}
	}
	for _, p := range parserProblems {
		if strings.HasPrefix(msg, p) {
			line++
			break
		}
	}
	if line == 0 {
		line = 1
	}
	return fmt.Sprintf("line %d: %s", line, msg)
}
