package host

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// pluginDir holds testdata/testplugin built once, linked under the name
// of each mode: wsdeploy-provider-<mode>.
var pluginDir string

var modes = []string{"good", "child", "crash-start", "crash-call", "hang-start", "hang-call", "garbage", "version", "old", "old11", "nodomains", "liar"}

func TestMain(m *testing.M) {
	testtier.Package(testtier.Processes)
	dir, err := os.MkdirTemp("", "plugins-host-test")
	if err != nil {
		panic(err)
	}
	pluginDir = dir
	bin := filepath.Join(dir, "testplugin")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/testplugin").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	for _, mode := range modes {
		if err := os.Symlink(bin, filepath.Join(dir, Prefix+mode)); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// syncBuffer is a log sink the plugin's log goroutine and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testOptions log into a buffer and keep the timeouts short enough for a
// test yet long enough for a busy machine to start a plugin.
func testOptions(log *syncBuffer) Options {
	return Options{
		Logger:       hclog.New(&hclog.LoggerOptions{Name: "wsdeploy", Output: log, Level: hclog.Info}),
		StartTimeout: 15 * time.Second,
		CallTimeout:  15 * time.Second,
	}
}

func pluginPath(mode string) string { return filepath.Join(pluginDir, Prefix+mode) }
