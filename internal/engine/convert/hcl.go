package convert

import (
	"fmt"
	"strings"
	"unicode"
)

// block is an HCL block being built: comments first, then its items in order.
type block struct {
	typ      string
	labels   []string
	comments []string
	items    []any // attr or *block
}

type attr struct{ name, expr string }

func (b *block) set(name, expr string) { b.items = append(b.items, attr{name, expr}) }

func (b *block) child(typ string, labels ...string) *block {
	c := &block{typ: typ, labels: labels}
	b.items = append(b.items, c)
	return c
}

func (b *block) note(text string) { b.comments = append(b.comments, text) }

// empty reports whether the block has no attributes or blocks (only comments).
func (b *block) empty() bool { return len(b.items) == 0 }

func (b *block) render(sb *strings.Builder, top bool) {
	for _, c := range b.comments {
		for _, line := range strings.Split(c, "\n") {
			sb.WriteString("# " + line + "\n")
		}
	}
	if !top {
		sb.WriteString(b.typ)
		for _, l := range b.labels {
			sb.WriteString(" " + quote(l))
		}
		sb.WriteString(" {\n")
	}
	// Attributes first, then blocks, each in the order of the s.yaml.
	for _, it := range b.items {
		if a, ok := it.(attr); ok {
			fmt.Fprintf(sb, "%s = %s\n", a.name, a.expr)
		}
	}
	for i, it := range b.items {
		if c, ok := it.(*block); ok {
			if top && i > 0 {
				sb.WriteString("\n")
			}
			c.render(sb, false)
		}
	}
	if !top {
		sb.WriteString("}\n")
	}
}

// quote is s as an HCL string literal: escapes, and template markers doubled
// so that "${" in the s.yaml value stays text.
func quote(s string) string { return `"` + escape(s) + `"` }

func escape(s string) string {
	var sb strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			sb.WriteString(`\\`)
		case r == '"':
			sb.WriteString(`\"`)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			sb.WriteRune(r)
			sb.WriteRune(r)
		case r == unicode.ReplacementChar || r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// ident turns a name from the s.yaml into an HCL identifier: letters, digits,
// '_' and '-', not starting with a digit or '-'.
func ident(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			sb.WriteRune(r)
		} else {
			sb.WriteRune('_')
		}
	}
	out := sb.String()
	if out == "" || !unicode.IsLetter(rune(out[0])) && out[0] != '_' {
		out = "_" + out
	}
	return out
}
