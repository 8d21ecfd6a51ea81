package arguments

import "testing"

func TestParseNone(t *testing.T) {
	if _, err := parse(t, "version", nil, ParseNone, "version"); err != nil {
		t.Errorf("version: %v", err)
	}
	expectErrors(t, "version", noFlags, ParseNone, []errorCase{
		{[]string{"version", "extra"}, `wsdeploy version takes no arguments, got "extra"`},
		{[]string{"version", "-x"}, "flag provided but not defined: -x"},
	})
}

func TestParseCompletion(t *testing.T) {
	expectParsed(t, "completion", noFlags, ParseCompletion, map[string]Completion{
		"bash": {Shell: "bash"},
		"zsh":  {Shell: "zsh"},
		"fish": {Shell: "fish"},
	})
	expectErrors(t, "completion", noFlags, ParseCompletion, []errorCase{
		{[]string{"completion"}, "completion takes one shell name: bash, zsh or fish; got 0 arguments"},
		{[]string{"completion", "bash", "zsh"}, "got 2 arguments"},
		{[]string{"completion", "tcsh"}, `no completion for shell "tcsh": choose bash, zsh or fish`},
	})
}
