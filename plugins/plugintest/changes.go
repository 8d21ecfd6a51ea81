package plugintest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// changes are a plan's actions by address, no-ops left out.
func changes(pl *plan.Plan) map[string]plan.Action {
	out := map[string]plan.Action{}
	for _, c := range pl.Changes {
		if c.Action != plan.NoOp {
			out[c.Address] = c.Action
		}
	}
	return out
}

func sameChanges(a, b map[string]plan.Action) bool { return maps.Equal(a, b) }

// describe is a set of changes in a sentence: "update function.echo,
// create function.echo.http_trigger.extra", or "no change".
func describe(cs map[string]plan.Action) string {
	if len(cs) == 0 {
		return "no change"
	}
	var parts []string
	for _, addr := range slices.Sorted(maps.Keys(cs)) {
		parts = append(parts, fmt.Sprintf("%s %s", cs[addr], addr))
	}
	return strings.Join(parts, ", ")
}

// details lists the attribute differences of a plan's changes, which say
// which field a provider did not keep.
func details(pl *plan.Plan) string {
	var b strings.Builder
	for _, c := range pl.Changes {
		if c.Action == plan.NoOp {
			continue
		}
		fmt.Fprintf(&b, "\n  %s %s", c.Action, c.Address)
		if c.Reason != "" {
			fmt.Fprintf(&b, " (%s)", c.Reason)
		}
		for _, a := range c.Attributes {
			fmt.Fprintf(&b, "\n    %s: %s → %s", a.Path, orNone(string(a.Before)), orNone(string(a.After)))
		}
		if c.Code != nil && c.Code.Changed() {
			fmt.Fprintf(&b, "\n    code: checksum %s → %s", orNone(c.Code.Before), c.Code.After)
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
