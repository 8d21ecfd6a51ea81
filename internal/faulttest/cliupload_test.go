package faulttest

import (
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/plugins/host"
)

// The CLI's side of a large code upload costs memory independent of the
// code's size too: `wsdeploy apply` of 64 MB of incompressible code, the
// real binary against a gateway process, may peak at no more than half
// the code's size above the same apply of a 1 KB package. The zip stays
// in a temporary file, and the request body (JSON with the zip's base64)
// is hashed, then sent, as it is encoded from that file. Holding the zip,
// the body and the SDK's copy of it to hash (the old path) cost about
// three and a half times the code. The gateway's growth is held to the
// bound of TestLargeCodeUploadMemoryBounded on the way.
func TestLargeCodeUploadCLIMemoryBounded(t *testing.T) {
	const size = 64 << 20
	bin := buildWsdeploy(t)
	dir := t.TempDir()
	g := startChild(t, dir)
	small := applyPeakRSSKiB(t, bin, dir, "upload-small", 1<<10, "")
	gwBefore := peakRSSKiB(g.cmd.Process.Pid)
	large := applyPeakRSSKiB(t, bin, dir, "upload-large", size, "")
	gwGrowth := peakRSSKiB(g.cmd.Process.Pid) - gwBefore
	growth := large - small
	t.Logf("CLI max RSS: %d KiB for 1 KiB of code, %d KiB (+%d KiB) for %d MiB; gateway +%d KiB", small, large, growth, size>>20, gwGrowth)
	if limit := int64(size>>10) / 2; growth > limit {
		t.Errorf("the CLI's peak RSS grew by %d MiB for %d MiB of code; the limit is %d MiB", growth>>10, size>>20, limit>>10)
	}
	if limit := int64(size>>10) / 4; gwGrowth > limit {
		t.Errorf("the gateway's peak RSS grew by %d MiB for %d MiB of code; the limit is %d MiB", gwGrowth>>10, size>>20, limit>>10)
	}
	g.stop()
}

// Through a provider plugin the same bound holds (plugin protocol 1.3):
// the CLI streams the zip from its file to the plugin in chunks
// (UploadCode) instead of reading it whole into one message, which cost
// the zip and its marshalled copy. The plugin is the local provider,
// built as internal/plugintestlocal builds it.
func TestLargeCodeUploadThroughPluginCLIMemoryBounded(t *testing.T) {
	const size = 64 << 20
	bin := buildWsdeploy(t)
	plugins := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(plugins, host.Prefix+"localplug"),
		"../plugintestlocal/testdata/localplugin").CombinedOutput(); err != nil {
		t.Fatalf("building the plugin: %v\n%s", err, out)
	}
	dir := t.TempDir()
	g := startChild(t, dir)
	small := applyPeakRSSKiB(t, bin, dir, "plugin-upload-small", 1<<10, plugins)
	large := applyPeakRSSKiB(t, bin, dir, "plugin-upload-large", size, plugins)
	growth := large - small
	t.Logf("CLI max RSS through a plugin: %d KiB for 1 KiB of code, %d KiB (+%d KiB) for %d MiB", small, large, growth, size>>20)
	if limit := int64(size>>10) / 2; growth > limit {
		t.Errorf("the CLI's peak RSS grew by %d MiB for %d MiB of code through a plugin; the limit is %d MiB", growth>>10, size>>20, limit>>10)
	}
	g.stop()
}

// buildWsdeploy builds the CLI into a temporary directory.
func buildWsdeploy(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wsdeploy")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/wsdeploy").CombinedOutput(); err != nil {
		t.Fatalf("building wsdeploy: %v\n%s", err, out)
	}
	return bin
}

// applyPeakRSSKiB runs `wsdeploy apply` of a stack named stack whose one
// function's code is a bootstrap and size random bytes, against the
// gateway of stateDir (through the built-in provider, or with pluginDir
// through the local provider as the plugin localplug there), and returns the CLI's maximum RSS in KiB (from
// wait4, as GNU time reports it: the process has ended, so VmHWM cannot
// be read).
func applyPeakRSSKiB(t *testing.T, bin, stateDir, stack string, size int64, pluginDir string) int64 {
	t.Helper()
	work := t.TempDir()
	code := filepath.Join(work, "code")
	if err := os.Mkdir(code, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(code, "bootstrap"), []byte("#!/bin/sh\nexec sleep 3600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.Create(filepath.Join(code, "data.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(data, rand.Reader, size); err != nil {
		t.Fatal(err)
	}
	if err := data.Close(); err != nil {
		t.Fatal(err)
	}
	provider := `provider "local" {}`
	if pluginDir != "" {
		provider = `provider "localplug" { state_dir = "` + stateDir + `" }`
	}
	hcl := `stack = "` + stack + `"
` + provider + `
function "big" {
  name    = "` + stack + `"
  runtime = "custom.debian12"
  code    = "./code"
  command = ["./bootstrap"]
}
`
	if err := os.WriteFile(filepath.Join(work, "main.hcl"), []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-chdir="+work, "apply", "-auto-approve")
	cmd.Env = append(os.Environ(), statedir.EnvStateDir+"="+stateDir, host.EnvPluginDir+"="+pluginDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wsdeploy apply (%d bytes of code): %v\n%s", size, err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
}
