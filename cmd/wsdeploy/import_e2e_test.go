package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A function made by hand through the official SDK (no stack tag, as
// Serverless Devs leaves them) is adopted by import: refused until a
// person says yes, then tagged, after which plan shows only where it
// differs from the configuration, and nothing once they agree. Another
// stack cannot import it then.
func TestE2EImportAdoptsHandMadeFunction(t *testing.T) {
	stack, env := deployEnv(t)
	gw, _ := strings.CutPrefix(env[0], statedir.EnvStateDir+"=")
	c := sdkClient(t, gw)
	createByHand(t, c, filepath.Join(stack, "src"))
	run := func(code int, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, stack, "", args...)
		noStackTrace(t, r)
		r.expect(t, code)
		return r
	}
	get := func() *fc.Function {
		t.Helper()
		var resp *fc.GetFunctionResponse
		if err := retried(func() (err error) {
			resp, err = c.GetFunction(dara.String("sleeper"), &fc.GetFunctionRequest{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return resp.Body
	}
	stackTag := func() string {
		t.Helper()
		for _, tag := range get().Tags {
			if dara.StringValue(tag.Key) == providers.StackTag {
				return dara.StringValue(tag.Value)
			}
		}
		return ""
	}

	modified := dara.StringValue(get().LastModifiedTime)

	r := run(exitError, "plan")
	if !containsAll(r.stderr, "was not created by wsdeploy", "wsdeploy import function.sleeper sleeper") {
		t.Errorf("plan before import: %q", r.stderr)
	}

	// The refusals that need no provider write.
	r = run(exitError, "import", "function.chat", "sleeper")
	if !containsAll(r.stderr, "function.chat is not declared", "sleeper") {
		t.Errorf("undeclared address: %q", r.stderr)
	}
	r = run(exitError, "import", "function.sleeper", "sleeper-prod")
	if !containsAll(r.stderr, `set name = "sleeper-prod"`) {
		t.Errorf("other FC name: %q", r.stderr)
	}
	r = run(exitError, "import", "function.sleeper", "sleeper")
	if !strings.Contains(r.stderr, "-auto-approve") {
		t.Errorf("import without a terminal: %q", r.stderr)
	}

	// Shown the plan on a terminal, the user says no: nothing is tagged.
	r = runOnTerminal(t, env, stack, "no", "import", "function.sleeper", "sleeper")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !containsAll(r.stdout, `~ function "sleeper"`, "description", "Plan: 0 to add, 1 to change, 0 to destroy.", "Only 'yes' will be accepted") ||
		!strings.Contains(r.stderr, "import cancelled") {
		t.Errorf("import answered no:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "s3cr3t-t0ken-value") {
		t.Errorf("a sensitive value was printed:\n%s", r.stdout)
	}
	if got := stackTag(); got != "" {
		t.Fatalf("after answering no, the function is tagged %s=%s", providers.StackTag, got)
	}

	r = run(exitOK, "-json", "import", "-auto-approve", "function.sleeper", "sleeper")
	types := strings.Join(eventTypes(jsonEvents(t, r.stdout)), " ")
	if !containsAll(types, "version", "planned_change", "change_summary", "import_complete") {
		t.Errorf("import -json events: %s", types)
	}
	if got := stackTag(); got != "e2e" {
		t.Fatalf("after import, %s=%q, want e2e", providers.StackTag, got)
	}
	// Only the tag API was called: the function was not updated.
	if got := dara.StringValue(get().LastModifiedTime); got != modified {
		t.Errorf("import updated the function: lastModifiedTime %s, was %s", got, modified)
	}

	// Only the configuration's difference is left, and apply's job.
	r = run(exitChanges, "plan", "-detailed-exitcode")
	if !containsAll(r.stdout, `~ function "sleeper"`, `"by hand"`, "Plan: 0 to add, 1 to change, 0 to destroy.") {
		t.Errorf("plan after import:\n%s", r.stdout)
	}
	run(exitOK, "plan", "-detailed-exitcode", "-var", "note=by hand")

	r = run(exitError, "import", "-auto-approve", "function.sleeper", "sleeper")
	if !strings.Contains(r.stderr, `already belongs to stack "e2e"`) {
		t.Errorf("second import: %q", r.stderr)
	}

	// Another stack declaring the same function cannot take it.
	other := filepath.Join(filepath.Dir(stack), "other")
	os.MkdirAll(other, 0o755)
	os.CopyFS(filepath.Join(other, "src"), os.DirFS(filepath.Join(stack, "src")))
	os.WriteFile(filepath.Join(other, "main.hcl"), []byte(strings.Replace(deployStack, `stack = "e2e"`, `stack = "other"`, 1)+`
function "ghost" {
  code = "./src"
}
`), 0o644)
	r = runBinaryEnv(t, env, other, "", "import", "-auto-approve", "function.sleeper", "sleeper")
	r.expect(t, exitError)
	if !containsAll(r.stderr, `belongs to stack "e2e"`, "never takes over") {
		t.Errorf("import by another stack: %q", r.stderr)
	}
	r = runBinaryEnv(t, env, other, "", "import", "-auto-approve", "function.ghost", "ghost")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, `no function named "ghost" exists`) {
		t.Errorf("import of a missing function: %q", r.stderr)
	}
	if got := stackTag(); got != "e2e" {
		t.Errorf("after the refusals, %s=%q, want e2e", providers.StackTag, got)
	}
}

// createByHand creates function sleeper of deployStack with its trigger
// through the official SDK, as a person would: the same code and settings
// except its description, and no tags.
func createByHand(t *testing.T, c *fc.Client, src string) {
	t.Helper()
	a, err := codepkg.Package(src, codepkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	zip, err := a.Code().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	in := &fc.CreateFunctionInput{
		FunctionName: dara.String("sleeper"), Runtime: dara.String(fcspec.DefaultRuntime),
		Code:    &fc.InputCodeLocation{ZipFile: dara.String(base64.StdEncoding.EncodeToString(zip))},
		Handler: dara.String("index.handler"), Description: dara.String("by hand"), Timeout: dara.Int32(600),
		EnvironmentVariables: map[string]*string{"TOKEN": dara.String("s3cr3t-t0ken-value")},
	}
	if _, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: in}); err != nil {
		t.Fatal(err)
	}
	trig := &fc.CreateTriggerInput{TriggerName: dara.String("ws"), TriggerType: dara.String("http"), Qualifier: dara.String("LATEST"),
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous"}`)}
	if _, err := c.CreateTrigger(dara.String("sleeper"), &fc.CreateTriggerRequest{Body: trig}); err != nil {
		t.Fatal(err)
	}
}
