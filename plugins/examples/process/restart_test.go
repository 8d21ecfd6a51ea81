package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// codeZip is a code package holding one executable bootstrap script.
func codeZip(t *testing.T, script string) *sdk.Code {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	w.Write([]byte(script))
	zw.Close()
	return &sdk.Code{Zip: buf.Bytes(), Checksum: fcspec.CodeChecksum(buf.Bytes())}
}

// A function whose process exits is started again, and one that is
// deleted is not.
func TestSupervisorRestartsCrashedFunctions(t *testing.T) {
	needNginx(t)
	dir := stateDir(t)
	p, err := newProvider(ctx, settings{stateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// In process, the provider would start the test binary as the
	// supervisor: start the built plugin's first.
	if err := startSupervisorFrom(ctx, pluginBin, p.st, p.nginx); err != nil {
		t.Fatal(err)
	}

	runs := filepath.Join(t.TempDir(), "runs")
	f := &sdk.Function{Name: "crasher", Runtime: "custom.debian12", Command: []string{"./bootstrap"},
		Environment: map[string]string{"RUNS": runs}, Tags: map[string]string{sdk.StackTag: "t"}}
	if _, err := p.CreateFunction(ctx, f, codeZip(t, "#!/bin/sh\necho run >> \"$RUNS\"\nexit 3\n")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "the crashed function to be started again", func() bool {
		b, _ := os.ReadFile(runs)
		return strings.Count(string(b), "run") >= 2
	})
	if err := p.DeleteFunction(ctx, "crasher"); err != nil {
		t.Fatal(err)
	}
	// The delete returns once the supervisor stopped the instance: from
	// then on, nothing appends.
	before, _ := os.ReadFile(runs)
	if err := stopSupervisor(ctx, dir); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(runs)
	if !bytes.Equal(before, after) {
		t.Errorf("the deleted function ran again:\n%s", after)
	}
}

// waitFor polls cond, which watches another process's effects, until it
// holds or limit passes.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
