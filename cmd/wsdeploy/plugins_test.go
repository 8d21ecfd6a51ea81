package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
	"github.com/wsdeploy/wsdeploy/plugins/host"
	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// testBinary is a program of this repository that e2e tests run, built
// once, the first time a test needs it.
type testBinary struct {
	pkg, name string
	once      sync.Once
	path      string
	err       error
}

func (b *testBinary) get(t *testing.T) string {
	t.Helper()
	b.once.Do(func() {
		b.path = filepath.Join(e2eDir, b.name)
		if out, err := exec.Command("go", "build", "-o", b.path, b.pkg).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("building %s: %v\n%s", b.pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// testPlugin is plugins/host's test plugin.
var testPlugin = &testBinary{pkg: "../../plugins/host/testdata/testplugin", name: "testplugin"}

// pluginDir returns a fresh plugin directory holding plugins/host's test
// plugin under each of names: its mode is its name, so "good" serves and
// "garbage" prints on stdout before the handshake.
func pluginDir(t *testing.T, names ...string) string {
	t.Helper()
	testtier.NeedsProcesses(t)
	return linkPlugins(t, testPlugin.get(t), names...)
}

// linkPlugins returns a fresh plugin directory holding bin as the plugin
// of each of names.
func linkPlugins(t *testing.T, bin string, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		if err := os.Symlink(bin, filepath.Join(dir, host.Prefix+n)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func stackDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPluginsVerbListsVersions(t *testing.T) {
	protocol := fmt.Sprintf("%d.%d", proto.ProtocolVersion, proto.ProtocolMinor) // the test plugin is built with this SDK
	dir := pluginDir(t, "good")
	r := runCLI(t, "", "-plugin-dir", dir, "plugins")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "NAME", "good", "v1.2.3-test", protocol, filepath.Join(dir, host.Prefix+"good")) {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	dir = pluginDir(t, "good", "garbage")
	r = runCLI(t, "", "plugins", "-json", "-plugin-dir", dir)
	r.expect(t, exitError)
	evs := jsonEvents(t, r.stdout)
	if got := strings.Join(eventTypes(evs), " "); got != "version plugin plugin plugins_summary" {
		t.Fatalf("events %s", got)
	}
	garbage, good := evs[1]["plugin"].(map[string]any), evs[2]["plugin"].(map[string]any)
	if good["name"] != "good" || good["version"] != "v1.2.3-test" || good["protocol_version"] != protocol {
		t.Errorf("good: %v", good)
	}
	if garbage["name"] != "garbage" || !strings.Contains(fmt.Sprint(garbage["error"]), "on stdout where the plugin handshake was expected") {
		t.Errorf("garbage: %v", garbage)
	}
}

// A plugin's provider block is checked against the schema the plugin
// reports, with config's diagnostics.
func TestValidateChecksPluginBlocks(t *testing.T) {
	dir := pluginDir(t, "good", "garbage")
	r := runCLI(t, "", "-plugin-dir", dir, "validate", stackDir(t, "stack = \"s\"\n\nprovider \"good\" {\n  region = \"cn-test\"\n  zones  = [\"a\"]\n}\n"))
	r.expect(t, exitOK)

	r = runCLI(t, "", "-plugin-dir", dir, "validate", stackDir(t, "stack = \"s\"\n\nprovider \"good\" {\n  zones = \"a\"\n  color = 1\n}\n"))
	r.expect(t, exitError)
	if !containsAll(r.stderr, `The argument "region" is required`, `An argument named "color" is not expected here`, "main.hcl:3") {
		t.Errorf("stderr:\n%s", r.stderr)
	}

	r = runCLI(t, "", "-plugin-dir", dir, "validate", stackDir(t, "stack = \"s\"\n\nprovider \"nope\" {}\n"))
	r.expect(t, exitError)
	if !containsAll(r.stderr, "Unknown provider", `No provider named "nope"`, "wsdeploy-provider-<name>, looked for in "+dir) {
		t.Errorf("stderr:\n%s", r.stderr)
	}

	r = runCLI(t, "", "-plugin-dir", dir, "validate", stackDir(t, "stack = \"s\"\n\nprovider \"garbage\" {}\n"))
	r.expect(t, exitError)
	if !containsAll(r.stderr, "Provider plugin failed", "where the plugin handshake was expected") || strings.Contains(r.stderr, "Unknown provider") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
