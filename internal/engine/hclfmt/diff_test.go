package hclfmt

import "testing"

func TestUnifiedDiff(t *testing.T) {
	old := "a = 1\nbb=2\nc = 3\n"
	new := "a = 1\nbb = 2\nc = 3\n"
	want := `--- a/stack/main.hcl
+++ b/stack/main.hcl
@@ -1,3 +1,3 @@
 a = 1
-bb=2
+bb = 2
 c = 3
`
	if got := UnifiedDiff("stack/main.hcl", []byte(old), []byte(new)); got != want {
		t.Errorf("UnifiedDiff:\n%s\nwant:\n%s", got, want)
	}
}

func TestUnifiedDiffEqualIsEmpty(t *testing.T) {
	if got := UnifiedDiff("main.hcl", []byte("a = 1\n"), []byte("a = 1\n")); got != "" {
		t.Errorf("UnifiedDiff of equal files = %q, want empty", got)
	}
}

func TestUnifiedDiffAbsolutePathAndMissingNewline(t *testing.T) {
	want := `--- a/tmp/main.hcl
+++ b/tmp/main.hcl
@@ -1 +1 @@
-a = 1
\ No newline at end of file
+a = 1
`
	if got := UnifiedDiff("/tmp/main.hcl", []byte("a = 1"), []byte("a = 1\n")); got != want {
		t.Errorf("UnifiedDiff:\n%s\nwant:\n%s", got, want)
	}
}
