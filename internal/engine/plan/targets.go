package plan

import (
	"fmt"
	"strings"
)

// parseTargets turns -target addresses into function labels. Only whole
// functions can be targeted: a trigger cannot exist without its function,
// and a function's triggers follow it. Custom domains are left out of a
// targeted plan (their ownership needs every function the stack owns).
func parseTargets(targets []string) (map[string]bool, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	labels := map[string]bool{}
	for _, t := range targets {
		if strings.HasPrefix(t, domainAddress("")) {
			return nil, fmt.Errorf("-target %q: custom domains cannot be targeted: a plan of some functions leaves every custom domain alone, and a plan of the whole stack covers them", t)
		}
		label, ok := strings.CutPrefix(t, "function.")
		if !ok || label == "" || strings.Contains(label, ".") {
			return nil, fmt.Errorf("-target %q: write function.NAME, naming a function block (whole functions only: a trigger goes with its function)", t)
		}
		labels[label] = true
	}
	return labels, nil
}
