package fcspec

import "testing"

// FC's route matching ("Configure a custom domain name"): exact paths
// match only themselves, an exact match wins over wildcards, and the
// longest wildcard prefix wins among wildcards, whatever the order.
func TestMatchRoute(t *testing.T) {
	paths := []string{"/*", "/login/*", "/login/a/*", "/a", "/login/a/b"}
	for p, want := range map[string]int{
		"/a":           3, // exact, though "/*" comes first
		"/a/":          0, // "/a" is exact only
		"/login":       0, // "/login/*" needs the slash
		"/login/":      1,
		"/login/x/y":   1,
		"/login/a/b":   4, // exact beats the longer wildcard
		"/login/a/b/c": 2, // longest prefix
		"/":            0,
		"":             -1, // no path: not even "/*"
	} {
		if got := MatchRoute(paths, p); got != want {
			t.Errorf("MatchRoute(%q) = %d, want %d", p, got, want)
		}
	}
	if got := MatchRoute([]string{"/ws"}, "/other"); got != -1 {
		t.Errorf("no match: %d", got)
	}
	if err := CheckDuplicateRoutes([]string{"/a", "/b", "/a"}); err == nil {
		t.Error("duplicate paths accepted")
	}
}
