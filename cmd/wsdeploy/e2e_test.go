package main

// End-to-end tests: the real binary, built once, run as a user would.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// e2eVersion is injected with -ldflags, as a release build does.
const e2eVersion = "v9.9.9-e2e"

var (
	e2eDir   string // temp dir holding the binary, removed by TestMain
	e2eOnce  sync.Once
	e2eBin   string
	e2eBuild error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wsdeploy-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e2eDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary builds wsdeploy once, the first time an end-to-end test needs it,
// so that in-process tests run alone (-run) do not pay for the build.
func binary(t *testing.T) string {
	t.Helper()
	testtier.NeedsProcesses(t)
	e2eOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			e2eBuild = fmt.Errorf("the end-to-end tests build wsdeploy with the go command, which is not on PATH: %v", err)
			return
		}
		e2eBin = filepath.Join(e2eDir, "wsdeploy")
		out, err := exec.Command(goTool, "build", "-ldflags", "-X main.version="+e2eVersion, "-o", e2eBin, ".").CombinedOutput()
		if err != nil {
			e2eBuild = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if e2eBuild != nil {
		t.Fatal(e2eBuild)
	}
	return e2eBin
}

// runBinary runs the built wsdeploy in dir with stdin.
func runBinary(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	return runBinaryEnv(t, nil, dir, stdin, args...)
}

// runBinaryEnv is runBinary with extra environment variables.
func runBinaryEnv(t *testing.T, env []string, dir, stdin string, args ...string) result {
	t.Helper()
	return runBinaryFrom(t, env, dir, strings.NewReader(stdin), args...)
}

// runBinaryFrom is runBinaryEnv reading stdin (a terminal, say).
func runBinaryFrom(t *testing.T, env []string, dir string, stdin io.Reader, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("running wsdeploy %q: %v", args, err)
	}
	return result{code, out.String(), errOut.String()}
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// noStackTrace fails if output looks like a Go panic.
func noStackTrace(t *testing.T, r result) {
	t.Helper()
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
			t.Fatalf("Go stack trace in output:\n%s", s)
		}
	}
}

func TestE2EVersionFromLdflags(t *testing.T) {
	r := runBinary(t, ".", "", "version")
	r.expect(t, exitOK)
	if !strings.HasPrefix(r.stdout, "wsdeploy "+e2eVersion+"\non ") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = runBinary(t, ".", "", "version", "-json")
	r.expect(t, exitOK)
	if evs := jsonEvents(t, r.stdout); len(evs) != 1 || evs[0]["wsdeploy"] != e2eVersion {
		t.Errorf("events %v", evs)
	}
}

func TestE2EHelpAndUsageErrors(t *testing.T) {
	r := runBinary(t, ".", "")
	r.expect(t, exitOK)
	for _, verb := range allVerbs {
		if !strings.Contains(r.stdout, "   "+verb+" ") {
			t.Errorf("help lacks %q", verb)
		}
	}
	r = runBinary(t, ".", "", "deploy")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "Run 'wsdeploy --help' for usage.") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// A stack made by init validates as it is.
func TestE2EInitThenValidate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chat")
	runBinary(t, ".", "", "init", "--example", "echo-python", dir).expect(t, exitOK)
	r := runBinary(t, dir, "", "validate")
	r.expect(t, exitOK)
	if r.stdout != "Success! The configuration is valid.\n" || r.stderr != "" {
		t.Errorf("validate: %q %q", r.stdout, r.stderr)
	}
}

func TestE2EValidateValidStack(t *testing.T) {
	for _, args := range [][]string{
		{"validate", testdata(t, "valid")},
		{"-chdir", testdata(t, "valid"), "validate"},
		{"validate", "-chdir=" + testdata(t, "valid"), "-var", "timeout=60"},
	} {
		r := runBinary(t, ".", "", args...)
		noStackTrace(t, r)
		r.expect(t, exitOK)
		if !strings.HasPrefix(r.stdout, "Success! The configuration is valid") {
			t.Errorf("%q: stdout %q", args, r.stdout)
		}
	}
}

var summaryLine = regexp.MustCompile(`\n\d+ errors?, \d+ warnings?\n$`)

func TestE2EValidateInvalidStack(t *testing.T) {
	r := runBinary(t, testdata(t, "invalid"), "", "validate")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if r.stdout != "" {
		t.Errorf("stdout %q, want empty", r.stdout)
	}
	if !containsAll(r.stderr, "Error: main.hcl:7:", "GET", `  7 |     methods = ["POST"]`, "^") || !summaryLine.MatchString(r.stderr) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "\x1b[") {
		t.Errorf("colour codes in output that is not a terminal")
	}
}

// -var reaches config.Load: an undeclared variable is an error there.
func TestE2EValidateVarReachesLoad(t *testing.T) {
	r := runBinary(t, testdata(t, "valid"), "", "-var", "no_such_variable=1", "validate")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "no_such_variable") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

func TestE2EValidateSyntaxErrorJSON(t *testing.T) {
	r := runBinary(t, testdata(t, "syntax"), "", "-json", "validate")
	noStackTrace(t, r)
	r.expect(t, exitError)
	evs := jsonEvents(t, r.stdout)
	types := eventTypes(evs)
	if types[0] != "version" || types[len(types)-1] != "validate_result" {
		t.Fatalf("events %v", types)
	}
	d := evs[1]["diagnostic"].(map[string]any)
	rng := d["range"].(map[string]any)
	start := rng["start"].(map[string]any)
	if d["summary"] != "Invalid expression" || rng["filename"] != "main.hcl" || start["line"] != float64(2) || start["column"] != float64(13) {
		t.Errorf("diagnostic %v", d)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q, want empty with -json", r.stderr)
	}
}

func TestE2EFmt(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testdata(t, "unformatted"), "main.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, dir, "", "fmt", "-check")
	r.expect(t, exitError)
	if r.stdout != "main.hcl\n" {
		t.Errorf("fmt -check stdout %q", r.stdout)
	}
	r = runBinary(t, ".", string(src), "fmt", "-")
	r.expect(t, exitOK)
	want := "function \"echo\" {\n  runtime = \"custom.debian12\"\n  port    = 9000\n}\n"
	if r.stdout != want {
		t.Errorf("fmt - stdout %q, want %q", r.stdout, want)
	}
	runBinary(t, dir, "", "fmt").expect(t, exitOK)
	runBinary(t, dir, "", "fmt", "-check").expect(t, exitOK)
}

// The shell scripts get their candidates from the binary.
func TestE2EGenerateBashCompletion(t *testing.T) {
	r := runBinary(t, ".", "", "--generate-bash-completion")
	r.expect(t, exitOK)
	var got []string
	for _, l := range strings.Fields(r.stdout) {
		if l != "help" && l != "h" {
			got = append(got, l)
		}
	}
	if !reflect.DeepEqual(got, allVerbs) {
		t.Errorf("candidates %v, want %v", got, allVerbs)
	}
}

// The bash script, loaded in a real bash, completes a verb.
func TestE2EBashCompletionCompletes(t *testing.T) {
	bin := binary(t)
	script := `source <(wsdeploy completion bash)
COMP_WORDS=(wsdeploy va); COMP_CWORD=1; COMP_LINE="wsdeploy va"; COMP_POINT=${#COMP_LINE}
_wsdeploy_complete
printf '%s\n' "${COMPREPLY[@]}"`
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "validate" {
		t.Errorf("completing 'wsdeploy va' gave %q, want \"validate\"", got)
	}
}
