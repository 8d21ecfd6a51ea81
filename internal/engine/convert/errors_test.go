package convert

import (
	"strings"
	"testing"
)

// TestConvertErrors: a file that cannot be converted at all gets one error
// that says where and what to do.
func TestConvertErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"bad YAML names the line", "edition: 3.0.0\nresources:\n  a: b: c\n", "s.yaml is not valid YAML: line 3: mapping values are not allowed"},
		{"parser error names the line", "edition: 3.0.0\nresources:\n  a:\n    props: [x\n  b: 1\n", "s.yaml is not valid YAML: line 4: did not find expected ',' or ']'"},
		{"error on the first line", "a: b: c\n", "s.yaml is not valid YAML: line 1: mapping values"},
		{"tab indentation", "edition: 3.0.0\nresources:\n\ta: 1\n", "line 3"},
		{"empty", "", "s.yaml is empty"},
		{"not a mapping", "- a\n- b\n", "s.yaml line 1: the file is a list, not a mapping"},
		{"edition 1", "edition: 1.0.0\nservices: {}\n", "s2tos3"},
		{"no resources", "edition: 3.0.0\nname: x\n", "no resources mapping"},
		{"no fc3 resource", "edition: 3.0.0\nresources:\n  web:\n    component: oss\n", "line 3: no resource with component: fc3"},
		{"alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nedition: 3.0.0\nvars:\n  v: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nresources:\n  f:\n    component: fc3\n", "too large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Convert(Input{Filename: "s.yaml", Src: []byte(tc.src)})
			if err == nil {
				t.Fatalf("no error; HCL:\n%s", res.HCL)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

// FuzzConvert: any input gives a result that parses as HCL, or an error;
// never a panic.
func FuzzConvert(f *testing.F) {
	for _, dir := range []string{"node-http", "go-build", "container", "network", "vars-env", "untranslatable"} {
		f.Add(readCase(f, dir))
	}
	f.Add([]byte("edition: 3.0.0\nvars: {a: '${env(\"X\", 1)}'}\nresources:\n  f:\n    component: fc3\n    props: {functionName: '${vars.a}${', customDomain: {domainName: a.b, routeConfig: {routes: [{functionName: f}]}}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Convert(Input{Src: src})
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "a bug in wsdeploy") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if len(res.HCL) == 0 {
			t.Fatal("no HCL and no error")
		}
	})
}
