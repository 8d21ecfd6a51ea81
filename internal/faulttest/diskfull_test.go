package faulttest

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
)

// An upload that fills the gateway's disk (a real 8 MB tmpfs as the state
// directory) is answered at once with FC's 400 LimitExceededError, which
// the provider does not retry, and a message that says the disk is full
// and where; the deployed version keeps serving and the store stays
// intact. Mounting needs root (CAP_SYS_ADMIN): elsewhere the test skips.
func TestDiskFullIsAClearErrorNotRetried(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
		t.Skipf("cannot mount an 8 MB tmpfs as the state directory (needs root or CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) }) // after the gateway is killed
	g := startChild(t, dir)
	url := deploy(t, sdk(t, dir), "f", 1)
	echo(t, dial(t, url), "v1")
	v1, err := sdk(t, dir).GetFunction(dara.String("f"), &fc.GetFunctionRequest{})
	if err != nil {
		t.Fatal(err)
	}

	// The default retry policy: a retried answer would take seconds and
	// show as "gave up after N attempts".
	p := localProvider(t, dir, aliyun.RetryPolicy{})
	_, err = p.UpdateFunction(context.Background(), bootstrapFunction("f"), randomCode(t, 12<<20))
	var api *aliyun.APIError
	if !errors.As(err, &api) || api.Code != "LimitExceededError" || api.StatusCode != 400 {
		t.Fatalf("update on a full disk: %v, want FC's 400 LimitExceededError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "disk is full") || !strings.Contains(msg, dir) || strings.Contains(msg, "gave up") {
		t.Errorf("the CLI would say %q: want the disk full, the state directory and no retries", msg)
	}
	if n := strings.Count(g.errors(), "cannot write the state directory"); n != 1 {
		t.Errorf("the gateway saw %d failed writes, want 1 (no retries):\n%s", n, g.errors())
	}

	echo(t, dial(t, url), "still v1")
	if entries, _ := os.ReadDir(dir + "/code"); len(entries) != 1 {
		t.Errorf("code dir holds %d entries after the refused upload, want only the function's", len(entries))
	}
	g.stop()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatalf("the store does not open after a full disk: %v", err)
	}
	defer st.Close()
	f, err := st.GetFunction("f")
	if err != nil || *f.CodeChecksum != *v1.Body.CodeChecksum {
		t.Fatalf("stored function after the refused update: %v, %v; want codeChecksum %s", f, err, *v1.Body.CodeChecksum)
	}
}
