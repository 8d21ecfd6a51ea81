package arguments

import (
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/engine/watch"
)

func TestParseStack(t *testing.T) {
	expectParsed(t, "status", StackFlags, ParseStack, map[string]Stack{"": {}, "-provider=prod": {Provider: "prod"}})
	expectErrors(t, "status", StackFlags, ParseStack, []errorCase{
		{[]string{"status", "chat"}, `wsdeploy status takes no arguments, got "chat"`},
	})
}

func TestParseOutput(t *testing.T) {
	human := func(c *cli.Context) (*Output, error) { return ParseOutput(c, views.ViewHuman) }
	asJSON := func(c *cli.Context) (*Output, error) { return ParseOutput(c, views.ViewJSON) }
	expectParsed(t, "output", OutputFlags, human, map[string]Output{
		"":                     {},
		"-raw -provider p url": {Provider: "p", Raw: true, Name: "url"},
	})
	expectParsed(t, "output", OutputFlags, asJSON, map[string]Output{"": {}, "url": {Name: "url"}})
	expectErrors(t, "output", OutputFlags, human, []errorCase{
		{[]string{"output", "a", "b"}, `output takes at most one output name, got ["a" "b"]`},
		{[]string{"output", "-raw"}, "-raw prints one value: name it, as in wsdeploy output -raw url"},
	})
	expectErrors(t, "output", OutputFlags, asJSON, []errorCase{
		{[]string{"output", "-raw", "url"}, "-raw and -json ask for two different formats: choose one"},
	})
}

func TestParseSessions(t *testing.T) {
	expectParsed(t, "sessions", SessionsFlags, ParseSessions, map[string]Sessions{
		"chat":                      {Function: "chat"},
		"-delete s1 -provider p fc": {Function: "fc", Delete: "s1", Provider: "p"},
	})
	expectErrors(t, "sessions", SessionsFlags, ParseSessions, []errorCase{
		{[]string{"sessions"}, "name one function: wsdeploy sessions [--delete ID] FUNCTION"},
		{[]string{"sessions", "a", "b"}, "name one function"},
		{[]string{"sessions", "-delete"}, "flag needs an argument: -delete"},
	})
}

func TestParseForceUnlock(t *testing.T) {
	expectParsed(t, "force-unlock", ForceUnlockFlags, ParseForceUnlock, map[string]ForceUnlock{
		"id1":                      {ID: "id1"},
		"-auto-approve id1":        {ID: "id1", AutoApprove: true},
		"-force -provider p id1":   {ID: "id1", AutoApprove: true, Provider: "p"}, // -force is an alias
		"--auto-approve=false id1": {ID: "id1"},
	})
	expectErrors(t, "force-unlock", ForceUnlockFlags, ParseForceUnlock, []errorCase{
		{[]string{"force-unlock"}, "force-unlock takes the lock's ID (printed by the apply or destroy it stopped), got 0 arguments"},
		{[]string{"force-unlock", "a", "b"}, "got 2 arguments"},
	})
}

func TestParseImport(t *testing.T) {
	expectParsed(t, "import", ImportFlags, ParseImport, map[string]Import{
		"function.chat chat-fc": {Address: "function.chat", Name: "chat-fc"},
		"-auto-approve -lock-timeout 30s -provider p function.a a": {Address: "function.a", Name: "a", AutoApprove: true,
			LockTimeout: 30 * time.Second, Provider: "p"},
	})
	expectErrors(t, "import", ImportFlags, ParseImport, []errorCase{
		{[]string{"import", "function.a"}, "import takes a function address and the name of the function on the provider, got 1 arguments: wsdeploy import function.NAME FC_NAME"},
		{[]string{"import", "function.a", "a", "-auto-approve"}, "flag -auto-approve comes after an argument"},
	})
}

func TestParseDev(t *testing.T) {
	defaults := Dev{Quiet: watch.DefaultQuiet, ApplyRun: ApplyRun{Parallelism: 10, Smoke: SmokeOptions{Mode: smoke.ModeChanged}}}
	expectParsed(t, "dev", DevFlags, ParseDev, map[string]Dev{
		"": defaults,
		"-provider dev -quiet 1s -parallelism 2 -lock-timeout 1m -smoke none -smoke-parallelism 3": {Provider: "dev", Quiet: time.Second, ApplyRun: ApplyRun{Parallelism: 2, LockTimeout: time.Minute,
			Smoke: SmokeOptions{Mode: smoke.ModeNone, Parallelism: 3}}},
	})
	expectErrors(t, "dev", DevFlags, ParseDev, []errorCase{
		{[]string{"dev", "dir"}, `wsdeploy dev takes no arguments, got "dir"`},
		{[]string{"dev", "-smoke", "always"}, `-smoke="always": use all, changed or none`},
		{[]string{"dev", "-quiet", "soon"}, `invalid value "soon" for flag -quiet`},
	})
}
