package convert

import (
	"regexp"
	"strings"
)

// Patterns of what Serverless Devs writes inside ${...} that has a wsdeploy
// counterpart. Everything else (config(), path(), file() outside a
// certificate, this.*, resources.x.output...) is kept as text with a note.
var (
	reVar   = regexp.MustCompile(`^vars\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)$`)
	reEnv   = regexp.MustCompile(`^env\(\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z_][A-Za-z0-9_]*))\s*(?:,\s*(?:'([^']*)'|"([^"]*)"|(-?[0-9.]+)))?\s*\)$`)
	reEnvDt = regexp.MustCompile(`^env\.([A-Za-z_][A-Za-z0-9_]*)$`)
	reProp  = regexp.MustCompile(`^resources\.([A-Za-z0-9_-]+)\.props\.([A-Za-z0-9_.]+)$`)
)

// propAttrs maps fc3 props that a stack can refer to onto the function
// attributes of docs/configuration.md ("References").
var propAttrs = map[string]string{
	"functionName":             "name",
	"runtime":                  "runtime",
	"memorySize":               "memory_size",
	"cpu":                      "cpu",
	"timeout":                  "timeout",
	"instanceConcurrency":      "instance_concurrency",
	"description":              "description",
	"customRuntimeConfig.port": "port",
}

// part is one piece of a string from the s.yaml: literal text, or a
// translated HCL expression.
type part struct {
	text string
	expr string // set for an expression
}

// template splits s into text and ${...} expressions, translating each; an
// expression that has no translation is kept as text and returned in bad.
func (c *converter) template(s string) (parts []part, bad []string) {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		end := closing(s, i+2)
		if end < 0 {
			break
		}
		if i > 0 {
			parts = append(parts, part{text: s[:i]})
		}
		inner := strings.TrimSpace(s[i+2 : end])
		if e, ok := c.translate(inner); ok {
			parts = append(parts, part{expr: e})
		} else {
			parts = append(parts, part{text: s[i : end+1]})
			bad = append(bad, s[i:end+1])
		}
		s = s[end+1:]
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, part{text: s})
	}
	return parts, bad
}

// closing is the index of the '}' that ends an expression starting at i,
// skipping quoted strings and nested braces; -1 when there is none.
func closing(s string, i int) int {
	depth := 0
	var q byte
	for ; i < len(s); i++ {
		ch := s[i]
		switch {
		case q != 0:
			if ch == q {
				q = 0
			}
		case ch == '\'' || ch == '"':
			q = ch
		case ch == '{':
			depth++
		case ch == '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// translate maps one Serverless Devs expression to HCL.
func (c *converter) translate(e string) (string, bool) {
	if m := reVar.FindStringSubmatch(e); m != nil {
		name, ok := c.vars[m[1]]
		if !ok {
			return "", false
		}
		// ${vars.cfg.region} reads a key of a mapping var.
		for _, key := range strings.Split(m[2], ".")[1:] {
			name += "[" + quote(key) + "]"
		}
		return name, true
	}
	if m := reEnv.FindStringSubmatch(e); m != nil {
		name := m[1] + m[2] + m[3]
		def := quote(m[4] + m[5])
		if m[6] != "" && reNumber.MatchString(m[6]) {
			def = m[6]
		}
		hasDef := strings.Contains(e[strings.LastIndex(e, name)+len(name):], ",")
		return "var." + c.envVar(name, def, hasDef), true
	}
	if m := reEnvDt.FindStringSubmatch(e); m != nil {
		return "var." + c.envVar(m[1], "", false), true
	}
	if m := reProp.FindStringSubmatch(e); m != nil {
		label, ok := c.labels[m[1]]
		attr, known := propAttrs[m[2]]
		if ok && known {
			return "function." + label + "." + attr, true
		}
	}
	return "", false
}

// expr renders parts as one HCL expression: a bare reference when the value
// is exactly one expression (so numbers stay numbers), else a template.
func expr(parts []part) string {
	if len(parts) == 1 && parts[0].expr != "" {
		return parts[0].expr
	}
	var sb strings.Builder
	sb.WriteByte('"')
	for _, p := range parts {
		if p.expr != "" {
			sb.WriteString("${" + p.expr + "}")
		} else {
			sb.WriteString(escape(p.text))
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// reFile is ${file('path')}, how an s.yaml reads a certificate from a file.
var reFile = regexp.MustCompile(`^\$\{\s*file\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*\}$`)
