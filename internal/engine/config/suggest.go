package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/agext/levenshtein"
)

// didYouMean returns ` Did you mean "x"?` for the closest candidate within a
// small edit distance, or "" when none is close.
func didYouMean(given string, candidates []string) string {
	if s := suggest(given, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

func suggest(given string, candidates []string) string {
	best, bestDist := "", 3 // more than two edits away is not a typo
	for _, c := range candidates {
		if d := levenshtein.Distance(given, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func sortStrings(s []string) { sort.Strings(s) }

// bodyContent is hcl.Body.Content with better suggestions: hcl proposes a
// name only within two edits ("memroy_size"); this also proposes a name the
// unknown one is a prefix or a part of ("memory" → "memory_size").
func bodyContent(body hcl.Body, schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	content, diags := body.Content(schema)
	for _, d := range diags {
		if d.Summary != "Unsupported argument" || strings.Contains(d.Detail, "Did you mean") {
			continue
		}
		_, rest, ok := strings.Cut(d.Detail, `named "`)
		name, _, ok2 := strings.Cut(rest, `"`)
		if !ok || !ok2 || len(name) < 3 {
			continue
		}
		for _, a := range schema.Attributes {
			if strings.Contains(a.Name, name) || strings.Contains(name, a.Name) {
				d.Detail += fmt.Sprintf(" Did you mean %q?", a.Name)
				break
			}
		}
	}
	return content, diags
}
