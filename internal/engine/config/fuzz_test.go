package config

import (
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as a stack file and a variable file: loading
// must never panic, and every error must be a diagnostic.
func FuzzLoad(f *testing.F) {
	f.Add(fullStack, "env = \"prod\"\n", "sizes={big=128}")
	seeds := append(append(append(errorRules, warningRules...), affinityRules...), domainRules(f)...)
	for _, tc := range seeds {
		f.Add(strings.ReplaceAll(tc.src, marker, ""), "", "")
	}
	f.Add("function \"a\" { code = \"./src\"\n command = [\"./server\"]\n environment = { A = null } }", "a = [", "x=${")
	f.Add("locals { a = local.a }\nfunction \"f\" { name = function.f.name }", "", "")
	dir := stackDir(f, nil)
	f.Fuzz(func(t *testing.T, src, vars, flag string) {
		st, diags := LoadSources(dir,
			[]Source{{Filename: "main.hcl", Bytes: []byte(src)}},
			[]Source{{Filename: "a.auto.vars.hcl", Bytes: []byte(vars)}},
			Options{Environ: []string{}, Vars: []VarArg{{Assignment: flag}}, ProviderSchemas: testSchemas})
		if st == nil {
			t.Fatal("nil stack")
		}
		for _, d := range diags {
			if d.Summary == "" {
				t.Fatalf("diagnostic without summary: %#v", d)
			}
		}
		if !diags.HasErrors() {
			st.EvalOutputs(TriggerURLs{}) // must not panic either
		}
	})
}
