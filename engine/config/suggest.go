package config

import (
	"fmt"
	"sort"

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
