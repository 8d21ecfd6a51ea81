package arguments

import "testing"

func TestParseValidate(t *testing.T) {
	expectParsed(t, "validate", noFlags, ParseValidate, map[string]Validate{"": {Dir: "."}, "stack": {Dir: "stack"}})
	expectErrors(t, "validate", noFlags, ParseValidate, []errorCase{
		{[]string{"validate", "a", "b"}, "validate takes one stack directory, got 2 arguments; see 'wsdeploy validate --help'"},
		{[]string{"validate", "a", "-json"}, "flag -json comes after an argument"},
	})
}

func TestParseFmt(t *testing.T) {
	expectParsed(t, "fmt", FmtFlags, ParseFmt, map[string]Fmt{
		"":                                {Paths: []string{"."}},
		"-":                               {Paths: []string{"-"}},
		"-check -diff -recursive a b.hcl": {Paths: []string{"a", "b.hcl"}, Check: true, Diff: true, Recursive: true},
	})
	expectErrors(t, "fmt", FmtFlags, ParseFmt, []errorCase{
		{[]string{"fmt", "a.hcl", "-check"}, "flag -check comes after an argument; put flags first"},
		{[]string{"fmt", "-write"}, "flag provided but not defined: -write"},
	})
}

func TestParseInit(t *testing.T) {
	expectParsed(t, "init", InitFlags, ParseInit, map[string]Init{
		"":                      {Example: DefaultExample, Dir: DefaultExample},
		"mystack":               {Example: DefaultExample, Dir: "mystack"},
		"-example chat-redis":   {Example: "chat-redis", Dir: "chat-redis"},
		"-example chat-redis x": {Example: "chat-redis", Dir: "x"},
	})
	expectErrors(t, "init", InitFlags, ParseInit, []errorCase{
		{[]string{"init", "a", "b"}, "init takes one directory, got 2 arguments"},
	})
}

func TestParseConvert(t *testing.T) {
	expectParsed(t, "convert", ConvertFlags, ParseConvert, map[string]Convert{
		"s.yaml":        {File: "s.yaml"},
		"-o out s.yaml": {File: "s.yaml", Out: "out"},
		"-o - s.yaml":   {File: "s.yaml", Out: "-"},
	})
	expectErrors(t, "convert", ConvertFlags, ParseConvert, []errorCase{
		{[]string{"convert"}, "convert takes one s.yaml file, got 0 arguments: wsdeploy convert [-o DIR] s.yaml"},
		{[]string{"convert", "s.yaml", "-o", "x"}, "flag -o comes after an argument"},
	})
}
