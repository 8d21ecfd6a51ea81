package convert

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func (f *fn) triggers(p kv) {
	n := deref(p.val)
	if n == nil || n.Kind != yaml.SequenceNode {
		f.c.skip(f.b, p.line, f.where, "triggers", describe(n)+" is not a list")
		return
	}
	seen := false
	for _, it := range n.Content {
		ps := f.c.pairs(it)
		line := deref(it).Line
		typ, _ := scalar(get(ps, "triggerType"))
		name, ok := scalar(get(ps, "triggerName"))
		if !ok {
			name = "http"
		}
		switch {
		case typ != "http":
			f.c.skip(f.b, line, f.where, fmt.Sprintf("trigger %s (triggerType %s)", name, typ),
				"wsdeploy manages HTTP triggers only, the way into a WebSocket server; keep this trigger in the FC console or Serverless Devs")
		case seen:
			f.c.skip(f.b, line, f.where, "trigger "+name, "FC allows one HTTP trigger per function; the first is kept")
		default:
			seen = true
			f.httpTrigger(f.b.child("http_trigger", name), ps)
		}
	}
}

func (f *fn) httpTrigger(b *block, ps []kv) {
	for _, q := range ps {
		switch q.key {
		case "triggerName", "triggerType":
		case "description":
			f.attr(b, "description", q, kStr)
		case "qualifier":
			if s, _ := scalar(q.val); s != fcspec.QualifierLatest {
				f.c.skip(b, q.line, f.where, "trigger qualifier "+s, "wsdeploy deploys the LATEST version only")
			}
		case "triggerConfig":
			f.httpConfig(b, q)
		default:
			f.c.skip(b, q.line, f.where, "trigger "+q.key, "an HTTP trigger does not use it")
		}
	}
}

var allMethods = []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"}

func (f *fn) httpConfig(b *block, p kv) {
	for _, q := range f.c.pairs(p.val) {
		switch q.key {
		case "authType":
			s, _ := scalar(q.val)
			if s = strings.ToLower(s); s == "anonymous" || s == "function" {
				b.set("auth_type", quote(s))
			} else {
				f.c.skip(b, q.line, f.where, "authType "+s, "wsdeploy supports anonymous and function (signed) triggers; the trigger keeps FC's default, function")
			}
		case "methods":
			f.methods(b, q)
		case "disableURLInternet":
			f.attr(b, "disable_url_internet", q, kBool)
		default:
			f.c.skip(b, q.line, f.where, "triggerConfig."+q.key, "wsdeploy has no setting for it")
		}
	}
}

// methods writes a method list, adding GET when it is missing: a WebSocket
// handshake is a GET, and validate refuses a trigger without it.
func (f *fn) methods(b *block, q kv) {
	n := deref(q.val)
	if n == nil || n.Kind != yaml.SequenceNode {
		f.attr(b, "methods", q, kList)
		return
	}
	var ms []string
	get := false
	for _, m := range n.Content {
		s, _ := scalar(m)
		s = strings.ToUpper(s)
		get = get || s == "GET"
		ms = append(ms, quote(s))
	}
	if !get {
		ms = append([]string{quote("GET")}, ms...)
		b.note(fmt.Sprintf("GET added to the methods of line %d: a WebSocket handshake is a GET.", q.line))
	}
	b.set("methods", "["+strings.Join(ms, ", ")+"]")
}

// actions translates pre-deploy run steps into a build block; every other
// hook is a note.
func (f *fn) actions(p kv) {
	for _, h := range f.c.pairs(p.val) {
		steps := deref(h.val)
		if h.key != "pre-deploy" || steps == nil || steps.Kind != yaml.SequenceNode {
			f.c.skip(f.b, h.line, f.where, "actions."+h.key, "wsdeploy runs one build command before it packages the code (translated from pre-deploy run steps); other hooks have no counterpart: run them in CI around wsdeploy apply")
			continue
		}
		var script []string
		for _, st := range steps.Content {
			ps := f.c.pairs(st)
			run, ok := scalar(get(ps, "run"))
			if !ok || strings.Contains(run, "${") {
				f.c.skip(f.b, deref(st).Line, f.where, "actions.pre-deploy step", "only run steps without ${...} become the build command; plugin and component steps have no counterpart")
				continue
			}
			if dir, ok := scalar(get(ps, "path")); ok && path.Clean(dir) != "." {
				run = fmt.Sprintf("(cd %s && %s)", shellQuote(f.c.path(dir)), run)
			}
			script = append(script, run)
		}
		if len(script) > 0 {
			b := f.b.child("build")
			b.note(fmt.Sprintf("From actions.pre-deploy (line %d): fc3 has no build step of its own; wsdeploy runs this before it packages the code.", h.line))
			b.set("command", fmt.Sprintf("[%s, %s, %s]", quote("sh"), quote("-c"), quote(strings.Join(script, " && "))))
		}
	}
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// domain adds the function's customDomain route to the stack's custom_domain
// block for that name; functions that share a domain share the block.
func (c *converter) domain(f *fn, p kv) {
	ps := c.pairs(p.val)
	name, ok := scalar(get(ps, "domainName"))
	switch {
	case ps == nil:
		c.skip(f.b, p.line, f.where, "customDomain", describe(p.val)+" is not a mapping")
		return
	case !ok || name == "auto" || strings.Contains(name, "${"):
		c.skip(f.b, p.line, f.where, "customDomain "+name, "wsdeploy needs a domain name of yours (\"auto\", FC's generated test domain, has no counterpart); write it as a custom_domain block")
		return
	}
	name = strings.ToLower(name)
	d, exists := c.domains[name]
	if !exists {
		d = &block{typ: "custom_domain", labels: []string{name}}
		c.domains[name] = d
		c.domainSeq = append(c.domainSeq, name)
	}
	for _, q := range ps {
		switch q.key {
		case "domainName":
		case "protocol":
			if !exists {
				f.attr(d, "protocol", q, kStr)
			}
		case "certConfig":
			if !exists {
				c.certificate(f, d, name, q)
			}
		case "tlsConfig":
			for _, t := range c.pairs(q.val) {
				if t.key == "minVersion" && !exists {
					f.attr(d, "tls_min_version", t, kStr)
				} else if t.key != "minVersion" {
					c.skip(d, t.line, f.where, "tlsConfig."+t.key, "wsdeploy sets the minimum TLS version only")
				}
			}
		case "route":
			c.route(f, d, q, q.val)
		case "routeConfig":
			for _, r := range c.routes(q.val) {
				c.route(f, d, q, r)
			}
		default:
			c.skip(d, q.line, f.where, "customDomain."+q.key, "wsdeploy has no setting for it")
		}
	}
}

func (c *converter) routes(n *yaml.Node) []*yaml.Node {
	rs := deref(get(c.pairs(n), "routes"))
	if rs == nil || rs.Kind != yaml.SequenceNode {
		return nil
	}
	return rs.Content
}

func (c *converter) route(f *fn, d *block, q kv, n *yaml.Node) {
	ps := c.pairs(n)
	if ps == nil {
		c.skip(d, q.line, f.where, "customDomain route", describe(n)+" is not a mapping")
		return
	}
	label := f.label
	if fnName, ok := scalar(get(ps, "functionName")); ok {
		if label, ok = c.byName[fnName]; !ok {
			c.skip(d, deref(n).Line, f.where, "route to "+fnName, "no function of this s.yaml has that name (or it is written later in the file)")
			return
		}
	}
	r := d.child("route")
	if pn := get(ps, "path"); pn != nil {
		f.attr(r, "path", kv{"path", pn.Line, pn}, kStr)
	} else {
		r.set("path", quote("/*"))
	}
	r.set("function", "function."+label)
	methods := false
	for _, p := range ps {
		switch p.key {
		case "path", "functionName":
		case "methods":
			methods = true
			f.methods(r, p)
		case "qualifier":
			if s, _ := scalar(p.val); s != fcspec.QualifierLatest {
				c.skip(r, p.line, f.where, "route qualifier "+s, "wsdeploy routes to the LATEST version only")
			}
		default:
			c.skip(r, p.line, f.where, "route."+p.key, "wsdeploy has no setting for it")
		}
	}
	if !methods {
		// FC's route without methods allows every method; wsdeploy's allows GET.
		ms := make([]string, len(allMethods))
		for i, m := range allMethods {
			ms[i] = quote(m)
		}
		r.set("methods", "["+strings.Join(ms, ", ")+"]")
	}
}

// certificate writes an inline PEM certificate and key to files beside the
// stack (wsdeploy reads them from files), or keeps file paths.
func (c *converter) certificate(f *fn, d *block, domain string, q kv) {
	ps := c.pairs(q.val)
	for _, p := range ps {
		attrName, ext := "certificate", ".pem"
		if p.key == "privateKey" {
			attrName, ext = "private_key", ".key"
		} else if p.key != "certificate" {
			attrName = ""
		}
		if attrName == "" {
			if p.key != "certName" {
				c.skip(d, p.line, f.where, "certConfig."+p.key, "wsdeploy has no setting for it")
			}
			continue
		}
		s, ok := scalar(p.val)
		if !ok {
			continue
		}
		if strings.Contains(s, "-----BEGIN") {
			file := "tls/" + strings.ReplaceAll(domain, "*", "_wildcard") + ext
			c.files[file] = []byte(strings.TrimSpace(s) + "\n")
			d.set(attrName, quote(file))
			continue
		}
		if m := reFile.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			d.set(attrName, quote(c.path(m[1]+m[2])))
			continue
		}
		c.skip(d, p.line, f.where, "certConfig."+p.key, "wsdeploy reads the PEM from a file: save it and write the file's path")
	}
}
