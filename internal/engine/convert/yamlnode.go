package convert

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// maxNodes bounds the nodes one conversion visits: aliases let a small file
// name a huge tree ("billion laughs"), and the conversion must stay small.
const maxNodes = 100000

// deref follows aliases; nil stays nil.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// kv is one key of a mapping, with the line it is written on.
type kv struct {
	key  string
	line int
	val  *yaml.Node
}

// pairs lists a mapping's keys in the order written, with "<<" merge keys
// expanded (a key written in the mapping wins over a merged one). Anything
// else gives nil.
func (c *converter) pairs(n *yaml.Node) []kv {
	return c.pairsDepth(n, 0)
}

func (c *converter) pairsDepth(n *yaml.Node, depth int) []kv {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 10 {
		return nil
	}
	var own, merged []kv
	for i := 0; i+1 < len(n.Content); i += 2 {
		if c.spend() {
			return nil
		}
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == "<<" && k.Tag == "!!merge" {
			src := deref(v)
			if src != nil && src.Kind == yaml.SequenceNode {
				for _, s := range src.Content {
					merged = append(merged, c.pairsDepth(s, depth+1)...)
				}
			} else {
				merged = append(merged, c.pairsDepth(src, depth+1)...)
			}
			continue
		}
		own = append(own, kv{k.Value, k.Line, v})
	}
	seen := map[string]bool{}
	for _, p := range own {
		seen[p.key] = true
	}
	for _, p := range merged {
		if !seen[p.key] {
			seen[p.key] = true
			own = append(own, p)
		}
	}
	return own
}

// spend counts one visited node; true once the budget is gone.
func (c *converter) spend() bool {
	c.visited++
	return c.visited > maxNodes
}

// get is the value of key in a mapping's pairs, or nil.
func get(ps []kv, key string) *yaml.Node {
	for _, p := range ps {
		if p.key == key {
			return deref(p.val)
		}
	}
	return nil
}

// scalar is a node's text when it is a non-null scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// describe names what a node is, for messages.
func describe(n *yaml.Node) string {
	n = deref(n)
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

// reNumber is a number as both YAML and HCL write it.
var reNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
