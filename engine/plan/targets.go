package plan

import (
	"fmt"
	"strings"
)

// parseTargets turns -target addresses into function labels. Only whole
// functions can be targeted: a trigger cannot exist without its function,
// and a function's triggers follow it.
func parseTargets(targets []string) (map[string]bool, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	labels := map[string]bool{}
	for _, t := range targets {
		label, ok := strings.CutPrefix(t, "function.")
		if !ok || label == "" || strings.Contains(label, ".") {
			return nil, fmt.Errorf("-target %q: write function.NAME, naming a function block (whole functions only: a trigger goes with its function)", t)
		}
		labels[label] = true
	}
	return labels, nil
}
