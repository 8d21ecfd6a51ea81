package arguments

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/engine/watch"
)

func TestParseStack(t *testing.T) {
	for args, want := range map[string]Stack{"": {}, "-provider=prod": {Provider: "prod"}} {
		argv := append([]string{"status"}, strings.Fields(args)...)
		got, err := parse(t, "status", StackFlags(), ParseStack, argv...)
		if err != nil || *got != want {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
	expectErrors(t, "status", StackFlags, ParseStack, []errorCase{
		{[]string{"status", "chat"}, `wsdeploy status takes no arguments, got "chat"`},
	})
}

func TestParseOutput(t *testing.T) {
	cases := []struct {
		args string
		view views.ViewType
		want Output
	}{
		{"", views.ViewHuman, Output{}},
		{"", views.ViewJSON, Output{}},
		{"url", views.ViewJSON, Output{Name: "url"}},
		{"-raw -provider p url", views.ViewHuman, Output{Provider: "p", Raw: true, Name: "url"}},
	}
	for _, c := range cases {
		argv := append([]string{"output"}, strings.Fields(c.args)...)
		got, err := parse(t, "output", OutputFlags(), func(ctx *cli.Context) (*Output, error) { return ParseOutput(ctx, c.view) }, argv...)
		if err != nil || *got != c.want {
			t.Errorf("%q (%s): %+v, %v; want %+v", argv, c.view, got, err, c.want)
		}
	}
	human := func(c *cli.Context) (*Output, error) { return ParseOutput(c, views.ViewHuman) }
	asJSON := func(c *cli.Context) (*Output, error) { return ParseOutput(c, views.ViewJSON) }
	expectErrors(t, "output", OutputFlags, human, []errorCase{
		{[]string{"output", "a", "b"}, `output takes at most one output name, got ["a" "b"]`},
		{[]string{"output", "-raw"}, "-raw prints one value: name it, as in wsdeploy output -raw url"},
	})
	expectErrors(t, "output", OutputFlags, asJSON, []errorCase{
		{[]string{"output", "-raw", "url"}, "-raw and -json ask for two different formats: choose one"},
	})
}

func TestParseSessions(t *testing.T) {
	cases := map[string]Sessions{
		"chat":                      {Function: "chat"},
		"-delete s1 -provider p fc": {Function: "fc", Delete: "s1", Provider: "p"},
	}
	for args, want := range cases {
		argv := append([]string{"sessions"}, strings.Fields(args)...)
		got, err := parse(t, "sessions", SessionsFlags(), ParseSessions, argv...)
		if err != nil || *got != want {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
	expectErrors(t, "sessions", SessionsFlags, ParseSessions, []errorCase{
		{[]string{"sessions"}, "name one function: wsdeploy sessions [--delete ID] FUNCTION"},
		{[]string{"sessions", "a", "b"}, "name one function"},
		{[]string{"sessions", "-delete"}, "flag needs an argument: -delete"},
	})
}

func TestParseForceUnlock(t *testing.T) {
	cases := map[string]ForceUnlock{
		"id1":                      {ID: "id1"},
		"-auto-approve id1":        {ID: "id1", AutoApprove: true},
		"-force -provider p id1":   {ID: "id1", AutoApprove: true, Provider: "p"}, // -force is an alias
		"--auto-approve=false id1": {ID: "id1"},
	}
	for args, want := range cases {
		argv := append([]string{"force-unlock"}, strings.Fields(args)...)
		got, err := parse(t, "force-unlock", ForceUnlockFlags(), ParseForceUnlock, argv...)
		if err != nil || *got != want {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
	expectErrors(t, "force-unlock", ForceUnlockFlags, ParseForceUnlock, []errorCase{
		{[]string{"force-unlock"}, "force-unlock takes the lock's ID (printed by the apply or destroy it stopped), got 0 arguments"},
		{[]string{"force-unlock", "a", "b"}, "got 2 arguments"},
	})
}

func TestParseImport(t *testing.T) {
	cases := map[string]Import{
		"function.chat chat-fc": {Address: "function.chat", Name: "chat-fc"},
		"-auto-approve -lock-timeout 30s -provider p function.a a": {Address: "function.a", Name: "a", AutoApprove: true,
			LockTimeout: 30 * time.Second, Provider: "p"},
	}
	for args, want := range cases {
		argv := append([]string{"import"}, strings.Fields(args)...)
		got, err := parse(t, "import", ImportFlags(), ParseImport, argv...)
		if err != nil || *got != want {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
	expectErrors(t, "import", ImportFlags, ParseImport, []errorCase{
		{[]string{"import", "function.a"}, "import takes a function address and the name of the function on the provider, got 1 arguments: wsdeploy import function.NAME FC_NAME"},
		{[]string{"import", "function.a", "a", "-auto-approve"}, "flag -auto-approve comes after an argument"},
	})
}

func TestParseDev(t *testing.T) {
	defaults := Dev{Quiet: watch.DefaultQuiet, ApplyRun: ApplyRun{Parallelism: 10, Smoke: SmokeOptions{Mode: smoke.ModeChanged}}}
	cases := []struct {
		args string
		want Dev
	}{
		{"", defaults},
		{"-provider dev -quiet 1s -parallelism 2 -lock-timeout 1m -smoke none -smoke-parallelism 3",
			Dev{Provider: "dev", Quiet: time.Second, ApplyRun: ApplyRun{Parallelism: 2, LockTimeout: time.Minute,
				Smoke: SmokeOptions{Mode: smoke.ModeNone, Parallelism: 3}}}},
	}
	for _, c := range cases {
		argv := append([]string{"dev"}, strings.Fields(c.args)...)
		got, err := parse(t, "dev", DevFlags(), ParseDev, argv...)
		if err != nil || !reflect.DeepEqual(*got, c.want) {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, c.want)
		}
	}
	expectErrors(t, "dev", DevFlags, ParseDev, []errorCase{
		{[]string{"dev", "dir"}, `wsdeploy dev takes no arguments, got "dir"`},
		{[]string{"dev", "-smoke", "always"}, `-smoke="always": use all, changed or none`},
		{[]string{"dev", "-quiet", "soon"}, `invalid value "soon" for flag -quiet`},
	})
}
