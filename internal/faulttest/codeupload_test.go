package faulttest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A large code upload costs the gateway memory independent of its size:
// the body streams through the JSON and base64 decoders to a spool file
// and is unpacked from there. 64 MB of incompressible code, sent as the
// CLI sends it, may grow the gateway's peak RSS by far less than the code
// itself; holding the body, its JSON and the zip (the old path) cost about
// ten times the code.
func TestLargeCodeUploadMemoryBounded(t *testing.T) {
	const size = 64 << 20
	dir := t.TempDir()
	g := startChild(t, dir)
	p := localProvider(t, dir, aliyun.RetryPolicy{})
	code := randomCode(t, size)
	pid := g.cmd.Process.Pid
	before := peakRSSKiB(pid)
	f, err := p.CreateFunction(context.Background(), bootstrapFunction("big"), code)
	if err != nil {
		t.Fatal(err)
	}
	if f.CodeChecksum != code.Checksum {
		t.Errorf("codeChecksum %s, want %s", f.CodeChecksum, code.Checksum)
	}
	growth := peakRSSKiB(pid) - before
	t.Logf("gateway peak RSS: %d KiB before, +%d KiB for %d MiB of code", before, growth, size>>20)
	// A quarter of the code: what buffers and the runtime may need, far
	// below a single in-memory copy of the body.
	if limit := int64(size>>10) / 4; growth > limit {
		t.Errorf("the gateway's peak RSS grew by %d MiB for %d MiB of code; the limit is %d MiB", growth>>10, size>>20, limit>>10)
	}
	g.stop()
}

// localProvider is the provider the CLI uses for the gateway of dir.
func localProvider(t *testing.T, dir string, retry aliyun.RetryPolicy) *aliyun.Provider {
	t.Helper()
	info, cred := gatewayAccess(t, dir)
	p, err := aliyun.New(context.Background(), aliyun.Settings{
		Region: info.Region, AccountID: info.AccountID, Endpoint: info.ControlAddress, Protocol: "HTTP",
		AccessKeyID: cred.AccessKeyID, AccessKeySecret: cred.AccessKeySecret, Retry: retry, PropagationDelay: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// bootstrapFunction is a custom-runtime function of the test stack.
func bootstrapFunction(name string) *providers.Function {
	return &providers.Function{Name: name, Runtime: "custom.debian12", Port: 9000, Timeout: 600, InstanceConcurrency: 1,
		Tags: map[string]string{providers.StackTag: "faulttest"}}
}

// randomCode is a zip of a bootstrap that runs the test function and
// size bytes of random data: code that does not compress.
func randomCode(t *testing.T, size int64) *providers.Code {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(codeZip())
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File { // the bootstrap
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "data.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(w, rand.Reader, size); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return &providers.Code{Zip: buf.Bytes(), Checksum: fcspec.CodeChecksum(buf.Bytes())}
}

// peakRSSKiB is VmHWM of pid: its largest resident set so far, in KiB (0
// if unknown).
func peakRSSKiB(pid int) int64 {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	var kib int64
	if _, rest, ok := bytes.Cut(b, []byte("\nVmHWM:")); ok {
		fmt.Sscan(string(rest), &kib)
	}
	return kib
}
